"""Admin screens: the disclosure log and the breach log, for the privacy officer only.

Both are bound to the purpose privacybeheer, so only the roles it names see them, and every look
is in the access log. Whoever records an entry is set from the login, never chosen in a form. A
disclosure needs a second privacy officer's approval; a breach shows its 72-hour deadline to
report it to the Autoriteit Persoonsgegevens.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, StatusFlagColumn
from wagtail.admin.views.generic import CreateView, EditView, InspectView, PermissionCheckedMixin
from wagtail.admin.views.generic.base import BaseOperationView

from portal.admin_views import ListQuerysetMixin
from privacy.access import AdminAccessMixin, PurposeBoundViewSet, purpose_of
from privacy.models import Breach, BreachRisk, Disclosure


def local_datetime(value) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""


class RecordedByCreateView(CreateView):
    """Sets `recorded_by` to the person logged in."""

    def save_instance(self):
        self.form.instance.recorded_by = self.request.user
        return super().save_instance()


# --- Disclosures ---------------------------------------------------------------------------


class DisclosureEditView(EditView):
    """A change after approval needs a new approval: the approver approved what they saw."""

    def save_instance(self):
        disclosure = self.form.instance
        if disclosure.approved_at and self.form.has_changed():
            disclosure.approved_by = None
            disclosure.approved_at = None
            messages.warning(
                self.request,
                _("The disclosure was changed after its approval: it must be approved again."),
            )
        return super().save_instance()


class DisclosureInspectView(InspectView):
    template_name = "privacy/admin/disclosure_inspect.html"
    approve_url_name = None

    def get_context_data(self, **kwargs):
        can_approve = self.object.approved_at is None and self.user_has_permission("change")
        approve_url = reverse(self.approve_url_name, args=[self.object.pk])
        return super().get_context_data(approve_url=approve_url if can_approve else None, **kwargs)


class DisclosureApproveView(AdminAccessMixin, PermissionCheckedMixin, BaseOperationView):
    """POST: a second privacy officer approves a disclosure (never who recorded it)."""

    model = Disclosure
    permission_required = "change"
    success_message = _("The disclosure is approved.")
    failed = False

    def perform_operation(self):
        if self.object.approved_at:
            self.failed = True
            messages.info(self.request, _("The disclosure was already approved."))
            return
        try:
            self.object.approve(self.request.user)
        except ValidationError as error:
            self.failed = True
            for message in error.messages:
                messages.error(self.request, message)

    def add_success_message(self):
        if not self.failed:
            super().add_success_message()


class DisclosureFilterSet(WagtailFilterSet):
    approved = django_filters.BooleanFilter(
        label=_("approved"), field_name="approved_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Disclosure
        fields = ["approved"]


class DisclosureViewSet(ListQuerysetMixin, PurposeBoundViewSet):
    model = Disclosure
    name = "disclosures"
    url_prefix = "privacy/disclosures"
    icon = "openquote"
    menu_label = _("Disclosure log")
    add_view_class = RecordedByCreateView
    edit_view_class = DisclosureEditView
    inspect_view_enabled = True
    inspect_view_class = DisclosureInspectView
    copy_view_enabled = False
    filterset_class = DisclosureFilterSet
    ordering = ["-requested_on", "-pk"]
    form_fields = [
        "requested_by",
        "reference",
        "legal_basis",
        "requested_on",
        "persons_concerned",
        "data_given",
        "given_on",
    ]
    inspect_view_fields = [*form_fields, "recorded_by", "approved_by", "approved_at"]
    list_display = [
        "__str__",
        Column("requested_by", label=_("requested by")),
        Column("requested_on", label=_("requested on"), sort_key="requested_on"),
        Column("given_on", label=_("given on")),
        Column("recorded_by", label=_("recorded by")),
        BooleanColumn(
            "approved", label=_("approved"), accessor=lambda d: d.approved_at is not None
        ),
    ]

    def get_list_queryset(self):
        return Disclosure.objects.select_related("recorded_by", "approved_by")

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            approve_url_name=self.get_url_name("approve"), **kwargs
        )

    @property
    def approve_view(self):
        return self.construct_view(
            DisclosureApproveView,
            purpose=purpose_of(Disclosure),
            success_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<int:pk>/", self.approve_view, name="approve"),
        ]


# --- Breaches ------------------------------------------------------------------------------


class BreachFilterSet(WagtailFilterSet):
    risk = django_filters.ChoiceFilter(
        label=_("risk"), choices=BreachRisk.choices, empty_label=_("All")
    )
    is_open = django_filters.BooleanFilter(
        label=_("open"), field_name="closed_at", lookup_expr="isnull"
    )

    class Meta:
        model = Breach
        fields = ["risk", "is_open"]


class BreachEditView(EditView):
    template_name = "privacy/admin/breach_edit.html"


class BreachInspectView(InspectView):
    template_name = "privacy/admin/breach_inspect.html"


class BreachViewSet(ListQuerysetMixin, PurposeBoundViewSet):
    model = Breach
    name = "breaches"
    url_prefix = "privacy/breaches"
    icon = "warning"
    menu_label = _("Breach log")
    add_view_class = RecordedByCreateView
    edit_view_class = BreachEditView
    inspect_view_enabled = True
    inspect_view_class = BreachInspectView
    copy_view_enabled = False
    filterset_class = BreachFilterSet
    ordering = ["-discovered_at", "-pk"]
    form_fields = [
        "title",
        "discovered_at",
        "description",
        "data_categories",
        "people_affected",
        "risk",
        "measures",
        "reported_to_authority_at",
        "authority_reference",
        "people_informed_at",
        "closed_at",
    ]
    inspect_view_fields = [*form_fields, "recorded_by"]
    list_display = [
        "title",
        Column(
            "discovered_at",
            label=_("discovered"),
            accessor=lambda b: local_datetime(b.discovered_at),
            sort_key="discovered_at",
        ),
        Column("get_risk_display", label=_("risk")),
        Column(
            "deadline",
            label=_("report before"),
            accessor=lambda b: local_datetime(b.report_deadline),
        ),
        StatusFlagColumn("report_overdue", label=_("overdue"), true_label=_("Report overdue")),
        Column(
            "reported",
            label=_("reported"),
            accessor=lambda b: local_datetime(b.reported_to_authority_at),
        ),
        BooleanColumn("is_open", label=_("open"), accessor=lambda b: b.closed_at is None),
    ]

    def get_list_queryset(self):
        return Breach.objects.select_related("recorded_by")


VIEWSETS = [DisclosureViewSet, BreachViewSet]
