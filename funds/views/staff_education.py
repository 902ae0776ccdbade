"""The fund managers' pages of the Fonds Cultuureducatie (/fondsbeheer/cultuureducatie/):

- the overview of all schools' budgets in a year (filters, totals, per discipline, XLSX);
- the queue of spending requests the schools have approved, and one request with its invoice,
  to approve for payment (it goes into the next payment batch at /betalingen/) or return;
- a school's year report (PDF).

Fund managers of the fund's purpose only (403 for others). Looks at school staff's names and
the invoices' accounts are written to the access log.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from funds import permissions, spending_workflow
from funds.forms_spending import ReasonForm
from funds.models import SpendingRequest
from funds.models.education import EDUCATION_PURPOSE, Allocation, AllocationStatus
from funds.services import education_overview, spending, year_report
from portal.fields import Wijk
from portal.money import euro
from portal.storage import private_download
from privacy.access import log_access
from privacy.fields import mask_iban
from privacy.models import AccessAction
from schools.models import SchoolType

FUND_STEPS = (spending_workflow.FUND_MANAGER,)


class EducationFundManagerMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.is_education_fund_manager(request.user):
            raise PermissionDenied
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


def chosen_year(request, years):
    value = request.GET.get("jaar", "")
    if value.isdigit() and int(value) in years:
        return int(value)
    this_year = timezone.localdate().year
    return this_year if this_year in years or not years else years[0]


def overview_from(request):
    years = education_overview.years()
    year = chosen_year(request, years)
    school_type = request.GET.get("type", "")
    school_type = school_type if school_type in SchoolType.values else ""
    wijk = request.GET.get("wijk", "")
    wijk = wijk if wijk in Wijk.values else ""
    nothing = request.GET.get("niets") == "1"
    data = education_overview.overview(year, school_type, wijk, only_nothing_spent=nothing)
    filters = {"jaar": year, "type": school_type, "wijk": wijk, "niets": nothing}
    return years, data, filters


class EducationOverviewView(EducationFundManagerMixin, TemplateView):
    template_name = "funds/staff/education_overview.html"

    def get_context_data(self, **kwargs):
        years, data, filters = overview_from(self.request)
        queue = spending.for_fund_queue()
        return super().get_context_data(
            years=years,
            data=data,
            rows=education_overview.display_rows(
                data.rows, data.scheme.year if data.scheme else None
            ),
            totals={k: euro(v) for k, v in data.totals.items()},
            filters=filters,
            school_types=SchoolType.choices,
            wijken=Wijk.choices,
            queue_count=queue.count(),
            **kwargs,
        )


class EducationOverviewExportView(EducationFundManagerMixin, View):
    def get(self, request):
        _years, data, filters = overview_from(request)
        response = HttpResponse(
            education_overview.xlsx(data), content_type=education_overview.XLSX_TYPE
        )
        response["Content-Disposition"] = (
            f'attachment; filename="cultuureducatie-{filters["jaar"]}.xlsx"'
        )
        return response


class SpendingQueueView(EducationFundManagerMixin, TemplateView):
    template_name = "funds/staff/spending_queue.html"

    def get_context_data(self, **kwargs):
        queue = list(spending.for_fund_queue())
        recent = list(
            SpendingRequest.objects.filter(status__in=("approved", "paid"))
            .select_related("school", "payment")
            .order_by("-fund_approved_at", "-pk")[:20]
        )
        return super().get_context_data(queue=queue, recent=recent, **kwargs)


def staff_request_or_404(pk) -> SpendingRequest:
    return get_object_or_404(
        SpendingRequest.objects.select_related(
            "school",
            "allocation__scheme",
            "provider",
            "education_offer",
            "discipline",
            "payment__batch",
            "created_by",
            "submitted_by",
            "school_approved_by",
        ),
        pk=pk,
    )


class StaffSpendingView(EducationFundManagerMixin, TemplateView):
    template_name = "funds/staff/spending_request.html"

    def get_context_data(self, **kwargs):
        request_obj = staff_request_or_404(self.kwargs["pk"])
        log_access(
            self.request.user,
            model=SpendingRequest,
            purpose=EDUCATION_PURPOSE,
            object_id=request_obj.pk,
        )
        from funds.services import budget as budget_service

        return super().get_context_data(
            spending_request=request_obj,
            budget=budget_service.budget_for(request_obj.allocation),
            groups=request_obj.groups.all(),
            events=request_obj.events.select_related("actor"),
            masked_iban=mask_iban(request_obj.payee_iban) if request_obj.payee_iban else "",
            steps=spending_workflow.available(self.request.user, request_obj, who=FUND_STEPS),
            reason_form=ReasonForm(),
            **kwargs,
        )


class StaffSpendingStepView(EducationFundManagerMixin, View):
    def post(self, request, pk, step):
        request_obj = staff_request_or_404(pk)
        if step not in ("approve_fund", "return_fund"):
            raise Http404
        form = ReasonForm(request.POST)
        form.is_valid()
        try:
            if step == "approve_fund":
                spending.approve_for_payment(request_obj, request.user)
                messages.success(
                    request,
                    _("Approved: the invoice is ready for the next payment batch."),
                )
            else:
                spending_workflow.apply(
                    request_obj, step, request.user, reason=form.cleaned_data.get("reason", "")
                )
                messages.success(request, _("The request has been returned to the school."))
        except spending_workflow.TransitionError as error:
            messages.error(request, error.message)
            return redirect("funds:staff_spending", pk=pk)
        return redirect("funds:staff_spending_queue")


class StaffSpendingInvoiceView(EducationFundManagerMixin, View):
    def get(self, request, pk):
        request_obj = staff_request_or_404(pk)
        if not request_obj.invoice:
            raise Http404
        log_access(
            request.user,
            model=SpendingRequest,
            purpose=EDUCATION_PURPOSE,
            action=AccessAction.EXPORT,
            object_id=request_obj.pk,
        )
        return private_download(request_obj.invoice, request_obj.invoice_filename)


class StaffYearReportView(EducationFundManagerMixin, View):
    def get(self, request, school_pk, year):
        allocation = get_object_or_404(
            Allocation.objects.select_related("school", "scheme"),
            school_id=school_pk,
            scheme__year=year,
            status=AllocationStatus.CONFIRMED,
        )
        response = HttpResponse(
            year_report.year_report_pdf(allocation), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'inline; filename="jaarverslag-{allocation.school.brin_code}-{year}.pdf"'
        )
        return response
