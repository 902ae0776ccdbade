"""The applicant's side: start a draft from a round page, fill in the steps (each POST saves
what is valid; the autosave script posts the current step every 20 s), review, submit, and
afterwards follow the application, answer requests for more information, or withdraw.

Every view goes through funds.permissions: the applicant's own application or 404. The PDF and
the attachments are also open to whoever may read the application (fund managers, cleared
reviewers); their reading is logged.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from funds import permissions, workflow
from funds.forms import (
    STEP_FORMS,
    AnswerForm,
    AttachmentForm,
    QuestionsForm,
    budget_formsets,
    form_with_problems,
)
from funds.models import (
    ApplicationStatus,
    Attachment,
    AttachmentKind,
    MessageKind,
    RoundPage,
)
from funds.services import applying
from portal.money import EURO_SIGN_NBSP, euro
from portal.storage import private_download


def not_editable_message():
    return _("This application has been submitted and can no longer be changed.")


def is_autosave(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


class ApplyView(LoginRequiredMixin, View):
    """The round page's "Apply" button: the person's draft for the round, new or resumed."""

    def get(self, request, round_pk):
        round_page = get_object_or_404(RoundPage.objects.live(), pk=round_pk)
        return HttpResponseRedirect(round_page.get_url(request) or "/")

    def post(self, request, round_pk):
        round_page = get_object_or_404(RoundPage.objects.live(), pk=round_pk)
        try:
            application, created = applying.start_or_resume_draft(round_page, request.user)
        except applying.RoundClosed:
            messages.error(request, _("This round is not open for applications."))
            return HttpResponseRedirect(round_page.get_url(request) or "/")
        if created:
            messages.success(
                request,
                _("Your application has been started. Everything you enter is saved as a draft."),
            )
        else:
            messages.info(
                request, _("You already started an application for this round: continue here.")
            )
        return HttpResponseRedirect(
            reverse(applying.STEP_APPLICANT.url_name, args=[application.pk])
        )


class ApplicationMixin(LoginRequiredMixin):
    """The person's own application (404 for anyone else's); `requires_editable` views send
    back to the overview once it has been submitted."""

    requires_editable = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.application = permissions.get_own_or_404(request.user, kwargs["pk"])
        if self.requires_editable and not self.application.is_editable:
            if request.method == "POST" and is_autosave(request):
                return JsonResponse({"saved": False, "message": not_editable_message()}, status=409)
            if request.method == "POST":
                messages.error(request, not_editable_message())
            else:
                messages.info(request, not_editable_message())
            return HttpResponseRedirect(self.application.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def overview(self):
        return HttpResponseRedirect(self.application.get_absolute_url())


def steps_context(application, current: str | None = None, problems=None) -> dict:
    """The progress list: every step, whether it is complete, which one is open."""
    problems = applying.eligibility_problems(application) if problems is None else problems
    grouped = applying.problems_by_step(problems)
    steps = applying.steps_for(application)
    items = [
        {
            "step": step,
            "url": reverse(step.url_name, args=[application.pk]),
            "complete": step.key not in grouped,
            "current": step.key == current,
        }
        for step in steps
    ]
    keys = [step.key for step in steps]
    next_url = reverse("funds:application_review", args=[application.pk])
    previous_url = None
    if current in keys:
        index = keys.index(current)
        if index + 1 < len(steps):
            next_url = items[index + 1]["url"]
        if index > 0:
            previous_url = items[index - 1]["url"]
    urls = {item["step"].key: item["url"] for item in items}
    problem_links = [
        {
            "message": problem.message,
            "step": applying.STEPS_BY_KEY.get(problem.step),
            "url": f"{urls[problem.step]}?controle=1#{problem.anchor}"
            if problem.step in urls
            else None,
        }
        for problem in problems
    ]
    return {
        "application": application,
        "steps": items,
        "problem_links": problem_links,
        "current_step": applying.STEPS_BY_KEY.get(current),
        "review_current": current == "review",
        "next_url": next_url,
        "previous_url": previous_url,
        "problems": problems,
        "problems_by_step": grouped,
        "step_problems": grouped.get(current, []),
        "general_problems": grouped.get(None, []),
        "review_url": reverse("funds:application_review", args=[application.pk]),
    }


class StepView(ApplicationMixin, TemplateView):
    """One step of the form. Subclasses build the form and save what is valid."""

    requires_editable = True
    step = None  # applying.Step

    def get_context_data(self, **kwargs):
        self.application.refresh_from_db()
        context = steps_context(self.application, self.step.key)
        context.update(kwargs)
        return super().get_context_data(**context)

    def saved_response(self, ok: bool, extra=None, text=None):
        """After a POST: JSON for the autosave script; otherwise on to the next step or back to
        this one."""
        if is_autosave(self.request):
            now = timezone.localtime()
            return JsonResponse(
                {
                    "saved": True,
                    "complete": ok,
                    "message": _("Draft saved at %(time)s.") % {"time": time_format(now, "H:i")},
                    "set": extra or {},
                    "text": text or {},
                }
            )
        if ok:
            messages.success(self.request, _("Saved."))
            target = self.request.path
            if self.request.POST.get("go") == "next":
                target = steps_context(self.application, self.step.key)["next_url"]
            return HttpResponseRedirect(target)
        return None

    def invalid_message(self):
        messages.warning(
            self.request,
            _("Some fields need your attention (see below). Everything else has been saved."),
        )


class ModelStepView(StepView):
    """Applicant, project, payment details: fields of the application itself."""

    template_name = "funds/applicant/step_form.html"

    def form_class(self):
        return STEP_FORMS[self.step.key]

    def get(self, request, *args, **kwargs):
        if request.GET.get("controle"):
            problems = applying.problems_by_step(
                applying.eligibility_problems(self.application)
            ).get(self.step.key, [])
            form = form_with_problems(self.form_class(), self.application, problems)
        else:
            form = self.form_class()(instance=self.application)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = self.form_class()(request.POST, instance=self.application)
        applying.save_valid_fields(self.application, form)
        response = self.saved_response(not form.errors)
        if response is not None:
            return response
        self.invalid_message()
        return self.render_to_response(self.get_context_data(form=form))


class BudgetStepView(StepView):
    template_name = "funds/applicant/step_budget.html"
    step = applying.STEP_BUDGET

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["budget"] = applying.budget_summary(self.application)
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(formsets=budget_formsets(self.application))
        )

    def post(self, request, *args, **kwargs):
        formsets = budget_formsets(self.application, request.POST)
        result = applying.save_budget(self.application, formsets)
        budget = applying.budget_summary(self.application)
        totals = {
            f"budget-{key}": euro(budget[key], sign=EURO_SIGN_NBSP)
            for key in ("costs", "income", "requested")
        }
        totals["budget-maximum"] = euro(budget["maximum_request"], sign=EURO_SIGN_NBSP)
        response = self.saved_response(result["ok"], extra=result["ids"], text=totals)
        if response is not None:
            return response
        self.invalid_message()
        formsets = budget_formsets(self.application, result["data"])
        for formset in formsets:
            formset.is_valid()
        return self.render_to_response(self.get_context_data(formsets=formsets))


class QuestionsStepView(StepView):
    template_name = "funds/applicant/step_questions.html"
    step = applying.STEP_QUESTIONS

    def make_form(self, data=None, files=None):
        return QuestionsForm(data, files, application=self.application)

    def with_files(self, form):
        files = {
            attachment.question_id: attachment
            for attachment in self.application.attachments.filter(kind=AttachmentKind.QUESTION)
        }
        for block in form.questions:
            field = form.fields[applying.question_field_name(block.id)]
            field.existing_file = files.get(block.id)
        return form

    def get(self, request, *args, **kwargs):
        form = self.make_form()
        if request.GET.get("controle"):
            problems = applying.problems_by_step(
                applying.eligibility_problems(self.application)
            ).get(self.step.key, [])
            data = {}
            for name in form.fields:
                value = form[name].value()
                if hasattr(value, "isoformat"):
                    value = value.isoformat()
                data[name] = "" if value is None else value
            form = self.make_form(data)
            form.is_valid()
            for problem in problems:
                if problem.field in form.fields:
                    form.add_error(problem.field, problem.message)
        return self.render_to_response(self.get_context_data(form=self.with_files(form)))

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST, request.FILES)
        applying.save_answers(self.application, form)
        form.flag_word_limits()
        response = self.saved_response(not form.errors)
        if response is not None:
            return response
        self.invalid_message()
        return self.render_to_response(self.get_context_data(form=self.with_files(form)))


class AttachmentsStepView(StepView):
    template_name = "funds/applicant/step_attachments.html"
    step = applying.STEP_ATTACHMENTS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = self.application.attachments.filter(
            kind__in=applying.APPLICANT_ATTACHMENT_KINDS
        )
        context.setdefault("form", AttachmentForm())
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        attachment = applying.add_attachment(
            self.application,
            form.cleaned_data["file"],
            form.cleaned_data["kind"],
            content_type=form.content_type,
        )
        messages.success(
            request, _("“%(name)s” has been added.") % {"name": attachment.original_name}
        )
        if request.POST.get("go") == "next":
            return HttpResponseRedirect(steps_context(self.application, self.step.key)["next_url"])
        return HttpResponseRedirect(request.path)


class AttachmentDeleteView(ApplicationMixin, View):
    requires_editable = True

    def post(self, request, pk, attachment_pk):
        attachment = get_object_or_404(
            self.application.attachments.filter(
                kind__in=[*applying.APPLICANT_ATTACHMENT_KINDS, AttachmentKind.QUESTION]
            ),
            pk=attachment_pk,
        )
        name = attachment.original_name
        applying.remove_attachment(self.application, attachment)
        messages.success(request, _("“%(name)s” has been removed.") % {"name": name})
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = reverse("funds:application_attachments", args=[pk])
        return HttpResponseRedirect(target)


class ReviewView(ApplicationMixin, TemplateView):
    """Everything at a glance with "edit" links, what still stands in the way, and Submit."""

    requires_editable = True
    template_name = "funds/applicant/review.html"

    def get_context_data(self, problems=None, **kwargs):
        context = steps_context(self.application, "review", problems)
        context.update(applying.summary_context(self.application))
        context["editable"] = True
        return super().get_context_data(**context, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())


class SubmitView(ApplicationMixin, View):
    requires_editable = True

    def post(self, request, pk):
        try:
            applying.submit(self.application, request.user)
        except applying.NotEligible as error:
            view = ReviewView()
            view.setup(request, **self.kwargs)
            view.application = self.application
            messages.error(request, error.message)
            return view.render_to_response(view.get_context_data(problems=error.problems))
        except workflow.TransitionError as error:
            messages.error(request, error.message)
            return self.overview()
        messages.success(
            request,
            _("Your application has been submitted. You will get a confirmation by email."),
        )
        return self.overview()


# The applicant's actions after submitting, by transition; other parts of the portal add
# pages for theirs (the report).
ACTION_URLS = {
    "submit": "funds:application_review",
    "answer": "funds:application_answer",
    "withdraw": "funds:application_withdraw",
    "submit_report": "funds:report",
}


def actions_for(user, application) -> list[dict]:
    actions = []
    for transition in workflow.available(user, application):
        url_name = ACTION_URLS.get(transition.name)
        if url_name is None:
            continue
        try:
            url = reverse(url_name, args=[application.pk])
        except NoReverseMatch:
            continue
        actions.append({"name": transition.name, "label": transition.label, "url": url})
    return actions


def history_of(application) -> list[dict]:
    """What happened when; staff steps are "the fund", never a staff member's name."""
    rows = [{"at": application.created_at, "label": _("Application started"), "by_fund": False}]
    for event in application.events.all():
        transition = workflow.TRANSITIONS.get(event.transition)
        if transition is None:
            continue  # internal steps (a reviewer's conflict declaration) are not the applicant's
        rows.append(
            {
                "at": event.at,
                # What the application became ("Granted"), not the staff button that did it
                # ("Complete: start the review").
                "label": event.get_to_status_display(),
                "by_fund": transition.who != workflow.APPLICANT,
                "status": event.get_to_status_display(),
            }
        )
    return rows


