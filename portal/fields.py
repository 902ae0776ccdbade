"""Model and form fields shared by the apps: Dutch postcode, Zwolle's wijken."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

POSTCODE_RE = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})$")


def normalise_postcode(value: str) -> str:
    compact = "".join((value or "").split()).upper()
    if len(compact) == 6:
        return f"{compact[:4]} {compact[4:]}"
    return (value or "").strip().upper()


# PostNL never issues these letter pairs.
UNUSED_POSTCODE_LETTERS = {"SA", "SD", "SS"}


def validate_postcode(value: str) -> None:
    postcode = normalise_postcode(value)
    if not POSTCODE_RE.match(postcode) or postcode[-2:] in UNUSED_POSTCODE_LETTERS:
        raise ValidationError(
            _("Enter a valid Dutch postcode: four digits and two letters, e.g. 8011 AB."),
            code="invalid_postcode",
        )


class PostcodeFormField(forms.CharField):
    default_validators = [validate_postcode]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "postal-code")
        self.widget.attrs.setdefault("inputmode", "text")

    def to_python(self, value):
        return normalise_postcode(super().to_python(value))


class PostcodeField(models.CharField):
    """A Dutch postcode, stored as `8011 AB`."""

    default_validators = [validate_postcode]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("verbose_name", _("postcode"))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_postcode(value) if value else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = normalise_postcode(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PostcodeFormField, **kwargs})


class Wijk(models.TextChoices):
    """The wijken (districts) of Zwolle, used for locations, schools and registrations."""

    BINNENSTAD = "binnenstad", "Binnenstad"
    ASSENDORP = "assendorp", "Assendorp"
    DIEZERPOORT = "diezerpoort", "Diezerpoort"
    KAMPERPOORT = "kamperpoort", "Kamperpoort"
    WIPSTRIK = "wipstrik", "Wipstrik"
    HOLTENBROEK = "holtenbroek", "Holtenbroek"
    AALANDEN = "aalanden", "Aalanden"
    WESTENHOLTE = "westenholte", "Westenholte"
    STADSHAGEN = "stadshagen", "Stadshagen"
    ZWOLLE_ZUID = "zwolle-zuid", "Zwolle-Zuid"
    BERKUM = "berkum", "Berkum"
    SCHELLE = "schelle", "Schelle"
    ITTERSUM = "ittersum", "Ittersum"
    OUTSIDE = "buiten-zwolle", _("Outside Zwolle")


class WijkField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("choices", Wijk.choices)
        kwargs.setdefault("verbose_name", _("wijk (district)"))
        super().__init__(*args, **kwargs)
