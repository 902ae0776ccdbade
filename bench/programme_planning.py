"""Bench data and scenario of the programme staff's planning (issue 8): "programme_planning",
2,000 activities of the own programme over 20 weeks in 4 branches, each with one session and
two contributors; the planning of one week and one branch.

Activities are Wagtail pages, written table by table like the catalogue's offers
(bench/listings.py); sessions and contributions with bulk_create. They belong to this scenario
only and are made in its setup; a second run finds them and adds nothing.
"""

import time
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Locale, Page

from bench.listings import _insert
from listings.models import LeisureKind, LeisureOfferPage, OfferPage, PriceKind
from portal.demo import email
from portal.models import HomePage
from programme.models import (
    ActivitySession,
    Branch,
    Contribution,
    ContributionStatus,
    ProgrammeActivityPage,
    Room,
)
from programme.setup import ensure_programme

ACTIVITIES = 2_000
WEEKS = 20
TITLE_PREFIX = "Benchprogramma "
PROGRAMMER_EMAIL = email("programmamaker")  # the demo's Programmamaker
BRANCHES = ["Bench Centrum", "Bench Zuid", "Bench Stadshagen", "Bench Holtenbroek"]
STATUSES = [s for s in ContributionStatus.values if s != ContributionStatus.CANCELLED]


def first_monday():
    """The Monday of the first generated week: next week's, so the sessions are upcoming."""
    today = timezone.localdate()
    return today - timedelta(days=today.weekday()) + timedelta(days=7)


def planning_path(client=None) -> str:
    """The scenario's setup: the data (once), then the path of its third week, first branch."""
    create_activities()
    branch = Branch.objects.get(name=BRANCHES[0])
    year, week, _day = (first_monday() + timedelta(weeks=2)).isocalendar()
    return f"/mijn/programma/planning/?week={year}-W{week:02d}&branch={branch.pk}"


def create_activities(log=print) -> None:
    if ProgrammeActivityPage.objects.filter(title__startswith=TITLE_PREFIX).count() >= ACTIVITIES:
        return
    started = time.perf_counter()
    programme = ensure_programme(HomePage.objects.first())
    programme = Page.objects.get(pk=programme.pk)
    rooms = []
    for name in BRANCHES:
        branch, _created = Branch.objects.get_or_create(
            name=name, defaults={"street_address": "Zeven Alleetjes 1", "postcode": "8011 CV"}
        )
        for room_name in ("Zaal 1", "Zaal 2"):
            room, _created = Room.objects.get_or_create(
                branch=branch, name=room_name, defaults={"seats": 80}
            )
            rooms.append(room)
    provider = _organisation()
    content_type = ContentType.objects.get_for_model(ProgrammeActivityPage)
    locale = Locale.get_default()
    last_child = programme.get_children().order_by("-path").first()
    first_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
    now = timezone.now().replace(microsecond=0)
    zone = timezone.get_current_timezone()
    monday = first_monday()
    pages = []
    for i in range(ACTIVITIES):
        slug = f"benchprogramma-{i:05d}"
        pages.append(
            Page(
                title=f"{TITLE_PREFIX}{i:05d}",
                slug=slug,
                content_type=content_type,
                locale=locale,
                live=True,
                has_unpublished_changes=False,
                path=Page._get_path(programme.path, programme.depth + 1, first_step + i),
                depth=programme.depth + 1,
                numchild=0,
                url_path=f"{programme.url_path}{slug}/",
                first_published_at=now,
                last_published_at=now,
                draft_title=f"{TITLE_PREFIX}{i:05d}",
            )
        )
    pages = Page.objects.bulk_create(pages, batch_size=2000)
    Page.objects.filter(pk=programme.pk).update(numchild=programme.numchild + ACTIVITIES)
    offer_rows, leisure_rows, activity_rows, sessions, contributions = [], [], [], [], []
    for i, page in enumerate(pages):
        day = monday + timedelta(weeks=i % WEEKS, days=(i // WEEKS) % 7)
        start = datetime(day.year, day.month, day.day, 10 + i % 10, 0, tzinfo=zone)
        offer_rows.append(
            {
                "page_ptr_id": page.pk,
                "provider_id": provider.pk,
                "summary": "Een activiteit van het eigen programma.",
                "description": "",
                "age_min": 12,
                "age_max": 99,
                "schedule_kind": "dates",
                "schedule_text": "",
                "first_date": day,
                "last_date": day,
                "price_kind": PriceKind.FREE,
                "price_from": None,
                "price_to": None,
                "accessibility": "",
                "image_id": None,
                "image_alt": "",
                "booking_url": "",
                "contact_email": "",
                "contact_phone": "",
                "is_own_programme": True,
                "content_updated_at": now,
                "stale_reminder_sent_at": None,
            }
        )
        leisure_rows.append({"offerpage_ptr_id": page.pk, "leisure_kind": LeisureKind.LECTURE})
        activity_rows.append(
            {
                "leisureofferpage_ptr_id": page.pk,
                "signup_scope": "session",
                "capacity": None,
                "max_places_per_signup": 4,
                "asks_child_details": False,
                "contest_closes_at": None,
                "ends_at": start + timedelta(hours=2),
            }
        )
        sessions.append(
            ActivitySession(
                activity_id=page.pk,
                sort_order=0,
                start=start,
                end=start + timedelta(hours=2),
                room=rooms[i % len(rooms)],
                capacity=60,
            )
        )
        for n in range(2):
            contributions.append(
                Contribution(
                    activity_id=page.pk,
                    role=["performer", "speaker"][n],
                    status=STATUSES[(i + n) % len(STATUSES)],
                    name=f"Bijdrager {i:05d}-{n}",
                    about="Speelt al twintig jaar.",
                    technical_needs="Twee microfoons en een beamer.",
                    room_needs="Stoelen in rijen.",
                    arrival_time=(start - timedelta(hours=1)).time(),
                    fee=Decimal("250.00"),
                    vat_status="exempt",
                    account_holder=f"Bijdrager {i:05d}",
                    iban="NL91ABNA0417164300",
                )
            )
    _insert(OfferPage, offer_rows)
    _insert(LeisureOfferPage, leisure_rows)
    _insert(ProgrammeActivityPage, activity_rows)
    ActivitySession.objects.bulk_create(sessions, batch_size=2000)
    Contribution.objects.bulk_create(contributions, batch_size=2000)
    log(f"  {ACTIVITIES} programme activities in {time.perf_counter() - started:.1f} s")


def _organisation():
    from listings.models import Provider

    provider = Provider.objects.filter(name="Stadkamer Zwolle").first()
    if provider is None:
        provider = Provider.objects.create(
            name="Stadkamer Zwolle", kind="organisation", summary="De bibliotheek van Zwolle."
        )
    return provider
