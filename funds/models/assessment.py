"""Assessment: reviewers assigned to an application, their conflict-of-interest declaration,
and their scores per weighted criterion."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from funds.models.applications import PURPOSE, Application, application_ended
from funds.models.pages import AssessmentCriterion
from portal.personal_data import personal_data

SCORE_MIN, SCORE_MAX = 1, 10


class AssignmentQuerySet(models.QuerySet):
    def of_reviewer(self, user):
        return self.filter(reviewer=user) if user.is_authenticated else self.none()

    def cleared(self):
        """The reviewer declared no conflict of interest: they may read and score."""
        return self.filter(has_conflict=False)


@personal_data(
    purpose=PURPOSE,
    fields=["reviewer", "assigned_by", "conflict_explanation"],
    subject="reviewer",
    ended=lambda: application_ended("application__"),
    label=_("An application assigned to you as reviewer"),
)
class ReviewAssignment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    # Nullable: when the reviewer's data are anonymised the scores stay, without a name.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    # None: not declared yet; True: a conflict (the reviewer is blocked); False: no conflict.
    has_conflict = models.BooleanField(_("conflict of interest"), null=True, blank=True)
    conflict_declared_at = models.DateTimeField(_("declared"), null=True, blank=True)
    conflict_explanation = models.TextField(_("explanation"), blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="unique_assignment")
        ]

    def __str__(self):
        return f"{self.application} #{self.pk}"

    @property
    def declared(self):
        return self.has_conflict is not None


@personal_data(
    purpose=PURPOSE,
    fields=["comment"],
    subject="assignment__reviewer",
    ended=lambda: application_ended("assignment__application__"),
    label=_("Your review of an application"),
)
class Review(models.Model):
    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="review"
    )
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Sum of score x weight / sum of weights, kept when the review is submitted.
    weighted_score = models.DecimalField(
        _("weighted score"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"#{self.pk}"

    def compute_weighted_score(self) -> Decimal | None:
        scores = list(self.scores.select_related("criterion"))
        total_weight = sum(s.criterion.weight for s in scores)
        if not total_weight:
            return None
        total = sum(Decimal(s.score) * s.criterion.weight for s in scores)
        return (total / total_weight).quantize(Decimal("0.01"))


@personal_data(
    purpose=PURPOSE,
    fields=["comment"],
    subject="review__assignment__reviewer",
    ended=lambda: application_ended("review__assignment__application__"),
    label=_("Your score on one criterion"),
)
class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(AssessmentCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="unique_score")]

    def __str__(self):
        return f"{self.score} #{self.pk}"
