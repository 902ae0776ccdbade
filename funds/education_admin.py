"""Admin screens of the Fonds Cultuureducatie, for fund managers (menu "Fonds Cultuureducatie"):

- Schemes: the numbers of each calendar year, with the rates per school type inline.
- Phase assessments: an adviser places a school in a phase for two calendar years (filters by
  phase, year of validity and school type; the form refuses a second assessment valid in the
  same year).
- Allocations: per year, school, type, pupils, phase, amount and status, with filters; the run
  ("Allocate / confirm"), confirming one allocation, and correcting a confirmed one with a
  reason, its corrections shown on the allocation's page, with the letters sent to the school
  (download: fonds-cultuureducatie/allocations/<pk>/letters/<letter>/, in the access log).

Assessments, allocations and corrections name staff members (adviser, confirmed by, corrected
by), so their screens are bound to the fund's purpose (PurposeBoundViewSet and the same check in
the action views): other staff are refused, and every look and change is in the access log.
The steps themselves are in funds.services.allocation, which writes Wagtail's audit log.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms import modelform_factory
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import registry as log_registry

from funds.models.education import (
    EDUCATION_PURPOSE,
    MONEY,
    Allocation,
    AllocationLetter,
    AllocationStatus,
    EducationScheme,
    Phase,
    PhaseAssessment,
)
from funds.services import allocation as service
from portal.admin_views import LimitedViewsMixin, ListQuerysetMixin
from portal.money import euro
from portal.storage import private_download
from privacy.access import PurposeBoundViewSet, forbidden, log_access, staff_can_see
from privacy.models import AccessAction
from schools.models import SchoolType

CHANGE_ALLOCATION = "funds.change_allocation"
ADD_CORRECTION = "funds.add_allocationcorrection"


@hooks.register("register_log_actions")
def register_education_log_actions(actions):
    for action, label, message in service.LOG_ACTIONS:
        actions.register_action(action, label, message)


def staff_accounts():
    """People who may work in the admin: the advisers an assessment can name."""
    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True)
            | Q(
                groups__permissions__codename="access_admin",
                groups__permissions__content_type__app_label="wagtailadmin",
            ),
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


# --- schemes --------------------------------------------------------------------------------------
class EducationSchemeViewSet(ModelViewSet):
    model = EducationScheme
    name = "education_schemes"
    url_prefix = "fonds-cultuureducatie/schemes"
    icon = "doc-full"
    menu_label = _("Schemes")
    list_display = [
        Column("year", label=_("calendar year"), sort_key="year"),
        Column("get_unspent_rule_display", label=_("unspent money")),
        Column("minimum_pupil_share", label=_("minimum share for pupils (%)")),
        Column("count_date", label=_("count date")),
    ]
    ordering = ["-year"]
    copy_view_enabled = False
    panels = [
        FieldPanel("year"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("multiplier_phase_1"),
                        FieldPanel("multiplier_phase_2"),
                        FieldPanel("multiplier_phase_3"),
                    ]
                ),
            ],
            heading=_("Phase multipliers"),
        ),
        FieldPanel("minimum_pupil_share"),
        FieldRowPanel([FieldPanel("unspent_rule"), FieldPanel("carry_over_cap")]),
        FieldRowPanel(
            [FieldPanel("spending_reminder_on"), FieldPanel("spending_reminder_below")],
            heading=_("Reminder to schools that spent little"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("count_day"), FieldPanel("count_month")])],
            heading=_("Count date (in the previous calendar year)"),
        ),
        InlinePanel(
            "rates",
            heading=_("Amounts per pupil, per school type"),
            panels=[
                FieldPanel("school_type"),
                FieldRowPanel([FieldPanel("own_contribution"), FieldPanel("municipal_amount")]),
            ],
        ),
    ]


# --- phase assessments ----------------------------------------------------------------------------
class PhaseAssessmentForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        adviser = self.fields["adviser"]
        adviser.queryset = staff_accounts()
        adviser.required = True
        if self.instance.pk is None and self.for_user is not None:
            adviser.initial = self.for_user.pk


class PhaseAssessmentFilterSet(WagtailFilterSet):
    phase = django_filters.ChoiceFilter(
        label=_("phase"), choices=Phase.choices, empty_label=_("All")
    )
    valid_in = django_filters.NumberFilter(
        label=_("valid in year"), method="filter_valid_in", min_value=2000, max_value=2100
    )
    school_type = django_filters.ChoiceFilter(
        label=_("school type"),
        field_name="school__school_type",
        choices=SchoolType.choices,
        empty_label=_("All"),
    )

    class Meta:
        model = PhaseAssessment
        fields = ["phase", "valid_in", "school_type"]

    def filter_valid_in(self, queryset, name, value):
        return queryset if value is None else queryset.valid_in(int(value))


class PhaseAssessmentViewSet(ListQuerysetMixin, PurposeBoundViewSet):
    model = PhaseAssessment
    name = "phase_assessments"
    url_prefix = "fonds-cultuureducatie/phases"
    icon = "tasks"
    menu_label = _("Phase assessments")
    list_per_page = 50
    filterset_class = PhaseAssessmentFilterSet
    search_fields = ["school__name", "school__brin"]
    list_display = [
        Column("school", label=_("school"), sort_key="school__name"),
        Column("school_type", label=_("school type"), accessor="school.get_school_type_display"),
        Column("get_phase_display", label=_("phase"), sort_key="phase"),
        Column("first_year", label=_("first year"), sort_key="first_year"),
        Column("last_year", label=_("last year")),
        Column("adviser", label=_("adviser")),
    ]
    form_fields = [
        "school",
        "phase",
        "first_year",
        "score_curriculum",
        "score_ambition",
        "score_pupils",
        "score_team",
        "score_environment",
        "score_finances",
        "adviser",
        "assessed_on",
        "notes",
    ]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return modelform_factory(
            PhaseAssessment,
            form=PhaseAssessmentForm,
            fields=self.form_fields,
            formfield_callback=self.formfield_for_dbfield,
        )

    def get_list_queryset(self):
        return PhaseAssessment.objects.select_related("school", "adviser")


# --- allocations ----------------------------------------------------------------------------------
def scheme_years(request):
    return EducationScheme.objects.all()


class AllocationFilterSet(WagtailFilterSet):
    scheme = django_filters.ModelChoiceFilter(
        label=_("year"), queryset=scheme_years, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=AllocationStatus.choices, empty_label=_("All")
    )
    school_type = django_filters.ChoiceFilter(
        label=_("school type"), choices=SchoolType.choices, empty_label=_("All")
    )
    phase = django_filters.ChoiceFilter(
        label=_("phase"), choices=Phase.choices, empty_label=_("All")
    )
    without_assessment = django_filters.BooleanFilter(
        label=_("phase 1 without assessment"),
        field_name="phase_assessment",
        lookup_expr="isnull",
    )

    class Meta:
        model = Allocation
        fields = ["scheme", "status", "school_type", "phase", "without_assessment"]


class AllocationIndexView(IndexView):
    run_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(CHANGE_ALLOCATION):
            buttons.append(
                HeaderButton(
                    _("Allocate / confirm"), url=reverse(self.run_url_name), icon_name="calculator"
                )
            )
        return buttons


class AllocationInspectView(InspectView):
    template_name = "funds/education/allocation_inspect.html"
    confirm_url_name = None
    correct_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(
            Allocation.objects.select_related("school", "scheme", "phase_assessment"), pk=self.pk
        )

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        user = self.request.user
        if not self.object.is_confirmed and user.has_perm(CHANGE_ALLOCATION):
            buttons.append(
                HeaderButton(
                    _("Confirm"),
                    url=reverse(self.confirm_url_name, args=(self.object.pk,)),
                    icon_name="check",
                )
            )
        if self.object.is_confirmed and user.has_perm(ADD_CORRECTION):
            buttons.append(
                HeaderButton(
                    _("Correct the amount"),
                    url=reverse(self.correct_url_name, args=(self.object.pk,)),
                    icon_name="edit",
                )
            )
        return buttons

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "-" if value in (None, "") else value

    def get_context_data(self, **kwargs):
        return super().get_context_data(**allocation_context(self.object), **kwargs)


def allocation_context(allocation):
    return {
        "allocation": allocation,
        "letters": list(allocation.letters.select_related("signed_by")),
        "has_directie": service.has_directie(allocation.school),
        "per_pupil": euro(allocation.per_pupil),
        "own_rate": euro(allocation.own_rate),
        "municipal_rate": euro(allocation.municipal_rate),
        "computed_amount": euro(allocation.computed_amount),
        "amount_in_force": euro(allocation.amount),
        "corrections": [
            {
                "at": correction.corrected_at,
                "previous": euro(correction.previous_amount),
                "new": euro(correction.new_amount),
                "reason": correction.reason,
                "by": correction.corrected_by,
            }
            for correction in allocation.corrections.select_related("corrected_by")
        ],
        "history": log_registry.get_logs_for_instance(allocation)
        .select_related("user")
        .order_by("-timestamp"),
    }


# --- the action views -----------------------------------------------------------------------------
class EducationActionView(WagtailAdminTemplateMixin, FormView):
    """A form page in the admin for one step; only for staff whose role may see the fund's data
    and who have `permission` (403 otherwise, before anything is looked up)."""

    permission = CHANGE_ALLOCATION
    template_name = "funds/education/action.html"
    header_icon = "calculator"
    index_url_name = None
    inspect_url_name = None
    object = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("wagtailadmin_login")
        if not staff_can_see(request.user, EDUCATION_PURPOSE) or not request.user.has_perm(
            self.permission
        ):
            return forbidden(request)
        if "pk" in kwargs:
            self.object = get_object_or_404(
                Allocation.objects.select_related("school", "scheme"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.object is not None:
            self._log(AccessAction.VIEW)
        return super().get(request, *args, **kwargs)

    def _log(self, action, count=1):
        log_access(
            self.request.user,
            model=Allocation,
            purpose=EDUCATION_PURPOSE,
            action=action,
            object_id=self.object.pk if self.object is not None else "",
            count=count,
        )

    def get_breadcrumbs_items(self):
        items = [{"url": reverse(self.index_url_name), "label": _("School allocations")}]
        if self.object is not None:
            items.append({"url": self.inspect_url, "label": str(self.object)})
        return [*self.breadcrumbs_items, *items, {"url": "", "label": self.get_page_title()}]

    @cached_property
    def inspect_url(self):
        return reverse(self.inspect_url_name, args=(self.object.pk,))

    def get_context_data(self, **kwargs):
        extra = allocation_context(self.object) if self.object is not None else {}
        return super().get_context_data(
            object=self.object,
            action_url=self.request.get_full_path(),
            submit_button_label=self.get_page_title(),
            submit_button_active_label=self.get_page_title(),
            **extra,
            **kwargs,
        )

    def refused(self, form, error):
        form.add_error(None, str(error))
        return self.form_invalid(form)


def warn_without_directie(request, allocation):
    if not service.has_directie(allocation.school):
        messages.warning(
            request,
            _(
                "%(school)s has no member with the directie role: the letter is kept with the "
                "allocation but was not emailed."
            )
            % {"school": allocation.school},
        )


class AllocationLetterView(View):
    """An allocation letter as PDF, for staff who may see the fund's data; in the access log."""

    def get(self, request, pk, letter_pk):
        if not request.user.is_authenticated:
            return redirect("wagtailadmin_login")
        if not staff_can_see(request.user, EDUCATION_PURPOSE):
            return forbidden(request)
        letter = get_object_or_404(
            AllocationLetter.objects.select_related("allocation__scheme"),
            pk=letter_pk,
            allocation_id=pk,
        )
        log_access(
            request.user,
            model=AllocationLetter,
            purpose=EDUCATION_PURPOSE,
            object_id=letter.pk,
        )
        return private_download(letter.file, letter.filename)


