"""Spending on a school budget of the Fonds Cultuureducatie: the school's requests and invoices.

The money stays in the fund. A school draws on its allocation (drawing rights) with spending
requests: the culture coordinator drafts one (or a vakdocent proposes one), attaches the
invoice, and submits it; the school's authorised person (the directie, or a member the
directie authorised) approves it, never the person who drafted or submitted it; then the fund
manager approves it and the fund pays the invoice from the school's budget through the one
payments module. The steps are one table: funds.spending_workflow.

A submitted request commits its amount to the budget. Nothing can be committed beyond what is
left: every step that commits money locks the allocation's row first (funds.services.budget).
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from funds.models.education import EDUCATION_PURPOSE, Allocation
from funds.models.pages import MONEY
from payments.models import payment_made
from portal.models.workflow import WorkflowEvent
from portal.personal_data import personal_data
from portal.storage import private_storage
from privacy.fields import IBANField
from schools.models import School


class SpendingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by a teacher")
    DRAFT = "draft", _("Draft")
    BOOKED = "booked", _("Booked: waiting for the activity and its invoice")
    SUBMITTED = "submitted", _("Waiting for the school's approval")
    SCHOOL_APPROVED = "school_approved", _("Waiting for the fund")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved: to be paid")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The statuses whose amount is committed to the budget (reserved, not yet paid).
# A booking accepted by its provider is committed too.
COMMITTED = (
    SpendingStatus.BOOKED,
    SpendingStatus.SUBMITTED,
    SpendingStatus.SCHOOL_APPROVED,
    SpendingStatus.APPROVED,
)
# The statuses the school may still change (a booked one: its invoice; a change of its amount
# is checked against what is left).
EDITABLE = (
    SpendingStatus.PROPOSED,
    SpendingStatus.DRAFT,
    SpendingStatus.RETURNED,
    SpendingStatus.BOOKED,
)


def invoice_path(instance, filename):
    return f"funds/invoices/{instance.school_id}/{uuid.uuid4().hex}.pdf"


def spending_paid_or_approved():
    """The requests the legal hold is for: approved by the fund for payment, or paid (or with
    any payment that was not cancelled). A request withdrawn, returned or never approved was
    never paid: its invoice and account are not financial records of the fund."""
    return Q(status__in=[SpendingStatus.APPROVED, SpendingStatus.PAID]) | payment_made(
        SpendingRequest
    )


class SpendingRequestQuerySet(models.QuerySet):
    def of_school(self, school):
        return self.filter(school=school)

    def committed(self):
        return self.filter(status__in=COMMITTED)

    def paid(self):
        return self.filter(status=SpendingStatus.PAID)

    def counting(self):
        """What counts against the budget: committed and paid."""
        return self.filter(status__in=(*COMMITTED, SpendingStatus.PAID))


@personal_data(
    purpose=EDUCATION_PURPOSE,
    fields=[
        "created_by",
        "submitted_by",
        "school_approved_by",
        "fund_approved_by",
        "provider_name",
        "payee_name",
        "payee_iban",
        "invoice",
        "note",
    ],
    subject="created_by",
    ended="allocation__scheme__ends_on",
    # An invoice paid by the fund, and to whom, are financial records.
    legal_hold=["provider_name", "payee_name", "payee_iban", "invoice"],
    held_when=spending_paid_or_approved,
    files=["invoice"],
    label=_("A spending request of your school's culture budget"),
)
class SpendingRequest(models.Model):
    """One activity paid from a school's budget: planned (a request), then invoiced and paid."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="spending"
    )
    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("school budget"),
        on_delete=models.PROTECT,
        related_name="spending",
    )
    number = models.CharField(_("number"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SpendingStatus.choices, default=SpendingStatus.DRAFT
    )
    # What and for whom.
    activity = models.CharField(_("activity"), max_length=200)
    provider = models.ForeignKey(
        "listings.Provider",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="school_spending",
    )
    provider_name = models.CharField(
        _("provider (if not in the list)"),
        max_length=200,
        blank=True,
        help_text=_("Name of the provider or supplier on the invoice."),
    )
    education_offer = models.ForeignKey(
        "listings.EducationOfferPage",
        verbose_name=_("education offer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="school_spending",
    )
    discipline = models.ForeignKey(
        "listings.Discipline",
        verbose_name=_("discipline"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    groups = models.ManyToManyField(
        "listings.SchoolGroup", verbose_name=_("groups or years"), blank=True, related_name="+"
    )
    pupils = models.PositiveIntegerField(_("number of pupils"), validators=[MinValueValidator(1)])
    activity_date = models.DateField(_("date of the activity"))
    amount = models.DecimalField(_("amount (€)"), **MONEY)
    is_pupil_activity = models.BooleanField(
        _("costs directly for pupils' activities"),
        default=True,
        help_text=_(
            "Untick for other costs, e.g. training for teachers or the coordinator's hours."
        ),
    )
    note = models.TextField(_("explanation"), blank=True)
    # The invoice and whom the fund pays.
    invoice = models.FileField(
        _("invoice (PDF)"), storage=private_storage, upload_to=invoice_path, blank=True
    )
    invoice_number = models.CharField(_("invoice number"), max_length=50, blank=True)
    payee_name = models.CharField(_("account holder"), max_length=70, blank=True)
    payee_iban = IBANField(blank=True)
    payment = models.ForeignKey(
        "payments.Payment",
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    # Who did what, for the four-eyes rule.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    school_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved for the school by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    school_approved_at = models.DateTimeField(_("approved by the school"), null=True, blank=True)
    fund_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved for the fund by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fund_approved_at = models.DateTimeField(_("approved by the fund"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    objects = SpendingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("spending request")
        verbose_name_plural = _("spending requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self):
        return f"{self.number} {self.activity}"

    def get_absolute_url(self):
        return reverse("funds:school_spending", args=[self.school_id, self.pk])

    @property
    def provider_label(self):
        return self.provider.name if self.provider_id else self.provider_name

    @property
    def is_editable(self):
        return self.status in EDITABLE

    @property
    def is_committed(self):
        return self.status in COMMITTED

    @property
    def invoice_filename(self):
        return f"factuur-{self.number}.pdf"

    def payment_details(self):
        """payments.models.Payable: the fund pays the invoice to the account on it."""
        return (self.payee_name, self.payee_iban, "")


@personal_data(
    purpose=EDUCATION_PURPOSE,
    fields=["actor", "note"],
    subject="actor",
    ended="request__allocation__scheme__ends_on",
    label=_("A step you took on a spending request of your school"),
)
class SpendingEvent(WorkflowEvent):
    """The activity log of a spending request: every step, with who took it."""

    object_field = "request"
    request = models.ForeignKey(SpendingRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=SpendingStatus.choices)
    to_status = models.CharField(max_length=20, choices=SpendingStatus.choices)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("spending request event")
        verbose_name_plural = _("spending request events")
