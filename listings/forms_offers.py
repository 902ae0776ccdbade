"""The providers' offer forms: the page's fields plus inline formsets for dates and locations.

What the catalogue's filters use is required here: disciplines, the age range (leisure) or
school groups (education), at least one location with its wijk, and the price.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import ClusterForm

from listings.models import EducationOfferPage, LeisureOfferPage, ScheduleKind

OFFER_FIELDS = [
    "title",
    "summary",
    "description",
    "disciplines",
    "age_min",
    "age_max",
    "schedule_kind",
    "schedule_text",
    "price_kind",
    "price_from",
    "price_to",
    "accessibility",
    "booking_url",
    "contact_email",
    "contact_phone",
]
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
FORMSETS = {
    "dates": {
        "fields": ["start", "end"],
        "extra": 2,
        "widgets": {"start": DATETIME, "end": DATETIME},
    },
    "locations": {
        "fields": ["name", "street_address", "postcode", "city", "wijk"],
        "extra": 1,
        "min_num": 1,
        "validate_min": True,
    },
}
WIDGETS = {
    "description": forms.Textarea(attrs={"rows": 6}),
    "accessibility": forms.Textarea(attrs={"rows": 3}),
    "disciplines": forms.CheckboxSelectMultiple,
    "schedule_kind": forms.RadioSelect,
    "price_kind": forms.RadioSelect,
}


class OfferForm(ClusterForm):
    """Shared by both kinds; subclasses set the model and their own fields."""

    require_ages = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].label = _("Title")
        self.fields["disciplines"].required = True
        if self.require_ages:
            self.fields["age_min"].required = True
            self.fields["age_max"].required = True
        for name in ("price_kind", "schedule_kind"):
            # A radio list without the empty "---------" choice.
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]

    def _kept_dates(self):
        formset = self.formsets["dates"]
        return [
            form
            for form in formset.forms
            if form.is_valid()
            and form.cleaned_data.get("start")
            and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        cleaned = super().clean()
        needs_dates = cleaned.get("schedule_kind") == ScheduleKind.DATES
        if needs_dates and self.formsets["dates"].is_valid() and not self._kept_dates():
            self.add_error("schedule_kind", _("Add at least one date, or choose another option."))
        return cleaned

    def save(self, commit=False):
        # The view saves a revision; the page's own row is not written here.
        instance = super().save(commit=False)
        instance.update_date_range()
        return instance


class LeisureOfferForm(OfferForm):
    class Meta:
        model = LeisureOfferPage
        fields = ["leisure_kind", *OFFER_FIELDS]
        formsets = FORMSETS
        widgets = WIDGETS


class EducationOfferForm(OfferForm):
    require_ages = False

    class Meta:
        model = EducationOfferPage
        fields = [
            *OFFER_FIELDS,
            "school_groups",
            "curriculum_link",
            "duration_minutes",
            "max_pupils",
            "price_unit",
            "school_arranges",
        ]
        formsets = FORMSETS
        widgets = {
            **WIDGETS,
            "school_groups": forms.CheckboxSelectMultiple,
            "school_arranges": forms.Textarea(attrs={"rows": 3}),
            "price_unit": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_groups"].required = True
        self.fields["price_unit"].choices = [c for c in self.fields["price_unit"].choices if c[0]]


def offer_form_class(offer_or_model):
    model = offer_or_model if isinstance(offer_or_model, type) else type(offer_or_model)
    return EducationOfferForm if issubclass(model, EducationOfferPage) else LeisureOfferForm
