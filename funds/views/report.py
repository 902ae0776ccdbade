"""The grantee's report (verantwoording) at /mijn/aanvragen/<pk>/verantwoording/, and the letters
about an application (applicant and fund managers).

The report asks only what the fund's reporting tier for the granted amount requires. "Save"
keeps a draft; "Submit" checks it is complete and takes the "submit_report" step. Files are
stored as soon as they pass the checks, so an error elsewhere on the form loses none of them.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from funds import permissions
from funds.models import PURPOSE, Application, AttachmentKind, Letter
from funds.models.applications import MAX_AMOUNT
from funds.services import accountability, applying
from funds.workflow import TransitionError
from payments.forms import MoneyField
from portal.money import euro
from portal.storage import private_download
from privacy.access import log_access

SUBMIT, SAVE, REMOVE = "submit", "save", "remove"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the view checks and stores each one."""

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ReportForm(forms.Form):
    content_report = forms.CharField(
        label=gettext_lazy("What was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "A short account: what happened, who took part, what went well and what did not."
        ),
    )
    participants = forms.IntegerField(
        label=gettext_lazy("Participants reached"),
        required=False,
        min_value=0,
        max_value=1_000_000,
    )
    photos = MultipleFileField(
        label=gettext_lazy("Add photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=format_lazy(
            gettext_lazy("JPEG, PNG or WebP, at most {limit} each. You can choose several."),
            limit=applying.max_upload_label(),
        ),
    )
    financial_statement = forms.FileField(
        label=gettext_lazy("Financial statement"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
        help_text=format_lazy(
            gettext_lazy("A PDF or a scan, at most {limit}."), limit=applying.max_upload_label()
        ),
    )

    def __init__(self, *args, tier, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.tier = tier
        self.lines = lines if tier.actual_budget else []
        if not tier.content_report:
            del self.fields["content_report"]
            del self.fields["participants"]
        if not tier.photos:
            del self.fields["photos"]
        if not tier.financial_statement:
            del self.fields["financial_statement"]
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = MoneyField(
                label=f"{line.description} ({line.get_kind_display().lower()})",
                required=False,
                min_value=0,
                max_value=MAX_AMOUNT,
                initial=line.actual_amount,
                help_text=_("Budgeted: %(amount)s") % {"amount": euro(line.amount)},
            )

    def line_fields(self):
        return [self[f"line_{line.pk}"] for line in self.lines]

    def actual_amounts(self) -> dict:
        return {line.pk: self.cleaned_data.get(f"line_{line.pk}") for line in self.lines}


class ReportView(LoginRequiredMixin, TemplateView):
    template_name = "funds/report/form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.application = permissions.get_own_or_404(request.user, kwargs["pk"])
        self.report = accountability.report_of(self.application)
        if self.report is None:
            raise Http404  # no grant, no report
        return super().dispatch(request, *args, **kwargs)

    def url(self):
        return reverse("funds:report", args=[self.application.pk])

    def form(self, data=None, files=None):
        lines = list(accountability.budget_lines(self.application))
        report = self.report
        return ReportForm(
            data,
            files,
            tier=accountability.requirements_for(self.application),
            lines=lines,
            initial={"content_report": report.content_report, "participants": report.participants},
        )

    def get_context_data(self, form=None, **kwargs):
        is_open = accountability.report_is_open(self.application)
        tier = accountability.requirements_for(self.application)
        return super().get_context_data(
            application=self.application,
            report=self.report,
            is_open=is_open,
            form=(form or self.form()) if is_open else None,
            requirements=accountability.requirement_labels(tier),
            attachments=list(accountability.report_attachments(self.application)),
            budget_lines=list(accountability.budget_lines(self.application)),
            show_budget=tier.actual_budget,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not accountability.report_is_open(self.application):
            messages.error(request, _("The report has been sent and can no longer be changed."))
            return HttpResponseRedirect(self.url())
        action = request.POST.get("action", SAVE)
        if action.startswith(f"{REMOVE}-"):
            if accountability.remove_report_attachment(self.application, action.split("-", 1)[1]):
                messages.success(request, _("The file has been removed."))
            return HttpResponseRedirect(self.url())

        form = self.form(request.POST, request.FILES)
        form.is_valid()
        # Files first: each one that passes the checks is kept, whatever else is wrong.
        for field_name, kind in (
            ("photos", AttachmentKind.PHOTO),
            ("financial_statement", AttachmentKind.FINANCIAL_STATEMENT),
        ):
            if field_name not in form.fields:
                continue
            for upload in request.FILES.getlist(field_name):
                try:
                    accountability.store_upload(self.application, upload, kind)
                except accountability.UploadError as error:
                    form.add_error(field_name, error.message)
        if form.errors:
            return self.render_to_response(self.get_context_data(form=form))
        accountability.save_report(
            self.application,
            form.cleaned_data.get("content_report", ""),
            form.cleaned_data.get("participants"),
            form.actual_amounts(),
        )
        if action != SUBMIT:
            messages.success(request, _("Your report has been saved. You can send it later."))
            return HttpResponseRedirect(self.url())
        try:
            accountability.submit_report(self.application, request.user)
        except accountability.ReportIncomplete as error:
            for field_name, message in error.errors.items():
                form.add_error(field_name if field_name in form.fields else None, message)
            self.report.refresh_from_db()
            return self.render_to_response(self.get_context_data(form=form))
        except TransitionError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.url())
        messages.success(request, _("Thank you: your report has been sent."))
        return HttpResponseRedirect(self.url())


class LetterView(LoginRequiredMixin, View):
    """A letter about an application, as PDF: for the applicant and fund managers (404 for
    anyone else). A fund manager's look is written to the access log."""

    def get(self, request, pk, letter_pk):
        application = get_object_or_404(Application, pk=pk)
        is_applicant = permissions.is_applicant(request.user, application)
        if not (is_applicant or permissions.is_fund_manager(request.user)):
            raise Http404
        letter = get_object_or_404(Letter, pk=letter_pk, application=application)
        if not is_applicant:
            log_access(request.user, model=Letter, purpose=PURPOSE, object_id=letter.pk)
        return private_download(letter.file, f"{application.number}-{letter.kind}.pdf")
