"""Staff views: decisions, money and settlement (fund managers only).

`panel_context(request, application)` gives the staff application page (funds/views/staff.py)
its decision part: templates/funds/staff/_decision.html renders it as `decision`. The forms on
that page post here; on an error the entered values and the errors go back to the page through
the session (one read), so nothing entered is lost and each error stands at its field.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from funds import permissions
from funds.models import (
    PURPOSE,
    Application,
    ApplicationStatus,
    Instalment,
    InstalmentKind,
    RoundPage,
)
from funds.services import accountability, decisions, money
from funds.workflow import TransitionError
from payments.forms import MoneyField
from portal.money import euro
from privacy.access import log_access

SESSION_KEY = "funds_decision_form_%s"
DECIDABLE = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)


# --- Forms -------------------------------------------------------------------------------------
class GrantForm(forms.Form):
    amount = MoneyField(
        label=gettext_lazy("Amount to grant (€)"),
        help_text=gettext_lazy("At most the amount requested."),
    )
    conditions = forms.CharField(
        label=gettext_lazy("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown in the decision letter. Optional."),
    )

    def __init__(self, *args, application, **kwargs):
        kwargs.setdefault("prefix", "grant")
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["amount"].initial = application.requested_amount

    def clean_amount(self):
        try:
            return decisions.check_grant_amount(self.application, self.cleaned_data["amount"])
        except TransitionError as error:
            raise forms.ValidationError(error.message) from None


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown to the applicant in the letter."),
        error_messages={"required": gettext_lazy("Give the reason for the rejection.")},
    )

    def __init__(self, *args, application=None, **kwargs):
        kwargs.setdefault("prefix", "reject")
        super().__init__(*args, **kwargs)


class SettleForm(forms.Form):
    final_amount = MoneyField(
        label=gettext_lazy("Final amount (€)"),
        help_text=gettext_lazy(
            "At most the granted amount; proposed lower in proportion when the actual costs "
            "were lower than budgeted."
        ),
    )

    def __init__(self, *args, application, **kwargs):
        kwargs.setdefault("prefix", "settle")
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["final_amount"].initial = accountability.proposed_final_amount(application)

    def clean_final_amount(self):
        value = self.cleaned_data["final_amount"]
        if value < 0:
            raise forms.ValidationError(_("The final amount cannot be negative."))
        if value > (self.application.granted_amount or 0):
            raise forms.ValidationError(
                _("The final amount cannot be more than the granted %(amount)s.")
                % {"amount": euro(self.application.granted_amount)}
            )
        return value


FORMS = {"grant": GrantForm, "reject": RejectForm, "settle": SettleForm}
ERROR_FIELDS = {"grant": "amount", "reject": "reason", "settle": "final_amount"}


def _stash(request, application, name, form, error=None):
    """Keep the entered values (and an error of the service) for the page to show again."""
    data = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
    request.session[SESSION_KEY % application.pk] = {
        "form": name,
        "data": data,
        "error": str(error) if error else "",
    }


def _unstash(request, application) -> dict:
    """The forms posted back with their errors (once), by name."""
    stashed = request.session.pop(SESSION_KEY % application.pk, None)
    if not stashed or stashed.get("form") not in FORMS:
        return {}
    name = stashed["form"]
    form = FORMS[name](stashed["data"], application=application)
    form.is_valid()  # the errors of the fields, again
    if stashed.get("error"):
        form.add_error(ERROR_FIELDS[name], stashed["error"])
    return {name: form}


# --- The part of the staff application page --------------------------------------------------
def panel_context(request, application) -> dict:
    """What templates/funds/staff/_decision.html shows: the decision forms, the decision, the
    letters, the payments, the report and the settlement form, with the round's budget."""
    if not permissions.is_fund_manager(request.user):
        return {}
    bound = _unstash(request, application)
    status = application.status
    fund = application.round.fund
    figures = money.round_figures(application.round)
    context = {
        "application": application,
        "figures": figures,
        "letters": list(application.letters.all()),
        "instalments": list(money.instalments_of(application)),
        "urls": {
            "grant": reverse("funds:decision_grant", args=[application.pk]),
            "reject": reverse("funds:decision_reject", args=[application.pk]),
            "settle": reverse("funds:decision_settle", args=[application.pk]),
            "batch": reverse("funds:decision_batch", args=[application.round_id]),
        },
    }
    if status == ApplicationStatus.IN_REVIEW:
        context["grant_form"] = bound.get("grant") or GrantForm(application=application)
        context["grant_schedule"] = money.schedule_for(
            application.requested_amount, fund.advance_percentage
        )
        context["over_ceiling"] = application.requested_amount > figures.left
    if status in DECIDABLE:
        context["reject_form"] = bound.get("reject") or RejectForm()
    if application.granted_amount is not None:
        context["schedule"] = money.schedule_of(application, fund)
        context["paid_out"] = money.paid_out(application)
        report = accountability.report_of(application)
        context["report"] = report
        context["requirements"] = accountability.requirement_labels(
            accountability.requirements_for(application, fund)
        )
        if report is not None and report.submitted_at is not None:
            context["report_attachments"] = list(accountability.report_attachments(application))
            context["budget_lines"] = list(accountability.budget_lines(application))
    if status == ApplicationStatus.REPORT_SUBMITTED:
        context["settle_form"] = bound.get("settle") or SettleForm(application=application)
        context["proposed_final"] = accountability.proposed_final_amount(application)
    return context