class RunForm(forms.Form):
    ALLOCATE, CONFIRM = "allocate", "confirm"

    scheme = forms.ModelChoiceField(label=_("Year"), queryset=EducationScheme.objects.all())
    action = forms.ChoiceField(
        label=_("What to do"),
        widget=forms.RadioSelect,
        initial=ALLOCATE,
        choices=[
            (
                ALLOCATE,
                _(
                    "Allocate: compute the draft allocation of every active school of a type "
                    "with a rate; confirmed allocations stay as they are"
                ),
            ),
            (CONFIRM, _("Confirm all draft allocations of the year (they are then frozen)")),
        ],
    )


class RunView(EducationActionView):
    form_class = RunForm
    page_title = _("Allocate / confirm")

    def get_initial(self):
        return {"scheme": EducationScheme.objects.order_by("-year").first()}

    def form_valid(self, form):
        scheme = form.cleaned_data["scheme"]
        if form.cleaned_data["action"] == RunForm.ALLOCATE:
            result = service.allocate(scheme, self.request.user)
            messages.success(self.request, f"{scheme}: {result.summary()}")
            for problem in result.skipped:
                messages.warning(self.request, problem)
            self._log(AccessAction.CHANGE, count=result.created + result.refreshed)
        else:
            confirmed = service.confirm_drafts(scheme, self.request.user)
            messages.success(
                self.request,
                _("%(scheme)s: %(count)s allocations confirmed.")
                % {"scheme": scheme, "count": confirmed},
            )
            self._log(AccessAction.CHANGE, count=confirmed)
            without = service.schools_without_directie(scheme).count()
            if confirmed and without:
                messages.warning(
                    self.request,
                    _(
                        "%(count)s schools of %(scheme)s have no member with the directie role: "
                        "their letters are kept with the allocations but were not emailed."
                    )
                    % {"count": without, "scheme": scheme},
                )
        index = reverse(self.index_url_name)
        return redirect(f"{index}?scheme={scheme.pk}")


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Confirm this allocation. Afterwards it is never recomputed.")
    )


