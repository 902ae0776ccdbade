from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("Cultural offers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from listings.moderation import connect_signals

        connect_signals()
