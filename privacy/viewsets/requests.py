"""Admin screens for data subject requests: the privacy officer's list (overdue ones flagged),
recording a request received by mail or phone, the status steps and executing an erasure.

Everything here is bound to the purpose "privacybeheer" (PurposeBoundViewSet and
PurposeRequiredMixin): other staff are refused, and every look is in the access log. Every change
is in Wagtail's audit log, shown as the request's history on its page.
"""

import datetime

import django_filters
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import registry as log_registry

from privacy import purposes
from privacy import requests as service
from privacy.access import PurposeBoundViewSet, forbidden, log_access, staff_can_see
from privacy.models import AccessAction, DataSubjectRequest, RequestKind


@hooks.register("register_log_actions")
def register_request_log_actions(actions):
    for action, label, message in service.LOG_ACTIONS:
        actions.register_action(action, label, message)


# --- list -----------------------------------------------------------------------------------------
class DataSubjectRequestFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = DataSubjectRequest
        fields = ["kind", "status"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = DataSubjectRequest.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class OverdueColumn(Column):
    """A tag "Overdue" on open requests past their due date; nothing on the others."""

    cell_template_name = "privacy/mydata/admin_overdue_cell.html"

    def get_value(self, instance):
        return _("Overdue") if instance.is_overdue else ""


# --- forms ----------------------------------------------------------------------------------------
class RequestReceivedForm(WagtailAdminModelForm):
    """A request received by mail or phone; linked to the account of a verified address."""

    class Meta:
        model = DataSubjectRequest
        fields = ["kind", "contact_email", "explanation", "received_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_email"].required = True

    def save(self, commit=True):
        service.link_account(self.instance)
        return super().save(commit=commit)


class RequestNoteForm(WagtailAdminModelForm):
    """Only the internal note: the status changes through the steps."""

    class Meta:
        model = DataSubjectRequest
        fields = ["staff_note"]


class StepForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept in the request's internal note. No more personal data than needed."),
    )

    def __init__(self, *args, note_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = note_required


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I have checked that the request comes from this person, and I want to erase "
            "everything about them now."
        )
    )


# --- the request's own pages ----------------------------------------------------------------------
class StepButtonsMixin:
    """The request's steps (and its history) as buttons in the header of its pages."""

    step_url_name = None
    erase_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        pk = self.object.pk
        for transition in service.transitions_for(self.object):
            buttons.append(
                HeaderButton(
                    transition.label,
                    url=reverse(self.step_url_name, args=(pk, transition.name)),
                    icon_name="arrow-right",
                )
            )
        if service.can_erase(self.object):
            buttons.append(
                HeaderButton(
                    _("Execute erasure"),
                    url=reverse(self.erase_url_name, args=(pk,)),
                    icon_name="bin",
                )
            )
        return buttons


class RequestInspectView(StepButtonsMixin, InspectView):
    template_name = "privacy/mydata/admin_inspect.html"
    history_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = (
            log_registry.get_logs_for_instance(self.object)
            .select_related("user")
            .order_by("-timestamp")
        )
        context["history_url"] = reverse(self.history_url_name, args=(self.object.pk,))
        return context

    def get_field_label(self, field_name, field):
        if field_name == "is_overdue":
            return capfirst(_("overdue"))
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return "-" if value in (None, "") else value

    def get_is_overdue_display_value(self):
        return _("Yes") if self.object.is_overdue else _("No")


class RequestEditView(StepButtonsMixin, EditView):
    pass


