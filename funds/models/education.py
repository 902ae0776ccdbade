"""The Fonds Cultuureducatie: the yearly scheme, the advisers' phase assessments of schools, and
each school's allocation (its drawing rights, trekkingsrechten).

Schools do not receive the money: it stays in the fund, and each school may draw on its school
budget for the calendar year. The budget is per pupil:

    pupils x (own contribution + municipal amount x phase multiplier)

with the pupils counted on the scheme's count date in the previous calendar year (1 February
by default), the amounts per pupil set per school type (PO, SO, VSO, VO) in the scheme, and the
multiplier of the phase (1, 2, 3 -> 1x, 2x, 4x by default) the school is in that year. The
numbers are settings of the scheme, never code; the arithmetic is funds.services.allocation.

Choices made here (and documented in the help texts):
- The carry-over cap of unspent money is a percentage of the allocation in force.
- Each of the six indicators of a phase assessment is scored 1-4: 1 insufficient, 2 developing,
  3 sufficient, 4 good.
- An assessment is valid for its first calendar year and the next; a school has at most one
  assessment valid in any year.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from funds.models.pages import MONEY
from portal.personal_data import personal_data
from portal.storage import private_storage
from privacy.purposes import FONDS_CULTUUREDUCATIE
from schools.models import School, SchoolType

__all__ = [
    "EDUCATION_PURPOSE",
    "Allocation",
    "AllocationCorrection",
    "AllocationLetter",
    "AllocationLetterKind",
    "AllocationStatus",
    "EducationScheme",
    "Phase",
    "PhaseAssessment",
    "SchemeRate",
    "UnspentRule",
]

EDUCATION_PURPOSE = FONDS_CULTUUREDUCATIE
PHASES = (1, 2, 3)
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
PER_PUPIL = {"max_digits": 8, "decimal_places": 2}
MULTIPLIER = {"max_digits": 5, "decimal_places": 2}
SCORE_MIN, SCORE_MAX = 1, 4


def per_pupil(own_rate, municipal_rate, multiplier):
    """The budget per pupil: the school's own contribution plus the municipal amount times the
    phase multiplier. The one place this formula is written."""
    return own_rate + municipal_rate * multiplier


class Phase(models.IntegerChoices):
    ONE = 1, _("Phase 1")
    TWO = 2, _("Phase 2")
    THREE = 3, _("Phase 3")


class UnspentRule(models.TextChoices):
    LAPSES = "lapses", _("Unspent money lapses at the end of the year")
    CARRY_OVER = "carry_over", _("Unspent money carries over to the next year, up to a cap")


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


class EducationScheme(ClusterableModel):
    """The scheme (regeling) of one calendar year: every number the allocation uses."""

    year = models.PositiveSmallIntegerField(
        _("calendar year"), unique=True, validators=YEAR_VALIDATORS
    )
    multiplier_phase_1 = models.DecimalField(
        _("multiplier phase 1"), default=1, validators=[MinValueValidator(0)], **MULTIPLIER
    )
    multiplier_phase_2 = models.DecimalField(
        _("multiplier phase 2"), default=2, validators=[MinValueValidator(0)], **MULTIPLIER
    )
    multiplier_phase_3 = models.DecimalField(
        _("multiplier phase 3"), default=4, validators=[MinValueValidator(0)], **MULTIPLIER
    )
    minimum_pupil_share = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("minimum share for pupils' activities (%)"),
        default=90,
        validators=[MaxValueValidator(100)],
        help_text=_("At least this part of the budget goes to costs directly for pupils."),
    )
    unspent_rule = models.CharField(
        _("unspent money"), max_length=20, choices=UnspentRule.choices, default=UnspentRule.LAPSES
    )
    carry_over_cap = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("carry-over cap (% of the allocation)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "With carry-over: at most this percentage of the school's allocation in force "
            "moves to the next year. Leave empty when unspent money lapses."
        ),
    )
    spending_reminder_on = models.DateField(
        _("remind schools that spent little on"),
        null=True,
        blank=True,
        help_text=_(
            "On this day, schools that have committed or spent less than the share below get "
            "a reminder by email (once). Leave empty for no reminder."
        ),
    )
    spending_reminder_below = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("remind below (% of the budget spent)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    count_day = models.PositiveSmallIntegerField(
        _("count day"), default=1, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    count_month = models.PositiveSmallIntegerField(
        _("count month"),
        default=2,
        choices=list(MONTHS.items()),
        help_text=_("Pupils are counted on this day and month of the previous calendar year."),
    )
    # 31 December of the year: when the year's allocations have served their purpose (retention
    # of the people named in them counts from here). Kept in step with `year` by save().
    ends_on = models.DateField(editable=False)

    class Meta:
        verbose_name = _("Fonds Cultuureducatie scheme")
        verbose_name_plural = _("Fonds Cultuureducatie schemes")
        ordering = ["-year"]

    def __str__(self):
        return _("Fonds Cultuureducatie %(year)s") % {"year": self.year}

    def clean(self):
        errors = {}
        try:
            datetime.date(2001, self.count_month, self.count_day)  # 2001: not a leap year
        except (TypeError, ValueError):
            errors["count_day"] = _("This day does not exist in the chosen month in every year.")
        if self.unspent_rule == UnspentRule.CARRY_OVER and not self.carry_over_cap:
            errors["carry_over_cap"] = _("Give the cap of the carry-over.")
        if self.unspent_rule == UnspentRule.LAPSES and self.carry_over_cap:
            errors["carry_over_cap"] = _("Money that lapses has no carry-over cap.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.ends_on = year_end(self.year)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "ends_on"}
        super().save(*args, **kwargs)

    @property
    def count_date(self) -> datetime.date:
        """The day the pupils are counted: the scheme's day and month in the previous year."""
        return datetime.date(self.year - 1, self.count_month, self.count_day)

    def multiplier(self, phase: int):
        if phase not in PHASES:
            raise ValueError(f"No phase {phase}")
        return getattr(self, f"multiplier_phase_{phase}")

    def carry_over_limit(self, allocation_amount):
        """The most that may move to the next year from an allocation of this amount."""
        if self.unspent_rule == UnspentRule.LAPSES or not self.carry_over_cap:
            return type(allocation_amount)(0)
        return allocation_amount * self.carry_over_cap / 100


