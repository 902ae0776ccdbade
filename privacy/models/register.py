"""The register of processing (GDPR art. 30): purposes and the processors that serve them."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.personal_data import no_personal_data
from privacy import purposes


class LegalBasis(models.TextChoices):
    CONSENT = purposes.CONSENT, _("Consent")
    CONTRACT = purposes.CONTRACT, _("Performance of a contract")
    LEGAL_OBLIGATION = purposes.LEGAL_OBLIGATION, _("Legal obligation")
    PUBLIC_TASK = purposes.PUBLIC_TASK, _("Public task")
    LEGITIMATE_INTEREST = purposes.LEGITIMATE_INTEREST, _("Legitimate interest")


class RetentionAction(models.TextChoices):
    DELETE = purposes.DELETE, _("Delete")
    ANONYMISE = purposes.ANONYMISE, _("Anonymise")


class PurposeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


@no_personal_data(name_nl="the name of a purpose", name_en="the name of a purpose")
class Purpose(models.Model):
    code = models.SlugField(
        _("code"),
        unique=True,
        help_text=_("The code binds the portal's data to this purpose; do not change it."),
    )
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"))
    description_en = models.TextField(_("description (English)"))
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis.choices)
    data_categories = models.TextField(_("data categories"))
    data_subjects = models.TextField(_("data subjects"))
    recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("Who else receives these data, and why.")
    )
    retention_days = models.PositiveIntegerField(
        _("retention (days)"), help_text=_("How long after the purpose ended the data are kept.")
    )
    ended_description_nl = models.CharField(
        _("purpose ends (Dutch)"),
        max_length=200,
        blank=True,
        help_text=_("When the purpose ends for one person, e.g. 'na het besluit'."),
    )
    retention_action = models.CharField(
        _("after retention"), max_length=20, choices=RetentionAction.choices
    )
    legal_hold_years = models.PositiveSmallIntegerField(
        _("legal hold (years)"),
        default=0,
        help_text=_("Financial records must be kept for 7 years (fiscale bewaarplicht)."),
    )
    roles = models.ManyToManyField(
        Group,
        verbose_name=_("staff roles with access"),
        blank=True,
        related_name="privacy_purposes",
        help_text=_("Only staff in these roles see the personal data of this purpose."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PurposeQuerySet.as_manager()

    class Meta:
        verbose_name = _("purpose")
        verbose_name_plural = _("register of processing")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if translation.get_language() == "en" else self.name_nl

    @property
    def description(self):
        return self.description_en if translation.get_language() == "en" else self.description_nl

    def retention_in_words(self) -> str:
        """E.g. "2 jaar na het besluit op je aanvraag"."""
        period = duration_in_words(self.retention_days)
        if self.ended_description_nl and translation.get_language() != "en":
            return f"{period} {self.ended_description_nl}"
        return str(period)


def duration_in_words(days: int) -> str:
    if days == 0:
        return str(_("no longer than needed, then deleted at once"))
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
    if days % 30 == 0:
        months = days // 30
        return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


@no_personal_data(name="the name of a company", notes="notes about the company and its agreement")
class Processor(models.Model):
    """A processor (verwerker) that handles personal data for us under an agreement (art. 28)."""

    name = models.CharField(_("name"), max_length=200)
    service = models.TextField(_("service"))
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement_ends_on = models.DateField(_("agreement ends on"), null=True, blank=True)
    purposes = models.ManyToManyField(
        Purpose, verbose_name=_("purposes"), blank=True, related_name="processors"
    )
    location = models.CharField(
        _("where the data are"), max_length=200, blank=True, help_text=_("E.g. 'EU (Nederland)'")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("processor")
        verbose_name_plural = _("processors")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def agreement_valid(self, on=None) -> bool:
        on = on or timezone.localdate()
        return bool(self.agreement_signed_on) and (
            self.agreement_ends_on is None or self.agreement_ends_on >= on
        )

    agreement_valid.boolean = True
    agreement_valid.short_description = _("agreement valid")
