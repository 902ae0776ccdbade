"""The school's spending request form (Mijn portaal) and the fund manager's step forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from funds.models import SpendingRequest
from funds.services.applying import check_upload
from listings.models import Discipline, EducationOfferPage, Provider, SchoolGroup
from privacy.fields import format_iban

PDF = "application/pdf"


class SpendingRequestForm(forms.ModelForm):
    class Meta:
        model = SpendingRequest
        fields = [
            "activity",
            "education_offer",
            "provider",
            "provider_name",
            "discipline",
            "groups",
            "pupils",
            "activity_date",
            "amount",
            "is_pupil_activity",
            "note",
            "invoice",
            "invoice_number",
            "payee_name",
            "payee_iban",
        ]
        widgets = {
            "activity_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "groups": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 3}),
            "payee_iban": forms.TextInput(attrs={"autocomplete": "off"}),
            "invoice": forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
        }
        help_texts = {
            "education_offer": _("Choose the offer if it is in the onderwijsaanbod."),
            "amount": _("The amount including VAT, as on the invoice or quotation."),
            "invoice": _(
                "You can submit a request before you have the invoice; the school sends it to "
                "the fund with the invoice."
            ),
            "payee_name": _("The name of the account on the invoice."),
            "payee_iban": _("The IBAN on the invoice. Stored encrypted; used only to pay it."),
        }

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["education_offer"].queryset = (
            EducationOfferPage.objects.live().select_related("provider").order_by("title")
        )
        self.fields["education_offer"].label_from_instance = lambda o: (
            f"{o.title} ({o.provider.name})"
        )
        self.fields["provider"].queryset = Provider.objects.order_by("name")
        self.fields["discipline"].queryset = Discipline.objects.all()
        groups = SchoolGroup.objects.all()
        if school is not None:
            groups = groups.filter(school_type=school.school_type)
        self.fields["groups"].queryset = groups
        self.fields["groups"].label_from_instance = lambda group: group.name
        self.fields["amount"].widget.attrs.update({"step": "0.01", "min": "0.01"})
        if self.instance.payee_iban and not self.is_bound:
            self.initial["payee_iban"] = format_iban(self.instance.payee_iban)

    def clean_invoice(self):
        invoice = self.cleaned_data.get("invoice")
        is_new_upload = invoice and hasattr(invoice, "content_type")
        if is_new_upload and check_upload(invoice) != PDF:
            raise ValidationError(_("The invoice must be a PDF."), code="file_type")
        return invoice

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise ValidationError(_("The amount must be more than zero."), code="min")
        return amount

    def clean(self):
        data = super().clean()
        offer = data.get("education_offer")
        if offer is not None:
            data["provider"] = data.get("provider") or offer.provider
            if not data.get("discipline"):
                data["discipline"] = offer.disciplines.first()
        if not data.get("provider") and not (data.get("provider_name") or "").strip():
            self.add_error(
                "provider_name", _("Choose the provider, or give the name on the invoice.")
            )
        if bool(data.get("payee_name")) != bool(data.get("payee_iban")):
            field = "payee_iban" if data.get("payee_name") else "payee_name"
            self.add_error(field, _("Give both the account holder and the IBAN."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when you return a request: the school sees it."),
    )
