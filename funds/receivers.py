"""Signal receivers of the funds app."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from portal.roles import Role

FUND_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def fund_managers_manage_fund(sender, instance, created, **kwargs):
    """Fund managers open rounds: they may add, edit and publish pages under every fund."""
    if not created:
        return
    group = Group.objects.filter(name=Role.FUND_MANAGER).first()
    if group is None:
        return
    for codename in FUND_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=instance, permission=permission)


def keep_the_providers_name(sender, instance, **kwargs):
    """A provider is deleted (retention, a year after it stopped being public): the spending
    requests that name it are financial records under the legal hold and must still say who
    was paid, so they keep its name as text before the link goes."""
    from funds.models import SpendingRequest

    SpendingRequest.objects.filter(provider=instance, provider_name="").update(
        provider_name=instance.name[:200]
    )
