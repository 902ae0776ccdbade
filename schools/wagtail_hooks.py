import django_filters
from django.db.models import F
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from portal.admin_views import (
    InvitationViewSet,
    LimitedViewsMixin,
    ListQuerysetMixin,
    MembershipViewSet,
)
from privacy.access import PurposeBoundViewSet, purpose_of
from schools.importing import COUNT_KEYS, count_lines
from schools.models import (
    PupilCount,
    School,
    SchoolImport,
    SchoolInvitation,
    SchoolMembership,
    SchoolType,
)
from schools.permissions import policy
from schools.views_admin import (
    SchoolImportApplyView,
    SchoolImportForm,
    SchoolImportIndexView,
    SchoolImportPlanView,
    SchoolImportUploadView,
)


class SchoolInspectView(InspectView):
    """A school with its pupil counts, newest first."""

    template_name = "schools/admin/school_inspect.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pupil_counts=self.object.pupil_counts.order_by("-count_date"), **kwargs
        )


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
    inspect_view_class = SchoolInspectView


def count_date_choices():
    return [
        (day.isoformat(), date_format(day, "DATE_FORMAT"))
        for day in PupilCount.objects.dates("count_date", "day", order="DESC")
    ]


class PupilCountFilterSet(WagtailFilterSet):
    school_type = django_filters.ChoiceFilter(
        label=_("school type"),
        field_name="school__school_type",
        choices=SchoolType.choices,
        empty_label=_("All"),
    )
    count_date = django_filters.ChoiceFilter(
        label=_("count date"), choices=count_date_choices, empty_label=_("All")
    )

    class Meta:
        model = PupilCount
        fields = ["school_type", "count_date"]


class PupilCountViewSet(ListQuerysetMixin, ModelViewSet):
    """The pupil counts of all schools, by school type and count date."""

    name = "pupil_counts"
    url_prefix = "schools/pupil-counts"
    model = PupilCount
    icon = "table"
    menu_label = _("Pupil counts")
    list_display = [
        "school",
        Column("brin_code", label=_("BRIN number"), accessor=lambda c: c.school.brin_code),
        Column(
            "school_type",
            label=capfirst(_("school type")),
            accessor="school.get_school_type_display",
        ),
        Column("count_date", label=capfirst(_("count date")), sort_key="count_date"),
        Column("pupils", label=capfirst(_("pupils")), sort_key="pupils"),
        "source",
    ]
    filterset_class = PupilCountFilterSet
    search_fields = ["school__name", "school__brin"]
    form_fields = ["school", "count_date", "pupils", "source"]
    ordering = ["-count_date", "school__name"]
    copy_view_enabled = False

    def get_list_queryset(self):
        return PupilCount.objects.select_related("school")


def _local(value):
    return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""


def _import_counts(school_import):
    """The plan's counts (only those above 0), from the summary's counts alone."""
    counts = school_import.summary_counts or {}
    return ", ".join(
        line for key, line in zip(COUNT_KEYS, count_lines(counts), strict=True) if counts.get(key)
    )


class SchoolImportViewSet(LimitedViewsMixin, ListQuerysetMixin, PurposeBoundViewSet):
    """Schools -> Import schools: upload, plan, apply; the list is the log of imports."""

    name = "school_imports"
    url_prefix = "schools/imports"
    model = SchoolImport
    icon = "upload"
    menu_label = _("Import schools")
    enabled_views = ("index", "index_results", "add", "inspect")
    index_view_class = SchoolImportIndexView
    add_view_class = SchoolImportUploadView
    inspect_view_enabled = True
    inspect_view_class = SchoolImportPlanView
    copy_view_enabled = False
    form_fields = ["file"]
    inspect_view_fields = [
        "original_name",
        "uploaded_by",
        "uploaded_at",
        "applied_by",
        "applied_at",
    ]
    ordering = ["-uploaded_at", "-pk"]
    list_display = [
        TitleColumn(
            "original_name",
            label=capfirst(_("file name")),
            url_name="school_imports:inspect",
        ),
        Column(
            "uploaded_at",
            label=capfirst(_("uploaded")),
            accessor=lambda i: _local(i.uploaded_at),
            sort_key="uploaded_at",
        ),
        Column("uploaded_by", label=capfirst(_("uploaded by"))),
        Column("applied_at", label=capfirst(_("applied")), accessor=lambda i: _local(i.applied_at)),
        Column("summary", label=capfirst(_("plan")), accessor=_import_counts),
    ]

    def get_form_class(self, for_update=False):
        return SchoolImportForm

    def get_list_queryset(self):
        # The summary holds every row of the plan: the list reads only its counts.
        return (
            SchoolImport.objects.select_related("uploaded_by")
            .defer("summary")
            .annotate(summary_counts=F("summary__counts"))
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(apply_url_name=self.get_url_name("apply"), **kwargs)

    @property
    def apply_view(self):
        return self.construct_view(
            SchoolImportApplyView,
            purpose=purpose_of(SchoolImport),
            success_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("apply/<int:pk>/", self.apply_view, name="apply"),
        ]


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
    items = (
        SchoolViewSet,
        PupilCountViewSet,
        SchoolImportViewSet,
        SchoolMembershipViewSet,
        SchoolInvitationViewSet,
    )


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
