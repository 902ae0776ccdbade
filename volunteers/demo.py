"""Demo data for `manage.py load_demo`: 40 VoorleesExpress volunteers and 60 Taalpunt
participants spread over every status, 12 Taalpunt volunteers, activities with sessions,
enrolment and attendance, reading periods, intake notes, a message and the anonymised
statistics. Idempotent: nothing is added when the demo volunteers exist.

The coordinators log in as voorleesexpress@ and taalpunt@demo.cultuurportaal.test (portal/demo.py).
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail import hooks

from portal.demo import DEMO_DOMAIN
from portal.fields import Wijk
from tests.factories.volunteers import (
    ActivityFactory,
    ReadingPeriodFactory,
    ReadingVolunteerFactory,
    StatisticsRecordFactory,
    TaalpuntParticipantFactory,
    TaalpuntVolunteerFactory,
)
from volunteers.models import (
    DAY_PARTS,
    Activity,
    ActivityKind,
    ActivitySession,
    AgeBand,
    Attendance,
    Enrolment,
    EventKind,
    Gender,
    HowHeard,
    LanguageGroup,
    ReadingMessage,
    ReadingVolunteerEvent,
    Status,
    TaalpuntEvent,
)

FIRST = [
    "Anouk",
    "Bas",
    "Carmen",
    "Dirk",
    "Eline",
    "Farid",
    "Greet",
    "Hanna",
    "Ismail",
    "Joke",
    "Karin",
    "Lars",
    "Mariam",
    "Niels",
    "Olga",
    "Pieter",
    "Rania",
    "Sietske",
    "Tarik",
    "Ursula",
]
LAST = [
    "Albers",
    "Boersma",
    "Claassen",
    "Dekker",
    "Evers",
    "Fokkema",
    "Gerritsen",
    "Haddou",
    "IJzerman",
    "Jonker",
    "Kaya",
    "Lammers",
    "Mol",
    "Nijland",
    "Oosterhof",
    "Pals",
]
PARTICIPANT_FIRST = [
    "Amina",
    "Berhane",
    "Chen",
    "Daria",
    "Eyerusalem",
    "Fatma",
    "Ghulam",
    "Hassan",
    "Irina",
    "Jamal",
    "Kateryna",
    "Lina",
    "Mohammed",
    "Nour",
    "Oksana",
    "Parisa",
]
WIJKEN = [w for w, _label in Wijk.choices if w != Wijk.OUTSIDE]
STATUSES = [
    Status.REGISTERED,
    Status.INTAKE,
    Status.VOG_REQUESTED,
    Status.TRAINED,
    Status.ACTIVE,
    Status.ACTIVE,
    Status.ACTIVE,
    Status.PAUSED,
    Status.STOPPED,
]
PARTICIPANT_STATUSES = [
    Status.REGISTERED,
    Status.INTAKE,
    Status.ACTIVE,
    Status.ACTIVE,
    Status.ACTIVE,
    Status.PAUSED,
    Status.STOPPED,
]


DEMO_ACTIVITY = "Taalcafé Centrum"


def demo_email(kind, n):
    return f"{kind}{n:02d}@{DEMO_DOMAIN}"


@hooks.register("portal_demo_data", order=70)
def load_volunteers(users, home, **kwargs):
    # Activities have no retention: their presence says the demo was loaded, even after the
    # periodic jobs deleted unconfirmed or long-stopped demo people.
    if Activity.objects.filter(title=DEMO_ACTIVITY).exists():
        return
    rng = random.Random(7)  # noqa: S311 - made-up demo data, not secrets
    now = timezone.now()
    today = timezone.localdate()
    reading_coordinator = users.get("voorleesexpress")
    taalpunt_coordinator = users.get("taalpunt")

    # VoorleesExpress: 40 volunteers, every status (2 unconfirmed ones the coordinator never sees)
    reading = []
    for n in range(40):
        status = Status.UNCONFIRMED if n < 2 else STATUSES[n % len(STATUSES)]
        vog = status in (Status.TRAINED, Status.ACTIVE, Status.PAUSED, Status.STOPPED)
        issued = today - timedelta(days=rng.randint(30, 900))
        if n in (5, 14):  # two VOGs that need renewing
            issued = today - timedelta(days=3 * 365 + 20)
        volunteer = ReadingVolunteerFactory(
            first_name=FIRST[n % len(FIRST)],
            last_name=LAST[(n * 3) % len(LAST)],
            email=demo_email("voorlezer", n),
            phone=f"06 {20000000 + n * 7919}",
            wijk=WIJKEN[n % len(WIJKEN)],
            availability=rng.sample([code for code, _l in DAY_PARTS], 3),
            languages=["nl", *rng.sample(["en", "ar", "tr", "pl", "ti", "so"], rng.randint(0, 2))],
            status=status,
            registered_at=now - timedelta(days=1 if status == Status.UNCONFIRMED else 200 - n * 4),
            confirmed_at=None
            if status == Status.UNCONFIRMED
            else now - timedelta(days=199 - n * 4),
            status_changed_at=now - timedelta(days=30 - (n % 20)),
            stopped_at=now - timedelta(days=300 + n) if status == Status.STOPPED else None,
            vog_requested_on=issued - timedelta(days=14)
            if vog or status == Status.VOG_REQUESTED
            else None,
            vog_received_on=issued + timedelta(days=3) if vog else None,
            vog_issued_on=issued if vog else None,
        )
        reading.append(volunteer)
        if status != Status.UNCONFIRMED:
            _history(ReadingVolunteerEvent, volunteer, reading_coordinator, now, n)
        if status in (Status.ACTIVE, Status.PAUSED):
            ReadingPeriodFactory(
                volunteer=volunteer,
                family_label=f"Gezin VE-{100 + n}",
                wijk=volunteer.wijk,
                starts_on=today - timedelta(weeks=rng.randint(0, 15)),
                weekday=rng.choice(["mon", "tue", "wed", "thu", "fri"]),
                time=time(15 + n % 3, 30),
            )
    message = ReadingMessage.objects.create(
        subject="Voorleestraining op zaterdag 14 maart",
        body="Beste voorlezers,\n\nOp zaterdag 14 maart is er een training in de bibliotheek.",
        sent_by=reading_coordinator,
        sent_at=now - timedelta(days=12),
    )
    active_readers = [v for v in reading if v.status == Status.ACTIVE]
    message.recipients.set(active_readers)
    ReadingVolunteerEvent.objects.bulk_create(
        ReadingVolunteerEvent(
            person=v,
            at=message.sent_at,
            actor=reading_coordinator,
            kind=EventKind.MESSAGE,
            text=message.subject,
        )
        for v in active_readers
    )

    # Taalpunt: 60 participants in every status, 12 volunteers
    participants = []
    for n in range(60):
        status = (
            Status.UNCONFIRMED if n < 3 else PARTICIPANT_STATUSES[n % len(PARTICIPANT_STATUSES)]
        )
        person = TaalpuntParticipantFactory(
            first_name=PARTICIPANT_FIRST[n % len(PARTICIPANT_FIRST)],
            last_name=LAST[(n * 5) % len(LAST)],
            email=demo_email("deelnemer", n),
            phone="" if n % 3 else f"06 {30000000 + n * 104729}",
            wijk=WIJKEN[(n * 7) % len(WIJKEN)],
            availability=rng.sample([code for code, _l in DAY_PARTS], 2),
            interests=rng.sample([k for k, _l in ActivityKind.choices], rng.randint(1, 2)),
            learning_goals=rng.sample(
                ["speaking", "reading", "writing", "computer", "everyday"], 2
            ),
            level=rng.choice(["beginner", "basic", "middle", "good"]),
            status=status,
            registered_at=now - timedelta(days=1 if status == Status.UNCONFIRMED else 330 - n * 5),
            confirmed_at=None
            if status == Status.UNCONFIRMED
            else now - timedelta(days=329 - n * 5),
            stopped_at=now - timedelta(days=20 + n) if status == Status.STOPPED else None,
            under_16=n == 9,
            parent_name="Ouder van deelnemer" if n == 9 else "",
            parent_email=demo_email("ouder", n) if n == 9 else "",
            parent_consent_at=now - timedelta(days=280) if n == 9 else None,
        )
        participants.append(person)
        if status != Status.UNCONFIRMED:
            _history(TaalpuntEvent, person, taalpunt_coordinator, now, n)
            StatisticsRecordFactory(
                period=timezone.localdate(person.confirmed_at).replace(day=1),
                age_band=AgeBand.UNDER_16 if n == 9 else rng.choice(AgeBand.values[1:]),
                gender=rng.choice(["", *Gender.values]),
                language_group=rng.choice(LanguageGroup.values),
                wijk=person.wijk,
                how_heard=rng.choice(HowHeard.values),
                activity_kind=person.interests[0],
            )
    helpers = [
        TaalpuntVolunteerFactory(
            first_name=FIRST[(n + 7) % len(FIRST)],
            last_name=LAST[(n + 2) % len(LAST)],
            email=demo_email("taalvrijwilliger", n),
            wijk=WIJKEN[n % len(WIJKEN)],
            status=[Status.REGISTERED, Status.INTAKE, Status.TRAINED, Status.ACTIVE][n % 4],
            languages=["nl", ["en", "ar", "tr", "uk"][n % 4]],
        )
        for n in range(12)
    ]

    # Activities with sessions (past and to come), enrolment and attendance
    plans = [
        (
            ActivityKind.TAALCAFE,
            "Taalcafé Centrum",
            "Bibliotheek Zwolle Centrum",
            Wijk.BINNENSTAD,
            1,
            10,
        ),
        (
            ActivityKind.TAALCAFE,
            "Taalcafé Holtenbroek",
            "Wijkcentrum Holtenbroek",
            Wijk.HOLTENBROEK,
            3,
            14,
        ),
        (
            ActivityKind.PRACTICE,
            "Oefengroep lezen en schrijven",
            "Bibliotheek Stadshagen",
            Wijk.STADSHAGEN,
            2,
            10,
        ),
        (
            ActivityKind.DIGITAL,
            "Digitaal Café: DigiD en e-mail",
            "Bibliotheek Zwolle Centrum",
            Wijk.BINNENSTAD,
            4,
            13,
        ),
    ]
    taking_part = [p for p in participants if p.status in (Status.ACTIVE, Status.PAUSED)]
    for index, (kind, title, location, wijk, weekday, hour) in enumerate(plans):
        activity = ActivityFactory(
            kind=kind,
            title=title,
            location=location,
            wijk=wijk,
            description="Elke week, gratis, zonder aanmelding vooraf.",
        )
        first = today - timedelta(days=(today.weekday() - weekday) % 7 + 42)
        sessions = []
        for week in range(10):
            start = timezone.make_aware(datetime.combine(first + timedelta(weeks=week), time(hour)))
            sessions.append(
                ActivitySession.objects.create(
                    activity=activity, starts_at=start, ends_at=start + timedelta(minutes=90)
                )
            )
        members = taking_part[index :: len(plans)] + helpers[index * 3 : index * 3 + 3]
        for person in members:
            Enrolment.objects.create(
                activity=activity, person=person, enrolled_at=now - timedelta(days=60)
            )
        for session in sessions:
            if session.starts_at > now:
                continue
            Attendance.objects.bulk_create(
                Attendance(session=session, person=person, present=rng.random() < 0.8)
                for person in members
            )


def _history(event_model, person, coordinator, now, n):
    """A plausible timeline: confirmation, intake (with a note), the current status."""
    start = person.confirmed_at or now
    events = [
        event_model(
            person=person,
            at=start,
            kind=EventKind.CONFIRMED,
            from_status=Status.UNCONFIRMED,
            to_status=Status.REGISTERED,
        )
    ]
    if person.status != Status.REGISTERED:
        events.append(
            event_model(
                person=person,
                at=start + timedelta(days=5),
                actor=coordinator,
                kind=EventKind.STATUS,
                from_status=Status.REGISTERED,
                to_status=Status.INTAKE,
            )
        )
        events.append(
            event_model(
                person=person,
                at=start + timedelta(days=5, hours=1),
                actor=coordinator,
                kind=EventKind.NOTE,
                text=[
                    "Kennismakingsgesprek gehad, erg gemotiveerd.",
                    "Wil liefst in de eigen wijk aan de slag.",
                    "Heeft ervaring, kan snel starten.",
                ][n % 3],
            )
        )
    if person.status not in (Status.REGISTERED, Status.INTAKE):
        events.append(
            event_model(
                person=person,
                at=person.status_changed_at,
                actor=coordinator,
                kind=EventKind.STATUS,
                from_status=Status.INTAKE,
                to_status=person.status,
            )
        )
    event_model.objects.bulk_create(events)
