"""The providers' offer forms: the page's fields plus inline formsets for dates and locations.

What the catalogue's filters use is required here: disciplines, the age range (leisure) or
school groups (education), at least one location with its wijk, and the price.

The image: an optional upload (Wagtail's own checks of format, size and pixels) with its
required description, and on an edit the choice to keep or remove the current one. A valid
upload is stored at once and carried as a signed token (listings/offer_images.py), so that an
error elsewhere in the form does not make the provider choose the file again.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import ClusterForm
from wagtail.images.fields import WagtailImageField

from listings import offer_images
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
    "image_alt",
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
    "image_alt": forms.Textarea(attrs={"rows": 2}),
    "disciplines": forms.CheckboxSelectMultiple,
    "schedule_kind": forms.RadioSelect,
    "price_kind": forms.RadioSelect,
}


class OfferForm(ClusterForm):
    """Shared by both kinds; subclasses set the model and their own fields.

    `provider` and `user` say whose upload this is: a kept upload's token is signed for them.
    """

    require_ages = True

    image_file = WagtailImageField(label=_("Choose an image"), required=False)
    image_remove = forms.BooleanField(label=_("Remove this image"), required=False)

    def __init__(self, *args, provider, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.provider = provider
        self.user = user
        # The image the offer has now (on an edit: in its latest revision), and one uploaded
        # in this form but not saved with the offer yet.
        self.current_image = self.instance.image if self.instance.image_id else None
        self.kept_image = None
        image_field = self.fields["image_file"]
        if self.current_image:
            image_field.label = _("Replace with another image")
        image_field.widget.attrs["accept"] = "image/jpeg,image/png,image/webp,image/gif"
        image_field.error_messages["invalid_image"] = _(
            "This file is not an image, or it is damaged. Choose a JPEG, PNG, WebP or GIF file."
        )
        image_field.error_messages["invalid_image_extension"] = _(
            "This kind of file cannot be used. Choose a JPEG, PNG, WebP or GIF file."
        )
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
        self._clean_image(cleaned)
        return cleaned

    def _clean_image(self, cleaned):
        """Choose the offer's image: a new upload, else one kept from an earlier try, else the
        current one; none when the provider removes it. The model's own check then asks for
        the description of any image."""
        upload = cleaned.get("image_file")
        token = self.data.get("image_token", "")
        if upload:
            title = cleaned.get("title") or self.instance.title
            self.kept_image = offer_images.store_upload(upload, self.provider, title)
        elif token:
            self.kept_image = offer_images.unsign(token, self.provider, self.user)
            if self.kept_image is None:
                self.add_error(
                    "image_file",
                    _("The image kept from before cannot be used. Please choose the file again."),
                )
        if cleaned.get("image_remove") and not upload:
            self.instance.image = None
            cleaned["image_alt"] = ""
        elif self.kept_image is not None:
            self.instance.image = self.kept_image
        else:
            self.instance.image = self.current_image

    @property
    def image_token(self):
        """The signed id of an upload this form keeps (for its hidden field), or ''."""
        if self.kept_image is None:
            return ""
        return offer_images.sign(self.kept_image, self.provider, self.user)

    @property
    def shown_image(self):
        return self.kept_image or self.current_image

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