# --- Views -------------------------------------------------------------------------------------
class FundManagerRequiredMixin(LoginRequiredMixin):
    """Fund managers only (403 for everyone else who is logged in)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.is_fund_manager(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def staff_page(application) -> str:
    return reverse("funds:staff_application", args=[application.pk])


class ApplicationActionView(FundManagerRequiredMixin, View):
    """A POST from the staff page: the form named `form_name`, then the service."""

    form_name = ""

    def post(self, request, pk):
        application = get_object_or_404(Application.objects.select_related("round"), pk=pk)
        form = FORMS[self.form_name](request.POST, application=application)
        if not form.is_valid():
            _stash(request, application, self.form_name, form)
            messages.error(request, _("Please correct the errors below."))
            return HttpResponseRedirect(staff_page(application))
        try:
            message = self.act(application, form.cleaned_data)
        except TransitionError as error:
            _stash(request, application, self.form_name, form, error.message)
            messages.error(request, error.message)
        else:
            messages.success(request, message)
        return HttpResponseRedirect(staff_page(application))

    def act(self, application, data) -> str:
        raise NotImplementedError


class GrantView(ApplicationActionView):
    form_name = "grant"

    def act(self, application, data):
        decisions.grant(application, self.request.user, data["amount"], data["conditions"])
        return _("Granted %(amount)s. The decision letter has been sent.") % {
            "amount": euro(data["amount"])
        }


class RejectView(ApplicationActionView):
    form_name = "reject"

    def act(self, application, data):
        decisions.reject(application, self.request.user, data["reason"])
        return _("Rejected. The decision letter has been sent.")


class SettleView(ApplicationActionView):
    form_name = "settle"

    def act(self, application, data):
        result = accountability.settle(application, self.request.user, data["final_amount"])
        if result.is_reclaim:
            message = _(
                "Settled at %(amount)s: %(reclaim)s is to be paid back. The letter has been sent."
            )
            return message % {
                "amount": euro(result.final_amount),
                "reclaim": euro(result.paid - result.final_amount),
            }
        return _("Settled at %(amount)s. The letter has been sent.") % {
            "amount": euro(result.final_amount)
        }


class ReclaimReceivedView(FundManagerRequiredMixin, View):
    """Staff record that the money asked back has come in."""

    def post(self, request, pk, instalment_pk):
        instalment = get_object_or_404(
            Instalment.objects.select_related("application"),
            pk=instalment_pk,
            application_id=pk,
            kind=InstalmentKind.RECLAIM,
        )
        if money.mark_reclaim_received(instalment, timezone.now()):
            messages.success(request, _("Recorded that the money has been paid back."))
        else:
            messages.info(request, _("This was already recorded as paid back."))
        return HttpResponseRedirect(staff_page(instalment.application))


# --- A round's decisions at once ---------------------------------------------------------------
class BatchDecisionForm(forms.Form):
    """Per application in review: grant (with an amount), reject or leave; one text for all."""

    text = forms.CharField(
        label=gettext_lazy("Conditions (for the grants) and reason (for the rejections)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown in each decision letter. Required when you reject."),
    )

    CHOICES = [
        ("", gettext_lazy("No decision yet")),
        (decisions.GRANT, gettext_lazy("Grant")),
        (decisions.REJECT, gettext_lazy("Reject")),
    ]

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = applications
        for application in applications:
            self.fields[f"decision_{application.pk}"] = forms.ChoiceField(
                label=_("Decision on %(number)s") % {"number": application.number},
                choices=self.CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"amount_{application.pk}"] = MoneyField(
                label=_("Amount for %(number)s (€)") % {"number": application.number},
                required=False,
                initial=application.requested_amount,
            )

    def rows(self):
        for application in self.applications:
            amount = self[f"amount_{application.pk}"]
            attrs = amount.field.widget.attrs
            attrs["class"] = "form-control is-invalid" if amount.errors else "form-control"
            if amount.errors:
                attrs["aria-describedby"] = f"{amount.id_for_label}-error"
            yield application, self[f"decision_{application.pk}"], amount

    def clean(self):
        cleaned = super().clean()
        rejecting = False
        for application in self.applications:
            action = cleaned.get(f"decision_{application.pk}")
            amount_field = f"amount_{application.pk}"
            if action == decisions.GRANT:
                try:
                    cleaned[amount_field] = decisions.check_grant_amount(
                        application, cleaned.get(amount_field)
                    )
                except TransitionError as error:
                    self.add_error(amount_field, error.message)
            rejecting = rejecting or action == decisions.REJECT
        if rejecting and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Give the reason for the rejections."))
        return cleaned

    def choices(self):
        """[(application, action, amount)] of the applications with a decision, in list order."""
        return [
            (
                application,
                self.cleaned_data[f"decision_{application.pk}"],
                self.cleaned_data.get(f"amount_{application.pk}"),
            )
            for application in self.applications
            if self.cleaned_data.get(f"decision_{application.pk}")
        ]


class BatchDecisionView(FundManagerRequiredMixin, TemplateView):
    """The round's applications in review with their average score; tick grant or reject with
    amounts, confirm, and see which went through and which were refused (e.g. at the ceiling)."""

    template_name = "funds/staff/decisions_batch.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.round = get_object_or_404(RoundPage, pk=kwargs["round_pk"])

    def outcomes_key(self):
        return f"funds_batch_outcomes_{self.round.pk}"

    def get_context_data(self, form=None, **kwargs):
        # What the last confirmation did (kept in the session over the redirect, shown once).
        outcomes = self.request.session.pop(self.outcomes_key(), None)
        if outcomes:
            decided = Application.objects.filter(pk__in=[o["pk"] for o in outcomes]).only(
                "number", "project_title"
            )
            by_pk = {application.pk: application for application in decided}
            for outcome in outcomes:
                outcome["application"] = by_pk.get(outcome["pk"])
        applications = list(decisions.batch_candidates(self.round))
        log_access(self.request.user, model=Application, purpose=PURPOSE, count=len(applications))
        return super().get_context_data(
            round=self.round,
            fund=self.round.fund,
            figures=money.round_figures(self.round),
            form=form or BatchDecisionForm(applications=applications),
            outcomes=outcomes,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        applications = list(decisions.batch_candidates(self.round))
        form = BatchDecisionForm(request.POST, applications=applications)
        if not form.is_valid():
            messages.error(request, _("Please correct the errors below."))
            return self.render_to_response(self.get_context_data(form=form))
        choices = form.choices()
        if not choices:
            form.add_error(None, _("Choose grant or reject for at least one application."))
            return self.render_to_response(self.get_context_data(form=form))
        outcomes = decisions.decide_batch(request.user, choices, form.cleaned_data["text"])
        done = sum(outcome.ok for outcome in outcomes)
        refused = len(outcomes) - done
        if refused:
            messages.warning(
                request,
                _("%(done)s decided, %(refused)s refused: see the list below.")
                % {"done": done, "refused": refused},
            )
        else:
            messages.success(request, _("%(done)s decided.") % {"done": done})
        request.session[self.outcomes_key()] = [
            {
                "pk": outcome.application.pk,
                "action": outcome.action,
                "ok": outcome.ok,
                "message": outcome.message,
            }
            for outcome in outcomes
        ]
        return HttpResponseRedirect(request.path)
