"""Contributors of the own programme: performers, workshop leaders and speakers.

A `Contribution` is one contributor at one activity. Staff of the programme invite someone by
email (a `ContributionInvitation`, the portal's invitation mechanism); the person logs in or
creates an account, accepts, and fills in what the organisation needs:

- content: a text about them and the activity, and a photo for the programme (private until
  staff approve the content; then the activity's page shows it);
- organisation: technical and room needs, arrival time;
- finance: VAT status, account holder, IBAN (encrypted) and the invoice (private storage).

The fee is what staff offer in the invitation; the agreement letter (a PDF, kept as sent) states
fee, VAT, dates, room and the cancellation terms; the contributor accepts it in the portal.
After the activity staff mark it performed and approve the fee: the one payments module pays
the contribution (`payment_details()`), and the paid batch settles it.

The steps are one table: programme.contributors.TRANSITIONS. Everything here is bound to the
register's purpose "programma-bijdragers": two years after the settlement (or the activity's
end, if nothing was paid) the record is anonymised, but the financial fields under legal hold
of a contribution whose fee was approved or paid stay seven years.
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payments.models import payment_made
from portal.models.invitations import AbstractInvitation, register_invitation_model
from portal.models.workflow import WorkflowEvent
from portal.personal_data import personal_data
from portal.storage import private_storage
from privacy.fields import IBANField
from privacy.purposes import PROGRAMMA_BIJDRAGERS

from .activities import ProgrammeActivityPage

MONEY = {"max_digits": 10, "decimal_places": 2}
CENT = Decimal("0.01")


class ContributorRole(models.TextChoices):
    PERFORMER = "performer", _("performer")
    WORKSHOP_LEADER = "workshop_leader", _("workshop leader")
    SPEAKER = "speaker", _("speaker")


class ContributionStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    DETAILS_GIVEN = "details_given", _("Details filled in")
    AGREEMENT_SENT = "agreement_sent", _("Agreement sent")
    AGREEMENT_ACCEPTED = "agreement_accepted", _("Agreement accepted")
    PERFORMED = "performed", _("Performed")
    FEE_APPROVED = "fee_approved", _("Fee approved: to be paid")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class VatStatus(models.TextChoices):
    LIABLE = "liable", _("I charge VAT")
    EXEMPT = "exempt", _("Exempt from VAT")
    KOR = "kor", _("Small business scheme (KOR): no VAT")


class VatRate(models.IntegerChoices):
    REDUCED = 9, _("9% (e.g. performances)")
    STANDARD = 21, _("21%")


def photo_path(instance, filename):
    return f"programme/contributors/photos/{uuid.uuid4().hex}"


def invoice_path(instance, filename):
    return f"programme/contributors/invoices/{uuid.uuid4().hex}.pdf"


def agreement_path(instance, filename):
    return f"programme/contributors/agreements/{uuid.uuid4().hex}.pdf"


def contribution_ended():
    """The purpose ends when the fee is settled (paid); without a payment, when the activity
    ended (or, for an activity without sessions, when the contributor was invited)."""
    return Coalesce(
        "paid_at",
        "cancelled_at",
        "activity__ends_at",
        "created_at",
        output_field=models.DateTimeField(),
    )


def contribution_fee_approved_or_paid():
    """The contributions the legal hold is for: the fee approved for payment, or paid (or any
    payment that was not cancelled). A cancelled contribution was never paid (the cancellation
    terms pay no fee unless a payment is made): nothing of it is a financial record."""
    return Q(status__in=[ContributionStatus.FEE_APPROVED, ContributionStatus.PAID]) | payment_made(
        Contribution
    )


class ContributionQuerySet(models.QuerySet):
    def of_contributor(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(contributor=user)

    def active(self):
        return self.exclude(status=ContributionStatus.CANCELLED)

    def publicly_shown(self):
        """On the activity's public page: approved content, not cancelled."""
        return self.active().filter(content_approved_at__isnull=False)


