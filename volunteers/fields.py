"""A set of codes (day parts, languages) stored in one text column as ",mon_am,tue_ev,".

The commas around every code let a list filter ask the database `contains ",mon_am,"` with one
indexed-free but exact LIKE, on SQLite and PostgreSQL alike, without a join table.
"""

from django import forms
from django.db import models


class ChoiceSetField(models.CharField):
    def __init__(self, *args, choice_list=(), **kwargs):
        self.choice_list = list(choice_list)
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, kwargs  # the choices are code, not schema

    @staticmethod
    def codes(value) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            return [code for code in value.split(",") if code]
        return list(value)

    @staticmethod
    def token(code: str) -> str:
        """The text a filter looks for: `Model.objects.filter(field__contains=token(code))`."""
        return f",{code},"

    def get_prep_value(self, value):
        if isinstance(value, list | tuple | set):
            codes = [code for code, _label in self.choice_list if code in set(value)]
            return f",{','.join(codes)}," if codes else ""
        return value or ""  # a filter's token (",mon_am,") or an empty set

    def from_db_value(self, value, expression, connection):
        return self.codes(value)

    def to_python(self, value):
        return self.codes(value)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        allowed = {code for code, _label in self.choice_list}
        unknown = set(self.codes(value)) - allowed
        if unknown:
            raise forms.ValidationError("Unknown choice")

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.choice_list,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


def labels(choice_list, codes) -> list[str]:
    names = dict(choice_list)
    return [str(names.get(code, code)) for code in codes]
