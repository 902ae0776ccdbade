"""Applications to a fund round, with their budget, attachments, messages and history."""

import re
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from funds.models.pages import MONEY, RoundPage
from payments.models import payment_made
from portal.fields import PostcodeField, WijkField
from portal.models.workflow import WorkflowEvent
from portal.personal_data import personal_data
from portal.storage import private_storage  # the migrations name it here too
from privacy.fields import IBANField

PURPOSE = "fonds-buurtcultuur"
MAX_AMOUNT = Decimal("1000000")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    MORE_INFO = "more_info", _("More information asked")
    IN_REVIEW = "in_review", _("In review")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    ADVANCE_PAID = "advance_paid", _("Advance paid")
    REPORT_SUBMITTED = "report_submitted", _("Report submitted")
    SETTLED = "settled", _("Settled")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    RECLAIMED = "reclaimed", _("Reclaimed")


# Statuses in which the grant counts against the round's budget ceiling.
COMMITTED_STATUSES = (
    ApplicationStatus.GRANTED,
    ApplicationStatus.ADVANCE_PAID,
    ApplicationStatus.REPORT_SUBMITTED,
    ApplicationStatus.SETTLED,
    ApplicationStatus.RECLAIMED,
)
# Statuses in which the applicant may still change the application.
EDITABLE_STATUSES = (ApplicationStatus.DRAFT,)


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("A person (resident)")
    ORGANISATION = "organisation", _("An organisation or group")


class LegalForm(models.TextChoices):
    VERENIGING = "vereniging", _("Association (vereniging)")
    STICHTING = "stichting", _("Foundation (stichting)")
    INFORMAL = "informal", _("Informal group or neighbourhood initiative")
    OTHER = "other", _("Other")


def validate_kvk(value: str) -> None:
    if not re.fullmatch(r"\d{8}", value or ""):
        raise ValidationError(_("A KvK number has 8 digits, e.g. 12345678."), code="invalid_kvk")


def application_ended(prefix: str = ""):
    """When an application's purpose ended: the decision for a rejection, the withdrawal, the
    settlement; an abandoned draft at its last change. Otherwise it is still going on."""

    def field(name):
        return F(f"{prefix}{name}")

    status = f"{prefix}status"
    return Case(
        When(**{status: ApplicationStatus.REJECTED}, then=field("decided_at")),
        When(**{status: ApplicationStatus.WITHDRAWN}, then=field("withdrawn_at")),
        When(
            **{f"{status}__in": [ApplicationStatus.SETTLED, ApplicationStatus.RECLAIMED]},
            then=field("settled_at"),
        ),
        When(**{status: ApplicationStatus.DRAFT}, then=field("updated_at")),
        default=Value(None),
        output_field=models.DateTimeField(),
    )


def application_paid_or_committed():
    """The applications the legal hold is for: a grant (committed, perhaps paid, settled or
    reclaimed), or any payment that was not cancelled. A rejected, withdrawn or abandoned
    application was never paid: nothing of it is a financial record."""
    return Q(status__in=COMMITTED_STATUSES) | payment_made(Application)


class ApplicationQuerySet(models.QuerySet):
    def of_applicant(self, user):
        return self.filter(applicant=user) if user.is_authenticated else self.none()

    def committed(self):
        return self.filter(status__in=COMMITTED_STATUSES)

    def committed_total(self) -> Decimal:
        return self.committed().aggregate(
            total=Sum(Coalesce("settled_amount", "granted_amount"), default=Decimal("0"))
        )["total"]


