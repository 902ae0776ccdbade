from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import roles, third_party_data  # noqa: F401  (third_party_data declares)

        post_migrate.connect(roles.grant_role_permissions, dispatch_uid="portal.roles")
