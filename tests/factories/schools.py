import datetime

import factory

from portal.fields import Wijk
from schools.models import (
    PupilCount,
    School,
    SchoolImport,
    SchoolInvitation,
    SchoolMembership,
    SchoolRole,
    SchoolType,
)
from tests.factories.portal import UserFactory, make_invitation

LETTERS = "ABCDEFGHJKLMNPRSTUVWXZ"


def brin_for(n):
    """A distinct valid BRIN for each n: two digits, two letters."""
    digits, rest = divmod(n, len(LETTERS) ** 2)
    first, second = divmod(rest, len(LETTERS))
    return f"{digits % 100:02d}{LETTERS[first]}{LETTERS[second]}"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("brin", "branch")

    name = factory.Sequence(lambda n: f"Basisschool De Vlinder {n}")
    brin = factory.Sequence(brin_for)
    branch = "00"
    school_type = SchoolType.PO
    street_address = factory.Faker("street_address", locale="nl_NL")
    postcode = factory.Sequence(lambda n: f"80{11 + n % 40:02d} AB")
    city = "Zwolle"
    wijk = Wijk.STADSHAGEN


class SchoolMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolMembership
        django_get_or_create = ("school", "user")

    school = factory.SubFactory(SchoolFactory)
    user = factory.SubFactory(UserFactory)
    role = SchoolRole.DIRECTIE


def school_invitation(school=None, email="uitgenodigd@voorbeeld.test", role=SchoolRole.VAKDOCENT):
    return make_invitation(SchoolInvitation, school or SchoolFactory(), email, role)


class PupilCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PupilCount
        django_get_or_create = ("school", "count_date")

    school = factory.SubFactory(SchoolFactory)
    count_date = datetime.date(2025, 10, 1)
    pupils = factory.Sequence(lambda n: 120 + n * 7 % 400)
    source = "DUO"


class SchoolImportFactory(factory.django.DjangoModelFactory):
    """An uploaded schools CSV (pass `file__data=b"..."` for its content), not yet applied."""

    class Meta:
        model = SchoolImport

    file = factory.django.FileField(filename="vestigingen.csv", data=b"")
    original_name = "vestigingen.csv"
    uploaded_by = factory.SubFactory(UserFactory)
