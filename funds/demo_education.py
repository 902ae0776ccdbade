"""Demo data of the Fonds Cultuureducatie for `manage.py load_demo` (idempotent): the scheme of
the current year with rates per school type, each demo school's pupil count on the count date,
phase assessments by the fund manager (phases 1 to 3, one school without an assessment), and
the allocations, confirmed, with one correction. Spending on the school budgets:
funds/demo_spending.py.
"""

from decimal import Decimal

from django.utils import timezone
from wagtail import hooks

from funds.models.education import INDICATORS, EducationScheme, PhaseAssessment, SchemeRate
from funds.services import allocation
from schools.models import PupilCount, School, SchoolType

# Per pupil: the school's own contribution and the municipality's matching amount (€).
RATES = {
    SchoolType.PO: (Decimal("12.15"), Decimal("12.15")),
    SchoolType.SO: (Decimal("12.15"), Decimal("12.15")),
    SchoolType.VSO: (Decimal("12.15"), Decimal("12.15")),
    SchoolType.VO: (Decimal("10.00"), Decimal("10.00")),
}
# Phases of the demo schools in order of name; None: not assessed yet (phase 1 applies).
PHASES = [2, 1, 3, 2, None, 1, 2, 3, 1, 2]
PUPILS = [212, 148, 386, 95, 260, 174, 58, 120, 640, 905]


@hooks.register("portal_demo_data", order=60)
def load_education_fund(users, **kwargs):
    year = timezone.localdate().year
    if EducationScheme.objects.filter(year=year).exists():
        return  # loaded before
    manager = users["fondsbeheerder"]
    scheme = EducationScheme.objects.create(year=year)
    for school_type, (own, municipal) in RATES.items():
        SchemeRate.objects.create(
            scheme=scheme, school_type=school_type, own_contribution=own, municipal_amount=municipal
        )
    count_date = scheme.count_date
    schools = list(School.objects.active().order_by("name"))
    for n, school in enumerate(schools):
        PupilCount.objects.get_or_create(
            school=school,
            count_date=count_date,
            defaults={"pupils": PUPILS[n % len(PUPILS)], "source": "Demo (DUO-telling)"},
        )
        phase = PHASES[n % len(PHASES)]
        if phase is None:
            continue
        score = phase + 1  # for the demo every indicator scores alike (scale 1-4)
        PhaseAssessment.objects.create(
            school=school,
            phase=phase,
            adviser=manager,
            first_year=year - n % 2,  # some assessed last year, still valid this year
            notes="",
            **dict.fromkeys(INDICATORS, score),
        )
    allocation.allocate(scheme, manager)
    allocation.confirm_drafts(scheme, manager)
    corrected = scheme.allocations.order_by("school__name").first()
    if corrected is not None:
        allocation.correct(
            corrected,
            corrected.amount + Decimal("250.00"),
            "Nagekomen leerlingen na de fusie van twee groepen (afspraak met de directie).",
            manager,
        )
