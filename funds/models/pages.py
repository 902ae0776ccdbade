from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from funds.blocks import QuestionsBlock
from portal.blocks import BodyBlock
from portal.personal_data import no_personal_data

MONEY = {"max_digits": 12, "decimal_places": 2}


class FundPage(Page):
    """A scheme (regeling): its rules, and the rounds under it."""

    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        help_text=_("Prefix of application numbers, e.g. BCA gives BCA-2026-0001."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("rules and explanation"), blank=True)
    eligibility = RichTextField(_("who can apply"), features=["bold", "italic", "link", "ul"])
    maximum_grant = models.DecimalField(_("maximum grant (€)"), **MONEY)
    maximum_share_of_costs = models.PositiveSmallIntegerField(
        _("maximum share of the costs (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    advance_percentage = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("advance (% of the grant)"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=_("Paid when the grant is decided; the rest after the report."),
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("report due (days after the project ends)"), default=60
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("eligibility"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldRowPanel([FieldPanel("maximum_grant"), FieldPanel("maximum_share_of_costs")]),
                FieldRowPanel([FieldPanel("advance_percentage"), FieldPanel("report_due_days")]),
            ],
            heading=_("Money"),
        ),
        InlinePanel("reporting_tiers", heading=_("Reporting, in proportion to the grant")),
    ]

    subpage_types = ["funds.RoundPage"]
    template = "funds/fund_page.html"

    class Meta:
        verbose_name = _("fund")

    def open_rounds(self, now=None):
        now = now or timezone.now()
        return (
            RoundPage.objects.child_of(self)
            .live()
            .filter(opens_at__lte=now, closes_at__gt=now)
            .order_by("closes_at")
        )

    def reporting_tier_for(self, amount: Decimal):
        """The lightest reporting that fits a grant of this amount."""
        for tier in self.reporting_tiers.order_by("sort_order"):
            if tier.up_to_amount is None or amount <= tier.up_to_amount:
                return tier
        return None


class ReportingTier(Orderable):
    """What a grantee reports afterwards, by grant size (small grants: little)."""

    fund = ParentalKey(FundPage, on_delete=models.CASCADE, related_name="reporting_tiers")
    up_to_amount = models.DecimalField(
        _("for grants up to (€)"), null=True, blank=True, help_text=_("Empty: any amount."), **MONEY
    )
    content_report = models.BooleanField(_("a short report of what was done"), default=True)
    photos = models.BooleanField(_("photos"), default=True)
    actual_budget = models.BooleanField(_("the actual costs and income"), default=False)
    financial_statement = models.BooleanField(
        _("a financial statement (jaarrekening or accountant's statement)"), default=False
    )

    panels = [
        FieldPanel("up_to_amount"),
        FieldRowPanel([FieldPanel("content_report"), FieldPanel("photos")]),
        FieldRowPanel([FieldPanel("actual_budget"), FieldPanel("financial_statement")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("reporting requirement")


class RoundPage(Page):
    """One call for applications: open and close moments, a budget ceiling, criteria, committee,
    and its own extra questions."""

    intro = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    budget = models.DecimalField(_("budget (€)"), **MONEY)
    carries_over = models.BooleanField(
        _("what is left carries over to the next round"), default=True
    )
    questions = StreamField(QuestionsBlock(), verbose_name=_("extra questions"), blank=True)
    committee = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessment committee"),
        blank=True,
        related_name="committee_rounds",
        limit_choices_to={"groups__name": "Beoordelaar"},
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("budget"), FieldPanel("carries_over")]),
            ],
            heading=_("Period and budget"),
        ),
        FieldPanel("questions"),
        InlinePanel("criteria", heading=_("Assessment criteria"), min_num=1),
        FieldPanel("committee"),
    ]

    parent_page_types = ["funds.FundPage"]
    subpage_types: list[str] = []
    template = "funds/round_page.html"

    class Meta:
        verbose_name = _("round")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A round must close after it opens.")})

    @property
    def fund(self) -> FundPage:
        return FundPage.objects.parent_of(self).get() if self.pk else None

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def granted_total(self) -> Decimal:
        """What this round has committed: granted amounts, or the final ones once settled."""
        return self.applications.committed_total()

    def previous_round(self):
        return (
            RoundPage.objects.sibling_of(self, inclusive=False)
            .filter(closes_at__lte=self.opens_at)
            .order_by("-closes_at")
            .first()
        )

    def carried_over(self, depth=5) -> Decimal:
        """What the previous round left, if it carries over and has closed."""
        previous = self.previous_round()
        if previous is None or not previous.carries_over or depth == 0:
            return Decimal("0")
        return max(Decimal("0"), previous.ceiling(depth - 1) - previous.granted_total())

    def ceiling(self, depth=5) -> Decimal:
        """The most this round may grant in total: its budget plus what was carried over."""
        return self.budget + self.carried_over(depth)


@no_personal_data(name="the name of a criterion")
class AssessmentCriterion(Orderable):
    round = ParentalKey(RoundPage, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what reviewers look at"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("weight")]

    class Meta(Orderable.Meta):
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")

    def __str__(self):
        return self.name
