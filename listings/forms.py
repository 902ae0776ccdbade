from django import forms

from listings.models import Provider


class ProviderProfileForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = [
            "name",
            "kind",
            "summary",
            "description",
            "website",
            "public_email",
            "public_phone",
            "street_address",
            "postcode",
            "city",
            "wijk",
            "is_public",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
