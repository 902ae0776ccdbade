"""Creating payments, putting them in batches, exporting batches, marking them paid."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payments.models import BatchStatus, Payment, PaymentBatch, PaymentStatus
from payments.signals import payment_paid


class PaymentError(Exception):
    """A payment or batch operation that is not allowed; `message` is for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def schedule(payee, amount: Decimal, reference: str, description: str, due_date=None) -> Payment:
    """A payment to the payee (an object implementing payments.models.Payable)."""
    if amount <= 0:
        raise PaymentError(_("A payment must be more than zero."))
    return Payment.objects.create(
        payee=payee,
        amount=amount,
        reference=reference[:35],
        description=description[:140],
        due_date=due_date or timezone.localdate(),
    )


def cancel(payment: Payment) -> None:
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status not in (PaymentStatus.OPEN, PaymentStatus.IN_BATCH):
            raise PaymentError(_("This payment has been sent to the bank and cannot be cancelled."))
        if payment.batch_id and payment.batch.status != BatchStatus.OPEN:
            raise PaymentError(_("This payment's batch has been exported."))
        payment.status = PaymentStatus.CANCELLED
        payment.batch = None
        payment.save(update_fields=["status", "batch"])


def new_batch_reference(today: date | None = None) -> str:
    today = today or timezone.localdate()
    prefix = f"BATCH-{today:%Y%m%d}-"
    count = PaymentBatch.objects.filter(reference__startswith=prefix).count()
    return f"{prefix}{count + 1:03d}"


@transaction.atomic
def create_batch(payments, execution_date: date, note: str = "") -> PaymentBatch:
    """A batch of open payments; payments already in another batch are refused."""
    ids = [p.pk for p in payments]
    locked = list(Payment.objects.select_for_update().filter(pk__in=ids))
    if not locked:
        raise PaymentError(_("Choose at least one payment."))
    if any(p.status != PaymentStatus.OPEN or p.batch_id for p in locked):
        raise PaymentError(_("Some of these payments are already in a batch or were cancelled."))
    batch = PaymentBatch.objects.create(
        reference=new_batch_reference(), execution_date=execution_date, note=note
    )
    Payment.objects.filter(pk__in=ids).update(batch=batch, status=PaymentStatus.IN_BATCH)
    return batch


@transaction.atomic
def mark_exported(batch: PaymentBatch) -> None:
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == BatchStatus.OPEN:
        batch.status = BatchStatus.EXPORTED
        batch.exported_at = timezone.now()
        batch.save(update_fields=["status", "exported_at"])
        batch.payments.filter(status=PaymentStatus.IN_BATCH).update(status=PaymentStatus.EXPORTED)


@transaction.atomic
def mark_paid(batch: PaymentBatch) -> list[Payment]:
    """The bank has paid the batch: its payments are paid. Returns them (for their owners)."""
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.EXPORTED:
        raise PaymentError(_("Only an exported batch can be marked as paid."))
    now = timezone.now()
    batch.status = BatchStatus.PAID
    batch.paid_at = now
    batch.save(update_fields=["status", "paid_at"])
    paid = list(batch.payments.filter(status=PaymentStatus.EXPORTED))
    batch.payments.filter(status=PaymentStatus.EXPORTED).update(
        status=PaymentStatus.PAID, paid_at=now
    )
    for payment in paid:
        payment.status, payment.paid_at = PaymentStatus.PAID, now
        payment_paid.send(sender=Payment, payment=payment)
    return paid
