"""Admin screens: the consent ledger and the texts people agree to.

The ledger is read-only: rows are only ever appended (by the forms and the cookie banner). A
consent text is never edited either: a change is a new version, so every ledger row keeps
pointing at the exact words the person saw.
"""

import django_filters
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import CopyViewMixin, CreateView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from portal.admin_views import LimitedViewsMixin, ListQuerysetMixin
from privacy.access import PurposeBoundViewSet
from privacy.models import ConsentRecord, ConsentText


def topic_choices():
    topics = ConsentText.objects.order_by("topic").values_list("topic", flat=True).distinct()
    return [(topic, topic) for topic in topics]


def source_choices():
    sources = ConsentRecord.objects.order_by("source").values_list("source", flat=True)
    return [(source, source) for source in sources.distinct()]


class ConsentRecordFilterSet(WagtailFilterSet):
    topic = django_filters.ChoiceFilter(
        label=_("topic"), choices=topic_choices, empty_label=_("All")
    )
    given = django_filters.BooleanFilter(label=_("consent given"))
    source = django_filters.ChoiceFilter(
        label=_("where"), choices=source_choices, empty_label=_("All")
    )
    at = django_filters.DateFromToRangeFilter(label=_("date"), widget=DateRangePickerWidget)

    class Meta:
        model = ConsentRecord
        fields = ["topic", "given", "source", "at"]


def subject_of(record) -> str:
    """Whom a ledger row is about, without the visitor key (it identifies nobody by itself)."""
    if record.user_id:
        return str(record.user)
    return record.subject_email or str(_("visitor without an account"))


class ConsentRecordViewSet(LimitedViewsMixin, ListQuerysetMixin, PurposeBoundViewSet):
    model = ConsentRecord
    name = "consent_ledger"
    url_prefix = "privacy/consent-ledger"
    icon = "tick-inverse"
    menu_label = _("Consent ledger")
    filterset_class = ConsentRecordFilterSet
    ordering = ["-at", "-pk"]
    list_per_page = 50
    list_display = [
        Column("at", label=_("when"), sort_key="at"),
        Column("topic", label=_("topic")),
        BooleanColumn("given", label=_("consent given")),
        Column("text", label=_("text shown")),
        Column("source", label=_("where")),
        Column("subject", label=_("person"), accessor=subject_of),
    ]

    def get_list_queryset(self):
        return ConsentRecord.objects.select_related("user", "text")


class ConsentTextIndexView(IndexView):
    """Each text offers "New version" (a prefilled copy) instead of "Edit"."""

    def get_list_more_buttons(self, instance):
        buttons = []
        if copy_url := self.get_copy_url(instance):
            buttons.append(MenuItem(_("New version"), url=copy_url, icon_name="copy", priority=10))
        if inspect_url := self.get_inspect_url(instance):
            buttons.append(MenuItem(_("Inspect"), url=inspect_url, icon_name="info-circle"))
        return buttons


class ConsentTextCreateView(CreateView):
    """A new text, or a new version of a topic's text: the version number follows the last."""

    def save_instance(self):
        text = self.form.save(commit=False)
        last = ConsentText.objects.filter(topic=text.topic).aggregate(last=Max("version"))
        text.version = (last["last"] or 0) + 1
        text.save()
        return text

    def get_edit_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def get_success_buttons(self):
        return []


class ConsentTextCopyView(CopyViewMixin, ConsentTextCreateView):
    page_title = _("New version")


class ConsentTextViewSet(LimitedViewsMixin, ModelViewSet):
    model = ConsentText
    name = "consent_texts"
    url_prefix = "privacy/consent-texts"
    icon = "doc-full"
    menu_label = _("Consent texts")
    enabled_views = ("index", "index_results", "add", "copy", "inspect")
    inspect_view_enabled = True
    index_view_class = ConsentTextIndexView
    add_view_class = ConsentTextCreateView
    copy_view_class = ConsentTextCopyView
    form_fields = ["topic", "text_nl", "text_en"]
    ordering = ["topic", "-version"]
    list_filter = ["topic"]
    list_display = [
        "__str__",
        Column("topic", label=_("topic")),
        Column("version", label=_("version")),
        Column("text_nl", label=_("text (Dutch)")),
        Column("created_at", label=_("created")),
    ]


VIEWSETS = [ConsentRecordViewSet, ConsentTextViewSet]