class ConfirmView(EducationActionView):
    form_class = ConfirmForm
    page_title = _("Confirm")

    def form_valid(self, form):
        try:
            service.confirm(self.object, self.request.user)
        except service.AllocationError as error:
            return self.refused(form, error)
        self._log(AccessAction.CHANGE)
        messages.success(self.request, _("%(allocation)s confirmed.") % {"allocation": self.object})
        warn_without_directie(self.request, self.object)
        return redirect(self.inspect_url)


class CorrectionForm(forms.Form):
    amount = forms.DecimalField(
        label=_("New amount (€)"),
        min_value=0,
        max_digits=MONEY["max_digits"],
        decimal_places=MONEY["decimal_places"],
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why the amount changes. Kept with the allocation; no more personal data than needed."
        ),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the correction."))
        return reason


class CorrectView(EducationActionView):
    form_class = CorrectionForm
    permission = ADD_CORRECTION
    page_title = _("Correct the amount")

    def get_initial(self):
        return {"amount": self.object.amount}

    def form_valid(self, form):
        if not self.object.is_confirmed:
            return self.refused(
                form, _("Only a confirmed allocation is corrected; a draft is recomputed by a run.")
            )
        try:
            service.correct(
                self.object,
                form.cleaned_data["amount"],
                form.cleaned_data["reason"],
                self.request.user,
            )
        except service.AllocationError as error:
            return self.refused(form, error)
        self._log(AccessAction.CHANGE)
        messages.success(self.request, _("%(allocation)s corrected.") % {"allocation": self.object})
        warn_without_directie(self.request, self.object)
        return redirect(self.inspect_url)


