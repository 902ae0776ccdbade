"""A school's culture budget in Mijn portaal (/mijn/scholen/<pk>/budget/): the figures, the
spending requests, drafting and proposing a request, and the steps of the four-eyes approval.

Every view finds the school through the person's membership (404 for anyone else) and asks
funds.permissions what the person may do; the steps themselves are funds.spending_workflow.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from funds import permissions, spending_workflow
from funds.forms_spending import ReasonForm, SpendingRequestForm
from funds.models import Booking, BookingStatus, SpendingRequest
from funds.models.education import Allocation, AllocationStatus
from funds.services import budget as budget_service
from funds.services import spending, year_report
from portal.storage import private_download
from schools.models import SchoolMembership, SchoolRole
from schools.permissions import policy as school_policy

SHOWN_BOOKINGS = (BookingStatus.REQUESTED, BookingStatus.DATE_PROPOSED, BookingStatus.ACCEPTED)
SCHOOL_STEPS = (
    spending_workflow.DRAFTER,
    spending_workflow.SCHOOL_APPROVER,
    spending_workflow.WITHDRAWER,
)


class SchoolMixin(LoginRequiredMixin):
    """The school from the URL, only for its members (404 otherwise)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.school = school_policy.get_for_member_or_404(request.user, kwargs["school_pk"])
        self.membership = school_policy.membership(request.user, self.school)
        return super().dispatch(request, *args, **kwargs)

    def get_request_or_404(self, pk) -> SpendingRequest:
        return get_object_or_404(
            SpendingRequest.objects.filter(school=self.school).select_related(
                "allocation__scheme", "school", "provider", "education_offer", "discipline"
            ),
            pk=pk,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(school=self.school, membership=self.membership, **kwargs)


def confirmed_allocations(school):
    return (
        Allocation.objects.filter(school=school, status=AllocationStatus.CONFIRMED)
        .select_related("scheme")
        .order_by("-scheme__year")
    )


class SchoolBudgetView(SchoolMixin, TemplateView):
    """The budget of one year with its spending requests; other years in a switcher."""

    template_name = "funds/school_budget/budget.html"

    def get_context_data(self, **kwargs):
        allocations = list(confirmed_allocations(self.school))
        year = self.request.GET.get("jaar", "")
        allocation = next((a for a in allocations if str(a.scheme.year) == year), None)
        if allocation is None:
            this_year = timezone.localdate().year
            allocation = next((a for a in allocations if a.scheme.year == this_year), None)
            allocation = allocation or (allocations[0] if allocations else None)
        figures = budget_service.budget_for(allocation) if allocation else None
        requests = (
            SpendingRequest.objects.filter(allocation=allocation)
            .select_related("provider", "created_by")
            .order_by("-created_at", "-pk")
            if allocation
            else SpendingRequest.objects.none()
        )
        user = self.request.user
        bookings = (
            Booking.objects.filter(school=self.school, status__in=SHOWN_BOOKINGS)
            .select_related("offer__provider")
            .order_by("date", "pk")
        )
        return super().get_context_data(
            bookings=bookings,
            allocations=allocations,
            allocation=allocation,
            budget=figures,
            requests=requests,
            may_propose=permissions.may_propose_spending(user, self.school),
            may_draft=permissions.may_draft_spending(user, self.school),
            is_approver=permissions.is_school_approver(user, self.school),
            may_authorise=permissions.may_authorise_approvers(user, self.school),
            **kwargs,
        )


class SpendingFormMixin(SchoolMixin):
    template_name = "funds/school_budget/request_form.html"

    def render_form(self, form, request_obj=None):
        context = self.get_context_data(form=form, spending_request=request_obj)
        return self.render_to_response(context)


class SpendingCreateView(SpendingFormMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        if not permissions.may_propose_spending(request.user, self.school):
            raise PermissionDenied
        initial = {}
        offer_id = request.GET.get("aanbod")
        if offer_id and offer_id.isdigit():
            initial["education_offer"] = offer_id
        return self.render_form(SpendingRequestForm(school=self.school, initial=initial))

    def post(self, request, *args, **kwargs):
        if not permissions.may_propose_spending(request.user, self.school):
            raise PermissionDenied
        form = SpendingRequestForm(request.POST, request.FILES, school=self.school)
        if form.is_valid():
            data = {
                k: v for k, v in form.cleaned_data.items() if k not in ("groups",) and v is not None
            }
            try:
                created = spending.create(
                    self.school, request.user, data, groups=form.cleaned_data["groups"]
                )
            except spending.SpendingError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("The request has been saved as a draft."))
                return redirect(created.get_absolute_url())
        return self.render_form(form)


class SpendingUpdateView(SpendingFormMixin, TemplateView):
    def get_editable(self, pk):
        request_obj = self.get_request_or_404(pk)
        if not permissions.may_edit_spending(self.request.user, request_obj):
            raise PermissionDenied
        return request_obj

    def get(self, request, *args, **kwargs):
        request_obj = self.get_editable(kwargs["pk"])
        form = SpendingRequestForm(instance=request_obj, school=self.school)
        return self.render_form(form, request_obj)

    def post(self, request, *args, **kwargs):
        request_obj = self.get_editable(kwargs["pk"])
        form = SpendingRequestForm(
            request.POST, request.FILES, instance=request_obj, school=self.school
        )
        if form.is_valid():
            changed = form.save(commit=False)
            try:
                spending.change_year_if_needed(changed)
            except spending.SpendingError as error:
                form.add_error(error.field, error.message)
            else:
                try:
                    with transaction.atomic():
                        if changed.is_committed:  # a booked request: its amount stays covered
                            allocation = budget_service.lock(changed.allocation_id)
                            budget_service.check_room(
                                allocation, changed.amount, exclude_request_id=changed.pk
                            )
                        changed.save()
                        form.save_m2m()
                except budget_service.BudgetError as error:
                    form.add_error("amount", error.message)
                else:
                    messages.success(request, _("Your changes have been saved."))
                    return redirect(changed.get_absolute_url())
        return self.render_form(form, request_obj)


class SpendingDetailView(SchoolMixin, TemplateView):
    template_name = "funds/school_budget/request_detail.html"

    def get_context_data(self, **kwargs):
        request_obj = self.get_request_or_404(self.kwargs["pk"])
        user = self.request.user
        steps = spending_workflow.available(user, request_obj, who=SCHOOL_STEPS)
        approver_blocked = (
            request_obj.status == "submitted"
            and permissions.is_school_approver(user, self.school)
            and not permissions.may_approve_for_school(user, request_obj)
        )
        return super().get_context_data(
            spending_request=request_obj,
            events=request_obj.events.select_related("actor"),
            groups=request_obj.groups.all(),
            steps=steps,
            reason_form=ReasonForm(),
            may_edit=permissions.may_edit_spending(user, request_obj),
            missing_for_fund=spending_workflow.missing_for_fund(request_obj),
            approver_blocked=approver_blocked,
            **kwargs,
        )


class SpendingStepView(SchoolMixin, View):
    """POST: take one step (submit, approve, return, withdraw) on a request."""

    def post(self, request, school_pk, pk, step):
        request_obj = self.get_request_or_404(pk)
        transition = spending_workflow.TRANSITIONS.get(step)
        if transition is None or transition.who not in SCHOOL_STEPS:
            raise Http404
        form = ReasonForm(request.POST)
        form.is_valid()
        try:
            spending_workflow.apply(
                request_obj, step, request.user, reason=form.cleaned_data.get("reason", "")
            )
        except spending_workflow.TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Done: %(step)s.") % {"step": str(transition.label).lower()},
            )
        return redirect(request_obj.get_absolute_url())


