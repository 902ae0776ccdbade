from django.apps import AppConfig


class UndeclaredConfig(AppConfig):
    """An app that forgot to declare its personal data (for test_personal_data_check.py)."""

    name = "tests.privacy.undeclared"
    label = "undeclared"
    default_auto_field = "django.db.models.BigAutoField"
