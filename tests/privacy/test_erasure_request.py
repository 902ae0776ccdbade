"""Deleting an account is a request the privacy officer handles within a month."""

import dataclasses
import logging
from datetime import date

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import translation
from wagtail.models import ModelLogEntry

from listings.models import ProviderMembership
from portal.models import User
from portal.personal_data import declarations
from portal.roles import Role
from privacy import requests
from privacy.models import (
    AccessLogEntry,
    ConsentRecord,
    DataSubjectRequest,
    NewsletterList,
    RequestKind,
    RequestStatus,
    Subscriber,
    one_month_after,
)
from schools.models import SchoolInvitation, SchoolMembership
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolFactory, school_invitation
from tests.privacy.test_mydata import make_person

pytestmark = pytest.mark.django_db


def test_one_month_after():
    assert one_month_after(date(2026, 11, 22)) == date(2026, 12, 22)
    assert one_month_after(date(2026, 12, 15)) == date(2027, 1, 15)
    assert one_month_after(date(2027, 1, 31)) == date(2027, 2, 28)


@time_machine.travel("2026-11-22 10:00 +01:00")
def test_request_is_recorded_once_with_a_due_date_and_confirmed_by_mail(user_client, user):
    response = user_client.post("/mijn/gegevens/verwijderen/", {"explanation": ""})
    assert response.status_code == 200
    assert "Vink het vakje aan om je verzoek te bevestigen." in response.content.decode()
    assert not DataSubjectRequest.objects.exists()

    response = user_client.post("/mijn/gegevens/verwijderen/", {"confirm": "on"}, follow=True)
    request = DataSubjectRequest.objects.get()
    assert (request.user, request.kind, request.due_date) == (
        user,
        RequestKind.ERASURE,
        date(2026, 12, 22),
    )
    assert "22 december 2026" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]

    user_client.post("/mijn/gegevens/verwijderen/", {"confirm": "on"})
    assert DataSubjectRequest.objects.count() == 1
    assert len(mail.outbox) == 1


def test_overdue_requests_are_flagged():
    with time_machine.travel("2026-01-01 12:00 +01:00"):
        request = DataSubjectRequest.objects.create(kind=RequestKind.ERASURE)
    with time_machine.travel("2026-02-02 12:00 +01:00"):
        assert request.is_overdue
        assert list(DataSubjectRequest.objects.overdue()) == [request]


def test_request_string_holds_no_personal_data(user):
    request = DataSubjectRequest.objects.create(user=user, kind=RequestKind.ERASURE)
    assert user.email not in str(request)
    assert user.last_name not in str(request)


# --- what erasing does, and executing it ----------------------------------------------------------
ADMIN = "/admin/data_subject_requests/"
INVITATION = "schools.schoolinvitation"


@pytest.fixture
def legal_hold(monkeypatch):
    """No model keeps legal-hold fields yet: for these tests an invitation to a school keeps its
    email address for the fund's 7-year hold (restored after the test)."""
    monkeypatch.setitem(
        declarations,
        INVITATION,
        dataclasses.replace(declarations[INVITATION], legal_hold=("email",)),
    )


@pytest.fixture
def world():
    newsletter = NewsletterList.objects.get(slug="cultuurnieuws")
    school = SchoolFactory(name="Basisschool De Regenboog")
    inviter = UserFactory(first_name="Uitnodiger", last_name="Staflid", email="staf@voorbeeld.test")
    anna = make_person("Anna", school, newsletter, inviter)
    bram = make_person("Bram", school, newsletter, inviter)
    # An invitation whose 7-year hold is over: nothing of it is kept.
    with time_machine.travel("2017-03-01 12:00 +01:00"):
        old_invitation, _token = school_invitation(
            school=SchoolFactory(name="Oude school"), email="anna@voorbeeld.test"
        )
    ConsentRecord.record("newsletter", True, "newsletter form", email="anna@voorbeeld.test")
    return {"anna": anna, "bram": bram, "school": school, "old_invitation": old_invitation}


@pytest.fixture
def officer():
    return UserFactory(first_name="Fenna", last_name="Functionaris", groups=[Role.PRIVACY_OFFICER])


def test_the_request_page_shows_what_is_deleted_what_ends_and_what_is_kept_and_why(
    client, world, legal_hold
):
    client.force_login(world["anna"])
    client.cookies["django_language"] = "en"
    page = client.get("/mijn/gegevens/verwijderen/").content.decode()

    def section(name):
        start = page.index(f'id="erasure-{name}"')
        return page[start : page.index("</div>", start)]

    assert "Your account" in section("deleted")
    assert "Newsletter subscription" in section("deleted")
    ends = section("ends")
    assert "Your membership of a school" in ends
    assert "Basisschool De Regenboog" in ends
    assert "Your membership of a cultural organisation" in ends
    held = section("held")
    assert "An invitation to join a school" in held
    assert "email address for 7 years" in held
    assert "Consent given or withdrawn" in section("kept")
    assert "Bram" not in page


