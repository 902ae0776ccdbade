"""Public sign-ups for the own programme, contest entries, and the anonymous counts that outlive
them.

A sign-up (and a contest entry) holds personal data for one purpose, "programma-deelnemers":
the retention job deletes it right after the activity (or, for a per-session sign-up, its
session) has ended. What reports need afterwards is kept in `SignupTally`: counters per session
(or per activity, for one sign-up for all sessions), changed in the same transaction as each
sign-up, cancellation, attendance or payment, so the report never reads the deleted rows.
"""

import secrets
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from portal.personal_data import no_personal_data, personal_data
from privacy.purposes import PROGRAMMA_DEELNEMERS

from .activities import ActivitySession, ProgrammeActivityPage


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Place confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class DeskPayment(models.TextChoices):
    """Whether a sign-up pays at the desk, and has (not payments.models.PaymentStatus, the
    state of a payment the portal makes)."""

    FREE = "free", _("Free")
    UNPAID = "unpaid", _("To pay at the desk")
    PAID = "paid", _("Paid")


class AgeGroup(models.TextChoices):
    TODDLER = "0-3", _("0 to 3 years")
    PRESCHOOL = "4-6", _("4 to 6 years")
    CHILD = "7-9", _("7 to 9 years")
    OLDER_CHILD = "10-12", _("10 to 12 years")
    TEEN = "13-17", _("13 to 17 years")


def signup_ended():
    """A per-session sign-up ends with its session; one for all sessions with the activity."""
    return Coalesce("session__end", "activity__ends_at")


class SignupQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=SignupStatus.CANCELLED)

    def confirmed(self):
        return self.filter(status=SignupStatus.CONFIRMED)

    def waiting(self):
        # First come, first served: the order the waiting list moves up in.
        return self.filter(status=SignupStatus.WAITING).order_by("created_at", "pk")

    def for_unit(self, activity, session=None):
        return self.filter(activity=activity, session=session)


@personal_data(
    purpose=PROGRAMMA_DEELNEMERS,
    fields=["name", "email", "child_first_name", "child_age_group", "token"],
    subject_email="email",
    ended=signup_ended,
    label=_("sign-up for an activity"),
)
class SignUp(models.Model):
    """One visitor's sign-up for an activity (all its sessions) or for one session."""

    activity = models.ForeignKey(
        ProgrammeActivityPage,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    session = models.ForeignKey(
        ActivitySession,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signups",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"))
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    child_first_name = models.CharField(_("child's first name"), max_length=60, blank=True)
    child_age_group = models.CharField(
        _("child's age group"), max_length=5, choices=AgeGroup.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SignupStatus.choices, default=SignupStatus.CONFIRMED
    )
    payment_status = models.CharField(
        _("payment"), max_length=6, choices=DeskPayment.choices, default=DeskPayment.FREE
    )
    amount_paid = models.DecimalField(
        _("amount paid"), max_digits=8, decimal_places=2, default=Decimal("0")
    )
    attended = models.BooleanField(_("attended"), default=False)
    # The secret in the cancel link: random, never derived from the person.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    language = models.CharField(max_length=5, default="nl")
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("place given"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = SignupQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["activity", "session", "status", "created_at"])]

    def __str__(self):
        return f"{self.activity.title} #{self.pk}"

    @property
    def is_waiting(self):
        return self.status == SignupStatus.WAITING

    @property
    def is_cancelled(self):
        return self.status == SignupStatus.CANCELLED


@personal_data(
    purpose=PROGRAMMA_DEELNEMERS,
    fields=["name", "email", "answer", "token"],
    subject_email="email",
    ended="activity__ends_at",
    label=_("entry for a prize contest"),
)
class ContestEntry(models.Model):
    """An entry for a prize contest: name, email and the answer, until the contest closes."""

    activity = models.ForeignKey(
        ProgrammeActivityPage,
        verbose_name=_("contest"),
        on_delete=models.CASCADE,
        related_name="contest_entries",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"))
    answer = models.TextField(_("your answer or entry"), max_length=2000)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    language = models.CharField(max_length=5, default="nl")
    is_winner = models.BooleanField(_("winner"), default=False)
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    winner_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contest entry")
        verbose_name_plural = _("contest entries")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "email"], name="one_entry_per_address_per_contest"
            )
        ]

    def __str__(self):
        return f"{self.activity.title} #{self.pk}"


@no_personal_data()
class SignupTally(models.Model):
    """Anonymous counts of one session (or of an activity with one sign-up for all sessions):
    what the reports read, before and after the sign-ups themselves are destroyed."""

    activity = models.ForeignKey(
        ProgrammeActivityPage, on_delete=models.CASCADE, related_name="tallies"
    )
    session = models.OneToOneField(
        ActivitySession, null=True, blank=True, on_delete=models.CASCADE, related_name="tally"
    )
    signups = models.PositiveIntegerField(_("sign-ups"), default=0)
    places = models.PositiveIntegerField(_("places taken"), default=0)
    cancelled = models.PositiveIntegerField(_("cancelled"), default=0)
    waiting = models.PositiveIntegerField(_("waiting now"), default=0)
    waiting_max = models.PositiveIntegerField(_("longest waiting list"), default=0)
    moved_up = models.PositiveIntegerField(_("moved up from the waiting list"), default=0)
    attended = models.PositiveIntegerField(_("attended"), default=0)
    paid_places = models.PositiveIntegerField(_("paid places"), default=0)
    income = models.DecimalField(_("income"), max_digits=10, decimal_places=2, default=0)
    contest_entries = models.PositiveIntegerField(_("contest entries"), default=0)

    class Meta:
        verbose_name = _("sign-up counts")
        verbose_name_plural = _("sign-up counts")
        constraints = [
            models.UniqueConstraint(
                fields=["activity"],
                condition=models.Q(session__isnull=True),
                name="one_tally_per_activity_without_session",
            )
        ]

    def __str__(self):
        return f"{self.activity_id}/{self.session_id}"
