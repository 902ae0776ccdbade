"""The site owner's privacy choices: by default the portal sets only functional cookies."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def origin_of(url: str) -> str:
    """'https://stats.example.nl/matomo.js' -> 'https://stats.example.nl'; '' for a local path."""
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return ""


@register_setting(icon="lock")
class PrivacySettings(BaseSiteSetting):
    """An analytics script, off by default; when on, it loads only after a visitor agrees."""

    analytics_enabled = models.BooleanField(
        _("use website analytics"),
        default=False,
        help_text=_(
            "When on, visitors are asked for their consent in a banner, and the script below "
            "loads only for those who accept."
        ),
    )
    analytics_script_url = models.URLField(
        _("analytics script"),
        blank=True,
        help_text=_(
            "The address of your own analytics script, e.g. "
            "https://statistiek.example.nl/matomo.js. Never a third party's tracker."
        ),
    )
    analytics_origin = models.CharField(
        _("analytics server"),
        max_length=200,
        blank=True,
        help_text=_(
            "The server the script may talk to, e.g. https://statistiek.example.nl. "
            "Leave empty to use the server of the script."
        ),
    )

    panels = [
        HelpPanel(
            content=_(
                "By default the portal sets only functional cookies: the session, protection "
                "against forged forms and your language. Website analytics are optional."
            )
        ),
        FieldPanel("analytics_enabled"),
        FieldPanel("analytics_script_url"),
        FieldPanel("analytics_origin"),
    ]

    class Meta:
        verbose_name = _("privacy settings")

    def clean(self):
        super().clean()
        if self.analytics_enabled and not self.analytics_script_url:
            raise ValidationError(
                {"analytics_script_url": _("Enter the address of the analytics script.")}
            )
        if self.analytics_origin:
            origin = origin_of(self.analytics_origin)
            if origin != self.analytics_origin.rstrip("/"):
                raise ValidationError(
                    {
                        "analytics_origin": _(
                            "Enter only the scheme and server, e.g. https://statistiek.example.nl."
                        )
                    }
                )
            self.analytics_origin = origin

    @property
    def analytics_configured(self) -> bool:
        return self.analytics_enabled and bool(self.analytics_script_url)

    @property
    def csp_origin(self) -> str:
        """The origin to allow in the content security policy once the script is rendered."""
        return self.analytics_origin or origin_of(self.analytics_script_url)