class RequestActionView(WagtailAdminTemplateMixin, FormView):
    """A confirmation page (GET) and the step itself (POST) on one request; only for staff
    whose role may handle requests (403 otherwise, before anything is looked up)."""

    purpose = purposes.PRIVACYBEHEER
    template_name = "privacy/mydata/admin_action.html"
    header_icon = "help"
    index_url_name = None
    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not staff_can_see(request.user, self.purpose):
            return forbidden(request)
        self.object = get_object_or_404(DataSubjectRequest, pk=kwargs["pk"])
        return self.dispatch_step(request, *args, **kwargs)

    def dispatch_step(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self._log(AccessAction.VIEW)
        return super().get(request, *args, **kwargs)

    def _log(self, action):
        log_access(
            self.request.user,
            model=DataSubjectRequest,
            purpose=self.purpose,
            action=action,
            object_id=self.object.pk,
        )

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Data subject requests")},
            {"url": self.inspect_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def inspect_url(self):
        return reverse(self.inspect_url_name, args=(self.object.pk,))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            action_url=self.request.get_full_path(),
            submit_button_label=self.get_page_title(),
            submit_button_active_label=self.get_page_title(),
            **kwargs,
        )

    def done(self, message):
        messages.success(self.request, message)
        return redirect(self.inspect_url)

    def refused(self, form, error):
        form.add_error(None, str(error))
        return self.form_invalid(form)


class StepView(RequestActionView):
    form_class = StepForm

    def dispatch_step(self, request, *args, **kwargs):
        self.transition = service.TRANSITIONS_BY_NAME.get(kwargs["step"])
        if self.transition is None:
            return redirect(self.inspect_url)
        return super().dispatch_step(request, *args, **kwargs)

    def get_page_title(self):
        return self.transition.label

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "note_required": self.transition.note_required}

    def form_valid(self, form):
        try:
            service.apply_transition(
                self.object, self.transition.name, self.request.user, form.cleaned_data["note"]
            )
        except service.RequestError as error:
            return self.refused(form, error)
        self._log(AccessAction.CHANGE)
        return self.done(
            _("%(request)s: %(step)s.") % {"request": self.object, "step": self.transition.label}
        )


class EraseView(RequestActionView):
    form_class = EraseForm
    page_title = _("Execute erasure")

    def dispatch_step(self, request, *args, **kwargs):
        if self.object.kind != RequestKind.ERASURE:
            return redirect(self.inspect_url)
        return super().dispatch_step(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        person = self.object.user
        preview = service.erasure_preview(person) if service.can_erase(self.object) else None
        return super().get_context_data(preview=preview, **kwargs)

    def form_valid(self, form):
        try:
            result = service.execute_erasure(self.object, self.request.user)
        except service.RequestError as error:
            return self.refused(form, error)
        self._log(AccessAction.DELETE)
        return self.done(
            _("%(request)s executed: %(summary)s.")
            % {"request": self.object, "summary": result.summary()}
        )


# --- the viewset ----------------------------------------------------------------------------------
class DataSubjectRequestViewSet(PurposeBoundViewSet):
    model = DataSubjectRequest
    name = "data_subject_requests"
    icon = "help"
    menu_label = _("Data subject requests")
    list_display = [
        "__str__",
        "status",
        "received_at",
        "due_date",
        OverdueColumn("overdue", label=_("overdue")),
    ]
    filterset_class = DataSubjectRequestFilterSet
    inspect_view_enabled = True
    inspect_view_fields = [
        "kind",
        "status",
        "is_overdue",
        "received_at",
        "due_date",
        "handled_at",
        "user",
        "contact_email",
        "explanation",
        "staff_note",
    ]
    copy_view_enabled = False
    inspect_view_class = RequestInspectView
    edit_view_class = RequestEditView

    def get_form_class(self, for_update=False):
        return RequestNoteForm if for_update else RequestReceivedForm

    def _step_kwargs(self):
        return {
            "step_url_name": self.get_url_name("step"),
            "erase_url_name": self.get_url_name("erase"),
        }

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            **self._step_kwargs(), history_url_name=self.get_url_name("history"), **kwargs
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(**self._step_kwargs(), **kwargs)

    def _action_view(self, view_class):
        return view_class.as_view(
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("step/<int:pk>/<slug:step>/", self._action_view(StepView), name="step"),
            path("erase/<int:pk>/", self._action_view(EraseView), name="erase"),
        ]


VIEWSETS = [DataSubjectRequestViewSet]
