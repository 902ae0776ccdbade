from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Own programme")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from programme import contributor_hooks

        contributor_hooks.connect()
