"""The payments screens at /betalingen/ (fund managers: the payments.* permissions of their role).

- open payments, and a batch from the ticked ones with an execution date;
- a batch: its payments and totals, its XLSX and SEPA (pain.001) files, "sent to the bank",
  "paid" (which tells the apps that asked for the payments, through payments.signals).

Payees are shown as name and masked IBAN, never the full IBAN; the full IBAN is only in the
exported files. Every look at payees' details is logged under their purpose.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from payments import exports, services
from payments.forms import BatchForm
from payments.models import BatchStatus, PaymentBatch, PaymentSettings, PaymentStatus
from privacy.models import AccessAction

NOT_CANCELLED = ~Q(payments__status=PaymentStatus.CANCELLED)


class PaymentsPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """403 for a logged-in person without the permission; the login page for anyone else."""


def batches_with_totals():
    return PaymentBatch.objects.annotate(
        payment_count=Count("payments", filter=NOT_CANCELLED),
        amount=Sum("payments__amount", filter=NOT_CANCELLED),
    ).order_by("-created_at")


class PaymentListView(PaymentsPermissionMixin, TemplateView):
    """Open payments (to put in a batch) and the recent batches."""

    template_name = "payments/payment_list.html"
    permission_required = "payments.view_payment"

    def get_context_data(self, form=None, **kwargs):
        rows = exports.payee_rows(exports.open_payments(), self.request.user)
        settings = PaymentSettings.for_request(self.request)
        return super().get_context_data(
            rows=rows,
            open_total=sum(row.payment.amount for row in rows),
            form=form or BatchForm(user=self.request.user),
            batches=batches_with_totals()[:50],
            settings_complete=settings.is_complete,
            can_create_batch=self.request.user.has_perm("payments.add_paymentbatch"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("payments.add_paymentbatch"):
            raise PermissionDenied
        form = BatchForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            batch = services.create_batch(
                form.cleaned_data["payments"],
                form.cleaned_data["execution_date"],
                note=form.cleaned_data["note"],
            )
        except services.PaymentError as error:
            form.add_error("payments", error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request, _("Batch %(reference)s has been made.") % {"reference": batch.reference}
        )
        return HttpResponseRedirect(reverse("payments:batch", args=[batch.pk]))


class BatchMixin(PaymentsPermissionMixin):
    permission_required = "payments.view_paymentbatch"

    def dispatch(self, request, *args, **kwargs):
        self.batch = get_object_or_404(PaymentBatch, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def batch_url(self):
        return reverse("payments:batch", args=[self.batch.pk])


class BatchDetailView(BatchMixin, TemplateView):
    template_name = "payments/batch_detail.html"

    def get_context_data(self, **kwargs):
        rows = exports.payee_rows(exports.batch_payments(self.batch), self.request.user)
        user = self.request.user
        return super().get_context_data(
            batch=self.batch,
            rows=rows,
            total=sum(row.payment.amount for row in rows),
            settings_complete=PaymentSettings.for_request(self.request).is_complete,
            can_change=user.has_perm("payments.change_paymentbatch"),
            **kwargs,
        )


class BatchExportView(BatchMixin, View):
    """A batch's file for the bank (`kind`: xlsx or sepa)."""

    kind = "xlsx"

    def get(self, request, *args, **kwargs):
        rows = exports.payee_rows(
            exports.batch_payments(self.batch), request.user, action=AccessAction.EXPORT
        )
        try:
            if self.kind == "sepa":
                content = exports.sepa_credit_transfer(
                    self.batch, rows, PaymentSettings.for_request(request)
                )
                content_type, extension = "application/xml", "xml"
            else:
                content = exports.xlsx(self.batch, rows)
                content_type, extension = exports.XLSX_TYPE, "xlsx"
        except exports.ExportError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.batch_url())
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{self.batch.reference}.{extension}"'
        )
        response["Cache-Control"] = "private, no-store"
        return response


class BatchStepView(BatchMixin, View):
    """POST: the batch was sent to the bank (`step` exported), or the bank has paid it (paid)."""

    permission_required = "payments.change_paymentbatch"
    step = "exported"

    def post(self, request, *args, **kwargs):
        try:
            if self.step == "exported":
                if self.batch.status != BatchStatus.OPEN:
                    raise services.PaymentError(_("This batch has already been sent to the bank."))
                services.mark_exported(self.batch)
                messages.success(
                    request, _("Marked as sent to the bank. The batch can no longer change.")
                )
            else:
                paid = services.mark_paid(self.batch)
                messages.success(
                    request,
                    _("Marked as paid: %(count)s payments.") % {"count": len(paid)},
                )
        except services.PaymentError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(self.batch_url())
