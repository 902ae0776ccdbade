"""Staff roles are groups made by a migration, with the permissions their work needs."""

import pytest
from django.contrib.auth.models import Group

from portal.roles import ROLE_PERMISSIONS, Role
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolFactory

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_with_its_permissions():
    for name, permissions in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert set(permissions) <= granted, name


# (role, admin url) -> status
ADMIN_TABLE = [
    (Role.FUND_MANAGER, "/admin/schools/", 200),
    (Role.FUND_MANAGER, "/admin/providers/", 403),
    (Role.MODERATOR, "/admin/providers/", 200),
    (Role.MODERATOR, "/admin/schools/", 302),
    (Role.EDITOR, "/admin/pages/", 200),
    (Role.EDITOR, "/admin/schools/", 302),
    (Role.PRIVACY_OFFICER, "/admin/data_subject_requests/", 200),
    (Role.COORDINATOR_TAALPUNT, "/admin/schools/", 302),
    (Role.COORDINATOR_TAALPUNT, "/admin/data_subject_requests/", 403),
    (Role.REVIEWER, "/admin/", 302),
]


@pytest.mark.parametrize(("role", "url", "status"), ADMIN_TABLE)
def test_admin_access_by_role(client, role, url, status):
    SchoolFactory()
    client.force_login(UserFactory(groups=[role]))
    assert client.get(url).status_code == status


def test_editor_can_edit_and_publish_pages(client):
    from portal.models import HomePage

    client.force_login(UserFactory(groups=[Role.EDITOR]))
    home = HomePage.objects.get()
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/portal/standardpage/{home.pk}/").status_code == 200
