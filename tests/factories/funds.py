"""Funds: fund and round pages, applications in any state, reviewers.

`application_in(status, ...)` gives an application as the workflow would have left it in that
status (numbered, dated, with a budget, reviews or a grant where the status implies them),
without going through the views; the demo data and the tests use it.
"""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from wagtail_factories import PageFactory

from funds.models import (
    Application,
    ApplicationSequence,
    ApplicationStatus,
    AssessmentCriterion,
    BudgetLine,
    BudgetLineKind,
    FundPage,
    ReportingTier,
    ReviewAssignment,
    RoundPage,
)
from portal.fields import Wijk
from portal.models import HomePage
from portal.roles import Role
from tests.factories.portal import UserFactory


def home_page():
    return HomePage.objects.first()


class FundPageFactory(PageFactory):
    class Meta:
        model = FundPage
        skip_postgeneration_save = True  # the hooks below save what they make themselves

    title = "Fonds Buurtcultuur en Amateurkunst"
    slug = factory.Sequence(lambda n: f"fonds-{n}")
    code = factory.Sequence(lambda n: f"BC{n:02d}")
    intro = "Voor bewoners, buurtinitiatieven en amateurkunstverenigingen in Zwolle."
    eligibility = "<p>Bewoners en verenigingen uit Zwolle.</p>"
    maximum_grant = Decimal("5000.00")
    maximum_share_of_costs = 50
    advance_percentage = 80
    report_due_days = 60
    parent = factory.LazyFunction(home_page)

    @factory.post_generation
    def tiers(self, create, extracted, **kwargs):
        if not create or self.reporting_tiers.exists():
            return
        for order, (up_to, actual_budget, statement) in enumerate(
            [(Decimal("1000"), False, False), (Decimal("5000"), True, False), (None, True, True)]
        ):
            ReportingTier.objects.create(
                fund=self,
                sort_order=order,
                up_to_amount=up_to,
                content_report=True,
                photos=True,
                actual_budget=actual_budget,
                financial_statement=statement,
            )


class RoundPageFactory(PageFactory):
    """An open round by default (opened a week ago, closes in a month)."""

    class Meta:
        model = RoundPage
        skip_postgeneration_save = True  # the hook below saves what it makes itself

    title = factory.Sequence(lambda n: f"Ronde {n}")
    slug = factory.Sequence(lambda n: f"ronde-{n}")
    intro = "Dien je aanvraag in voor deze ronde."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    budget = Decimal("20000.00")
    carries_over = True
    parent = factory.SubFactory(FundPageFactory)

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create or self.criteria.exists():
            return
        for order, (name, weight) in enumerate(
            extracted or [("Betekenis voor de buurt", 3), ("Kwaliteit van het plan", 2),
                          ("Haalbaarheid", 1)]
        ):  # fmt: skip
            AssessmentCriterion.objects.create(
                round=self, sort_order=order, name=name, weight=weight
            )


def reviewer(**kwargs):
    return UserFactory(groups=[Role.REVIEWER], **kwargs)


def fund_manager(**kwargs):
    return UserFactory(groups=[Role.FUND_MANAGER], **kwargs)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft: applicant, project and a balanced budget asking €1,500."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundPageFactory)
    applicant = factory.SubFactory(UserFactory)
    applicant_kind = "organisation"
    organisation_name = factory.Sequence(lambda n: f"Buurtvereniging De Linde {n}")
    legal_form = "vereniging"
    members_count = 40
    share_in_city = 90
    contact_name = factory.LazyAttribute(lambda o: o.applicant.get_full_name())
    contact_email = factory.LazyAttribute(lambda o: o.applicant.email)
    contact_phone = "038 765 43 21"
    street_address = "Lindestraat 5"
    postcode = "8021 AB"
    city = "Zwolle"
    project_title = factory.Sequence(lambda n: f"Buurtfeest met muziek {n}")
    summary = "Een middag muziek en theater op het plein, voor en door de buurt."
    wijk = Wijk.DIEZERPOORT
    location = "Pletterstraat, Zwolle"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=61))
    target_group = "Bewoners van Diezerpoort, jong en oud"
    expected_participants = 250
    payee_name = factory.LazyAttribute(lambda o: o.organisation_name[:70])
    payee_iban = "NL91ABNA0417164300"

    @factory.post_generation
    def budget(self, create, extracted, **kwargs):
        if not create:
            return
        self.save()
        lines = extracted or [
            (BudgetLineKind.COST, "Podium en geluid", Decimal("2000.00")),
            (BudgetLineKind.COST, "Optredens", Decimal("1000.00")),
            (BudgetLineKind.OWN_CONTRIBUTION, "Eigen bijdrage vereniging", Decimal("500.00")),
            (BudgetLineKind.COFUNDING, "Wijkbudget", Decimal("1000.00")),
        ]
        for order, (kind, description, amount) in enumerate(lines):
            BudgetLine.objects.create(
                application=self, kind=kind, description=description, amount=amount,
                sort_order=order,
            )  # fmt: skip
        self.recompute_requested()


def number_for(application) -> str:
    """The next application number of the fund, as submitting gives it."""
    fund = application.round.get_parent().specific
    year = timezone.localdate().year
    sequence, _created = ApplicationSequence.objects.get_or_create(fund_code=fund.code, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{fund.code}-{year}-{sequence.last:04d}"


SUBMITTED_OR_LATER = [s for s in ApplicationStatus.values if s != ApplicationStatus.DRAFT]
DECIDED = [
    ApplicationStatus.GRANTED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.ADVANCE_PAID,
    ApplicationStatus.REPORT_SUBMITTED,
    ApplicationStatus.SETTLED,
    ApplicationStatus.RECLAIMED,
]
GRANTED_OR_LATER = [s for s in DECIDED if s != ApplicationStatus.REJECTED]


def application_in(status: str, **kwargs) -> Application:
    """An application in this status, with what that status implies set on it."""
    application = ApplicationFactory(**kwargs)
    now = timezone.now()
    changes = {"status": status}
    if status in SUBMITTED_OR_LATER and status != ApplicationStatus.WITHDRAWN:
        changes.update(number=number_for(application), submitted_at=now)
    if status == ApplicationStatus.WITHDRAWN:
        changes.update(number=number_for(application), submitted_at=now, withdrawn_at=now)
    if status in DECIDED:
        changes["decided_at"] = now
    if status == ApplicationStatus.REJECTED:
        changes["decision_reason"] = "Het plan past niet bij de doelen van het fonds."
    if status in GRANTED_OR_LATER:
        changes["granted_amount"] = application.requested_amount
    if status in (ApplicationStatus.SETTLED, ApplicationStatus.RECLAIMED):
        changes.update(settled_amount=application.requested_amount, settled_at=now)
    Application.objects.filter(pk=application.pk).update(**changes)
    application.refresh_from_db()
    return application


def assign(application, user=None, has_conflict=None) -> ReviewAssignment:
    return ReviewAssignment.objects.create(
        application=application,
        reviewer=user or reviewer(),
        has_conflict=has_conflict,
        conflict_declared_at=timezone.now() if has_conflict is not None else None,
    )
