"""Purpose-bound access and the access log: staff opening a record is logged (who, which record,
which purpose, when) without any of the record's values; a role outside the purpose is refused;
the privacy officer reads and filters the log, which nobody can change."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from django.utils.text import capfirst

from portal.roles import Role
from privacy.access import log_access
from privacy.models import AccessAction, AccessLogEntry, Purpose
from schools.models import SchoolInvitation, SchoolMembership
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolMembershipFactory, school_invitation
from tests.privacy.test_register_admin import assert_denied, in_english

pytestmark = pytest.mark.django_db

NOW = "2026-11-22 10:00 +01:00"


@pytest.fixture
def member():
    return SchoolMembershipFactory(
        user=UserFactory(
            first_name="Femke", last_name="Jansen-Oosterhof", email="femke@school.test"
        )
    )


@pytest.fixture
def invitation():
    invitation, _token = school_invitation(email="nieuwe.collega@school.test")
    return invitation


@pytest.fixture
def officer():
    return in_english(UserFactory(groups=[Role.PRIVACY_OFFICER]))


def cell(content, text) -> int:
    """Where a table cell holding exactly `text` is in the page, or -1."""
    found = re.search(rf"<td[^>]*>\s*{re.escape(text)}\s*</td>", content)
    return found.start() if found else -1


def personal_values_in_log():
    """Every value and string of every access-log entry, to search for personal data."""
    values = []
    for entry in AccessLogEntry.objects.all():
        values.append(str(entry))
        values.extend(str(value) for value in entry.__dict__.values())
    return " ".join(values)


@time_machine.travel(NOW, tick=False)
def test_opening_a_record_writes_who_which_record_which_purpose_and_when(client, invitation):
    manager = UserFactory(groups=[Role.FUND_MANAGER])
    client.force_login(manager)
    response = client.get(f"/admin/schools/invitations/inspect/{invitation.pk}/")
    assert response.status_code == 200
    assert "nieuwe.collega@school.test" in response.content.decode()  # they see the record

    entry = AccessLogEntry.objects.get()
    assert entry.user == manager
    assert entry.content_type == ContentType.objects.get_for_model(SchoolInvitation)
    assert entry.object_id == str(invitation.pk)
    assert entry.purpose == "fonds-cultuureducatie"
    assert entry.action == AccessAction.VIEW
    assert entry.at == timezone.now()


def test_a_list_of_records_is_logged_with_its_size(client, member):
    SchoolMembershipFactory()
    client.force_login(UserFactory(groups=[Role.FUND_MANAGER]))
    assert client.get("/admin/schools/members/").status_code == 200
    entry = AccessLogEntry.objects.get()
    assert entry.content_type == ContentType.objects.get_for_model(SchoolMembership)
    assert (entry.object_id, entry.count, entry.action) == ("", 2, AccessAction.VIEW)


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR_TAALPUNT, Role.COORDINATOR_VOORLEESEXPRESS, Role.EDITOR]
)
@pytest.mark.parametrize(
    "url", ["/admin/schools/members/", "/admin/schools/invitations/inspect/{invitation}/"]
)
def test_a_role_outside_the_purpose_is_refused_and_nothing_is_logged(
    client, member, invitation, role, url
):
    client.force_login(UserFactory(groups=[role]))
    response = client.get(url.format(invitation=invitation.pk), follow=False)
    assert response.status_code == 403
    assert "nieuwe.collega@school.test" not in response.content.decode()
    assert not AccessLogEntry.objects.exists()


def test_the_log_holds_no_personal_values(client, member, invitation):
    client.force_login(UserFactory(groups=[Role.FUND_MANAGER]))
    client.get("/admin/schools/members/")
    client.get(f"/admin/schools/invitations/inspect/{invitation.pk}/")
    client.post(f"/admin/schools/members/delete/{member.pk}/")
    assert AccessLogEntry.objects.count() >= 2
    logged = personal_values_in_log()
    for value in ("Femke", "Jansen-Oosterhof", "femke@school.test", "nieuwe.collega"):
        assert value not in logged


# --- The privacy officer's screen ----------------------------------------------------------


@pytest.fixture
def log_world(officer):
    """Entries by two staff members, for two purposes and kinds of record, on two days."""
    manager = UserFactory(first_name="Frits", last_name="Fondsbeheer", groups=[Role.FUND_MANAGER])
    coordinator = UserFactory(
        first_name="Tineke", last_name="Taalpunt", groups=[Role.COORDINATOR_TAALPUNT]
    )
    with time_machine.travel("2026-11-02 10:00 +01:00"):
        log_access(manager, model=SchoolInvitation, purpose="fonds-cultuureducatie", object_id=4201)
    with time_machine.travel("2026-11-20 10:00 +01:00"):
        log_access(
            manager,
            model=SchoolMembership,
            purpose="fonds-cultuureducatie",
            object_id=4202,
            action=AccessAction.CHANGE,
        )
        log_access(
            coordinator,
            model=SchoolMembership,
            purpose="taalpunt",
            object_id=9301,
            action=AccessAction.EXPORT,
            count=12,
        )
    return {"manager": manager, "coordinator": coordinator}


def test_the_privacy_officer_reads_the_log_newest_first(client, officer, log_world):
    client.force_login(officer)
    content = client.get("/admin/privacy/access-log/").content.decode()
    assert cell(content, "9301") < cell(content, "4202") < cell(content, "4201")
    assert "Frits Fondsbeheer" in content and "Tineke Taalpunt" in content
    with translation.override("en"):
        kind = str(capfirst(SchoolInvitation._meta.verbose_name))
    assert kind in content  # the kind of record, by name


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("purpose=fonds-cultuureducatie", ["4201", "4202"], ["9301"]),
        ("purpose=taalpunt", ["9301"], ["4201", "4202"]),
        ("action=export", ["9301"], ["4201", "4202"]),
        ("at_from=2026-11-19&at_to=2026-11-21", ["4202", "9301"], ["4201"]),
    ],
)
def test_the_privacy_officer_filters_the_log(client, officer, log_world, query, shown, hidden):
    client.force_login(officer)
    content = client.get(f"/admin/privacy/access-log/?{query}").content.decode()
    for record in shown:
        assert cell(content, record) >= 0
    for record in hidden:
        assert cell(content, record) == -1


def test_filtering_by_staff_member_and_kind_of_record(client, officer, log_world):
    client.force_login(officer)
    coordinator = log_world["coordinator"]
    content = client.get(f"/admin/privacy/access-log/?user={coordinator.pk}").content.decode()
    assert cell(content, "9301") >= 0 and cell(content, "4202") == -1

    invitation_type = ContentType.objects.get_for_model(SchoolInvitation)
    content = client.get(
        f"/admin/privacy/access-log/?content_type={invitation_type.pk}"
    ).content.decode()
    assert cell(content, "4201") >= 0 and cell(content, "4202") == -1


def test_reading_the_log_is_logged_too(client, officer, log_world):
    client.force_login(officer)
    client.get("/admin/privacy/access-log/")
    entry = AccessLogEntry.objects.filter(user=officer).get()
    assert (entry.purpose, entry.content_type.model) == ("toegangslog", "accesslogentry")


def test_nobody_changes_the_log(client, log_world):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    pk = AccessLogEntry.objects.first().pk
    for url in ("new/", f"edit/{pk}/", f"delete/{pk}/", f"copy/{pk}/", f"inspect/{pk}/"):
        assert client.get(f"/admin/privacy/access-log/{url}").status_code == 404
    content = client.get("/admin/privacy/access-log/").content.decode()
    assert "/admin/privacy/access-log/edit/" not in content


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.EDITOR, Role.FUND_MANAGER])
def test_other_staff_cannot_read_the_log(client, log_world, role):
    client.force_login(UserFactory(groups=[role]))
    assert_denied(client.get("/admin/privacy/access-log/"))


def test_the_log_list_takes_a_fixed_number_of_queries(
    client, officer, log_world, django_assert_max_num_queries
):
    purposes = list(Purpose.objects.values_list("code", flat=True))
    staff = [UserFactory(groups=[Role.FUND_MANAGER]) for _ in range(5)]
    start = timezone.now() - timedelta(days=1)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            at=start + timedelta(minutes=n),
            user=staff[n % 5],
            purpose=purposes[n % len(purposes)],
            action=AccessAction.VIEW,
            content_type=ContentType.objects.get_for_model(SchoolMembership),
            object_id=str(n),
        )
        for n in range(120)
    )
    client.force_login(officer)
    with django_assert_max_num_queries(30):
        response = client.get("/admin/privacy/access-log/")
    assert response.status_code == 200
