"""Bench data and scenarios of the Fonds Cultuureducatie (issue 5): 300 schools per unit of
scale with five years of confirmed allocations and spending on them, for "schools_overview"
(the fund managers' overview of all schools in a year) and "school_dashboard" (a school's
budget page with its requests and bookings).

The schools are the generator's bench schools plus schools of their own (prefix below) up to
300 per scale; allocations and spending requests are written with bulk_create.
"""

import datetime
import itertools
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from funds.models import SpendingRequest, SpendingStatus
from funds.models.education import Allocation, AllocationStatus, EducationScheme, SchemeRate
from listings.models import Discipline
from portal.fields import Wijk
from schools.models import School, SchoolMembership, SchoolRole, SchoolType
from tests.factories.schools import SchoolFactory, brin_for

SCHOOLS_PER_SCALE = 300
YEARS = 5
REQUESTS_PER_ALLOCATION = 4
DASHBOARD_REQUESTS = 30
NAME_PREFIX = "Bench-CE-school "
DASHBOARD_SCHOOL = f"{NAME_PREFIX}dashboard"
OVERVIEW_PATH = "/fondsbeheer/cultuureducatie/"
RATES = {
    SchoolType.PO: Decimal("12.15"),
    SchoolType.SO: Decimal("12.15"),
    SchoolType.VSO: Decimal("12.15"),
    SchoolType.VO: Decimal("10.00"),
}
STATUSES = [
    SpendingStatus.PAID,
    SpendingStatus.APPROVED,
    SpendingStatus.SCHOOL_APPROVED,
    SpendingStatus.SUBMITTED,
    SpendingStatus.DRAFT,
    SpendingStatus.RETURNED,
]


def schemes():
    this_year = timezone.localdate().year
    result = []
    for year in range(this_year - YEARS + 1, this_year + 1):
        scheme, created = EducationScheme.objects.get_or_create(year=year)
        if created or not scheme.rates.exists():
            SchemeRate.objects.bulk_create(
                SchemeRate(scheme=scheme, school_type=t, own_contribution=r, municipal_amount=r)
                for t, r in RATES.items()
            )
        result.append(scheme)
    return result


def create_education(scale: int, bench_schools: list[School]) -> None:
    wanted = SCHOOLS_PER_SCALE * scale
    taken = set(School.objects.filter(branch="00").values_list("brin", flat=True))
    brins = (b for n in itertools.count(50_000) if (b := brin_for(n)) not in taken)
    types, wijken = itertools.cycle(SchoolType.values), itertools.cycle(Wijk.values)
    extra = School.objects.bulk_create(
        SchoolFactory.build(
            name=f"{NAME_PREFIX}{i:05d}",
            brin=next(brins),
            branch="00",
            school_type=next(types),
            wijk=next(wijken),
        )
        for i in range(max(0, wanted - len(bench_schools) - 1))
    )
    dashboard = SchoolFactory(name=DASHBOARD_SCHOOL, brin=next(brins), school_type=SchoolType.PO)
    schools = [*bench_schools[: wanted - 1 - len(extra)], *extra, dashboard]
    now = timezone.now()
    allocations = []
    for scheme in schemes():
        Allocation.objects.filter(scheme=scheme, school__in=schools).delete()
        for n, school in enumerate(schools):
            pupils = 80 + (n * 37) % 700
            phase = 1 + n % 3
            multiplier = Decimal((1, 2, 4)[phase - 1])
            rate = RATES[school.school_type]
            amount = (pupils * (rate + rate * multiplier)).quantize(Decimal("0.01"))
            allocations.append(
                Allocation(
                    school=school,
                    scheme=scheme,
                    school_type=school.school_type,
                    count_date=datetime.date(scheme.year - 1, 2, 1),
                    pupils=pupils,
                    phase=phase,
                    own_rate=rate,
                    municipal_rate=rate,
                    multiplier=multiplier,
                    computed_amount=amount,
                    computed_at=now,
                    amount=amount,
                    status=AllocationStatus.CONFIRMED,
                    confirmed_at=now,
                )
            )
    allocations = Allocation.objects.bulk_create(allocations, batch_size=1000)
    disciplines = itertools.cycle(list(Discipline.objects.all()) or [None])
    statuses = itertools.cycle(STATUSES)
    requests = []
    for allocation in allocations:
        count = DASHBOARD_REQUESTS if allocation.school_id == dashboard.pk else None
        # One school in five spent nothing yet this year.
        count = count or (0 if allocation.school_id % 5 == 0 else REQUESTS_PER_ALLOCATION)
        year = allocation.scheme.year
        for k in range(count):
            requests.append(
                SpendingRequest(
                    school_id=allocation.school_id,
                    allocation=allocation,
                    number=f"B{allocation.pk:07d}-{k:02d}",
                    status=next(statuses),
                    activity=f"Benchactiviteit {k}",
                    provider_name="Bench-aanbieder",
                    discipline=next(disciplines),
                    pupils=25 + k,
                    activity_date=datetime.date(year, 1 + k % 12, 10),
                    amount=Decimal("95.00") + k,
                    is_pupil_activity=k % 7 != 0,
                    payee_name="Bench-aanbieder",
                )
            )
    SpendingRequest.objects.bulk_create(requests, batch_size=2000)


def has_education(scale: int) -> bool:
    return Allocation.objects.filter(school__name=DASHBOARD_SCHOOL).count() == YEARS


def remove_education() -> None:
    SpendingRequest.objects.filter(number__startswith="B").filter(
        activity__startswith="Benchactiviteit"
    ).delete()
    # Allocations of every bench school (theirs and the generator's "Benchschool ...").
    Allocation.objects.filter(school__name__startswith="Bench").delete()
    School.objects.filter(name__startswith=NAME_PREFIX).delete()


COORDINATOR_EMAIL = "icc.dashboard@bench.cultuurportaal.test"


def dashboard_setup(client: Client) -> str:
    """Log in the dashboard school's culture coordinator; return the budget page's path."""
    from tests.factories.portal import UserFactory

    school = School.objects.get(name=DASHBOARD_SCHOOL)
    membership = SchoolMembership.objects.filter(school=school).select_related("user").first()
    if membership is None:
        user = UserFactory(email=COORDINATOR_EMAIL)
        membership = SchoolMembership.objects.create(
            school=school, user=user, role=SchoolRole.CULTUURCOORDINATOR
        )
    client.force_login(membership.user)
    return reverse("funds:school_budget", args=[school.pk])


def overview_path() -> str:
    return f"{OVERVIEW_PATH}?jaar={timezone.localdate().year}"
