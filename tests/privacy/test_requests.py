"""Requests of data subjects: asking from "Mijn gegevens", and the privacy officer's screens
(list with overdue ones flagged, requests received by mail or phone, the status steps with
their audit trail)."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import mail
from wagtail.models import ModelLogEntry

from portal.roles import Role
from privacy.models import (
    AccessLogEntry,
    DataSubjectRequest,
    RequestKind,
    RequestStatus,
)
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/data_subject_requests/"


@pytest.fixture
def officer():
    return UserFactory(first_name="Fenna", last_name="Functionaris", groups=[Role.PRIVACY_OFFICER])


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def make_request(**kwargs):
    kwargs.setdefault("kind", RequestKind.CORRECTION)
    return DataSubjectRequest.objects.create(**kwargs)


def log_actions(request):
    return list(
        ModelLogEntry.objects.filter(object_id=str(request.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


# --- the person asks ------------------------------------------------------------------------------
@time_machine.travel("2026-11-22 10:00 +01:00")
def test_a_correction_request_is_recorded_with_the_persons_explanation(user_client, user):
    page = user_client.get("/mijn/gegevens/verzoek/correctie/")
    assert page.status_code == 200
    assert 'href="/mijn/account/"' in page.content.decode()  # the name is self-service

    response = user_client.post("/mijn/gegevens/verzoek/correctie/", {"explanation": ""})
    assert response.status_code == 200
    assert 'class="invalid-feedback"' in response.content.decode()
    assert not DataSubjectRequest.objects.exists()

    text = "Mijn adres is nu Thorbeckegracht 12, 8011 VM Zwolle."
    response = user_client.post(
        "/mijn/gegevens/verzoek/correctie/", {"explanation": text}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/mijn/gegevens/"
    request = DataSubjectRequest.objects.get()
    assert (request.user, request.kind, request.explanation, request.due_date) == (
        user,
        RequestKind.CORRECTION,
        text,
        date(2026, 12, 22),
    )
    assert "22 december 2026" in response.content.decode()  # the answer's due date
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert log_actions(request) == ["wagtail.create"]


def test_what_the_person_typed_stays_in_the_form_on_an_error(user_client):
    long_text = "x" * 4001
    response = user_client.post("/mijn/gegevens/verzoek/bezwaar/", {"explanation": long_text})
    assert response.status_code == 200
    assert long_text in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


def test_objections_each_stand_on_their_own_and_access_is_asked_once(user_client, user):
    for _ in range(2):
        user_client.post("/mijn/gegevens/verzoek/bezwaar/", {"explanation": "Geen foto's"})
        user_client.post("/mijn/gegevens/verzoek/inzage/", {"explanation": ""})
    assert DataSubjectRequest.objects.filter(user=user, kind=RequestKind.OBJECTION).count() == 2
    assert DataSubjectRequest.objects.filter(user=user, kind=RequestKind.ACCESS).count() == 1
    assert len(mail.outbox) == 3


def test_open_requests_are_shown_on_my_data(user_client, user):
    make_request(user=user, kind=RequestKind.OBJECTION)
    user_client.cookies["django_language"] = "en"
    page = user_client.get("/mijn/gegevens/").content.decode()
    assert 'id="requests-heading"' in page
    assert "Objection: received on" in page


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/mijn/gegevens/verzoek/correctie/", 200),
        ("/mijn/gegevens/verzoek/bezwaar/", 200),
        ("/mijn/gegevens/verzoek/inzage/", 200),
        ("/mijn/gegevens/verzoek/verwijderen/", 404),
        ("/mijn/gegevens/verzoek/iets-anders/", 404),
    ],
)
def test_request_pages(user_client, url, status):
    assert user_client.get(url).status_code == status


# --- who may see the admin ------------------------------------------------------------------------
def staff_with_the_permission_but_not_the_role():
    person = UserFactory(groups=[Role.COORDINATOR_TAALPUNT])
    person.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="privacy", codename="view_datasubjectrequest"
        ),
        Permission.objects.get(
            content_type__app_label="privacy", codename="change_datasubjectrequest"
        ),
    )
    return person


@pytest.mark.parametrize(
    "page",
    ["", "inspect/{pk}/", "edit/{pk}/", "step/{pk}/start/", "erase/{pk}/", "history/{pk}/"],
)
def test_staff_without_the_privacy_role_are_refused_and_see_nothing(client, page):
    request = make_request(kind=RequestKind.ERASURE, explanation="Geheime uitleg")
    client.force_login(staff_with_the_permission_but_not_the_role())
    response = client.get(ADMIN + page.format(pk=request.pk))
    assert response.status_code == 403
    assert "Geheime uitleg" not in response.content.decode()
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    "page", ["", "inspect/{pk}/", "edit/{pk}/", "step/{pk}/start/", "erase/{pk}/", "history/{pk}/"]
)
def test_the_privacy_officer_opens_every_page_and_each_look_is_logged(officer_client, page):
    request = make_request(kind=RequestKind.ERASURE, user=UserFactory())
    response = officer_client.get(ADMIN + page.format(pk=request.pk))
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(purpose="privacybeheer").exists()


def test_staff_without_the_privacy_role_cannot_take_a_step(client):
    request = make_request()
    client.force_login(staff_with_the_permission_but_not_the_role())
    client.post(f"{ADMIN}step/{request.pk}/start/", {"note": ""})
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED
    assert log_actions(request) == []


# --- the privacy officer's list -------------------------------------------------------------------
def test_the_list_is_ordered_by_due_date_with_overdue_requests_flagged(
    officer_client, django_assert_max_num_queries
):
    with time_machine.travel("2026-01-05 12:00 +01:00"):
        late = make_request(kind=RequestKind.ERASURE)
    with time_machine.travel("2026-01-02 12:00 +01:00"):
        done = make_request(status=RequestStatus.DONE)
    with time_machine.travel("2026-03-01 12:00 +01:00"):
        for _ in range(20):
            make_request()
        officer_client.cookies["django_language"] = "en"
        with django_assert_max_num_queries(40):
            page = officer_client.get(ADMIN).content.decode()
        assert page.count("overdue-flag") == 1
        assert page.index(f"/edit/{done.pk}/") < page.index(f"/edit/{late.pk}/")
        rows = [row for row in page.split("<tr") if f"/edit/{late.pk}/" in row]
        assert "overdue-flag" in rows[0]

        filtered = officer_client.get(ADMIN, {"overdue": "true"}).content.decode()
        assert f"/edit/{late.pk}/" in filtered
        assert f"/edit/{done.pk}/" not in filtered
        assert officer_client.get(ADMIN, {"kind": "erasure"}).status_code == 200
    assert AccessLogEntry.objects.filter(purpose="privacybeheer", action="view").exists()


def test_staff_add_a_request_received_by_mail_linked_to_the_account(officer_client):
    person = UserFactory(email="bellend@voorbeeld.test")
    response = officer_client.post(
        f"{ADMIN}new/",
        {
            "kind": RequestKind.ACCESS,
            "contact_email": "Bellend@voorbeeld.test",
            "explanation": "Belde op 3 maart",
            "received_at": "2026-03-03 09:30",
        },
    )
    assert response.status_code == 302
    request = DataSubjectRequest.objects.get()
    assert request.user == person
    assert request.due_date == date(2026, 4, 3)
    assert "wagtail.create" in log_actions(request)


def test_a_request_by_mail_needs_an_address(officer_client):
    response = officer_client.post(
        f"{ADMIN}new/", {"kind": RequestKind.ACCESS, "received_at": "2026-03-03 09:30"}
    )
    assert response.status_code == 200
    assert not DataSubjectRequest.objects.exists()


# --- steps ----------------------------------------------------------------------------------------
def test_the_steps_change_the_status_and_leave_an_audit_trail(officer_client):
    request = make_request(explanation="Postcode klopt niet")
    officer_client.cookies["django_language"] = "en"
    inspect = officer_client.get(f"{ADMIN}inspect/{request.pk}/").content.decode()
    assert f"{ADMIN}step/{request.pk}/start/" in inspect
    assert f"{ADMIN}erase/{request.pk}/" not in inspect  # only for erasure requests

    assert officer_client.get(f"{ADMIN}step/{request.pk}/start/").status_code == 200
    response = officer_client.post(f"{ADMIN}step/{request.pk}/start/", {"note": ""})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    assert request.handled_at is None

    response = officer_client.post(f"{ADMIN}step/{request.pk}/complete/", {"note": "Aangepast"})
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE
    assert request.handled_at is not None
    assert "Aangepast" in request.staff_note
    assert log_actions(request) == ["privacy.request.start", "privacy.request.complete"]

    # A finished request takes no more steps; its history is on its page.
    officer_client.post(f"{ADMIN}step/{request.pk}/reject/", {"note": "Te laat"})
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE
    inspect = officer_client.get(f"{ADMIN}inspect/{request.pk}/").content.decode()
    assert "Start handling" in inspect and "Mark as done" in inspect
    assert f"{ADMIN}step/{request.pk}/" not in inspect
    assert officer_client.get(f"{ADMIN}history/{request.pk}/").status_code == 200


def test_rejecting_needs_a_note(officer_client):
    request = make_request()
    response = officer_client.post(f"{ADMIN}step/{request.pk}/reject/", {"note": " "})
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED

    officer_client.post(f"{ADMIN}step/{request.pk}/reject/", {"note": "Geen gegevens gevonden"})
    request.refresh_from_db()
    assert request.status == RequestStatus.REJECTED
    assert "Geen gegevens gevonden" in request.staff_note
    assert log_actions(request) == ["privacy.request.reject"]


def test_an_erasure_request_is_not_marked_done_by_hand(officer_client):
    request = make_request(kind=RequestKind.ERASURE, user=UserFactory())
    officer_client.post(f"{ADMIN}step/{request.pk}/complete/", {"note": ""})
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED


def test_the_edit_form_changes_only_the_internal_note(officer_client):
    request = make_request()
    officer_client.post(
        f"{ADMIN}edit/{request.pk}/", {"staff_note": "Gebeld", "status": RequestStatus.DONE}
    )
    request.refresh_from_db()
    assert request.staff_note == "Gebeld"
    assert request.status == RequestStatus.RECEIVED
    assert "wagtail.edit" in log_actions(request)
