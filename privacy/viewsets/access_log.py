"""Admin screens: the access log, read by the privacy officer.

Who opened or exported which record, for which purpose, and when; never anything of the record
itself. Viewing the log is bound to its own purpose (toegangslog), so it is logged as well.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import ContentTypeFilter, DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column

from portal.admin_views import LimitedViewsMixin, ListQuerysetMixin
from privacy.access import PurposeBoundViewSet
from privacy.models import AccessAction, AccessLogEntry, Purpose
from privacy.registry import bound_models


def purpose_choices():
    return [(purpose.code, purpose.name) for purpose in Purpose.objects.all()]


def logged_staff(request):
    return get_user_model().objects.filter(pk__in=AccessLogEntry.objects.values("user"))


def kinds_of_record(request):
    models = [bound.model for bound in bound_models()]
    kinds = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return ContentType.objects.filter(pk__in=[kind.pk for kind in kinds.values()])


class AccessLogFilterSet(WagtailFilterSet):
    user = django_filters.ModelChoiceFilter(label=_("staff member"), queryset=logged_staff)
    purpose = django_filters.ChoiceFilter(
        label=_("purpose"), choices=purpose_choices, empty_label=_("All")
    )
    action = django_filters.ChoiceFilter(
        label=_("action"), choices=AccessAction.choices, empty_label=_("All")
    )
    content_type = ContentTypeFilter(label=_("kind of record"), queryset=kinds_of_record)
    at = django_filters.DateFromToRangeFilter(label=_("date"), widget=DateRangePickerWidget)

    class Meta:
        model = AccessLogEntry
        fields = ["user", "purpose", "action", "content_type", "at"]


def kind_of_record(entry):
    return capfirst(entry.content_type.name)


class PurposeNameColumn(Column):
    """The purpose's name instead of its code, with one query per page rather than per row."""

    @cached_property
    def names(self):
        return {purpose.code: purpose.name for purpose in Purpose.objects.all()}

    def get_value(self, instance):
        return self.names.get(instance.purpose, instance.purpose)


class AccessLogViewSet(LimitedViewsMixin, ListQuerysetMixin, PurposeBoundViewSet):
    model = AccessLogEntry
    name = "access_log"
    url_prefix = "privacy/access-log"
    icon = "list-ul"
    menu_label = _("Access log")
    filterset_class = AccessLogFilterSet
    ordering = ["-at", "-pk"]
    list_per_page = 50
    list_display = [
        Column("at", label=_("when"), sort_key="at"),
        Column("user", label=_("staff member")),
        PurposeNameColumn("purpose", label=_("purpose")),
        Column("get_action_display", label=_("action")),
        Column("content_type", label=_("kind of record"), accessor=kind_of_record),
        Column("object_id", label=_("record number")),
        Column("count", label=_("number of records")),
    ]

    def get_list_queryset(self):
        return AccessLogEntry.objects.select_related("user", "content_type")


VIEWSETS = [AccessLogViewSet]
