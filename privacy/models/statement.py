"""The privacy statement: a page that renders the register around the editors' own text."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from portal.blocks import BodyBlock
from portal.personal_data import personal_data
from privacy import purposes


class PrivacyStatementPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        # Subscribers are told with this summary: a material change must say what changed.
        summary = cleaned_data.get("change_summary") or ""
        if cleaned_data.get("material_change") and not summary.strip():
            self.add_error(
                "change_summary", _("Say what changed: subscribers are told with this summary.")
            )
        return cleaned_data


class PrivacyStatementPage(Page):
    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    body = StreamField(
        BodyBlock(),
        verbose_name=_("more text"),
        blank=True,
        help_text=_(
            "Shown after the purposes, processors and rights, which come from the register."
        ),
    )
    contact_text = RichTextField(
        _("how to reach the privacy officer"), features=["bold", "italic", "link"], blank=True
    )
    material_change = models.BooleanField(
        _("this version changes something material"),
        default=False,
        help_text=_(
            "When this version is published, every newsletter subscriber is told once, with the "
            "summary below."
        ),
    )
    change_summary = models.TextField(_("what changed"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("contact_text"),
        MultiFieldPanel(
            [FieldPanel("material_change"), FieldPanel("change_summary")],
            heading=_("Telling subscribers"),
        ),
    ]
    base_form_class = PrivacyStatementPageForm
    max_count = 1
    template = "privacy/privacy_statement_page.html"

    class Meta:
        verbose_name = _("privacy statement")

    def get_context(self, request, *args, **kwargs):
        from privacy.statement import statement_context

        return {**super().get_context(request, *args, **kwargs), **statement_context(self)}


class StatementVersion(models.Model):
    """A published version of the statement that subscribers were (or are being) told about."""

    page = models.ForeignKey(
        PrivacyStatementPage, on_delete=models.CASCADE, related_name="versions"
    )
    revision = models.OneToOneField(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"))
    summary = models.TextField(_("what changed"))
    notices_sent = models.PositiveIntegerField(_("notices sent"), default=0)

    class Meta:
        verbose_name = _("privacy statement version")
        verbose_name_plural = _("privacy statement versions")
        ordering = ["-published_at"]

    def __str__(self):
        return f"{self.page} · {self.published_at:%Y-%m-%d}"


@personal_data(
    purpose=purposes.NIEUWSBRIEVEN,
    fields=["subscriber"],
    subject_email="subscriber__email",
    label=_("Notice of a change in the privacy statement"),
)
class StatementNotice(models.Model):
    """Which version of the statement each subscriber was told of; at most once per version."""

    subscriber = models.ForeignKey(
        "privacy.Subscriber", on_delete=models.CASCADE, related_name="statement_notices"
    )
    version = models.ForeignKey(StatementVersion, on_delete=models.CASCADE, related_name="notices")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement notice")
        verbose_name_plural = _("statement notices")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "version"], name="unique_statement_notice"
            )
        ]

    def __str__(self):
        return f"#{self.pk}"
