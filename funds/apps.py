from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = _("Funds")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save, pre_delete

        from funds import payment_receivers, receivers
        from funds.models import FundPage
        from listings.models import Provider

        post_save.connect(
            receivers.fund_managers_manage_fund, sender=FundPage, dispatch_uid="funds.pages"
        )
        pre_delete.connect(
            receivers.keep_the_providers_name, sender=Provider, dispatch_uid="funds.provider_name"
        )
        payment_receivers.connect()