class SchemeRate(Orderable):
    """The amounts per pupil of one school type in one scheme."""

    scheme = ParentalKey(EducationScheme, on_delete=models.CASCADE, related_name="rates")
    school_type = models.CharField(_("school type"), max_length=3, choices=SchoolType.choices)
    own_contribution = models.DecimalField(
        _("own contribution per pupil (€)"), validators=[MinValueValidator(0)], **PER_PUPIL
    )
    municipal_amount = models.DecimalField(
        _("municipal amount per pupil (€)"),
        validators=[MinValueValidator(0)],
        help_text=_("Multiplied by the school's phase multiplier."),
        **PER_PUPIL,
    )

    class Meta(Orderable.Meta):
        verbose_name = _("rate per school type")
        verbose_name_plural = _("rates per school type")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "school_type"], name="unique_rate_per_scheme_and_type"
            )
        ]

    def __str__(self):
        return f"{self.scheme} {self.school_type}"


def score_field(label):
    return models.PositiveSmallIntegerField(
        label,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
        help_text=_("1 insufficient, 2 developing, 3 sufficient, 4 good"),
    )


INDICATORS = (
    "score_curriculum",
    "score_ambition",
    "score_pupils",
    "score_team",
    "score_environment",
    "score_finances",
)


class PhaseAssessmentQuerySet(models.QuerySet):
    def valid_in(self, year: int):
        return self.filter(first_year__lte=year, first_year__gte=year - 1)


@personal_data(
    purpose=EDUCATION_PURPOSE,
    fields=["adviser", "notes"],
    subject="adviser",
    ended="valid_until",
    label=_("A phase assessment of a school you made as adviser"),
)
class PhaseAssessment(models.Model):
    """An adviser places a school in a phase for two calendar years, on six indicators."""

    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="phase_assessments",
    )
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    score_curriculum = score_field(_("curriculum"))
    score_ambition = score_field(_("ambition"))
    score_pupils = score_field(_("pupils"))
    score_team = score_field(_("team"))
    score_environment = score_field(_("cultural environment"))
    score_finances = score_field(_("finances"))
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adviser"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_year = models.PositiveSmallIntegerField(
        _("first year"),
        validators=YEAR_VALIDATORS,
        help_text=_("Valid for this calendar year and the next."),
    )
    valid_until = models.DateField(_("valid until"), editable=False)
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PhaseAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phase assessment")
        verbose_name_plural = _("phase assessments")
        ordering = ["-first_year", "school__name"]
        indexes = [models.Index(fields=["school", "first_year"])]

    def __str__(self):
        return _("%(school)s: phase %(phase)s, %(first)s-%(last)s") % {
            "school": self.school,
            "phase": self.phase,
            "first": self.first_year,
            "last": self.last_year,
        }

    def save(self, *args, **kwargs):
        self.valid_until = year_end(self.first_year + 1)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "valid_until"}
        super().save(*args, **kwargs)

    @property
    def last_year(self):
        return self.first_year + 1 if self.first_year else None

    def overlapping(self):
        """Other assessments of the school valid in one of this one's two years."""
        return (
            PhaseAssessment.objects.filter(
                school_id=self.school_id,
                first_year__gte=self.first_year - 1,
                first_year__lte=self.first_year + 1,
            )
            .exclude(pk=self.pk)
            .order_by("first_year")
        )

    def clean(self):
        if self.school_id is None or self.first_year is None:
            return
        other = self.overlapping().first()
        if other is not None:
            raise ValidationError(
                {
                    "first_year": _(
                        "This school already has an assessment valid in %(first)s-%(last)s; "
                        "a school has at most one assessment valid in a year."
                    )
                    % {"first": other.first_year, "last": other.last_year}
                }
            )


class AllocationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")


