"""Admin screens: the register of processing (GDPR art. 30) and the processors (art. 28).

Kept by the privacy officer. A purpose's code binds the portal's models to it, so it cannot be
changed once the purpose exists, and a purpose is switched off rather than deleted.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from portal.admin_views import LimitedViewsMixin, ListQuerysetMixin
from privacy.models import Processor, Purpose
from privacy.registry import bound_models


def names(objects) -> str:
    return ", ".join(str(obj) for obj in objects)


def field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def bound_model_rows(purpose_code: str) -> list[dict]:
    """The models and fields bound to a purpose, as the privacy officer reads them."""
    rows = []
    for bound in bound_models(purpose_code):
        declaration = bound.declaration
        rows.append(
            {
                "name": bound.verbose_name,
                "label": declaration.label or bound.verbose_name,
                "model": bound.label,
                "fields": [field_label(bound.model, name) for name in declaration.fields],
                "legal_hold": [field_label(bound.model, name) for name in declaration.legal_hold],
                "files": [field_label(bound.model, name) for name in declaration.files],
            }
        )
    return rows


def purpose_panels(*, code_read_only: bool) -> list:
    return [
        FieldPanel(
            "code",
            read_only=code_read_only,
            help_text=_("The code binds the portal's data to this purpose; it cannot be changed."),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name_nl"), FieldPanel("name_en")]),
                FieldPanel("description_nl"),
                FieldPanel("description_en"),
                FieldPanel("legal_basis"),
            ],
            heading=_("Purpose and legal basis"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("data_categories"),
                FieldPanel("data_subjects"),
                FieldPanel("recipients"),
            ],
            heading=_("Data, people and recipients"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("retention_days"),
                FieldPanel("ended_description_nl"),
                FieldPanel("retention_action"),
                FieldPanel("legal_hold_years"),
            ],
            heading=_("Retention"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("roles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("sort_order"),
                FieldPanel("is_active"),
            ],
            heading=_("Access"),
        ),
    ]


class PurposeInspectView(InspectView):
    template_name = "privacy/admin/purpose_inspect.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            retention=self.object.retention_in_words(),
            processors=self.object.processors.all(),
            bound_models=bound_model_rows(self.object.code),
            **kwargs,
        )


class PurposeViewSet(LimitedViewsMixin, ListQuerysetMixin, ModelViewSet):
    model = Purpose
    name = "purposes"
    url_prefix = "privacy/register"
    icon = "clipboard-list"
    menu_label = _("Register of processing")
    # Purposes are switched off, never deleted or copied: their codes are bound to the code.
    enabled_views = (
        "index",
        "index_results",
        "add",
        "edit",
        "inspect",
        "history",
        "history_results",
        "usage",
    )
    inspect_view_enabled = True
    inspect_view_class = PurposeInspectView
    inspect_view_fields = [
        "code",
        "name_nl",
        "name_en",
        "description_nl",
        "description_en",
        "legal_basis",
        "data_categories",
        "data_subjects",
        "recipients",
        "legal_hold_years",
        "roles",
        "is_active",
        "updated_at",
    ]
    sort_order_field = None
    ordering = ["sort_order", "code"]
    list_filter = ["legal_basis", "is_active"]
    list_display = [
        "name",
        Column("code", label=_("code"), sort_key="code"),
        Column("get_legal_basis_display", label=_("legal basis")),
        Column("retention", label=_("retention"), accessor=Purpose.retention_in_words),
        Column("roles", label=_("staff roles"), accessor=lambda p: names(p.roles.all())),
        Column("processors", label=_("processors"), accessor=lambda p: names(p.processors.all())),
        BooleanColumn("is_active", label=_("active")),
    ]
    panels = purpose_panels(code_read_only=False)

    def get_list_queryset(self):
        return Purpose.objects.prefetch_related("roles", "processors")

    def get_edit_view_kwargs(self, **kwargs):
        handler = ObjectList(purpose_panels(code_read_only=True)).bind_to_model(Purpose)
        return super().get_edit_view_kwargs(
            panel=handler, form_class=handler.get_form_class(), **kwargs
        )


class ProcessorForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        signed, ends = cleaned.get("agreement_signed_on"), cleaned.get("agreement_ends_on")
        if signed and ends and ends < signed:
            self.add_error("agreement_ends_on", _("The agreement cannot end before it was signed."))
        return cleaned


class ProcessorViewSet(ListQuerysetMixin, ModelViewSet):
    model = Processor
    name = "processors"
    url_prefix = "privacy/processors"
    icon = "site"
    menu_label = _("Processors")
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["name"]
    list_filter = ["purposes"]
    search_fields = ["name", "service"]
    list_display = [
        "name",
        Column("service", label=_("service")),
        DateColumn("agreement_signed_on", label=_("agreement signed on")),
        DateColumn("agreement_ends_on", label=_("agreement ends on")),
        BooleanColumn(
            "agreement_valid", label=_("agreement valid"), accessor=lambda p: p.agreement_valid()
        ),
        Column("purposes", label=_("purposes"), accessor=lambda p: names(p.purposes.all())),
        Column("location", label=_("where the data are")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("service"),
            FieldRowPanel([FieldPanel("agreement_signed_on"), FieldPanel("agreement_ends_on")]),
            FieldPanel("purposes", widget=forms.CheckboxSelectMultiple),
            FieldPanel("location"),
            FieldPanel("notes"),
        ],
        base_form_class=ProcessorForm,
    )

    def get_list_queryset(self):
        return Processor.objects.prefetch_related("purposes")


VIEWSETS = [PurposeViewSet, ProcessorViewSet]
