from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from portal.admin_views import InvitationViewSet, MembershipViewSet
from privacy.access import PurposeBoundViewSet
from schools.models import School, SchoolInvitation, SchoolMembership
from schools.permissions import policy


class SchoolViewSet(ModelViewSet):
    name = "schools_admin"
    url_prefix = "schools"
    model = School
    icon = "group"
    menu_label = _("Schools")
    list_display = [
        "name",
        Column("brin_code", label=_("BRIN number"), sort_key="brin"),
        "school_type",
        "wijk",
        BooleanColumn("is_active", label=_("active")),
    ]
    list_filter = ["school_type", "wijk", "is_active"]
    search_fields = ["name", "brin"]
    form_fields = [
        "name",
        "brin",
        "branch",
        "school_type",
        "street_address",
        "postcode",
        "city",
        "wijk",
        "email",
        "phone",
        "website",
        "is_active",
    ]
    inspect_view_enabled = True


class SchoolMembershipViewSet(PurposeBoundViewSet, MembershipViewSet):
    name = "school_memberships"
    url_prefix = "schools/members"
    model = SchoolMembership
    menu_label = _("School members")
    list_filter = ["role", "school__school_type"]


class SchoolInvitationViewSet(PurposeBoundViewSet, InvitationViewSet):
    name = "school_invitations"
    url_prefix = "schools/invitations"
    model = SchoolInvitation
    menu_label = _("School invitations")


class SchoolsGroup(ViewSetGroup):
    menu_label = _("Schools")
    menu_icon = "group"
    menu_order = 210
    items = (SchoolViewSet, SchoolMembershipViewSet, SchoolInvitationViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return SchoolsGroup()


@hooks.register("portal_dashboard_sections")
def my_schools(request):
    return {
        "order": 10,
        "template": "components/dashboard_memberships.html",
        "heading": _("My schools"),
        "memberships": policy.memberships_with_organisation(request.user),
    }
