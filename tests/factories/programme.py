"""Factories for the organisation's own programme: branches, rooms, activities with sessions."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from wagtail_factories import PageFactory

from listings.models import Discipline, LeisureKind, PriceKind, ScheduleKind
from portal.fields import Wijk
from portal.models import HomePage
from programme.models import ActivitySession, Branch, ProgrammeActivityPage, Room, SignupScope
from programme.setup import ensure_programme
from tests.factories.listings import ProviderFactory


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch
        django_get_or_create = ("name",)

    name = "Stadkamer Centrum"
    street_address = "Zeven Alleetjes 1"
    postcode = "8011 CV"
    wijk = Wijk.BINNENSTAD


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room
        django_get_or_create = ("branch", "name")

    branch = factory.SubFactory(BranchFactory)
    name = "Theaterzaal"
    seats = 200


def programme_page():
    return ensure_programme(HomePage.objects.first())


def organisation():
    """The organisation itself, as the provider of its own programme."""
    return ProviderFactory(name="Stadkamer Zwolle")


class ActivityFactory(PageFactory):
    """A live activity of the own programme with (by default) one session in two weeks."""

    class Meta:
        model = ProgrammeActivityPage
        skip_postgeneration_save = True

    parent = factory.LazyFunction(programme_page)
    title = factory.Sequence(lambda n: f"Lezing over de Hanzestad {n}")
    slug = factory.Sequence(lambda n: f"activiteit-{n}")
    provider = factory.LazyFunction(organisation)
    summary = "Een avond over de geschiedenis van Zwolle."
    description = "Historicus vertelt over handel en schilderkunst in de Hanzetijd."
    age_min = 12
    age_max = 99
    schedule_kind = ScheduleKind.DATES
    price_kind = PriceKind.FREE
    leisure_kind = LeisureKind.LECTURE
    signup_scope = SignupScope.SESSION
    live = True

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        """`sessions=[(start, capacity), ...]`; by default one session of 2 hours with 30 places."""
        if not create:
            return
        rows = (
            extracted
            if extracted is not None
            else [(timezone.now().replace(microsecond=0) + timedelta(days=14), 30)]
        )
        room = kwargs.get("room") or RoomFactory()
        for order, (start, capacity) in enumerate(rows):
            ActivitySession.objects.create(
                activity=self,
                sort_order=order,
                start=start,
                end=start + timedelta(hours=2),
                room=room,
                capacity=capacity,
            )
        self.save()  # dates, locations and the end follow from the sessions

    @factory.post_generation
    def disciplines(self, create, extracted, **kwargs):
        if not create:
            return
        chosen = extracted or [Discipline.objects.order_by("sort_order").first()]
        self.disciplines.set(chosen)
        self.save()


def paid(**kwargs):
    return ActivityFactory(price_kind=PriceKind.AMOUNT, price_from=Decimal("7.50"), **kwargs)


# --- contributors -----------------------------------------------------------------------------
CONTRIBUTOR_IBAN = "NL91ABNA0417164300"


def programmer(**kwargs):
    """A member of the Programmamaker role (staff of the own programme)."""
    from portal.roles import Role
    from tests.factories.portal import UserFactory

    return UserFactory(is_staff=True, groups=[Role.PROGRAMMER], **kwargs)


class ContributionFactory(factory.django.DjangoModelFactory):
    """A contribution whose contributor accepted the invitation and has not filled in yet."""

    class Meta:
        model = "programme.Contribution"

    activity = factory.SubFactory(ActivityFactory)
    role = "speaker"
    name = factory.Sequence(lambda n: f"Spreker {n}")
    fee = Decimal("350.00")
    contributor = factory.SubFactory("tests.factories.portal.UserFactory")


def filled_in(**kwargs):
    """A contribution with everything the organisation needs (status: details given)."""
    from datetime import time

    defaults = {
        "status": "details_given",
        "about": "Historica en schrijver over Zwolle in de Hanzetijd.",
        "technical_needs": "Beamer met HDMI, microfoon",
        "room_needs": "Zaal in theateropstelling",
        "arrival_time": time(19, 0),
        "vat_status": "exempt",
        "account_holder": "J. de Vries",
        "iban": CONTRIBUTOR_IBAN,
    }
    return ContributionFactory(**{**defaults, **kwargs})


def sign_up(activity, session=None, n=0, **kwargs):
    """A sign-up through the service (so the counts follow), for the first session by default."""
    from programme import signups

    if session is None and activity.signup_scope == SignupScope.SESSION:
        session = activity.sessions.order_by("start").first()
    kwargs.setdefault("name", f"Deelnemer {n}")
    kwargs.setdefault("email", f"deelnemer{n}@example.org")
    return signups.sign_up(activity, session, **kwargs).signup