@personal_data(
    purpose=PROGRAMMA_BIJDRAGERS,
    fields=[
        "contributor",
        "name",
        "about",
        "photo",
        "technical_needs",
        "room_needs",
        "fee",
        "vat_status",
        "account_holder",
        "iban",
        "invoice",
        "invoice_number",
        "agreement",
        "agreement_accepted_by",
        "cancel_reason",
    ],
    subject="contributor",
    ended=contribution_ended,
    # What was agreed and paid, and to whom: the organisation's financial records (7 years).
    legal_hold=[
        "name",
        "fee",
        "vat_status",
        "account_holder",
        "iban",
        "invoice",
        "invoice_number",
        "agreement",
    ],
    held_when=contribution_fee_approved_or_paid,
    anonymised={"fee": Decimal("0.00")},
    files=["photo", "invoice", "agreement"],
    label=_("Your contribution to an activity of the programme"),
)
class Contribution(models.Model):
    """One contributor (performer, workshop leader, speaker) at one activity."""

    activity = models.ForeignKey(
        ProgrammeActivityPage,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    role = models.CharField(_("role"), max_length=20, choices=ContributorRole.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ContributionStatus.choices,
        default=ContributionStatus.INVITED,
        db_index=True,
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contributor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_contributions",
    )
    # An opaque id for the public photo's address (never the pk, never a name).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    # Content: for the programme.
    name = models.CharField(
        _("name in the programme"),
        max_length=120,
        help_text=_("Your name, or the name of your group, as the programme shows it."),
    )
    about = models.TextField(
        _("about you and the activity"),
        blank=True,
        help_text=_("A few sentences for the programme: who you are and what you will do."),
    )
    photo = models.ImageField(
        _("photo for the programme"),
        storage=private_storage,
        upload_to=photo_path,
        blank=True,
        help_text=_("Shown on the activity's page once the organisation has approved it."),
    )
    content_approved_at = models.DateTimeField(_("shown in the programme since"), null=True)

    # Organisation.
    technical_needs = models.TextField(
        _("technical needs"), blank=True, help_text=_("E.g. sound, light, projector, power.")
    )
    room_needs = models.TextField(
        _("room needs"), blank=True, help_text=_("E.g. set-up of the room, tables, a sink.")
    )
    arrival_time = models.TimeField(
        _("arrival time"), null=True, blank=True, help_text=_("On the day of each session.")
    )

    # Finance.
    fee = models.DecimalField(
        _("fee excluding VAT (€)"), validators=[MinValueValidator(Decimal("0"))], **MONEY
    )
    vat_status = models.CharField(
        _("VAT"), max_length=10, choices=VatStatus.choices, blank=True, default=""
    )
    vat_rate = models.PositiveSmallIntegerField(
        _("VAT rate"), choices=VatRate.choices, null=True, blank=True
    )
    account_holder = models.CharField(_("account holder"), max_length=70, blank=True)
    iban = IBANField(blank=True)
    invoice = models.FileField(
        _("invoice (PDF)"), storage=private_storage, upload_to=invoice_path, blank=True
    )
    invoice_number = models.CharField(_("invoice number"), max_length=50, blank=True)
    payment = models.ForeignKey(
        "payments.Payment",
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # The agreement, as sent, and who accepted it when.
    agreement = models.FileField(
        _("agreement (PDF)"), storage=private_storage, upload_to=agreement_path, blank=True
    )
    agreement_sent_at = models.DateTimeField(_("agreement sent"), null=True, blank=True)
    agreement_accepted_at = models.DateTimeField(_("agreement accepted"), null=True, blank=True)
    agreement_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreement accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    details_given_at = models.DateTimeField(_("details filled in"), null=True, blank=True)
    performed_at = models.DateTimeField(_("marked as performed"), null=True, blank=True)
    fee_approved_at = models.DateTimeField(_("fee approved"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["activity_id", "pk"]
        indexes = [models.Index(fields=["activity", "status"])]

    def __str__(self):
        return f"{self.name} · {self.activity.title}"

    def get_absolute_url(self):
        """The contributor's own page."""
        return reverse("contributors:mine_detail", args=[self.pk])

    def get_staff_url(self):
        return reverse("contributors:staff_detail", args=[self.pk])

    # --- money -----------------------------------------------------------------------------
    @property
    def charges_vat(self) -> bool:
        return self.vat_status == VatStatus.LIABLE and bool(self.vat_rate)

    @property
    def vat_amount(self) -> Decimal:
        if not self.charges_vat or self.fee is None:
            return Decimal("0.00")
        return (self.fee * Decimal(self.vat_rate) / 100).quantize(CENT, ROUND_HALF_UP)

    @property
    def total(self) -> Decimal:
        """What the organisation pays: the fee plus VAT, if the contributor charges it."""
        return (self.fee or Decimal("0")) + self.vat_amount

    def payment_details(self):
        """payments.models.Payable: the fee is paid to the contributor's account."""
        return (self.account_holder, self.iban, "")

    # --- what the contributor still has to fill in ------------------------------------------
    def missing_details(self) -> list[str]:
        missing = []
        if not self.about.strip():
            missing.append(str(_("a text about you and the activity")))
        if not self.vat_status:
            missing.append(str(_("your VAT status")))
        if not self.account_holder or not self.iban:
            missing.append(str(_("the account holder and IBAN")))
        if self.arrival_time is None:
            missing.append(str(_("your arrival time")))
        return missing

    @property
    def is_cancelled(self):
        return self.status == ContributionStatus.CANCELLED


@personal_data(
    purpose=PROGRAMMA_BIJDRAGERS,
    fields=["actor", "note"],
    subject="actor",
    ended="contribution__activity__ends_at",
    label=_("A step taken on a contribution to the programme"),
)
class ContributionEvent(WorkflowEvent):
    """The activity log of a contribution: every step, with who took it."""

    object_field = "contribution"
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), default=timezone.now)
    from_status = models.CharField(max_length=20, choices=ContributionStatus.choices)
    to_status = models.CharField(max_length=20, choices=ContributionStatus.choices)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("contribution event")
        verbose_name_plural = _("contribution events")


@register_invitation_model
@personal_data(
    purpose=PROGRAMMA_BIJDRAGERS,
    fields=["email", "invited_by", "accepted_by"],
    subject_email="email",
    ended="expires_at",
    label=_("An invitation to contribute to an activity"),
)
class ContributionInvitation(AbstractInvitation):
    """The invitation to contribute: accepting it makes the person the contribution's
    contributor (there is no membership: a contribution has one contributor)."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=32, choices=ContributorRole.choices)

    kind = "bijdrage"
    organisation_field = "contribution"
    membership_model = None
    # The invitation pages and the welcome message of this kind (portal/views/invitations.py).
    answer_template = "programme/contributors/invitation_answer.html"
    anonymous_template = "programme/contributors/invitation_anonymous.html"

    class Meta:
        verbose_name = _("contributor invitation")
        verbose_name_plural = _("contributor invitations")
        indexes = [models.Index(fields=["email"])]

    def accept(self, user):
        """The person becomes the contributor. Raises InvitationError and changes nothing if
        the invitation cannot be used or the contribution already has another contributor."""
        from django.db import transaction

        from portal.models.invitations import InvitationError

        with transaction.atomic():
            invitation = self._lock()
            invitation.check_usable()
            if not invitation.is_addressed_to(user):
                raise InvitationError(
                    _(
                        "This invitation was sent to another email address. Log in with that "
                        "address, or add and verify it under your account's email addresses."
                    ),
                    status=403,
                )
            contribution = Contribution.objects.select_for_update().get(
                pk=invitation.contribution_id
            )
            if contribution.is_cancelled:
                raise InvitationError(_("This contribution has been cancelled."))
            if contribution.contributor_id not in (None, user.pk):
                raise InvitationError(_("Someone else has already accepted this invitation."))
            created = contribution.contributor_id is None
            contribution.contributor = user
            contribution.save(update_fields=["contributor", "updated_at"])
            invitation.accepted_at = timezone.now()
            invitation.accepted_by = user
            invitation.save(update_fields=["accepted_at", "accepted_by"])
        self.refresh_from_db()
        return contribution, created

    def welcome_message(self, created):
        return _("Welcome! Fill in what we need for “%(activity)s”.") % {
            "activity": self.contribution.activity.title
        }

    def next_url(self):
        return self.contribution.get_absolute_url()
