"""Forms of bookings: the school's request, the provider's answer and confirmation."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from funds.forms_spending import PDF
from funds.services.applying import check_upload
from listings.models import SchoolGroup
from privacy.fields import normalise_iban, validate_iban


class BookingRequestForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=None, empty_label=None)
    date = forms.DateField(
        label=_("Preferred date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups or years"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    pupils = forms.IntegerField(label=_("Number of pupils"), min_value=1)
    message = forms.CharField(
        label=_("Message to the provider"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the room, the time of day, pupils' needs. No pupils' names."),
    )

    def __init__(self, *args, schools, offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer = offer
        self.fields["school"].queryset = schools
        if schools.count() == 1:
            self.fields["school"].widget = forms.HiddenInput()
            self.initial.setdefault("school", schools.first().pk)
        groups = offer.school_groups.all()
        self.fields["groups"].queryset = groups if groups else SchoolGroup.objects.all()
        self.fields["groups"].label_from_instance = lambda group: group.name
        self.fields["pupils"].widget.attrs["max"] = 10_000

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < timezone.localdate():
            raise ValidationError(_("The date cannot be in the past."), code="past")
        return date

    def clean(self):
        data = super().clean()
        pupils, groups = data.get("pupils"), data.get("groups")
        if pupils and groups and pupils > self.offer.max_pupils * len(groups):
            self.add_error(
                "pupils",
                _(
                    "The provider takes at most %(max)s pupils per session: book the groups "
                    "one by one or ask the provider."
                )
                % {"max": self.offer.max_pupils},
            )
        return data


class ProposeDateForm(forms.Form):
    date = forms.DateField(
        label=_("Date you propose"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Note to the school"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ConfirmHeldForm(forms.Form):
    invoice = forms.FileField(label=_("Invoice (PDF)"))
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=50)
    payee_name = forms.CharField(
        label=_("Account holder"), max_length=70, help_text=_("The name of the account to pay.")
    )
    payee_iban = forms.CharField(
        label=_("IBAN"), max_length=42, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )

    def clean_payee_iban(self):
        value = normalise_iban(self.cleaned_data["payee_iban"])
        validate_iban(value)
        return value

    def clean_invoice(self):
        invoice = self.cleaned_data["invoice"]
        if check_upload(invoice) != PDF:
            raise ValidationError(_("The invoice must be a PDF."), code="file_type")
        return invoice