@personal_data(
    purpose=PURPOSE,
    fields=[
        "applicant",
        "contact_name",
        "contact_email",
        "contact_phone",
        "street_address",
        "postcode",
        "organisation_name",
        "payee_name",
        "payee_iban",
        "answers",
    ],
    subject="applicant",
    subject_email="contact_email",
    ended=application_ended,
    # Who was paid stays as long as the tax authorities require (7 years).
    legal_hold=["payee_name", "payee_iban"],
    held_when=application_paid_or_committed,
    label=_("Your application to the Fonds Buurtcultuur en Amateurkunst"),
)
class Application(models.Model):
    round = models.ForeignKey(
        RoundPage, verbose_name=_("round"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="fund_applications",
    )
    number = models.CharField(_("number"), max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )

    # The applicant
    applicant_kind = models.CharField(
        _("who is applying"), max_length=20, choices=ApplicantKind.choices, blank=True
    )
    organisation_name = models.CharField(_("name of the organisation"), max_length=200, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, blank=True
    )
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True, validators=[validate_kvk]
    )
    members_count = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    share_in_city = models.PositiveSmallIntegerField(
        _("share of members living in Zwolle (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("email address"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    street_address = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = PostcodeField(blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True, default="Zwolle")

    # The project
    project_title = models.CharField(_("project title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    wijk = WijkField(blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    expected_participants = models.PositiveIntegerField(
        _("expected participants"), null=True, blank=True, validators=[MaxValueValidator(1000000)]
    )
    # Answers to the round's own questions, by question (block) id:
    # {"<id>": {"label": ..., "type": ..., "value": ...}}
    answers = models.JSONField(_("answers to the round's questions"), default=dict, blank=True)

    # Money
    requested_amount = models.DecimalField(_("requested amount"), default=Decimal("0"), **MONEY)
    granted_amount = models.DecimalField(_("granted amount"), null=True, blank=True, **MONEY)
    conditions = models.TextField(_("conditions"), blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    settled_amount = models.DecimalField(
        _("final amount (vaststelling)"), null=True, blank=True, **MONEY
    )
    payee_name = models.CharField(_("account holder"), max_length=70, blank=True)
    payee_iban = IBANField(blank=True)

    # Moments
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    # The reviews in short, kept up to date when a review is submitted (for fast lists).
    average_score = models.DecimalField(
        _("average score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    score_spread = models.DecimalField(
        _("spread of scores"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    review_count = models.PositiveSmallIntegerField(_("reviews"), default=0)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["round", "status"]),
            models.Index(fields=["status", "-submitted_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requested_amount__gte=0), name="requested_amount_not_negative"
            ),
        ]

    def __str__(self):
        # No personal data: this appears in logs and admin messages.
        return self.number or _("Draft application #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        return reverse("funds:application", args=[self.pk])

    @property
    def fund(self):
        return self.round.fund

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    @property
    def applicant_display(self):
        return self.organisation_name or self.contact_name

    def payment_details(self):
        """payments.models.Payable: who is paid."""
        return (self.payee_name, self.payee_iban, "")

    def budget_totals(self):
        totals = {kind: Decimal("0") for kind in BudgetLineKind.values}
        for line in self.budget_lines.all():
            totals[line.kind] += line.amount
        costs = totals[BudgetLineKind.COST]
        income = sum((totals[k] for k in totals if k != BudgetLineKind.COST), Decimal("0"))
        return {"costs": costs, "income": income, "requested": max(costs - income, Decimal("0"))}

    def recompute_requested(self):
        self.requested_amount = self.budget_totals()["requested"]
        self.save(update_fields=["requested_amount", "updated_at"])


class ApplicationSequence(models.Model):
    """The last number given per fund and year (locked while numbering)."""

    fund_code = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fund_code", "year"], name="unique_sequence")
        ]

    def __str__(self):
        return f"{self.fund_code}-{self.year}: {self.last}"


class BudgetLineKind(models.TextChoices):
    COST = "cost", _("Cost")
    COFUNDING = "cofunding", _("Co-funding (other funds, sponsors)")
    OWN_CONTRIBUTION = "own", _("Own contribution")
    OTHER_INCOME = "income", _("Other income (tickets, sales)")


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BudgetLineKind.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(
        _("amount (€)"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)],
        **MONEY,
    )
    # Set when the report gives what it really cost.
    actual_amount = models.DecimalField(
        _("actual amount (€)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)],
        **MONEY,
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["kind", "sort_order", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description}"


class AttachmentKind(models.TextChoices):
    PLAN = "plan", _("Project plan")
    BUDGET = "budget", _("Budget")
    QUOTE = "quote", _("Quotation")
    QUESTION = "question", _("Answer to a question")
    MESSAGE = "message", _("With a message")
    REPORT = "report", _("Report")
    PHOTO = "photo", _("Photo")
    FINANCIAL_STATEMENT = "financial_statement", _("Financial statement")
    OTHER = "other", _("Other")


def attachment_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"funds/{instance.application_id}/{uuid.uuid4().hex}.{extension}"


@personal_data(
    purpose=PURPOSE,
    fields=["file", "original_name"],
    files=["file"],
    subject="application__applicant",
    ended=lambda: application_ended("application__"),
    label=_("A file with your application"),
)
class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    question_id = models.CharField(max_length=64, blank=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("funds:attachment", args=[self.application_id, self.pk])


class MessageKind(models.TextChoices):
    INFO_REQUEST = "info_request", _("Request for more information")
    ANSWER = "answer", _("Answer")
    MESSAGE = "message", _("Message")


@personal_data(
    purpose=PURPOSE,
    fields=["author", "text"],
    subject="application__applicant",
    ended=lambda: application_ended("application__"),
    label=_("A message about your application"),
)
class Message(models.Model):
    """What the applicant and the fund say to each other (never internal notes)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_fund = models.BooleanField(_("from the fund"), default=False)
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


@personal_data(
    purpose=PURPOSE,
    fields=["author", "text"],
    subject="application__applicant",
    ended=lambda: application_ended("application__"),
    label=_("An internal note about your application"),
)
class InternalNote(models.Model):
    """Staff and reviewers only; never shown to the applicant (but in "my data", as the law
    gives the applicant access to what is recorded about them)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="internal_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at"]

    def __str__(self):
        return f"#{self.pk}"


@personal_data(
    purpose=PURPOSE,
    fields=["actor"],
    subject="application__applicant",
    ended=lambda: application_ended("application__"),
    label=_("A step in the history of your application"),
)
class ApplicationEvent(WorkflowEvent):
    """The activity log: every transition, with who did it."""

    object_field = "application"
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    note = None  # an application's steps have no note

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