class SpendingInvoiceView(SchoolMixin, View):
    def get(self, request, school_pk, pk):
        request_obj = self.get_request_or_404(pk)
        if not request_obj.invoice:
            raise Http404
        return private_download(request_obj.invoice, request_obj.invoice_filename)


class ApproversView(SchoolMixin, TemplateView):
    """The directie authorises other members of the school to approve spending."""

    template_name = "funds/school_budget/approvers.html"

    def check(self):
        if not permissions.may_authorise_approvers(self.request.user, self.school):
            raise PermissionDenied

    def members(self):
        return (
            SchoolMembership.objects.filter(school=self.school)
            .exclude(role=SchoolRole.DIRECTIE)
            .select_related("user")
            .order_by("user__first_name", "user__last_name", "pk")
        )

    def get(self, request, *args, **kwargs):
        self.check()
        return self.render_to_response(self.get_context_data(members=self.members()))

    def post(self, request, *args, **kwargs):
        self.check()
        chosen = set(request.POST.getlist("authorised"))
        for member in self.members():
            wanted = str(member.pk) in chosen
            if member.may_approve_spending != wanted:
                member.may_approve_spending = wanted
                member.save(update_fields=["may_approve_spending"])
        messages.success(request, _("The authorisations have been saved."))
        return redirect("funds:school_budget", school_pk=self.school.pk)


class SchoolYearReportView(SchoolMixin, View):
    """The school's year report as PDF (any member of the school)."""

    def get(self, request, school_pk, year):
        allocation = get_object_or_404(confirmed_allocations(self.school), scheme__year=year)
        pdf = year_report.year_report_pdf(allocation)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="jaarverslag-{year}.pdf"'
        response["Cache-Control"] = "no-store"
        return response