def test_executing_an_erasure_erases_everything_but_what_the_law_keeps(
    client, world, legal_hold, officer
):
    anna, bram = world["anna"], world["bram"]
    anna_pk = anna.pk
    client.force_login(anna)
    client.post("/mijn/gegevens/verwijderen/", {"confirm": "on", "explanation": "Ik ben Anna"})
    request = DataSubjectRequest.objects.get()
    client.force_login(officer)
    client.cookies["django_language"] = "en"

    # The inspect page offers the step; the confirmation page shows kinds and counts, no names.
    assert (
        f"{ADMIN}erase/{request.pk}/"
        in client.get(f"{ADMIN}inspect/{request.pk}/").content.decode()
    )
    page = client.get(f"{ADMIN}erase/{request.pk}/").content.decode()
    assert "Your membership of a school" in page
    assert "Anna Dansschool" not in page and "Annavoornaam" not in page

    response = client.post(f"{ADMIN}erase/{request.pk}/", {})
    assert response.status_code == 200  # not confirmed: nothing happens
    assert User.objects.filter(pk=anna_pk).exists()

    mail.outbox.clear()
    response = client.post(f"{ADMIN}erase/{request.pk}/", {"confirm": "on"})
    assert response.status_code == 302

    # The account, its addresses, memberships and subscription are gone...
    assert not User.objects.filter(pk=anna_pk).exists()
    assert not EmailAddress.objects.filter(email__startswith="anna").exists()
    assert not SchoolMembership.objects.filter(user_id=anna_pk).exists()
    assert not ProviderMembership.objects.filter(user_id=anna_pk).exists()
    assert not Subscriber.objects.filter(email="anna@voorbeeld.test").exists()
    # ...the organisations and everyone else's data stay (aggregates keep counting).
    assert SchoolMembership.objects.filter(school=world["school"]).count() == 1
    assert ProviderMembership.objects.filter(user=bram).count() == 1
    assert Subscriber.objects.filter(email="bram@voorbeeld.test").exists()
    assert SchoolInvitation.objects.filter(email="bram.werk@school.test").exists()
    # The invitation under legal hold keeps only its email address; the old one keeps nothing.
    held = SchoolInvitation.objects.get(school__name="Anna Uitnodigingsschool")
    assert (held.email, held.invited_by_id, held.accepted_by_id) == (
        "anna.werk@school.test",
        None,
        None,
    )
    world["old_invitation"].refresh_from_db()
    assert world["old_invitation"].email == ""
    # The consent is withdrawn in the ledger (a row appended).
    latest = ConsentRecord.objects.filter(subject_email="anna@voorbeeld.test").latest_per_topic()
    assert latest["newsletter"].given is False

    # The request survives as proof, without personal values, done, with an audit trail.
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE
    assert request.handled_at is not None
    assert (request.user_id, request.contact_email, request.explanation) == (None, "", "")
    assert "deleted" in request.staff_note
    for personal in ["Anna", "anna@", "Ik ben"]:
        assert personal not in request.staff_note
    entry = ModelLogEntry.objects.get(object_id=str(request.pk), action="privacy.request.erase")
    assert entry.user_id == officer.pk
    assert entry.label == str(request)
    assert entry.data["accounts"]["deleted"] >= 1
    assert AccessLogEntry.objects.filter(object_id=str(request.pk), action="delete").exists()

    # One last email, to the address captured before the account was deleted.
    assert [message.to for message in mail.outbox] == [["anna@voorbeeld.test"]]

    # Executing again does nothing and sends nothing.
    client.post(f"{ADMIN}erase/{request.pk}/", {"confirm": "on"})
    assert len(mail.outbox) == 1
    assert ModelLogEntry.objects.filter(action="privacy.request.erase").count() == 1


def test_the_last_email_says_what_was_kept_and_why(world, legal_hold, officer):
    request, _created = requests.submit(world["anna"], RequestKind.ERASURE)
    mail.outbox.clear()
    with translation.override("en"):
        requests.execute_erasure(request, officer)
        body = mail.outbox[0].body
    assert "An invitation to join a school" in body
    assert "7 years" in body
    assert "Consent given or withdrawn" in body


def test_only_the_privacy_role_executes_an_erasure(world):
    request, _created = requests.submit(world["anna"], RequestKind.ERASURE)
    with pytest.raises(PermissionDenied):
        requests.execute_erasure(request, UserFactory(groups=[Role.FUND_MANAGER]))
    assert User.objects.filter(pk=world["anna"].pk).exists()


def test_no_email_address_or_name_reaches_the_server_log(client, world, officer, caplog):
    caplog.set_level(logging.DEBUG)
    anna = world["anna"]
    client.force_login(anna)
    client.get("/mijn/gegevens/")
    client.get("/mijn/gegevens/export.json")
    client.post("/mijn/gegevens/verzoek/correctie/", {"explanation": "Mijn naam is Annavoornaam"})
    client.post("/mijn/gegevens/verwijderen/", {"confirm": "on"})
    request = DataSubjectRequest.objects.get(kind=RequestKind.ERASURE)
    client.force_login(officer)
    client.get(f"{ADMIN}erase/{request.pk}/")
    client.post(f"{ADMIN}erase/{request.pk}/", {"confirm": "on"})
    assert not User.objects.filter(email="anna@voorbeeld.test").exists()
    assert "executed" in caplog.text
    for personal in ["@voorbeeld.test", "@school.test", "Annavoornaam", "Annaachternaam"]:
        assert personal not in caplog.text
