from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from privacy import dashboard  # noqa: F401  (registers the admin home panel)
from privacy.viewsets import access_log, consent, incidents, newsletter, register, requests


class PrivacyGroup(ViewSetGroup):
    menu_label = _("Privacy")
    menu_icon = "lock"
    menu_order = 900
    items = (
        *register.VIEWSETS,
        *requests.VIEWSETS,
        *access_log.VIEWSETS,
        *consent.VIEWSETS,
        *incidents.VIEWSETS,
    )


@hooks.register("register_admin_viewset")
def register_privacy_viewsets():
    return PrivacyGroup()


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return [viewset() for viewset in newsletter.VIEWSETS]
