"""Mijn gegevens: what the portal holds about the logged-in person, its downloads, and the
requests they can make about it (correction, objection, access, erasure)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from portal.pdf import render_pdf
from privacy import consents, mydata, requests
from privacy.models import RequestKind

# Records per kind shown on the page and in the PDF; the JSON export holds them all.
PAGE_LIMIT = 50
PDF_LIMIT = 500


class NoStoreMixin:
    """Personal data: no shared cache, no copy left in the browser's cache."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


class MyDataView(LoginRequiredMixin, NoStoreMixin, TemplateView):
    template_name = "privacy/mydata/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            groups=mydata.collect(user, limit=PAGE_LIMIT),
            open_requests=requests.open_requests_of(user),
            request_kinds=KIND_PAGES,
            consents=consents.current_consents(user),
            **kwargs,
        )


class WithdrawConsentView(LoginRequiredMixin, View):
    """One click: the consent for this topic is withdrawn (appended to the ledger)."""

    http_method_names = ["post"]

    def post(self, request, topic):
        if consents.withdraw(request.user, topic):
            messages.success(request, _("Your consent has been withdrawn."))
        return redirect("privacy:mydata")


def _download_name(extension: str) -> str:
    return f"mijn-gegevens-{timezone.localdate():%Y-%m-%d}.{extension}"


class ExportJSONView(LoginRequiredMixin, NoStoreMixin, View):
    def get(self, request):
        data = mydata.as_json(request.user, mydata.collect(request.user))
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'attachment; filename="{_download_name("json")}"'
        return response


class ExportPDFView(LoginRequiredMixin, NoStoreMixin, View):
    def get(self, request):
        context = {
            "person": request.user,
            "groups": mydata.collect(request.user, limit=PDF_LIMIT),
            "generated_at": timezone.localtime(),
        }
        response = HttpResponse(
            render_pdf("pdf/mydata.html", context, request), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="{_download_name("pdf")}"'
        return response


# --- requests -----------------------------------------------------------------------------------
KIND_PAGES = {
    "correctie": {
        "kind": RequestKind.CORRECTION,
        "title": gettext_lazy("Ask for a correction"),
        "link": gettext_lazy("Something else is wrong, or your address has changed"),
        "label": gettext_lazy("What is wrong, and what should it be?"),
        "required": True,
    },
    "bezwaar": {
        "kind": RequestKind.OBJECTION,
        "title": gettext_lazy("Object to the use of your data"),
        "link": gettext_lazy("Object to the use of your data"),
        "label": gettext_lazy("Which use do you object to, and why?"),
        "required": True,
    },
    "inzage": {
        "kind": RequestKind.ACCESS,
        "title": gettext_lazy("Ask our staff for your data"),
        "link": gettext_lazy("Ask our staff for a copy or an explanation of your data"),
        "label": gettext_lazy("What would you like to know? (optional)"),
        "required": False,
    },
}


class DataRequestForm(forms.Form):
    explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["explanation"]
        field.label = page["label"]
        field.required = page["required"]
        field.error_messages["required"] = gettext_lazy("Tell us what your request is about.")


class DataRequestView(LoginRequiredMixin, FormView):
    """A correction (everything but name and email, which people change themselves; an address
    change always goes through staff), an objection, or a question for staff about one's data."""

    form_class = DataRequestForm
    template_name = "privacy/mydata/request.html"

    def dispatch(self, request, *args, **kwargs):
        self.page = KIND_PAGES.get(kwargs["kind"])
        if self.page is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "page": self.page}

    def get_context_data(self, **kwargs):
        open_request = None
        if self.page["kind"] in requests.ONE_OPEN:
            open_request = (
                requests.open_requests_of(self.request.user).filter(kind=self.page["kind"]).first()
            )
        return super().get_context_data(
            kind_page=self.page,
            kind_slug=self.kwargs["kind"],
            open_request=open_request,
            **kwargs,
        )

    def form_valid(self, form):
        request, _created = requests.submit(
            self.request.user, self.page["kind"], form.cleaned_data["explanation"]
        )
        messages.success(
            self.request,
            _("We have received your request. We will answer by %(date)s.")
            % {"date": date_format(request.due_date)},
        )
        return redirect("privacy:mydata")


class ErasureRequestForm(forms.Form):
    explanation = forms.CharField(
        label=gettext_lazy("Anything we should know? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, I want my account and my data to be deleted."),
        error_messages={"required": gettext_lazy("Tick the box to confirm your request.")},
    )


class ErasureRequestView(LoginRequiredMixin, NoStoreMixin, FormView):
    """Ask for the account and its data to be deleted, after seeing what will be deleted, what
    ends and what the law makes us keep; the privacy officer handles it within a month."""

    form_class = ErasureRequestForm
    template_name = "privacy/erasure_request.html"

    def get_context_data(self, **kwargs):
        open_request = (
            requests.open_requests_of(self.request.user).filter(kind=RequestKind.ERASURE).first()
        )
        return super().get_context_data(
            open_request=open_request,
            preview=requests.erasure_preview(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        request, _created = requests.submit(
            self.request.user, RequestKind.ERASURE, form.cleaned_data["explanation"]
        )
        messages.success(
            self.request,
            _("We have received your request. We will answer by %(date)s.")
            % {"date": date_format(request.due_date)},
        )
        return redirect("privacy:erasure_request")