@personal_data(
    purpose=EDUCATION_PURPOSE,
    fields=["confirmed_by"],
    subject="confirmed_by",
    ended="scheme__ends_on",
    label=_("A school allocation you confirmed"),
)
class Allocation(models.Model):
    """A school's budget (drawing rights) for one year, with a frozen copy of what it was
    computed from. A draft is recomputed by every allocation run; a confirmed one never is:
    afterwards only a correction with a reason changes the amount in force."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="allocations"
    )
    scheme = models.ForeignKey(
        EducationScheme,
        verbose_name=_("scheme"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    # The inputs, as they were when computed.
    school_type = models.CharField(_("school type"), max_length=3, choices=SchoolType.choices)
    count_date = models.DateField(_("count date"))
    pupils = models.PositiveIntegerField(_("pupils"))
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    phase_assessment = models.ForeignKey(
        PhaseAssessment,
        verbose_name=_("phase assessment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="allocations",
        help_text=_("Empty: the school had no valid assessment and is in phase 1."),
    )
    own_rate = models.DecimalField(_("own contribution per pupil (€)"), **PER_PUPIL)
    municipal_rate = models.DecimalField(_("municipal amount per pupil (€)"), **PER_PUPIL)
    multiplier = models.DecimalField(_("multiplier"), **MULTIPLIER)
    computed_amount = models.DecimalField(_("computed amount (€)"), **MONEY)
    computed_at = models.DateTimeField(_("computed"))
    # What the school may draw on: the computed amount, or the last correction's.
    amount = models.DecimalField(_("amount (€)"), **MONEY)
    status = models.CharField(
        _("status"), max_length=20, choices=AllocationStatus.choices, default=AllocationStatus.DRAFT
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    spending_reminder_sent_at = models.DateTimeField(
        _("reminder to spend sent"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("school allocation")
        verbose_name_plural = _("school allocations")
        ordering = ["-scheme__year", "school__name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "scheme"], name="one_allocation_per_year")
        ]

    def __str__(self):
        return f"{self.school} {self.scheme.year}"

    @property
    def is_confirmed(self):
        return self.status == AllocationStatus.CONFIRMED

    @property
    def per_pupil(self):
        return per_pupil(self.own_rate, self.municipal_rate, self.multiplier)

    @property
    def is_corrected(self):
        return self.amount != self.computed_amount


@personal_data(
    purpose=EDUCATION_PURPOSE,
    fields=["corrected_by", "reason"],
    subject="corrected_by",
    ended="allocation__scheme__ends_on",
    # Why an amount was changed is part of the financial records.
    legal_hold=["reason"],
    # Every correction is of a confirmed allocation: money committed to the school.
    held_when=models.Q(allocation__status=AllocationStatus.CONFIRMED),
    label=_("A correction of a school allocation you made"),
)
class AllocationCorrection(models.Model):
    """A staff correction of a confirmed allocation's amount, with the reason.

    Append-only: the admin has no edit or delete view for corrections and the roles have no
    such permissions; only retention blanks the person's link once its time has come."""

    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("allocation"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    previous_amount = models.DecimalField(_("previous amount (€)"), **MONEY)
    new_amount = models.DecimalField(_("new amount (€)"), **MONEY)
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("corrected"), auto_now_add=True)

    class Meta:
        verbose_name = _("allocation correction")
        verbose_name_plural = _("allocation corrections")
        ordering = ["corrected_at", "pk"]

    def __str__(self):
        return f"{self.allocation} #{self.pk}"


class AllocationLetterKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Allocation")
    CORRECTED = "corrected", _("Corrected allocation")


def allocation_letter_path(instance, filename):
    return f"funds/education/{instance.allocation.school_id}/letters/{uuid.uuid4().hex}.pdf"


@personal_data(
    purpose=EDUCATION_PURPOSE,
    # The PDF holds the school's data and the name of the staff member who signed it.
    fields=["signed_by", "file"],
    files=["file"],
    subject="signed_by",
    ended="allocation__scheme__ends_on",
    # The letter fixes the school's budget: part of the financial records.
    legal_hold=["file"],
    # Letters are made for confirmed allocations only: money committed to the school.
    held_when=models.Q(allocation__status=AllocationStatus.CONFIRMED),
    label=_("An allocation letter to a school you signed"),
)
class AllocationLetter(models.Model):
    """The letter (PDF) that tells a school its allocation: made when the allocation is
    confirmed and again after each correction, emailed to the school's directie and kept for
    the school (its members with the directie or culture coordinator role download it)."""

    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("allocation"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AllocationLetterKind.choices)
    amount = models.DecimalField(_("amount in the letter (€)"), **MONEY)
    file = models.FileField(
        _("letter"), storage=private_storage, upload_to=allocation_letter_path, max_length=200
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # How many members of the directie it was emailed to (0: the school had none); who they
    # were is not kept.
    recipients = models.PositiveSmallIntegerField(_("emailed to (directie members)"), default=0)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("allocation letter")
        verbose_name_plural = _("allocation letters")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.allocation} #{self.pk}"

    def get_absolute_url(self):
        return reverse("funds:allocation_letter", args=[self.allocation.school_id, self.pk])

    @property
    def filename(self):
        return f"toewijzing-{self.allocation.scheme.year}-{self.kind}-{self.pk}.pdf"
