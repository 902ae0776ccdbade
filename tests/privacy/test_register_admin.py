"""The register of processing and the processors in the admin, and the privacy officer's panel
on the admin home: kept by the privacy officer, closed to every other role."""

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.users.models import UserProfile

from portal.roles import Role
from privacy import dashboard
from privacy.models import (
    Breach,
    BreachRisk,
    DataSubjectRequest,
    LegalBasis,
    Processor,
    Purpose,
    RequestKind,
    RetentionAction,
)
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

TODAY = "2026-11-22 10:00 +01:00"


def assert_denied(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the admin home and an
    error message; a plain 403 counts as denied too."""
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert response["Location"] == "/admin/"


def in_english(user):
    """The admin speaks the person's preferred language: English, to read the msgids."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def officer():
    return in_english(UserFactory(groups=[Role.PRIVACY_OFFICER]))


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def processor():
    processor = Processor.objects.create(
        name="Mailhuis BV",
        service="Verzenden van nieuwsbrieven",
        agreement_signed_on=date(2025, 1, 1),
        location="EU (Nederland)",
    )
    processor.purposes.set([Purpose.objects.get(code="nieuwsbrieven")])
    return processor


# --- Who may see the register --------------------------------------------------------------

URLS = [
    "/admin/privacy/register/",
    "/admin/privacy/register/new/",
    "/admin/privacy/register/inspect/{purpose}/",
    "/admin/privacy/register/edit/{purpose}/",
    "/admin/privacy/register/history/{purpose}/",
    "/admin/privacy/processors/",
    "/admin/privacy/processors/new/",
    "/admin/privacy/processors/edit/{processor}/",
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.PRIVACY_OFFICER, True),
        (Role.MODERATOR, False),
        (Role.EDITOR, False),
        (Role.FUND_MANAGER, False),
        (Role.COORDINATOR_TAALPUNT, False),
    ],
)
def test_only_the_privacy_officer_reaches_the_register(client, processor, role, allowed, url):
    purpose = Purpose.objects.get(code="accounts")
    client.force_login(UserFactory(groups=[role]))
    response = client.get(url.format(purpose=purpose.pk, processor=processor.pk))
    if allowed:
        assert response.status_code == 200
    else:
        assert_denied(response)