def letters_of(application) -> list[dict]:
    letters = []
    for letter in application.letters.all():
        try:
            url = letter.get_absolute_url()
        except NoReverseMatch:
            url = None
        letters.append({"letter": letter, "url": url})
    return letters


class OverviewView(ApplicationMixin, TemplateView):
    """The applicant's page of one application: status, history, messages, actions."""

    template_name = "funds/applicant/overview.html"

    def get_context_data(self, **kwargs):
        application = self.application
        context = applying.summary_context(application)
        context.update(
            editable=application.is_editable,
            history=history_of(application),
            messages_list=list(application.messages.all()),
            letters=letters_of(application),
            actions=actions_for(self.request.user, application),
        )
        if application.is_editable:
            context.update(steps_context(application))
        return super().get_context_data(**context, **kwargs)


class ApplicationPdfView(LoginRequiredMixin, View):
    """The application as submitted, as a PDF: for the applicant, fund managers and cleared
    reviewers."""

    def get(self, request, pk):
        application = permissions.get_visible_or_404(request.user, pk)
        applying.log_read(request.user, application)
        pdf = applying.render_submission_pdf(application, request)
        filename = f"{application.number or 'aanvraag-' + str(application.pk)}.pdf"
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class AttachmentDownloadView(LoginRequiredMixin, View):
    """A file of the application, from the private storage, for whoever may read it."""

    def get(self, request, pk, attachment_pk):
        application = permissions.get_visible_or_404(request.user, pk)
        attachment = get_object_or_404(Attachment, application=application, pk=attachment_pk)
        response = private_download(
            attachment.file,
            applying.download_name(attachment),
            content_type=attachment.content_type,
            as_attachment=True,
        )
        applying.log_read(request.user, application, model=Attachment, object_id=attachment.pk)
        return response


