"""Registering without an account, confirming by email, and cleaning up what nobody confirmed."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from privacy.models import ConsentRecord
from volunteers import jobs
from volunteers.forms import TaalpuntParticipantForm
from volunteers.models import (
    ReadingVolunteer,
    StatisticsRecord,
    Status,
    TaalpuntPerson,
)
from volunteers.programmes import PROGRAMMES
from volunteers.queries import list_rows

pytestmark = pytest.mark.django_db

EN = {"HTTP_COOKIE": "django_language=en"}

READING = {
    "first_name": "Vera",
    "last_name": "Voorlezer",
    "email": "vera@voorbeeld.test",
    "phone": "06 11223344",
    "postcode": "8011ab",
    "wijk": "assendorp",
    "availability": ["tue_pm", "sat_am"],
    "languages": ["nl", "tr"],
    "experience": "Moeder van twee",
    "motivation": "Ik hou van verhalen.",
}

PARTICIPANT = {
    "first_name": "Samira",
    "last_name": "Haddad",
    "email": "samira@voorbeeld.test",
    "phone": "",
    "age_band": "27-40",
    "wijk": "holtenbroek",
    "interests": ["taalcafe", "digital"],
    "learning_goals": ["speaking"],
    "level": "basic",
    "availability": ["mon_am"],
    "gender": "woman",
    "language_group": "arabic",
    "how_heard": "library",
    "consent": "on",
}


def confirm_link(message):
    return re.search(r"http://testserver(/\S+/bevestigen/\S+/)", message.body).group(1)


def test_the_form_shows_purpose_and_retention_from_the_register(client):
    html = client.get("/voorleesexpress/aanmelden/", **EN).content.decode()
    assert "Volunteering for the VoorleesExpress" in html
    assert "only to inform you about your work as a volunteer" in html
    assert "1 year" in html
    assert "Stichting De VoorleesExpress" in html  # the recipient the register names
    html = client.get("/taalpunt/aanmelden/deelnemer/", **EN).content.decode()
    assert "National Taalpunt statistics (anonymised)" in html
    assert "Participant or volunteer at the Taalpunt" in html


def test_the_forms_ask_no_bsn_no_country_and_no_birth_date(client):
    for url in [
        "/voorleesexpress/aanmelden/",
        "/taalpunt/aanmelden/deelnemer/",
        "/taalpunt/aanmelden/vrijwilliger/",
    ]:
        html = client.get(url, **EN).content.decode().lower()
        names = set(re.findall(r'name="([a-z_]+)"', html))
        assert not names & {"bsn", "country", "country_of_origin", "birth_date", "date_of_birth"}
        # The words, not inside a random token (the CSRF token once held "bsn").
        words = set(re.findall(r"[a-z]+", re.sub(r'value="[^"]*"', "", html)))
        assert not words & {"bsn", "country", "burgerservicenummer"}


def test_a_volunteer_registers_and_nothing_happens_until_confirmed(client):
    response = client.post("/voorleesexpress/aanmelden/", READING)
    assert response.status_code == 302
    person = ReadingVolunteer.objects.get()
    assert person.status == Status.UNCONFIRMED
    assert person.postcode == "8011 AB"
    assert person.availability == ["tue_pm", "sat_am"]
    # The coordinator's list does not show it.
    assert not list_rows(PROGRAMMES["voorleesexpress"], {}).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["vera@voorbeeld.test"]
    link = confirm_link(mail.outbox[0])
    assert "vera" not in link.lower()  # no personal data in the URL
    # Opening the link shows a button; only the POST confirms (mail scanners follow links).
    assert client.get(link).status_code == 200
    assert ReadingVolunteer.objects.get().status == Status.UNCONFIRMED
    assert client.post(link).status_code == 200
    person.refresh_from_db()
    assert person.status == Status.REGISTERED and person.confirmed_at
    assert [row["id"] for row in list_rows(PROGRAMMES["voorleesexpress"], {})] == [person.pk]
    assert person.events.get().kind == "confirmed"
    # A second confirmation changes nothing.
    client.post(link)
    assert person.events.count() == 1


def test_a_bad_input_keeps_everything_entered(client):
    data = {**READING, "postcode": "12", "email": "geen-adres"}
    response = client.post("/voorleesexpress/aanmelden/", data, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid Dutch postcode" in html
    assert 'value="Voorlezer"' in html and "Ik hou van verhalen." in html
    assert not ReadingVolunteer.objects.exists()


def test_a_made_up_or_other_programmes_link_does_not_confirm(client):
    client.post("/voorleesexpress/aanmelden/", READING)
    link = confirm_link(mail.outbox[0])
    assert client.post(link[:-3] + "xx/").status_code == 404
    assert client.post(link.replace("voorleesexpress", "taalpunt")).status_code == 404
    assert ReadingVolunteer.objects.get().status == Status.UNCONFIRMED


def test_the_link_expires_after_seven_days(client, time_machine=None):
    client.post("/voorleesexpress/aanmelden/", READING)
    link = confirm_link(mail.outbox[0])
    from unittest import mock

    later = timezone.now() + timedelta(days=8)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert client.post(link).status_code == 404


def test_a_participant_registers_statistics_go_apart_at_confirmation(client):
    assert client.post("/taalpunt/aanmelden/deelnemer/", PARTICIPANT).status_code == 302
    person = TaalpuntPerson.objects.get()
    assert person.role == "participant" and not person.under_16
    assert not StatisticsRecord.objects.exists()  # not before confirmation
    client.post(confirm_link(mail.outbox[0]))
    person.refresh_from_db()
    assert person.pending_statistics is None
    record = StatisticsRecord.objects.get()
    assert (record.age_band, record.gender, record.language_group, record.how_heard) == (
        "27-40",
        "woman",
        "arabic",
        "library",
    )
    assert record.wijk == "holtenbroek" and record.activity_kind == "taalcafe"
    assert record.period == timezone.localdate().replace(day=1)
    # Those answers are not kept with the person.
    fields = {f.name for f in TaalpuntPerson._meta.get_fields()}
    assert not fields & {"age_band", "gender", "language_group", "how_heard", "birth_date"}
    # Consent is the Taalpunt's legal basis: it is in the ledger, with the text shown.
    consent = ConsentRecord.objects.get(topic="taalpunt")
    assert consent.given and consent.subject_email == "samira@voorbeeld.test"
    with translation.override("en"):
        assert consent.text.text_en == str(TaalpuntParticipantForm.base_fields["consent"].label)
    # The welcome mail brings the link to the participant's own page.
    assert "/taalpunt/mijn/" in mail.outbox[-1].body


def test_under_16_needs_a_parents_consent(client):
    data = {**PARTICIPANT, "age_band": "0-15"}
    response = client.post("/taalpunt/aanmelden/deelnemer/", data, **EN)
    assert response.status_code == 200
    assert "a parent or guardian must give their consent" in response.content.decode()
    data |= {
        "parent_name": "Karim Haddad",
        "parent_email": "karim@voorbeeld.test",
        "parent_consent": "on",
    }
    assert client.post("/taalpunt/aanmelden/deelnemer/", data).status_code == 302
    person = TaalpuntPerson.objects.get()
    assert person.under_16 and person.parent_consent_at and person.parent_name == "Karim Haddad"
    client.post(confirm_link(mail.outbox[-1]))
    assert ConsentRecord.objects.filter(
        topic="taalpunt", subject_email="karim@voorbeeld.test", given=True
    ).exists()


def test_a_taalpunt_volunteer_registers(client):
    data = {
        "first_name": "Joost",
        "last_name": "Helper",
        "email": "joost@voorbeeld.test",
        "wijk": "wipstrik",
        "interests": ["practice"],
        "availability": ["wed_ev"],
        "languages": ["nl", "fr"],
        "motivation": "Taal verbindt.",
        "consent": "on",
    }
    assert client.post("/taalpunt/aanmelden/vrijwilliger/", data).status_code == 302
    client.post(confirm_link(mail.outbox[0]))
    person = TaalpuntPerson.objects.get()
    assert person.role == "volunteer" and person.status == Status.REGISTERED
    assert not StatisticsRecord.objects.exists()  # statistics are of participants only


def test_unconfirmed_registrations_are_deleted_after_seven_days(client):
    client.post("/voorleesexpress/aanmelden/", READING)
    client.post("/taalpunt/aanmelden/deelnemer/", PARTICIPANT)
    assert jobs.delete_unconfirmed() == 0
    assert jobs.delete_unconfirmed(now=timezone.now() + timedelta(days=8)) == 2
    assert not ReadingVolunteer.objects.exists() and not TaalpuntPerson.objects.exists()
    assert not StatisticsRecord.objects.exists()
