"""Forms of the contributors' pages: the staff's invitation, the contributor's details, and a
reason for cancelling."""

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from payments.forms import MoneyField
from privacy.fields import mask_iban, normalise_iban, validate_iban
from programme.models import Branch, Contribution, ContributionStatus, VatStatus

MAX_UPLOAD_SIZE = 10 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}


def check_upload(uploaded, allowed: set[str], wrong_type_message) -> None:
    """By the file's content, not its name: empty, too large or the wrong kind is refused."""
    if not uploaded.size:
        raise ValidationError(_("This file is empty. Choose the file again."), code="empty")
    if uploaded.size > MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("This file is larger than 10 MB. Make it smaller and try again."), code="too_large"
        )
    uploaded.seek(0)
    kind = filetype.guess(uploaded.read(261))
    uploaded.seek(0)
    if kind is None or kind.mime not in allowed:
        raise ValidationError(wrong_type_message, code="file_type")


class InviteForm(forms.Form):
    name = forms.CharField(
        label=_("Name in the programme"),
        max_length=120,
        help_text=_("The person's or group's name; they can change it."),
    )
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Contribution._meta.get_field("role").choices)
    fee = MoneyField(
        label=_("Fee excluding VAT (€)"),
        min_value=0,
        help_text=_("What we offer; the agreement states it."),
    )


class ContributionDetailsForm(forms.ModelForm):
    """What the contributor fills in. The IBAN is never shown back in full: the field is empty
    and says which account is stored (masked); leaving it empty keeps that account."""

    new_iban = forms.CharField(
        label=_("IBAN"),
        max_length=42,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    class Meta:
        model = Contribution
        fields = [
            "name",
            "about",
            "photo",
            "technical_needs",
            "room_needs",
            "arrival_time",
            "vat_status",
            "vat_rate",
            "account_holder",
            "invoice",
            "invoice_number",
        ]
        widgets = {
            "about": forms.Textarea(attrs={"rows": 5}),
            "technical_needs": forms.Textarea(attrs={"rows": 3}),
            "room_needs": forms.Textarea(attrs={"rows": 3}),
            "arrival_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            "invoice": forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
            "vat_status": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        contribution = self.instance
        self.fields["vat_status"].choices = VatStatus.choices
        self.fields["arrival_time"].input_formats = ["%H:%M", "%H.%M", "%H:%M:%S"]
        if contribution.iban:
            self.fields["new_iban"].help_text = _(
                "Stored: %(masked)s. Leave empty to keep this account; type a new IBAN to "
                "change it."
            ) % {"masked": mask_iban(contribution.iban)}
        else:
            self.fields["new_iban"].help_text = _("Stored encrypted; used only to pay your fee.")
        # The VAT status is part of the agreement: fixed once it is sent.
        if contribution.status not in (
            ContributionStatus.INVITED,
            ContributionStatus.DETAILS_GIVEN,
        ):
            for name in ("vat_status", "vat_rate"):
                self.fields[name].disabled = True
        # Once the fee is approved, the account it is paid to is fixed too.
        if contribution.status in (
            ContributionStatus.FEE_APPROVED,
            ContributionStatus.PAID,
            ContributionStatus.CANCELLED,
        ):
            for field in self.fields.values():
                field.disabled = True

    def clean_new_iban(self):
        value = self.cleaned_data.get("new_iban", "").strip()
        if not value:
            return ""
        validate_iban(normalise_iban(value))
        return normalise_iban(value)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):
            check_upload(photo, PHOTO_TYPES, _("The photo must be a JPEG, PNG or WebP image."))
        return photo

    def clean_invoice(self):
        invoice = self.cleaned_data.get("invoice")
        if invoice and hasattr(invoice, "content_type"):
            check_upload(invoice, {"application/pdf"}, _("The invoice must be a PDF."))
        return invoice

    def clean(self):
        data = super().clean()
        if data.get("vat_status") == VatStatus.LIABLE and not data.get("vat_rate"):
            self.add_error("vat_rate", _("Choose the VAT rate you charge."))
        if data.get("vat_status") and data.get("vat_status") != VatStatus.LIABLE:
            data["vat_rate"] = None
        has_iban = bool(data.get("new_iban") or self.instance.iban)
        if data.get("account_holder") and not has_iban:
            self.add_error("new_iban", _("Give both the account holder and the IBAN."))
        if data.get("new_iban") and not data.get("account_holder"):
            self.add_error("account_holder", _("Give both the account holder and the IBAN."))
        return data

    def save(self, commit=True):
        contribution = super().save(commit=False)
        if self.cleaned_data.get("new_iban"):
            contribution.iban = self.cleaned_data["new_iban"]
        if commit:
            contribution.save()
        return contribution


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PlanningFilterForm(forms.Form):
    """The planning's filter: all its state is in the address (?week=2026-W48&branch=3)."""

    week = forms.CharField(
        label=_("Week"),
        required=False,
        widget=forms.TextInput(attrs={"type": "week"}),
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=Branch.objects.all(),
        required=False,
        empty_label=_("All branches"),
    )
