"""Staff views: staff_assessment. The fund manager's assessment actions (screening, reviewers,
internal notes, messages to the applicant), POSTed from the staff application page
(funds/views/staff.py), and `panel_context(request, application)`: what that page's assessment
part (templates/funds/staff/_assessment.html) needs.

A form with an error goes back to the staff page with the error on its field and the text as
entered: the POST is kept in the session for that one next rendering of the page.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from funds import permissions, workflow
from funds.forms_assessment import AssignReviewerForm, InfoRequestForm, MessageForm, NoteForm
from funds.models import ApplicationStatus, ReviewAssignment
from funds.services import assessment
from funds.services.assessment import AssessmentError
from funds.workflow import TransitionError

SESSION_KEY = "funds_assessment_forms"

# The panel's forms, by the name under which a POST with an error is kept.
FORMS = {
    "info_request": InfoRequestForm,
    "assign": AssignReviewerForm,
    "note": NoteForm,
    "message": MessageForm,
}


def staff_application_url(application) -> str:
    return reverse("funds:staff_application", args=[application.pk]) + "#assessment"


def keep_entered(request, application, form_name) -> None:
    """Keep what was entered in a panel form, to show it again with its errors."""
    data = {key: request.POST.get(key, "") for key in request.POST if key != "csrfmiddlewaretoken"}
    kept = request.session.get(SESSION_KEY, {})
    kept[str(application.pk)] = {"form": form_name, "data": data}
    request.session[SESSION_KEY] = kept


def take_entered(request, application):
    """(form name, data) kept for this application, once; or (None, None)."""
    kept = request.session.get(SESSION_KEY) or {}
    entry = kept.pop(str(application.pk), None)
    if entry is None:
        return None, None
    request.session[SESSION_KEY] = kept
    return entry.get("form"), entry.get("data") or {}


class FundManagerActionView(LoginRequiredMixin, View):
    """POST only; fund managers only (403), on an application that exists (404)."""

    http_method_names = ["post"]
    form_name: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.is_fund_manager(request.user):
            raise PermissionDenied
        self.application = permissions.get_visible_or_404(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        return FORMS[self.form_name](self.request.POST)

    def post(self, request, *args, **kwargs):
        form = self.get_form() if self.form_name else None
        if form is not None and not form.is_valid():
            keep_entered(request, self.application, self.form_name)
            messages.error(request, _("Please correct the error below."))
            return HttpResponseRedirect(staff_application_url(self.application))
        try:
            done = self.act(form)
        except (AssessmentError, TransitionError) as error:
            if self.form_name:
                keep_entered(request, self.application, self.form_name)
            messages.error(request, error.message)
        else:
            messages.success(request, done)
        return HttpResponseRedirect(staff_application_url(self.application))

    def act(self, form) -> str:
        raise NotImplementedError


class ScreenCompleteView(FundManagerActionView):
    def act(self, form):
        assessment.screen_complete(self.application, self.request.user)
        return _("The application is complete; the review has started and the applicant is told.")


class AskMoreInfoView(FundManagerActionView):
    form_name = "info_request"

    def act(self, form):
        assessment.ask_more_info(self.application, self.request.user, form.cleaned_data["text"])
        return _("Your request for more information has been sent to the applicant.")


class AssignReviewerView(FundManagerActionView):
    form_name = "assign"

    def get_form(self):
        return AssignReviewerForm(
            self.request.POST, candidates=assessment.committee_candidates(self.application)
        )

    def act(self, form):
        assessment.assign_reviewer(
            self.application, form.cleaned_data["reviewer"], by=self.request.user
        )
        return _("The reviewer has been assigned and told by email.")


class UnassignReviewerView(FundManagerActionView):
    def act(self, form):
        assignment = get_object_or_404(
            ReviewAssignment, pk=self.kwargs["assignment_pk"], application=self.application
        )
        assessment.unassign_reviewer(assignment)
        return _("The assignment has been withdrawn.")


class AddNoteView(FundManagerActionView):
    form_name = "note"

    def act(self, form):
        assessment.add_note(self.application, self.request.user, form.cleaned_data["text"])
        return _("Your note has been added.")


class SendMessageView(FundManagerActionView):
    form_name = "message"

    def act(self, form):
        assessment.send_message(self.application, self.request.user, form.cleaned_data["text"])
        return _("Your message has been sent to the applicant.")


def panel_context(request, application) -> dict:
    """The assessment part of the staff application page: screening, reviewers with their
    declarations and scores, averages and spread, internal notes, messages, and the forms of
    the actions that are possible now. Empty for anyone but a fund manager."""
    user = request.user
    if not permissions.is_fund_manager(user):
        return {}
    transitions = {t.name for t in workflow.available(user, application)}
    candidates = assessment.committee_candidates(application)
    kept_form, kept_data = take_entered(request, application)

    def form(name, **kwargs):
        if name == kept_form:
            bound = FORMS[name](kept_data, **kwargs)
            bound.is_valid()  # shows its errors
            return bound
        return FORMS[name](**kwargs)

    can_assign = application.status in assessment.ASSIGNABLE_STATUSES
    return {
        "application": application,
        "can_start_review": "start_review" in transitions,
        "can_ask_more_info": "ask_more_info" in transitions,
        "can_assign": can_assign,
        "can_message": application.status != ApplicationStatus.DRAFT,
        "overview": assessment.overview(application),
        "candidates": candidates,
        "notes": assessment.notes_of(application),
        "messages": assessment.messages_of(application),
        "info_request_form": form("info_request"),
        "assign_form": form("assign", candidates=candidates),
        "note_form": form("note"),
        "message_form": form("message"),
    }
