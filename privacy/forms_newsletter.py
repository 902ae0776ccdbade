from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.models import NewsletterList


class NewsletterChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        if obj.description:
            return f"{obj.name}: {obj.description}"
        return obj.name


class SubscribeForm(forms.Form):
    """Email address, the newsletters wanted, and agreement with the consent text shown.

    The consent text's version travels with the form: if the text changed between showing and
    sending, the person sees the new text and agrees again, so the ledger records what they read.
    """

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    newsletters = NewsletterChoiceField(
        label=_("Newsletters"),
        queryset=NewsletterList.objects.none(),
        error_messages={"required": _("Choose at least one newsletter.")},
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Tick the box to agree, or we cannot send you anything.")},
    )
    consent_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, consent_text, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text
        self.fields["newsletters"].queryset = NewsletterList.objects.filter(is_active=True)
        self.fields["consent"].label = consent_text.text
        self.fields["consent_version"].initial = consent_text.version

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_version") != self.consent_text.version:
            # Show the current text (and its version) and ask again.
            self.data = self.data.copy()
            self.data["consent_version"] = self.consent_text.version
            self.data.pop("consent", None)
            self.add_error(
                "consent",
                _("The text has changed since you opened this page. Please read it again."),
            )
        return cleaned