def test_the_list_shows_legal_basis_retention_roles_and_processors(
    officer_client, processor, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        response = officer_client.get("/admin/privacy/register/")
    content = response.content.decode()
    assert response.status_code == 200
    for purpose in Purpose.objects.all():
        with translation.override("en"):
            assert escape(purpose.name) in content
            assert escape(purpose.retention_in_words()) in content
            assert escape(purpose.get_legal_basis_display()) in content
    assert "Mailhuis BV" in content
    assert "Privacyfunctionaris" in content  # a role named by privacybeheer and toegangslog


def test_the_inspect_view_shows_the_models_and_fields_bound_to_the_purpose(officer_client):
    purpose = Purpose.objects.get(code="fonds-cultuureducatie")
    content = officer_client.get(f"/admin/privacy/register/inspect/{purpose.pk}/").content.decode()
    assert "schools.SchoolMembership" in content
    assert "schools.SchoolInvitation" in content
    assert "portal.User" not in content  # bound to accounts, not here


def test_the_privacy_officer_adds_and_edits_a_purpose_but_not_its_code(officer_client):
    staff = Group.objects.get(name=Role.COORDINATOR_TAALPUNT)
    data = {
        "code": "fotowedstrijd",
        "name_nl": "Fotowedstrijd",
        "name_en": "Photo contest",
        "description_nl": "Inzendingen voor de fotowedstrijd.",
        "description_en": "Entries for the photo contest.",
        "legal_basis": LegalBasis.CONSENT,
        "data_categories": "naam, e-mailadres, foto",
        "data_subjects": "deelnemers",
        "recipients": "",
        "retention_days": "90",
        "ended_description_nl": "na de uitslag",
        "retention_action": RetentionAction.DELETE,
        "legal_hold_years": "0",
        "roles": [staff.pk],
        "sort_order": "50",
        "is_active": "on",
    }
    response = officer_client.post("/admin/privacy/register/new/", data)
    assert response.status_code == 302
    purpose = Purpose.objects.get(code="fotowedstrijd")
    assert list(purpose.roles.all()) == [staff]

    edit_url = f"/admin/privacy/register/edit/{purpose.pk}/"
    assert "fotowedstrijd" in officer_client.get(edit_url).content.decode()
    response = officer_client.post(
        edit_url, {**data, "code": "iets-anders", "retention_days": "180"}
    )
    assert response.status_code == 302
    purpose.refresh_from_db()
    assert (purpose.code, purpose.retention_days) == ("fotowedstrijd", 180)


def test_a_purpose_is_never_deleted_or_copied(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    purpose = Purpose.objects.get(code="accounts")
    assert client.get(f"/admin/privacy/register/delete/{purpose.pk}/").status_code == 404
    assert client.get(f"/admin/privacy/register/copy/{purpose.pk}/").status_code == 404


@time_machine.travel(TODAY)
def test_the_processor_list_shows_whether_the_agreement_is_valid(officer_client, processor):
    Processor.objects.create(
        name="Oud Archief BV",
        service="Archief",
        agreement_signed_on=date(2020, 1, 1),
        agreement_ends_on=date(2025, 12, 31),
    )
    response = officer_client.get("/admin/privacy/processors/")
    content = response.content.decode()
    assert "Mailhuis BV" in content and "Oud Archief BV" in content
    rows = {row.name: row.agreement_valid() for row in response.context["object_list"]}
    assert rows == {"Mailhuis BV": True, "Oud Archief BV": False}
    assert "w-text-positive-100" in content  # the tick of the valid agreement
    assert "w-text-text-error" in content  # the cross of the expired one


def test_an_agreement_cannot_end_before_it_was_signed(officer_client):
    purpose = Purpose.objects.get(code="nieuwsbrieven")
    response = officer_client.post(
        "/admin/privacy/processors/new/",
        {
            "name": "Tijdreis BV",
            "service": "Iets",
            "agreement_signed_on": "2026-05-01",
            "agreement_ends_on": "2026-04-01",
            "purposes": [purpose.pk],
            "location": "",
            "notes": "",
        },
    )
    assert response.status_code == 200
    assert "The agreement cannot end before it was signed." in response.content.decode()
    assert not Processor.objects.filter(name="Tijdreis BV").exists()


# --- The panel on the admin home -----------------------------------------------------------


@pytest.fixture
def warnings_world(processor):
    """Processors with and without a valid agreement, for active and inactive purposes."""
    taalpunt = Purpose.objects.get(code="taalpunt")
    voorlees = Purpose.objects.get(code="voorleesexpress")
    inactive = Purpose.objects.get(code="bibliotheek-op-school")
    inactive.is_active = False
    inactive.save()
    unsigned = Processor.objects.create(name="Zonder Contract BV", service="Planning")
    unsigned.purposes.set([taalpunt, inactive])
    expired = Processor.objects.create(
        name="Verlopen BV",
        service="Hosting",
        agreement_signed_on=date(2020, 1, 1),
        agreement_ends_on=date(2026, 11, 1),
    )
    expired.purposes.set([voorlees])
    Processor.objects.create(name="Niemands Verwerker BV", service="Niets")  # names no purpose
    return {"unsigned": unsigned, "expired": expired}


@time_machine.travel(TODAY)
def test_the_home_panel_warns_about_purposes_whose_processor_has_no_valid_agreement(
    officer_client, warnings_world
):
    response = officer_client.get("/admin/")
    content = response.content.decode()
    assert 'id="privacy-warnings-content"' in content
    warned = {(w.purpose.code, w.processor.name) for w in dashboard.agreement_warnings()}
    assert warned == {("taalpunt", "Zonder Contract BV"), ("voorleesexpress", "Verlopen BV")}
    assert 'data-purpose="taalpunt"' in content
    assert 'data-purpose="voorleesexpress"' in content
    assert 'data-purpose="bibliotheek-op-school"' not in content  # not active
    assert 'data-purpose="nieuwsbrieven"' not in content  # Mailhuis BV has a valid agreement
    assert "no processing agreement" in content
    assert "agreement expired on" in content


@time_machine.travel(TODAY)
def test_the_home_panel_counts_overdue_requests_and_breaches_near_their_deadline(
    officer_client,
):
    with time_machine.travel("2026-09-01 10:00 +02:00"):
        DataSubjectRequest.objects.create(kind=RequestKind.ACCESS)
        DataSubjectRequest.objects.create(kind=RequestKind.ERASURE)
    DataSubjectRequest.objects.create(kind=RequestKind.ACCESS)  # due next month
    now = timezone.now()
    Breach.objects.create(
        title="Laptop kwijt",
        discovered_at=now - timedelta(hours=60),
        description="x",
        data_categories="x",
        risk=BreachRisk.RISK,
    )
    Breach.objects.create(
        title="Verkeerde bijlage",
        discovered_at=now - timedelta(hours=80),
        description="x",
        data_categories="x",
        risk=BreachRisk.HIGH,
    )
    Breach.objects.create(
        title="Net ontdekt",
        discovered_at=now - timedelta(hours=1),
        description="x",
        data_categories="x",
        risk=BreachRisk.RISK,
    )
    Breach.objects.create(
        title="Geen risico",
        discovered_at=now - timedelta(hours=80),
        description="x",
        data_categories="x",
        risk=BreachRisk.NONE,
    )
    content = officer_client.get("/admin/").content.decode()
    assert "2 data subject requests are past their due date." in content
    assert "Laptop kwijt" in content  # deadline within a day
    assert "Verkeerde bijlage" in content and "report overdue since" in content
    assert "Net ontdekt" not in content  # still more than a day left
    assert "Geen risico" not in content  # need not be reported


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.EDITOR, Role.FUND_MANAGER])
def test_other_staff_do_not_get_the_panel(client, warnings_world, role):
    client.force_login(UserFactory(groups=[role]))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'id="privacy-warnings-content"' not in response.content.decode()


def test_a_superuser_gets_the_panel(client, warnings_world):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert 'id="privacy-warnings-content"' in client.get("/admin/").content.decode()
