"""The coordinators' workspace: who sees what, the status flow with the VOG guard, intake
notes, matching, messages, and a list with a constant number of queries."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.roles import Role as StaffRole
from privacy.models import AccessLogEntry, ConsentRecord
from tests.factories.portal import UserFactory
from tests.factories.volunteers import (
    ActivityFactory,
    ActivitySessionFactory,
    EnrolmentFactory,
    ReadingVolunteerFactory,
    TaalpuntParticipantFactory,
    TaalpuntVolunteerFactory,
    coordinator_taalpunt,
    coordinator_voorleesexpress,
)
from volunteers import workflow
from volunteers.models import ReadingMessage, Status

pytestmark = pytest.mark.django_db

VE = "voorleesexpress"
TP = "taalpunt"


@pytest.fixture(autouse=True)
def english(client):
    """Assert on the English texts (the Dutch catalogue comes later)."""
    client.cookies["django_language"] = "en"


@pytest.fixture
def people():
    reading = ReadingVolunteerFactory()
    participant = TaalpuntParticipantFactory()
    activity = ActivityFactory()
    session = ActivitySessionFactory(activity=activity)
    return {
        "reading": reading,
        "participant": participant,
        "activity": activity,
        "session": session,
    }


def urls(people):
    r, p = people["reading"].pk, people["participant"].pk
    a, s = people["activity"].pk, people["session"].pk
    return {
        "ve_list": (VE, "/voorleesexpress/coordinatie/"),
        "ve_detail": (VE, f"/voorleesexpress/coordinatie/{r}/"),
        "ve_messages": (VE, "/voorleesexpress/coordinatie/berichten/"),
        "ve_message": (VE, f"/voorleesexpress/coordinatie/bericht/?ids={r}"),
        "tp_list": (TP, "/taalpunt/coordinatie/"),
        "tp_detail": (TP, f"/taalpunt/coordinatie/{p}/"),
        "tp_messages": (TP, "/taalpunt/coordinatie/berichten/"),
        "tp_activities": (TP, "/taalpunt/coordinatie/activiteiten/"),
        "tp_activity": (TP, f"/taalpunt/coordinatie/activiteiten/{a}/"),
        "tp_attendance": (TP, f"/taalpunt/coordinatie/sessies/{s}/"),
        "tp_statistics": (TP, "/taalpunt/coordinatie/statistiek/"),
        "tp_export": (TP, "/taalpunt/coordinatie/statistiek/?export=csv"),
    }


ROLES = {
    "voorleesexpress": [StaffRole.COORDINATOR_VOORLEESEXPRESS],
    "taalpunt": [StaffRole.COORDINATOR_TAALPUNT],
    "fund_manager": [StaffRole.FUND_MANAGER],
    "privacy_officer": [StaffRole.PRIVACY_OFFICER],
    "nobody": [],
}


@pytest.mark.parametrize("role", list(ROLES))
def test_permission_table(client, people, role):
    """role, view: 200 for the programme's own coordinator, 403 for everyone else; a visitor
    is sent to log in."""
    client.force_login(UserFactory(groups=ROLES[role]))
    for name, (programme, url) in urls(people).items():
        expected = 200 if role == programme else 403
        assert client.get(url).status_code == expected, (role, name)


def test_a_visitor_is_sent_to_log_in(client, people):
    for _programme, url in urls(people).values():
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_a_coordinator_gets_403_on_the_other_programmes_record_and_actions(client, people):
    reading, participant = people["reading"], people["participant"]
    client.force_login(coordinator_taalpunt())
    assert client.get(f"/voorleesexpress/coordinatie/{reading.pk}/").status_code == 403
    response = client.post(
        f"/voorleesexpress/coordinatie/{reading.pk}/status/", {"transition": "start_intake"}
    )
    assert response.status_code == 403
    client.force_login(coordinator_voorleesexpress())
    assert client.get(f"/taalpunt/coordinatie/{participant.pk}/").status_code == 403
    response = client.post(
        f"/taalpunt/coordinatie/{participant.pk}/status/", {"transition": "start_intake"}
    )
    assert response.status_code == 403
    # A Taalpunt id under the VoorleesExpress path is not found: the id is never trusted alone.
    assert client.get(f"/voorleesexpress/coordinatie/{participant.pk + 1000}/").status_code == 404
    for person in (reading, participant):
        person.refresh_from_db()
        assert person.status == Status.REGISTERED


def test_unconfirmed_registrations_are_not_visible(client):
    unconfirmed = ReadingVolunteerFactory(status=Status.UNCONFIRMED, confirmed_at=None)
    client.force_login(coordinator_voorleesexpress())
    assert unconfirmed.last_name not in client.get("/voorleesexpress/coordinatie/").content.decode()
    assert client.get(f"/voorleesexpress/coordinatie/{unconfirmed.pk}/").status_code == 404


def test_the_vog_guard(client):
    """A VoorleesExpress volunteer cannot become active without a received VOG < 3 years."""
    coordinator = coordinator_voorleesexpress()
    volunteer = ReadingVolunteerFactory(status=Status.TRAINED)
    with pytest.raises(workflow.TransitionError):
        workflow.apply(volunteer, "activate", actor=coordinator)
    client.force_login(coordinator)
    url = f"/voorleesexpress/coordinatie/{volunteer.pk}/"
    response = client.post(url + "status/", {"transition": "activate"}, follow=True)
    assert "needs a received VOG less than three years old" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.status == Status.TRAINED
    # An old VOG (three years and a day) does not do either.
    old = timezone.localdate() - timedelta(days=3 * 365 + 2)
    client.post(
        url + "vog/", {"vog_requested_on": old, "vog_received_on": old, "vog_issued_on": old}
    )
    volunteer.refresh_from_db()
    assert volunteer.vog_received_on == old and not volunteer.vog_valid()
    client.post(url + "status/", {"transition": "activate"})
    volunteer.refresh_from_db()
    assert volunteer.status == Status.TRAINED
    # A recent one does.
    recent = timezone.localdate() - timedelta(days=10)
    client.post(
        url + "vog/",
        {"vog_requested_on": recent, "vog_received_on": recent, "vog_issued_on": recent},
    )
    client.post(url + "status/", {"transition": "activate"})
    volunteer.refresh_from_db()
    assert volunteer.status == Status.ACTIVE
    # Taalpunt volunteers need no VOG.
    taal = TaalpuntVolunteerFactory(status=Status.TRAINED)
    assert workflow.apply(taal, "activate", actor=coordinator_taalpunt()).status == Status.ACTIVE


def test_vog_three_years_old_reminds_the_coordinator(client):
    old = date.today() - timedelta(days=3 * 365 + 2)
    volunteer = ReadingVolunteerFactory(
        status=Status.ACTIVE, vog_requested_on=old, vog_received_on=old, vog_issued_on=old
    )
    fresh = ReadingVolunteerFactory(status=Status.ACTIVE, with_vog=True)
    assert volunteer.vog_reminder_due() and not fresh.vog_reminder_due()
    client.force_login(coordinator_voorleesexpress())
    html = client.get(f"/voorleesexpress/coordinatie/{volunteer.pk}/").content.decode()
    assert "ask for a new one" in html
    html = client.get("/voorleesexpress/coordinatie/?attention=vog").content.decode()
    assert volunteer.last_name in html
    assert f"/coordinatie/{fresh.pk}/" not in html


def test_the_whole_flow_with_history(client):
    coordinator = coordinator_voorleesexpress()
    volunteer = ReadingVolunteerFactory()
    client.force_login(coordinator)
    url = f"/voorleesexpress/coordinatie/{volunteer.pk}/"
    client.post(url + "status/", {"transition": "start_intake", "note": "Gesprek gepland"})
    client.post(url + "notitie/", {"text": "Enthousiast, ervaring als juf."})
    client.post(url + "status/", {"transition": "request_vog"})
    volunteer.refresh_from_db()
    assert volunteer.status == Status.VOG_REQUESTED
    assert volunteer.vog_requested_on == timezone.localdate()
    # Skipping a step is refused.
    client.post(url + "status/", {"transition": "pause"})
    volunteer.refresh_from_db()
    assert volunteer.status == Status.VOG_REQUESTED
    today = timezone.localdate()
    client.post(
        url + "vog/", {"vog_requested_on": today, "vog_received_on": today, "vog_issued_on": today}
    )
    for name in ["train", "activate", "pause", "resume", "stop"]:
        client.post(url + "status/", {"transition": name})
    volunteer.refresh_from_db()
    assert volunteer.status == Status.STOPPED and volunteer.stopped_at
    statuses = [
        (e.from_status, e.to_status)
        for e in volunteer.events.order_by("at", "pk")
        if e.kind == "status"
    ]
    assert statuses == [
        ("registered", "intake"),
        ("intake", "vog_requested"),
        ("vog_requested", "trained"),
        ("trained", "active"),
        ("active", "paused"),
        ("paused", "active"),
        ("active", "stopped"),
    ]
    html = client.get(url).content.decode()
    assert "Enthousiast, ervaring als juf." in html and "Gesprek gepland" in html
    assert all(e.actor == coordinator for e in volunteer.events.all())


def test_matching_to_a_reading_period_of_20_weeks(client):
    volunteer = ReadingVolunteerFactory(status=Status.ACTIVE, with_vog=True)
    client.force_login(coordinator_voorleesexpress())
    url = f"/voorleesexpress/coordinatie/{volunteer.pk}/koppelen/"
    response = client.post(
        url,
        {
            "family_label": "Gezin D-17",
            "wijk": "diezerpoort",
            "starts_on": "2026-09-07",
            "weekday": "wed",
            "time": "15:30",
        },
    )
    assert response.status_code == 302
    period = volunteer.periods.get()
    assert period.ends_on == date(2027, 1, 24)  # 20 weeks, the last day included
    assert volunteer.events.filter(kind="match").exists()
    # A bad input shows on the field and keeps what was entered.
    response = client.post(
        url,
        {
            "family_label": "Gezin E-2",
            "wijk": "diezerpoort",
            "starts_on": "",
            "weekday": "wed",
            "time": "15:30",
        },
    )
    assert response.status_code == 200
    assert "Gezin E-2" in response.content.decode()


def test_messages_to_one_or_many_are_sent_and_logged(client):
    coordinator = coordinator_voorleesexpress()
    volunteers = ReadingVolunteerFactory.create_batch(3)
    client.force_login(coordinator)
    form = client.get(
        "/voorleesexpress/coordinatie/bericht/?" + "&".join(f"ids={v.pk}" for v in volunteers[:2])
    )
    assert form.status_code == 200
    response = client.post(
        "/voorleesexpress/coordinatie/bericht/",
        {
            "subject": "Training op 12 maart",
            "body": "Welkom bij de training.",
            "recipients": [v.pk for v in volunteers[:2]],
        },
    )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(v.email for v in volunteers[:2])
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees another's address
    assert "Welkom bij de training." in mail.outbox[0].body
    message = ReadingMessage.objects.get()
    assert message.sent_by == coordinator and message.recipients.count() == 2
    assert volunteers[0].events.filter(kind="message").exists()
    assert not volunteers[2].events.exists()
    html = client.get("/voorleesexpress/coordinatie/berichten/").content.decode()
    assert "Training op 12 maart" in html


def test_message_cannot_reach_the_other_programme(client):
    participant = TaalpuntParticipantFactory()
    client.force_login(coordinator_voorleesexpress())
    client.post(
        "/voorleesexpress/coordinatie/bericht/",
        {"subject": "Hallo", "body": "Test", "recipients": [participant.pk]},
    )
    assert not mail.outbox


def test_list_filters(client):
    match = ReadingVolunteerFactory(
        status=Status.ACTIVE, wijk="stadshagen", availability=["wed_pm"], languages=["ar", "nl"]
    )
    ReadingVolunteerFactory(status=Status.ACTIVE, wijk="stadshagen", availability=["mon_am"])
    ReadingVolunteerFactory(status=Status.INTAKE, wijk="stadshagen", availability=["wed_pm"])
    client.force_login(coordinator_voorleesexpress())
    response = client.get(
        "/voorleesexpress/coordinatie/",
        {"status": "active", "wijk": "stadshagen", "availability": "wed_pm", "language": "ar"},
    )
    assert [row["id"] for row in response.context["rows"]] == [match.pk]


# The page's own work is 4 queries (count, rows, access log); the rest is the portal's page
# chrome (session, user, roles, site settings, menu, Wagtail user bar), the same on every page.
MAX_LIST_QUERIES = 22


def test_the_list_has_a_constant_number_of_queries(client, django_assert_max_num_queries):
    ReadingVolunteerFactory.create_batch(210, with_vog=True)
    TaalpuntParticipantFactory.create_batch(105)
    TaalpuntVolunteerFactory.create_batch(105)
    for url, user in [
        ("/voorleesexpress/coordinatie/", coordinator_voorleesexpress()),
        ("/taalpunt/coordinatie/", coordinator_taalpunt()),
    ]:
        client.force_login(user)
        client.get(url)  # warm the caches
        with django_assert_max_num_queries(MAX_LIST_QUERIES):
            response = client.get(url)
        assert response.status_code == 200
        with django_assert_max_num_queries(MAX_LIST_QUERIES):
            response = client.get(url + "?page=3&status=registered")
        assert response.status_code == 200


def test_every_look_is_logged(client):
    volunteer = ReadingVolunteerFactory()
    coordinator = coordinator_voorleesexpress()
    client.force_login(coordinator)
    client.get("/voorleesexpress/coordinatie/")
    client.get(f"/voorleesexpress/coordinatie/{volunteer.pk}/")
    entries = AccessLogEntry.objects.filter(user=coordinator)
    assert entries.filter(object_id=str(volunteer.pk), purpose="voorleesexpress").exists()
    assert entries.filter(object_id="", count=1).exists()


def test_activities_sessions_enrolment_and_attendance(client):
    coordinator = coordinator_taalpunt()
    participant = TaalpuntParticipantFactory(status=Status.ACTIVE)
    helper = TaalpuntVolunteerFactory(status=Status.ACTIVE)
    client.force_login(coordinator)
    response = client.post(
        "/taalpunt/coordinatie/activiteiten/",
        {
            "kind": "taalcafe",
            "title": "Taalcafé Holtenbroek",
            "location": "Bibliotheek Holtenbroek",
            "wijk": "holtenbroek",
            "is_open": "on",
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    client.post(
        url, {"action": "session", "starts_at": "2026-10-01T10:00", "minutes": 90, "weeks": 4}
    )
    client.post(url, {"action": "enrol", "person": participant.pk})
    client.post(url, {"action": "enrol", "person": helper.pk})
    activity = participant.enrolments.get().activity
    assert activity.sessions.count() == 4
    session = activity.sessions.first()
    client.post(f"/taalpunt/coordinatie/sessies/{session.pk}/", {"present": [participant.pk]})
    assert {(a.person_id, a.present) for a in session.attendance.all()} == {
        (participant.pk, True),
        (helper.pk, False),
    }
    html = client.get(url).content.decode()
    assert "Taalcafé Holtenbroek" in html and participant.last_name in html


def test_a_participants_own_page_shows_activities_and_signs_off(client):
    from volunteers.registration import own_page_url

    enrolment = EnrolmentFactory(person=TaalpuntParticipantFactory(status=Status.ACTIVE))
    ActivitySessionFactory(activity=enrolment.activity)
    person = enrolment.person
    url = own_page_url(person, "")
    html = client.get(url).content.decode()
    assert enrolment.activity.title in html
    client.post(url, {"enrolment": enrolment.pk})
    enrolment.refresh_from_db()
    assert enrolment.signed_off_at
    client.post(url, {"stop": "1"})
    person.refresh_from_db()
    assert person.status == Status.STOPPED and person.stopped_at
    withdrawal = ConsentRecord.objects.get(topic="taalpunt", subject_email=person.email)
    assert not withdrawal.given
    # Another person's token, or a volunteer's, does not open a page.
    assert client.get(url[:-4] + "abc/").status_code == 404
    helper = TaalpuntVolunteerFactory()
    assert client.get(own_page_url(helper, "")).status_code == 404


@pytest.mark.parametrize(
    ("roles", "shown"),
    [
        ([StaffRole.COORDINATOR_VOORLEESEXPRESS], ["/voorleesexpress/coordinatie/"]),
        ([StaffRole.COORDINATOR_TAALPUNT], ["/taalpunt/coordinatie/"]),
        ([StaffRole.EDITOR], []),
    ],
)
def test_the_admin_links_to_the_coordinators_own_workspace(client, roles, shown):
    client.force_login(UserFactory(groups=roles, is_staff=True))
    html = client.get("/admin/").content.decode()
    for url in ["/voorleesexpress/coordinatie/", "/taalpunt/coordinatie/"]:
        assert (url in html) == (url in shown), (roles, url)


def test_other_lists_have_a_constant_number_of_queries(client, django_assert_max_num_queries):
    from volunteers.models import ReadingMessage

    coordinator = coordinator_taalpunt()
    for _n in range(30):
        activity = ActivityFactory()
        session = ActivitySessionFactory(activity=activity)
        enrolment = EnrolmentFactory(activity=activity)
        session.attendance.create(person=enrolment.person)
    client.force_login(coordinator)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        assert client.get("/taalpunt/coordinatie/activiteiten/").status_code == 200
    activity = ActivityFactory()
    for session in ActivitySessionFactory.create_batch(20, activity=activity):
        for enrolment in EnrolmentFactory.create_batch(2, activity=activity):
            session.attendance.create(person=enrolment.person)
    with django_assert_max_num_queries(MAX_LIST_QUERIES + 4):
        assert client.get(f"/taalpunt/coordinatie/activiteiten/{activity.pk}/").status_code == 200
    reading = coordinator_voorleesexpress()
    volunteers = ReadingVolunteerFactory.create_batch(5)
    for n in range(60):
        message = ReadingMessage.objects.create(
            subject=f"Bericht {n}", body="Tekst", sent_by=reading
        )
        message.recipients.set(volunteers)
    client.force_login(reading)
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        assert client.get("/voorleesexpress/coordinatie/berichten/").status_code == 200


@pytest.mark.parametrize(
    ("factory", "status", "transition", "by", "allowed"),
    [
        (ReadingVolunteerFactory, Status.REGISTERED, "start_intake", "coordinator", True),
        (ReadingVolunteerFactory, Status.INTAKE, "request_vog", "coordinator", True),
        (ReadingVolunteerFactory, Status.INTAKE, "train_taalpunt", "coordinator", False),
        (ReadingVolunteerFactory, Status.ACTIVE, "sign_off", "person", False),
        (ReadingVolunteerFactory, Status.UNCONFIRMED, "confirm", "coordinator", False),
        (ReadingVolunteerFactory, Status.STOPPED, "come_back", "coordinator", True),
        (TaalpuntParticipantFactory, Status.INTAKE, "admit", "coordinator", True),
        (TaalpuntParticipantFactory, Status.INTAKE, "request_vog", "coordinator", False),
        (TaalpuntParticipantFactory, Status.ACTIVE, "sign_off", "person", True),
        (TaalpuntParticipantFactory, Status.ACTIVE, "sign_off", "coordinator", False),
        (TaalpuntVolunteerFactory, Status.INTAKE, "train_taalpunt", "coordinator", True),
        (TaalpuntVolunteerFactory, Status.INTAKE, "admit", "coordinator", False),
    ],
)
def test_transition_table(factory, status, transition, by, allowed):
    person = factory(status=status)
    if by == "coordinator":
        actor = (
            coordinator_voorleesexpress()
            if factory is ReadingVolunteerFactory
            else coordinator_taalpunt()
        )
    else:
        actor = None
    if allowed:
        assert workflow.apply(person, transition, actor=actor).status == (
            workflow.TRANSITIONS[transition].target
        )
        assert person.events.filter(from_status=status).exists()
    else:
        with pytest.raises(workflow.TransitionError):
            workflow.apply(person, transition, actor=actor)
        person.refresh_from_db()
        assert person.status == status and not person.events.exists()