class AllocationViewSet(LimitedViewsMixin, ListQuerysetMixin, PurposeBoundViewSet):
    model = Allocation
    name = "education_allocations"
    url_prefix = "fonds-cultuureducatie/allocations"
    icon = "calculator"
    menu_label = _("School allocations")
    enabled_views = ("index", "index_results", "inspect")
    index_view_class = AllocationIndexView
    inspect_view_class = AllocationInspectView
    filterset_class = AllocationFilterSet
    search_fields = ["school__name", "school__brin"]
    list_per_page = 50
    list_display = [
        Column("school", label=_("school"), sort_key="school__name"),
        Column("year", label=_("year"), accessor="scheme.year", sort_key="scheme__year"),
        Column("get_school_type_display", label=_("school type"), sort_key="school_type"),
        Column("pupils", label=_("pupils"), sort_key="pupils"),
        Column("get_phase_display", label=_("phase"), sort_key="phase"),
        Column("amount", label=_("amount"), sort_key="amount", accessor=lambda a: euro(a.amount)),
        Column("get_status_display", label=_("status"), sort_key="status"),
    ]
    inspect_view_fields = [
        "school",
        "scheme",
        "status",
        "school_type",
        "count_date",
        "pupils",
        "phase",
        "phase_assessment",
        "multiplier",
        "computed_at",
        "confirmed_at",
        "confirmed_by",
    ]

    def get_list_queryset(self):
        return Allocation.objects.select_related("school", "scheme")

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(run_url_name=self.get_url_name("run"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            confirm_url_name=self.get_url_name("confirm"),
            correct_url_name=self.get_url_name("correct"),
            **kwargs,
        )

    def _action_view(self, view_class):
        return view_class.as_view(
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("run/", self._action_view(RunView), name="run"),
            path("confirm/<int:pk>/", self._action_view(ConfirmView), name="confirm"),
            path("correct/<int:pk>/", self._action_view(CorrectView), name="correct"),
            path(
                "<int:pk>/letters/<int:letter_pk>/",
                AllocationLetterView.as_view(),
                name="letter",
            ),
        ]


class FondsCultuureducatieGroup(ViewSetGroup):
    menu_label = _("Fonds Cultuureducatie")
    menu_icon = "doc-full-inverse"
    menu_order = 240
    items = (EducationSchemeViewSet, PhaseAssessmentViewSet, AllocationViewSet)
