from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from portal.fields import PostcodeField
from portal.personal_data import no_personal_data


@register_setting(icon="site")
@no_personal_data(
    organisation_name="the organisation's own name",
    street_address="the organisation's own address",
    postcode="the organisation's own address",
    phone="the organisation's general number",
    email="the organisation's general address",
)
class SiteSettings(BaseSiteSetting):
    """The organisation behind the portal, shown in the footer, emails and letters."""

    organisation_name = models.CharField(_("organisation name"), max_length=120)
    street_address = models.CharField(_("street and number"), max_length=120, blank=True)
    postcode = PostcodeField(blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True, default="Zwolle")
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("contact page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy statement page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    footer_text = models.TextField(_("footer text"), blank=True)

    # The footer shows all of these on every page: fetch them with the settings in one query.
    select_related = ["logo", "contact_page", "privacy_page"]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("street_address"),
                FieldPanel("postcode"),
                FieldPanel("city"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("logo"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_page"), FieldPanel("privacy_page"), FieldPanel("footer_text")],
            heading=_("Footer"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
