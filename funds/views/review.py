"""The reviewer's pages (/beoordelen/): the applications assigned to me, and per assignment first
the conflict-of-interest declaration, then the application and the score form.

Before declaring, a reviewer sees only what is needed to judge a conflict; after declaring a
conflict, nothing at all. Every page that shows an applicant's data writes an access-log entry.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from funds import permissions
from funds.forms_assessment import DeclarationForm, NoteForm, ScoreForm
from funds.services import assessment
from funds.services.assessment import AssessmentError


class ReviewerMixin(LoginRequiredMixin):
    """Logged in, and in a role the fund's purpose names (403 otherwise)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not assessment.may_review(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReviewListView(ReviewerMixin, TemplateView):
    template_name = "funds/review/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            assignments=assessment.reviewer_assignments(self.request.user), **kwargs
        )


class AssignmentMixin(ReviewerMixin):
    """The person's own assignment from the URL (404 for anyone else's)."""

    def dispatch(self, request, *args, **kwargs):
        if assessment.may_review(request.user):  # otherwise ReviewerMixin refuses
            self.assignment = assessment.assignment_for_reviewer_or_404(request.user, kwargs["pk"])
            self.application = self.assignment.application
        return super().dispatch(request, *args, **kwargs)

    def review_url(self):
        return reverse("funds:review", args=[self.assignment.pk])

    def render_declaration(self, form, status=200):
        assessment.log_reviewer_read(self.request.user, self.application)
        return TemplateResponse(
            self.request,
            "funds/review/declare.html",
            {"assignment": self.assignment, "application": self.application, "form": form},
            status=status,
        )

    def render_review(self, score_form=None, note_form=None, status=200):
        user = self.request.user
        if not permissions.can_read_as_reviewer(user, self.application):
            raise PermissionDenied
        assessment.log_reviewer_read(user, self.application)
        review = assessment.review_of(self.assignment)
        scorable = self.application.status == assessment.SCORABLE_STATUS
        submitted = review is not None and review.submitted_at is not None
        criteria = assessment.criteria_of(self.application)
        if score_form is None and scorable and not submitted:
            score_form = ScoreForm(criteria=criteria, review=review)
        scores = {s.criterion_id: s for s in review.scores.all()} if review else {}
        return TemplateResponse(
            self.request,
            "funds/review/review.html",
            {
                "assignment": self.assignment,
                "application": self.application,
                "data": assessment.application_for_reviewer(self.application),
                "review": review,
                "submitted": submitted,
                "scorable": scorable,
                "score_form": score_form if scorable and not submitted else None,
                "given_scores": [(c, scores.get(c.pk)) for c in criteria],
                "notes": assessment.notes_of(self.application),
                "note_form": note_form or NoteForm(),
            },
            status=status,
        )

    def blocked(self):
        """A declared conflict: no reading, no scoring, for good."""
        return TemplateResponse(
            self.request,
            "funds/review/blocked.html",
            {"assignment": self.assignment},
            status=403,
        )


class ReviewView(AssignmentMixin, View):
    """GET: the declaration, or the application with the score form. POST: save or submit the
    scores."""

    def get(self, request, *args, **kwargs):
        if self.assignment.has_conflict:
            return self.blocked()
        if self.assignment.has_conflict is None:
            return self.render_declaration(DeclarationForm())
        return self.render_review()

    def post(self, request, *args, **kwargs):
        if self.assignment.has_conflict:
            return self.blocked()
        if self.assignment.has_conflict is None:
            messages.error(request, _("First declare whether you have a conflict of interest."))
            return HttpResponseRedirect(self.review_url())
        submitting = request.POST.get("action") == "submit"
        form = ScoreForm(
            request.POST,
            criteria=assessment.criteria_of(self.application),
            submitting=submitting,
        )
        if not form.is_valid():
            return self.render_review(score_form=form, status=400)
        try:
            assessment.save_review(
                self.assignment,
                request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                submit=submitting,
            )
        except AssessmentError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.review_url())
        if submitting:
            messages.success(request, _("Your review has been submitted. Thank you."))
        else:
            messages.success(request, _("Your scores have been saved as a draft."))
        return HttpResponseRedirect(self.review_url())


class DeclareView(AssignmentMixin, View):
    def post(self, request, *args, **kwargs):
        if self.assignment.declared:
            messages.error(
                request, _("You have already made your declaration for this application.")
            )
            return HttpResponseRedirect(self.review_url())
        form = DeclarationForm(request.POST)
        if not form.is_valid():
            return self.render_declaration(form, status=400)
        try:
            assessment.declare(
                self.assignment,
                request.user,
                has_conflict=form.has_conflict,
                explanation=form.cleaned_data["explanation"],
            )
        except AssessmentError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.review_url())
        if form.has_conflict:
            messages.success(
                request,
                _(
                    "Your conflict of interest has been recorded. You will not read or score "
                    "this application; the fund manager has been informed."
                ),
            )
            return HttpResponseRedirect(reverse("funds:review_list"))
        messages.success(request, _("Thank you. You can now read and score the application."))
        return HttpResponseRedirect(self.review_url())


class ReviewNoteView(AssignmentMixin, View):
    """A cleared reviewer writes an internal note (never shown to the applicant)."""

    def post(self, request, *args, **kwargs):
        if not permissions.can_read_as_reviewer(request.user, self.application):
            raise PermissionDenied
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self.render_review(note_form=form, status=400)
        try:
            assessment.add_note(self.application, request.user, form.cleaned_data["text"])
        except AssessmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your note has been added."))
        return HttpResponseRedirect(self.review_url() + "#notes")