class WithdrawView(ApplicationMixin, TemplateView):
    template_name = "funds/applicant/withdraw.html"

    def may_withdraw(self):
        return any(
            t.name == "withdraw" for t in workflow.available(self.request.user, self.application)
        )

    def get(self, request, *args, **kwargs):
        if not self.may_withdraw():
            messages.error(request, _("This application can no longer be withdrawn."))
            return self.overview()
        return self.render_to_response(self.get_context_data(application=self.application))

    def post(self, request, *args, **kwargs):
        try:
            applying.withdraw(self.application, request.user)
        except workflow.TransitionError as error:
            messages.error(request, error.message)
            return self.overview()
        messages.success(request, _("Your application has been withdrawn."))
        return self.overview()


class AnswerView(ApplicationMixin, TemplateView):
    """Answer the fund's request for more information."""

    template_name = "funds/applicant/answer.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", AnswerForm())
        return super().get_context_data(
            application=self.application,
            requests=self.application.messages.filter(kind=MessageKind.INFO_REQUEST),
            **kwargs,
        )

    def refuse(self):
        messages.error(request=self.request, message=_("The fund has not asked you anything."))
        return self.overview()

    def get(self, request, *args, **kwargs):
        if self.application.status != ApplicationStatus.MORE_INFO:
            return self.refuse()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        if self.application.status != ApplicationStatus.MORE_INFO:
            return self.refuse()
        form = AnswerForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            applying.answer_request(
                self.application,
                request.user,
                form.cleaned_data["text"],
                form.cleaned_data.get("file"),
                content_type=form.content_type,
            )
        except workflow.TransitionError as error:
            messages.error(request, error.message)
            return self.overview()
        messages.success(request, _("Your answer has been sent to the fund."))
        return self.overview()
