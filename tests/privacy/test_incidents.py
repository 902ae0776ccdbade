"""The disclosure log and the breach log: for the privacy officer only, with who recorded each
entry taken from the login, a second person's approval of a disclosure, and a breach's 72-hour
deadline to report it."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from portal.roles import Role
from privacy.models import AccessAction, AccessLogEntry, Breach, BreachRisk, Disclosure
from tests.factories.portal import UserFactory
from tests.privacy.test_register_admin import assert_denied, in_english

pytestmark = pytest.mark.django_db

NOW = "2026-11-22 10:00 +01:00"


@pytest.fixture
def officer():
    return in_english(UserFactory(groups=[Role.PRIVACY_OFFICER]))


@pytest.fixture
def second_officer():
    return in_english(UserFactory(groups=[Role.PRIVACY_OFFICER]))


@pytest.fixture
def disclosure(officer):
    return Disclosure.objects.create(
        requested_by="Politie Oost-Nederland",
        reference="PL0600-2026-123",
        legal_basis="art. 126nd Sv",
        requested_on=date(2026, 11, 20),
        persons_concerned="Een deelnemer van het Taalpunt",
        data_given="Naam en telefoonnummer",
        recorded_by=officer,
    )


@pytest.fixture
def breach(officer):
    return Breach.objects.create(
        title="Presentielijst in de trein laten liggen",
        discovered_at=timezone.now() - timedelta(hours=10),
        description="Een papieren lijst met namen.",
        data_categories="namen, telefoonnummers",
        people_affected=12,
        risk=BreachRisk.RISK,
        recorded_by=officer,
    )


# --- Only the privacy officer --------------------------------------------------------------

PAGES = [
    "/admin/privacy/disclosures/",
    "/admin/privacy/disclosures/new/",
    "/admin/privacy/disclosures/inspect/{disclosure}/",
    "/admin/privacy/disclosures/edit/{disclosure}/",
    "/admin/privacy/breaches/",
    "/admin/privacy/breaches/new/",
    "/admin/privacy/breaches/inspect/{breach}/",
    "/admin/privacy/breaches/edit/{breach}/",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.PRIVACY_OFFICER, True),
        (Role.MODERATOR, False),
        (Role.EDITOR, False),
        (Role.FUND_MANAGER, False),
        (Role.COORDINATOR_VOORLEESEXPRESS, False),
    ],
)
def test_only_the_privacy_officer_sees_the_logs(client, disclosure, breach, role, allowed, url):
    client.force_login(UserFactory(groups=[role]))
    response = client.get(url.format(disclosure=disclosure.pk, breach=breach.pk))
    if allowed:
        assert response.status_code == 200
    else:
        assert_denied(response)
        assert "Politie Oost-Nederland" not in response.content.decode()


def test_opening_a_disclosure_is_in_the_access_log(client, officer, disclosure):
    client.force_login(officer)
    client.get(f"/admin/privacy/disclosures/inspect/{disclosure.pk}/")
    entry = AccessLogEntry.objects.get(object_id=str(disclosure.pk), action=AccessAction.VIEW)
    assert (entry.user, entry.purpose, entry.content_type.model) == (
        officer,
        "privacybeheer",
        "disclosure",
    )


# --- Disclosures ---------------------------------------------------------------------------


def test_recording_a_disclosure_sets_who_recorded_it(client, officer, second_officer):
    client.force_login(officer)
    response = client.post(
        "/admin/privacy/disclosures/new/",
        {
            "requested_by": "Belastingdienst",
            "reference": "",
            "legal_basis": "art. 53 AWR",
            "requested_on": "2026-11-01",
            "persons_concerned": "Een aanvrager van het Fonds Buurtcultuur",
            "data_given": "Het toegekende bedrag",
            "given_on": "2026-11-03",
            # A forged field is ignored: the recorder is who is logged in.
            "recorded_by": second_officer.pk,
        },
    )
    assert response.status_code == 302
    disclosure = Disclosure.objects.get(requested_by="Belastingdienst")
    assert disclosure.recorded_by == officer
    assert disclosure.approved_by is None


def test_who_recorded_a_disclosure_cannot_approve_it(client, officer, disclosure):
    client.force_login(officer)
    page = client.get(f"/admin/privacy/disclosures/inspect/{disclosure.pk}/").content.decode()
    assert "Approve this disclosure" in page

    response = client.post(f"/admin/privacy/disclosures/approve/{disclosure.pk}/", follow=True)
    assert "A disclosure must be approved by someone other than who recorded it." in (
        response.content.decode()
    )
    disclosure.refresh_from_db()
    assert disclosure.approved_by is None


def test_a_second_privacy_officer_approves_a_disclosure(client, second_officer, disclosure):
    client.force_login(second_officer)
    response = client.post(f"/admin/privacy/disclosures/approve/{disclosure.pk}/", follow=True)
    assert "The disclosure is approved." in response.content.decode()
    disclosure.refresh_from_db()
    assert disclosure.approved_by == second_officer
    assert disclosure.approved_at is not None
    # The approval is a change of the record, in the access log.
    assert AccessLogEntry.objects.filter(
        user=second_officer, object_id=str(disclosure.pk), action=AccessAction.CHANGE
    ).exists()
    # The inspect page says so and offers no second approval.
    page = client.get(f"/admin/privacy/disclosures/inspect/{disclosure.pk}/").content.decode()
    assert "Approved by" in page
    assert "Approve this disclosure" not in page


def test_approving_needs_a_post(client, second_officer, disclosure):
    client.force_login(second_officer)
    assert client.get(f"/admin/privacy/disclosures/approve/{disclosure.pk}/").status_code == 405
    disclosure.refresh_from_db()
    assert disclosure.approved_by is None


def test_other_roles_cannot_approve(client, disclosure):
    client.force_login(UserFactory(groups=[Role.FUND_MANAGER]))
    assert_denied(client.post(f"/admin/privacy/disclosures/approve/{disclosure.pk}/"))
    disclosure.refresh_from_db()
    assert disclosure.approved_by is None


def test_the_list_shows_which_disclosures_are_approved(client, officer, second_officer):
    approved = Disclosure.objects.create(
        requested_by="Rechtbank Overijssel",
        legal_basis="x",
        requested_on=date(2026, 10, 1),
        persons_concerned="x",
        data_given="x",
        recorded_by=officer,
    )
    approved.approve(second_officer)
    Disclosure.objects.create(
        requested_by="Politie Zwolle",
        legal_basis="x",
        requested_on=date(2026, 10, 2),
        persons_concerned="x",
        data_given="x",
        recorded_by=officer,
    )
    client.force_login(officer)
    content = client.get("/admin/privacy/disclosures/").content.decode()
    assert "Rechtbank Overijssel" in content and "Politie Zwolle" in content
    assert "w-text-positive-100" in content and "w-text-text-error" in content

    only_open = client.get("/admin/privacy/disclosures/?approved=false").content.decode()
    assert "Politie Zwolle" in only_open
    assert "Rechtbank Overijssel" not in only_open


def test_changing_an_approved_disclosure_needs_a_new_approval(
    client, officer, second_officer, disclosure
):
    disclosure.approve(second_officer)
    client.force_login(officer)
    response = client.post(
        f"/admin/privacy/disclosures/edit/{disclosure.pk}/",
        {
            "requested_by": disclosure.requested_by,
            "reference": disclosure.reference,
            "legal_basis": disclosure.legal_basis,
            "requested_on": "2026-11-20",
            "persons_concerned": disclosure.persons_concerned,
            "data_given": "Naam, telefoonnummer en adres",
            "given_on": "",
        },
        follow=True,
    )
    assert "it must be approved again" in response.content.decode()
    disclosure.refresh_from_db()
    assert disclosure.data_given == "Naam, telefoonnummer en adres"
    assert disclosure.approved_by is None


# --- Breaches ------------------------------------------------------------------------------


@time_machine.travel(NOW)
def test_recording_a_breach_sets_who_recorded_it_and_shows_the_deadline(client, officer):
    client.force_login(officer)
    response = client.post(
        "/admin/privacy/breaches/new/",
        {
            "title": "Mail aan verkeerde lijst",
            "discovered_at": "2026-11-22 08:00",
            "description": "Een bericht ging naar de verkeerde nieuwsbrief.",
            "data_categories": "e-mailadressen",
            "people_affected": "40",
            "risk": BreachRisk.RISK,
            "measures": "",
            "reported_to_authority_at": "",
            "authority_reference": "",
            "people_informed_at": "",
            "closed_at": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    breach = Breach.objects.get(title="Mail aan verkeerde lijst")
    assert breach.recorded_by == officer
    assert timezone.localtime(breach.report_deadline).strftime("%Y-%m-%d %H:%M") == (
        "2026-11-25 08:00"
    )
    for url in (
        f"/admin/privacy/breaches/edit/{breach.pk}/",
        f"/admin/privacy/breaches/inspect/{breach.pk}/",
    ):
        page = client.get(url).content.decode()
        assert "Report this breach to the Autoriteit Persoonsgegevens before" in page
        assert "Nov. 25, 2026" in page or "November 25, 2026" in page


@time_machine.travel(NOW)
def test_the_list_flags_breaches_past_their_deadline(client, officer):
    now = timezone.now()
    Breach.objects.create(
        title="Oud lek",
        discovered_at=now - timedelta(hours=80),
        description="x",
        data_categories="x",
        risk=BreachRisk.HIGH,
    )
    Breach.objects.create(
        title="Vers lek",
        discovered_at=now - timedelta(hours=2),
        description="x",
        data_categories="x",
        risk=BreachRisk.RISK,
    )
    client.force_login(officer)
    content = client.get("/admin/privacy/breaches/").content.decode()
    assert content.count("Report overdue") == 1
    assert "Oud lek" in content and "Vers lek" in content
    inspect = client.get(
        f"/admin/privacy/breaches/inspect/{Breach.objects.get(title='Oud lek').pk}/"
    ).content.decode()
    assert "Report overdue" in inspect


def test_the_breach_log_filters_by_risk_and_open_or_closed(client, officer):
    now = timezone.now()
    for title, risk, closed in [
        ("Open en hoog", BreachRisk.HIGH, None),
        ("Gesloten en hoog", BreachRisk.HIGH, now),
        ("Open zonder risico", BreachRisk.NONE, None),
    ]:
        Breach.objects.create(
            title=title,
            discovered_at=now,
            description="x",
            data_categories="x",
            risk=risk,
            closed_at=closed,
        )
    client.force_login(officer)

    high = client.get("/admin/privacy/breaches/?risk=high").content.decode()
    assert "Open en hoog" in high and "Gesloten en hoog" in high
    assert "Open zonder risico" not in high

    open_only = client.get("/admin/privacy/breaches/?is_open=true").content.decode()
    assert "Open en hoog" in open_only and "Open zonder risico" in open_only
    assert "Gesloten en hoog" not in open_only

    closed_only = client.get("/admin/privacy/breaches/?is_open=false").content.decode()
    assert "Gesloten en hoog" in closed_only
    assert "Open en hoog" not in closed_only
