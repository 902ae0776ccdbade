"""Factories for VoorleesExpress volunteers, Taalpunt participants and volunteers, activities."""

from datetime import timedelta

import factory
from django.utils import timezone

from portal.fields import Wijk
from portal.roles import Role as StaffRole
from tests.factories.portal import UserFactory
from volunteers.models import (
    Activity,
    ActivityKind,
    ActivitySession,
    AgeBand,
    Attendance,
    Enrolment,
    HowHeard,
    LanguageGroup,
    Level,
    ReadingPeriod,
    ReadingVolunteer,
    Role,
    StatisticsRecord,
    Status,
    TaalpuntPerson,
)

FIRST_NAMES = [
    "Anna",
    "Bilal",
    "Chantal",
    "Dewi",
    "Emre",
    "Fenna",
    "Gijs",
    "Hiba",
    "Ivo",
    "Jasmijn",
]
LAST_NAMES = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Yilmaz", "Mulder"]


def coordinator_voorleesexpress(**kwargs):
    return UserFactory(groups=[StaffRole.COORDINATOR_VOORLEESEXPRESS], is_staff=True, **kwargs)


def coordinator_taalpunt(**kwargs):
    return UserFactory(groups=[StaffRole.COORDINATOR_TAALPUNT], is_staff=True, **kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    first_name = factory.Sequence(lambda n: FIRST_NAMES[n % len(FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: LAST_NAMES[n % len(LAST_NAMES)])
    email = factory.Sequence(lambda n: f"vrijwilliger{n}@voorbeeld.test")
    phone = "06 12345678"
    wijk = Wijk.ASSENDORP
    availability = factory.LazyFunction(lambda: ["tue_pm", "thu_ev"])
    status = Status.REGISTERED
    confirmed_at = factory.LazyFunction(timezone.now)


class ReadingVolunteerFactory(PersonFactory):
    class Meta:
        model = ReadingVolunteer

    postcode = "8011 AB"
    languages = factory.LazyFunction(lambda: ["nl", "en"])
    experience = "Oppas bij de buren"
    motivation = "Ik lees graag voor."

    class Params:
        with_vog = factory.Trait(
            vog_requested_on=factory.LazyFunction(
                lambda: timezone.localdate() - timedelta(days=40)
            ),
            vog_received_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=20)),
            vog_issued_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=25)),
        )


class TaalpuntParticipantFactory(PersonFactory):
    class Meta:
        model = TaalpuntPerson

    role = Role.PARTICIPANT
    interests = factory.LazyFunction(lambda: [ActivityKind.TAALCAFE])
    learning_goals = factory.LazyFunction(lambda: ["speaking"])
    level = Level.BASIC


class TaalpuntVolunteerFactory(PersonFactory):
    class Meta:
        model = TaalpuntPerson

    role = Role.VOLUNTEER
    interests = factory.LazyFunction(lambda: [ActivityKind.TAALCAFE])
    languages = factory.LazyFunction(lambda: ["nl", "ar"])
    motivation = "Ik help graag."


class ReadingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadingPeriod

    volunteer = factory.SubFactory(ReadingVolunteerFactory)
    family_label = factory.Sequence(lambda n: f"Gezin {n:03d}")
    wijk = Wijk.DIEZERPOORT
    starts_on = factory.LazyFunction(timezone.localdate)
    weekday = "wed"
    time = "15:30"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    kind = ActivityKind.TAALCAFE
    title = factory.Sequence(lambda n: f"Taalcafé {n}")
    location = "Bibliotheek Zwolle Centrum"
    wijk = Wijk.BINNENSTAD


class ActivitySessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivitySession

    activity = factory.SubFactory(ActivityFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=90))


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    activity = factory.SubFactory(ActivityFactory)
    person = factory.SubFactory(TaalpuntParticipantFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(ActivitySessionFactory)
    person = factory.SubFactory(TaalpuntParticipantFactory)


class StatisticsRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatisticsRecord

    period = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    age_band = AgeBand.FROM_27
    gender = ""
    language_group = LanguageGroup.ARABIC
    wijk = Wijk.HOLTENBROEK
    how_heard = HowHeard.LIBRARY
    activity_kind = ActivityKind.TAALCAFE
