"""What the payments screens show of a payee, and a batch's files for the bank: XLSX (one row per
payment) and a SEPA credit transfer (pain.001.001.03, made with sepaxml and checked against its
XML schema).

The payee's details (name, IBAN) stay with the object that is paid (a Payable, under its own
purpose): they are read here only for a screen (name and masked IBAN, logged as a look at that
purpose's data) or an export (the full IBAN, logged as an export).
"""

import io
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _

from payments.models import Payment, PaymentBatch, PaymentSettings, PaymentStatus
from privacy.access import log_access, purpose_of, staff_can_see
from privacy.fields import mask_iban, normalise_iban
from privacy.models import AccessAction

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEPA_SCHEMA = "pain.001.001.03"


class ExportError(Exception):
    """A batch that cannot be exported; `message` says why, for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class PayeeRow:
    payment: Payment
    name: str
    iban: str
    bic: str
    visible: bool  # may this person see the payee's details?

    @property
    def masked_iban(self) -> str:
        return mask_iban(self.iban) if self.iban else ""


def _purpose(model) -> str | None:
    try:
        return purpose_of(model)
    except ImproperlyConfigured:
        return None


def may_see_payee(user, payment: Payment) -> bool:
    """May this person see (and so pay) the payee of this payment? Only who may see a payee's
    details under their purpose can export a batch with it."""
    if payment.payee is None:
        return False
    purpose = _purpose(type(payment.payee))
    return purpose is None or staff_can_see(user, purpose)


def payee_rows(payments, user, action=AccessAction.VIEW) -> list[PayeeRow]:
    """Each payment with its payee's details (payees prefetched: one query per kind of payee).
    Details of a purpose the person may not see stay hidden; what is shown is logged, per
    purpose, as one access-log entry."""
    rows, shown = [], Counter()
    payments = list(payments)
    for payment in payments:
        payee = payment.payee
        if payee is None:
            rows.append(PayeeRow(payment, "", "", "", False))
            continue
        model = type(payee)
        purpose = _purpose(model)
        visible = may_see_payee(user, payment)
        name, iban, bic = payee.payment_details() if visible else ("", "", "")
        rows.append(PayeeRow(payment, name or "", normalise_iban(iban or ""), bic or "", visible))
        if visible and purpose is not None:
            shown[(model, purpose)] += 1
    for (model, purpose), count in shown.items():
        log_access(user, model=model, purpose=purpose, action=action, count=count)
    return rows


def open_payments():
    return Payment.objects.open().prefetch_related("payee").order_by("due_date", "pk")


def batch_payments(batch: PaymentBatch):
    return (
        batch.payments.exclude(status=PaymentStatus.CANCELLED)
        .prefetch_related("payee")
        .order_by("reference")
    )


def _check_exportable(rows: list[PayeeRow]) -> None:
    if not rows:
        raise ExportError(_("This batch has no payments."))
    for row in rows:
        if not row.visible:
            raise ExportError(
                _("You may not see the payee of %(reference)s, so you cannot export this batch.")
                % {"reference": row.payment.reference}
            )
        if not row.name or not row.iban:
            raise ExportError(
                _("The payee of %(reference)s has no account holder or IBAN.")
                % {"reference": row.payment.reference}
            )


def xlsx(batch: PaymentBatch, rows: list[PayeeRow]) -> bytes:
    """One row per payment: reference, payee, IBAN, amount, description; a total below."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    _check_exportable(rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = batch.reference[:31]
    header = [_("Reference"), _("Payee"), _("IBAN"), _("Amount (€)"), _("Description")]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                row.payment.reference,
                row.name,
                row.iban,
                row.payment.amount,
                row.payment.description,
            ]
        )
        sheet.cell(row=sheet.max_row, column=4).number_format = "#,##0.00"
    total = sum((row.payment.amount for row in rows), Decimal("0"))
    sheet.append(["", "", _("Total"), total, ""])
    sheet.cell(row=sheet.max_row, column=4).number_format = "#,##0.00"
    sheet.cell(row=sheet.max_row, column=3).font = Font(bold=True)
    for column, width in zip("ABCDE", (22, 36, 24, 14, 60), strict=True):
        sheet.column_dimensions[column].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def sepa_credit_transfer(
    batch: PaymentBatch, rows: list[PayeeRow], debtor: PaymentSettings
) -> bytes:
    """The batch as a SEPA credit transfer (pain.001.001.03) for the bank, validated against
    the schema before it is handed out."""
    from sepaxml import SepaTransfer
    from sepaxml.validation import ValidationError as SepaValidationError

    if not debtor.is_complete:
        raise ExportError(
            _(
                "The organisation's bank account is not complete: fill in the account holder, "
                "IBAN and BIC under Settings → Payment settings first."
            )
        )
    _check_exportable(rows)
    transfer = SepaTransfer(
        {
            "name": debtor.debtor_name,
            "IBAN": normalise_iban(debtor.debtor_iban),
            "BIC": debtor.debtor_bic.strip().upper(),
            "batch": True,
            "currency": "EUR",
        },
        schema=SEPA_SCHEMA,
    )
    execution_date = max(batch.execution_date, timezone.localdate())
    for row in rows:
        payment = {
            "name": row.name,
            "IBAN": row.iban,
            "amount": int((row.payment.amount * 100).to_integral_value()),
            "execution_date": execution_date,
            "description": row.payment.description,
            "endtoend_id": row.payment.reference,
        }
        if row.bic:
            payment["BIC"] = row.bic
        transfer.add_payment(payment)
    try:
        return transfer.export(validate=True)
    except SepaValidationError as error:
        raise ExportError(
            _("The bank file did not pass the SEPA schema check: %(error)s")
            % {"error": error.__cause__ or error}
        ) from error
