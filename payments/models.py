"""The one payments module: payments, batches, and their export for the bank.

It knows amounts and payees, not why. A payment points (generic relation) at the object that
holds the payee's details, which implements `Payable`: a grant application, a provider's payment
details, a contributor. Those details stay in their own app, under their own purpose, and are
read only when a batch is exported; payments itself stores no personal data.
"""

from decimal import Decimal
from typing import Protocol

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from portal.personal_data import no_personal_data
from privacy.fields import validate_iban


class Payable(Protocol):
    """What payments needs from the object it pays."""

    def payment_details(self) -> tuple[str, str, str]:
        """(account holder's name, IBAN, BIC or "")."""


class PaymentStatus(models.TextChoices):
    OPEN = "open", _("To be paid")
    IN_BATCH = "in_batch", _("In a payment batch")
    EXPORTED = "exported", _("Sent to the bank")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class BatchStatus(models.TextChoices):
    OPEN = "open", _("Being prepared")
    EXPORTED = "exported", _("Exported for the bank")
    PAID = "paid", _("Paid")


@no_personal_data(note="a staff note about the batch, e.g. which run it was")
class PaymentBatch(models.Model):
    reference = models.CharField(_("reference"), max_length=35, unique=True)
    execution_date = models.DateField(_("execution date"))
    status = models.CharField(
        _("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    exported_at = models.DateTimeField(_("exported"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        ordering = ["-created_at"]

    def __str__(self):
        return self.reference

    @property
    def is_open(self):
        return self.status == BatchStatus.OPEN

    def totals(self):
        return self.payments.exclude(status=PaymentStatus.CANCELLED).aggregate(
            count=Count("pk"), amount=Sum("amount")
        )


class PaymentQuerySet(models.QuerySet):
    def for_payee(self, obj):
        return self.filter(payee_type=ContentType.objects.get_for_model(obj), payee_id=str(obj.pk))

    def open(self):
        return self.filter(status=PaymentStatus.OPEN, batch__isnull=True)

    def not_cancelled(self):
        return self.exclude(status=PaymentStatus.CANCELLED)

    def totals(self):
        return self.aggregate(
            paid=Sum("amount", filter=Q(status=PaymentStatus.PAID), default=Decimal("0")),
            planned=Sum(
                "amount",
                filter=~Q(status__in=[PaymentStatus.PAID, PaymentStatus.CANCELLED]),
                default=Decimal("0"),
            ),
        )


class Payment(models.Model):
    payee_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    payee_id = models.CharField(max_length=64)
    payee = GenericForeignKey("payee_type", "payee_id")
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    # The end-to-end reference the bank carries to the payee (max 35 characters).
    reference = models.CharField(_("reference"), max_length=35, unique=True)
    description = models.CharField(
        _("description for the payee"), max_length=140, help_text=_("Shown on the bank statement.")
    )
    due_date = models.DateField(_("pay on or after"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.OPEN
    )
    batch = models.ForeignKey(
        PaymentBatch,
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["payee_type", "payee_id"])]

    def __str__(self):
        return self.reference


def payment_made(payee_model) -> Q:
    """Records of `payee_model` (a Payable) that have a payment which is not cancelled: to be
    paid, sent to the bank or paid. A filter for the payee's own querysets, e.g. the `held_when`
    of its legal hold (portal.personal_data): these are the records of money paid or committed."""
    return Q(
        Exists(
            Payment.objects.not_cancelled().filter(
                payee_type=ContentType.objects.get_for_model(payee_model),
                payee_id=Cast(OuterRef("pk"), models.CharField()),
            )
        )
    )


@register_setting(icon="form")
@no_personal_data(
    debtor_name="the organisation's own name",
    debtor_iban="the organisation's own bank account",
)
class PaymentSettings(BaseSiteSetting):
    """The account payments are made from, for the bank file (pain.001)."""

    debtor_name = models.CharField(_("account holder"), max_length=70, blank=True)
    debtor_iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    debtor_bic = models.CharField(_("BIC"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("payment settings")

    @property
    def is_complete(self):
        return bool(self.debtor_name and self.debtor_iban and self.debtor_bic)
