from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.base import ViewSetGroup

from listings.forms import ProviderProfileForm
from listings.models import Provider, ProviderInvitation, ProviderMembership
from listings.permissions import policy
from portal.admin_views import InvitationViewSet, MembershipViewSet
from privacy.access import PurposeBoundViewSet


class ProviderViewSet(PurposeBoundViewSet):
    name = "providers_admin"
    url_prefix = "providers"
    model = Provider
    icon = "group"
    menu_label = _("Providers")
    list_display = ["name", "kind", "wijk", BooleanColumn("is_public", label=_("public profile"))]
    list_filter = ["kind", "wijk", "is_public"]
    search_fields = ["name"]
    # What members edit on their profile, plus what only staff set.
    form_fields = [*ProviderProfileForm.Meta.fields, "slug", "logo"]
    inspect_view_enabled = True


class ProviderMembershipViewSet(PurposeBoundViewSet, MembershipViewSet):
    name = "provider_memberships"
    url_prefix = "providers/members"
    model = ProviderMembership
    menu_label = _("Provider members")


class ProviderInvitationViewSet(PurposeBoundViewSet, InvitationViewSet):
    name = "provider_invitations"
    url_prefix = "providers/invitations"
    model = ProviderInvitation
    menu_label = _("Provider invitations")


class ProvidersGroup(ViewSetGroup):
    menu_label = _("Providers")
    menu_icon = "group"
    menu_order = 220
    items = (ProviderViewSet, ProviderMembershipViewSet, ProviderInvitationViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ProvidersGroup()


@hooks.register("portal_dashboard_sections")
def my_providers(request):
    return {
        "order": 20,
        "template": "components/dashboard_memberships.html",
        "heading": _("My cultural organisations"),
        "memberships": policy.memberships_with_organisation(request.user),
    }
