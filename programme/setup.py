"""Setting up the own programme on a site: its page, and the programme staff's permissions there.

The demo calls `ensure_programme`; on a real site an administrator adds the programme page in
the Wagtail admin and runs `manage.py setup_programme` (or gives the group these permissions on
the page in the admin's group settings)."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from portal.roles import Role
from programme.models import ProgrammeIndexPage

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def ensure_programme(home, title="Programma", slug="programma") -> ProgrammeIndexPage:
    """The programme page under `home` (made once), with page permissions for its staff."""
    page = ProgrammeIndexPage.objects.first()
    if page is None:
        page = ProgrammeIndexPage(
            title=title,
            slug=slug,
            intro="Lezingen, workshops, voorstellingen en cursussen van de bibliotheek zelf.",
        )
        home.add_child(instance=page)
    grant_page_permissions(page)
    return page


def grant_page_permissions(page) -> None:
    group, _created = Group.objects.get_or_create(name=Role.PROGRAMMER)
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
