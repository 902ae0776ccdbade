"""Forms of the payments screens, and the money field every amount form uses."""

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from payments.exports import may_see_payee
from payments.models import Payment

# Thousands written the Dutch way: 1.234 or 12.345.678 (optionally with ,50 after it).
DUTCH_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")
ENGLISH_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d{1,2})?$")


def parse_amount(text: str, language: str | None = None) -> Decimal:
    """An amount as a person types it: "1.234,56", "1234,56", "€ 1.234", "1234.56" (and, in
    English, "1,234.56"). Raises ValueError for anything else."""
    value = re.sub(r"[\s\u00a0€]|EUR", "", str(text or ""), flags=re.IGNORECASE)
    if not value:
        raise ValueError("empty")
    language = (language or translation.get_language() or "nl")[:2]
    if "," in value and "." in value:
        decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
    elif "," in value:
        decimal_mark = "." if language == "en" and ENGLISH_THOUSANDS.match(value) else ","
    elif "." in value:
        decimal_mark = "," if language != "en" and DUTCH_THOUSANDS.match(value) else "."
    else:
        decimal_mark = "."
    thousands_mark = "." if decimal_mark == "," else ","
    value = value.replace(thousands_mark, "").replace(decimal_mark, ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", value):
        raise ValueError(value)
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValueError(value) from None


class MoneyField(forms.DecimalField):
    """An amount in euros, typed the way people write it (see `parse_amount`), shown localised
    ("1500,00" in Dutch), kept as Decimal with two decimals."""

    default_error_messages = {
        "invalid": _("Enter an amount in euros, e.g. 1250 or 1.250,50."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_amount(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def next_working_day(today: date | None = None) -> date:
    day = (today or timezone.localdate()) + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class BatchForm(forms.Form):
    """A batch from the open payments ticked in the list, with the day the bank should pay."""

    payments = forms.ModelMultipleChoiceField(
        label=_("Payments"),
        queryset=Payment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Tick at least one payment."),
            "invalid_choice": _("A ticked payment is no longer open: it is already in a batch."),
            "invalid_pk_value": _("A ticked payment is no longer open: it is already in a batch."),
        },
    )
    execution_date = forms.DateField(
        label=_("Execution date"),
        help_text=_("The day the bank pays (a working day, today or later)."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("For staff only, e.g. which run this is. No names."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["payments"].queryset = Payment.objects.open().prefetch_related("payee")
        self.fields["execution_date"].initial = next_working_day()

    def clean_payments(self):
        """Only payments whose payee this person may see: a batch with another purpose's payee
        (a fund's grant beside a contributor's fee) could be exported by nobody."""
        payments = self.cleaned_data["payments"]
        hidden = [p.reference for p in payments if not may_see_payee(self.user, p)]
        if hidden:
            raise ValidationError(
                _(
                    "You may not see the payee of %(references)s, so you cannot pay it: "
                    "leave it to the colleagues whose work it is."
                ),
                params={"references": ", ".join(hidden)},
            )
        return payments

    def clean_execution_date(self):
        value = self.cleaned_data["execution_date"]
        if value < timezone.localdate():
            raise ValidationError(_("The execution date cannot be in the past."))
        if value.weekday() >= 5:
            raise ValidationError(_("Banks do not pay on a Saturday or Sunday: choose a weekday."))
        return value
