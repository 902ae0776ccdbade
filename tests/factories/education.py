"""Factories of the Fonds Cultuureducatie: schemes with their rates, pupil counts, phase
assessments. The default scheme is the issue's example: PO, € 12.15 own contribution and
€ 12.15 municipal amount per pupil, multipliers 1, 2, 4, counted on 1 February."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from funds.models import SpendingRequest, SpendingStatus
from funds.models.education import (
    Allocation,
    AllocationStatus,
    EducationScheme,
    PhaseAssessment,
    SchemeRate,
)
from schools.models import SchoolRole, SchoolType
from tests.factories import schools
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolFactory


class EducationSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationScheme
        django_get_or_create = ("year",)

    year = 2027


class SchemeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchemeRate

    scheme = factory.SubFactory(EducationSchemeFactory)
    school_type = SchoolType.PO
    own_contribution = Decimal("12.15")
    municipal_amount = Decimal("12.15")


def scheme_with_rates(year=2027, rates=None, **kwargs):
    """A scheme with a rate per school type: {type: (own, municipal)}; PO at 12.15 + 12.15."""
    scheme = EducationSchemeFactory(year=year, **kwargs)
    for school_type, (own, municipal) in (rates or {SchoolType.PO: ("12.15", "12.15")}).items():
        SchemeRateFactory(
            scheme=scheme,
            school_type=school_type,
            own_contribution=Decimal(own),
            municipal_amount=Decimal(municipal),
        )
    return scheme


class PupilCountFactory(schools.PupilCountFactory):
    """A count on 1 February 2026 (the count date of the 2027 scheme) of 200 pupils."""

    count_date = datetime.date(2026, 2, 1)
    pupils = 200


class PhaseAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhaseAssessment

    school = factory.SubFactory(SchoolFactory)
    phase = 2
    first_year = 2027
    score_curriculum = 3
    score_ambition = 3
    score_pupils = 2
    score_team = 3
    score_environment = 2
    score_finances = 3
    adviser = factory.SubFactory(UserFactory)


# --- school budgets and spending ---------------------------------------------------------------


class AllocationFactory(factory.django.DjangoModelFactory):
    """A confirmed allocation of € 7,290 (the issue's example: 200 pupils, phase 2)."""

    class Meta:
        model = Allocation

    school = factory.SubFactory(SchoolFactory)
    scheme = factory.LazyAttribute(
        lambda o: (
            EducationScheme.objects.filter(year=o.year).first() or scheme_with_rates(year=o.year)
        )
    )
    school_type = SchoolType.PO
    count_date = datetime.date(2026, 2, 1)
    pupils = 200
    phase = 2
    own_rate = Decimal("12.15")
    municipal_rate = Decimal("12.15")
    multiplier = Decimal("2")
    computed_amount = Decimal("7290.00")
    computed_at = factory.LazyFunction(timezone.now)
    amount = factory.LazyAttribute(lambda o: o.computed_amount)
    status = AllocationStatus.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)

    class Params:
        year = 2027


def school_staff(school):
    """A member of the school for each role: {"directie": user, "icc": user, "vakdocent": user}."""
    from tests.factories.schools import SchoolMembershipFactory

    return {
        key: SchoolMembershipFactory(school=school, role=role).user
        for key, role in (
            ("directie", SchoolRole.DIRECTIE),
            ("icc", SchoolRole.CULTUURCOORDINATOR),
            ("vakdocent", SchoolRole.VAKDOCENT),
        )
    }


class SpendingRequestFactory(factory.django.DjangoModelFactory):
    """A draft of € 450 for a theatre workshop, with its invoice and the account to pay."""

    class Meta:
        model = SpendingRequest

    allocation = factory.SubFactory(AllocationFactory)
    school = factory.LazyAttribute(lambda o: o.allocation.school)
    number = factory.Sequence(lambda n: f"TEST-{n + 1:05d}")
    status = SpendingStatus.DRAFT
    activity = "Theaterworkshop groep 5 en 6"
    provider_name = "Theatergroep De Spiegel"
    pupils = 52
    activity_date = datetime.date(2027, 3, 15)
    amount = Decimal("450.00")
    is_pupil_activity = True
    invoice = factory.django.FileField(filename="factuur.pdf", data=b"%PDF-1.4 factuur\n%%EOF")
    invoice_number = "2027-031"
    payee_name = "Theatergroep De Spiegel"
    payee_iban = "NL91ABNA0417164300"
