from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("Cultural offers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from listings import catalogue, moderation

        moderation.connect_signals()
        catalogue.connect_signals()
