"""Factories of the Fonds Cultuureducatie: schemes with their rates, pupil counts, phase
assessments. The default scheme is the issue's example: PO, € 12.15 own contribution and
€ 12.15 municipal amount per pupil, multipliers 1, 2, 4, counted on 1 February."""

import datetime
from decimal import Decimal

import factory

from funds.models.education import EducationScheme, PhaseAssessment, SchemeRate
from schools.models import SchoolType
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
