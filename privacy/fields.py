"""Model fields whose values are encrypted in the database (privacy/crypto.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumValidationError

from privacy import crypto


class EncryptedTextField(models.TextField):
    """Stored encrypted; read back as plain text. Cannot be searched or sorted on."""

    description = _("Encrypted text")

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(str(value))

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return crypto.decrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name not in ("isnull", "exact"):
            return None  # ciphertext cannot be compared, only tested for presence
        return super().get_lookup(lookup_name)


def normalise_iban(value: str) -> str:
    return stdnum_iban.compact(value or "")


def format_iban(value: str) -> str:
    """NL91ABNA0417164300 -> NL91 ABNA 0417 1643 00"""
    compact = normalise_iban(value)
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def mask_iban(value: str) -> str:
    """Only the country and the last two digits: NL91ABNA0417164300 -> NL** **** **** **** 00."""
    compact = normalise_iban(value)
    if len(compact) < 6:
        return "*" * len(compact)
    masked = compact[:2] + "*" * (len(compact) - 4) + compact[-2:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def validate_iban(value: str) -> None:
    try:
        stdnum_iban.validate(value)
    except StdnumValidationError:
        raise ValidationError(
            _("Enter a valid IBAN, e.g. NL91 ABNA 0417 1643 00."), code="invalid_iban"
        ) from None


class IBANField(EncryptedTextField):
    """A bank account number (IBAN), validated, stored compact and encrypted."""

    description = _("IBAN (encrypted)")
    default_validators = [validate_iban]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("IBAN"))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_iban(value) if value else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = normalise_iban(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(
            **{"form_class": forms.CharField, "max_length": 42, "widget": forms.TextInput, **kwargs}
        )
