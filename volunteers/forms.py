"""The public registration forms and the coordinators' forms.

The registration forms ask only what the purpose needs: no date of birth (an age group is
enough), no BSN, no country of origin, no address beyond postcode and wijk where the
VoorleesExpress needs it to find a family nearby.
"""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.fields import Wijk
from volunteers.models import (
    DAY_PARTS,
    Activity,
    ActivityKind,
    AgeBand,
    Gender,
    HowHeard,
    KeepReason,
    Language,
    LanguageGroup,
    ReadingPeriod,
    ReadingVolunteer,
    Role,
    Status,
    TaalpuntPerson,
)

MAX_KEEP_DAYS = 365


class ReadingVolunteerForm(forms.ModelForm):
    class Meta:
        model = ReadingVolunteer
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "postcode",
            "wijk",
            "availability",
            "languages",
            "experience",
            "motivation",
        ]
        widgets = {
            "experience": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = True
        self.fields["availability"].required = True
        self.fields["availability"].help_text = _("When could you read aloud at a family's home?")
        self.fields["languages"].required = True


class TaalpuntParticipantForm(forms.ModelForm):
    """A participant. The statistical questions (age group, gender, first-language group, how
    they heard of us) are not kept with the person: they go, apart, to the statistics."""

    age_band = forms.ChoiceField(label=_("Your age"), choices=AgeBand.choices)
    gender = forms.ChoiceField(
        label=_("Gender (if you want to say)"),
        choices=[("", _("I'd rather not say")), *Gender.choices],
        required=False,
    )
    language_group = forms.ChoiceField(
        label=_("Your first language"),
        choices=[("", "---------"), *LanguageGroup.choices],
        help_text=_("Only counted, in groups, for the national Taalpunt statistics."),
    )
    how_heard = forms.ChoiceField(
        label=_("How did you hear of the Taalpunt?"), choices=[("", "---------"), *HowHeard.choices]
    )
    parent_consent = forms.BooleanField(
        label=_("As parent or guardian, I agree to the Taalpunt using these data as described."),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree to the Taalpunt using my data to inform me about its activities."),
    )

    class Meta:
        model = TaalpuntPerson
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "wijk",
            "interests",
            "learning_goals",
            "level",
            "availability",
            "parent_name",
            "parent_email",
        ]

    field_order = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "age_band",
        "wijk",
        "interests",
        "learning_goals",
        "level",
        "availability",
        "gender",
        "language_group",
        "how_heard",
        "parent_name",
        "parent_email",
        "parent_consent",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interests"].required = True
        self.fields["level"].required = True
        self.fields["parent_name"].help_text = _("Only if you are younger than 16.")

    def clean(self):
        data = super().clean()
        if data.get("age_band") == AgeBand.UNDER_16:
            message = _("Younger than 16: a parent or guardian must give their consent.")
            for name in ("parent_name", "parent_email"):
                if not data.get(name):
                    self.add_error(name, message)
            if not data.get("parent_consent"):
                self.add_error("parent_consent", message)
        return data

    def save(self, commit=True):
        person = super().save(commit=False)
        data = self.cleaned_data
        person.role = Role.PARTICIPANT
        person.under_16 = data["age_band"] == AgeBand.UNDER_16
        if person.under_16:
            person.parent_consent_at = timezone.now()
        else:
            person.parent_name = person.parent_email = ""
        interests = [code for code, _label in ActivityKind.choices if code in data["interests"]]
        person.pending_statistics = {
            "age_band": data["age_band"],
            "gender": data.get("gender", ""),
            "language_group": data["language_group"],
            "how_heard": data["how_heard"],
            "activity_kind": interests[0] if interests else "",
        }
        if commit:
            person.save()
        return person


class TaalpuntVolunteerForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree to the Taalpunt using my data to inform me about its activities."),
    )

    class Meta:
        model = TaalpuntPerson
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "wijk",
            "interests",
            "availability",
            "languages",
            "motivation",
        ]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interests"].required = True
        self.fields["interests"].label = _("Where would you like to help?")
        self.fields["availability"].required = True
        self.fields["motivation"].required = True

    def save(self, commit=True):
        person = super().save(commit=False)
        person.role = Role.VOLUNTEER
        if commit:
            person.save()
        return person


# --- coordinators ------------------------------------------------------------------------------
class PersonFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), *[c for c in Status.choices if c[0] != Status.UNCONFIRMED]],
    )
    wijk = forms.ChoiceField(
        label=_("Wijk"), required=False, choices=[("", _("all")), *Wijk.choices]
    )
    availability = forms.ChoiceField(
        label=_("Available"), required=False, choices=[("", _("any time")), *DAY_PARTS]
    )
    language = forms.ChoiceField(
        label=_("Speaks"), required=False, choices=[("", _("any language")), *Language.choices]
    )
    role = forms.ChoiceField(
        label=_("Taking part as"), required=False, choices=[("", _("all")), *Role.choices]
    )
    attention = forms.ChoiceField(
        label=_("Needs attention"),
        required=False,
        choices=[
            ("", _("—")),
            ("vog", _("VOG older than three years")),
            ("retention", _("data to be deleted soon")),
        ],
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Intake note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )


class TransitionForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)


class VogForm(forms.ModelForm):
    class Meta:
        model = ReadingVolunteer
        fields = ["vog_requested_on", "vog_received_on", "vog_issued_on"]
        widgets = {
            "vog_requested_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "vog_received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "vog_issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in self.Meta.fields:
            if data.get(name) and data[name] > today:
                self.add_error(name, _("This date is in the future."))
        if data.get("vog_received_on") and not data.get("vog_issued_on"):
            self.add_error("vog_issued_on", _("Enter the date on the VOG you received."))
        return data


class MatchForm(forms.ModelForm):
    class Meta:
        model = ReadingPeriod
        fields = ["family_label", "wijk", "starts_on", "weekday", "time"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class KeepForm(forms.Form):
    keep_until = forms.DateField(
        label=_("Keep the data until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    keep_reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "---------"), *KeepReason.choices]
    )
    keep_reason_note = forms.CharField(
        label=_("About the reason (no details of the person)"), max_length=300
    )

    def clean_keep_until(self):
        value = self.cleaned_data["keep_until"]
        today = timezone.localdate()
        if value <= today:
            raise forms.ValidationError(_("Choose a date in the future."))
        if value > today + timedelta(days=MAX_KEEP_DAYS):
            raise forms.ValidationError(_("At most one year from today."))
        return value


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000
    )
    recipients = forms.TypedMultipleChoiceField(
        label=_("To"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = [
            (p.pk, f"{p} ({p.get_status_display()})") for p in people
        ]


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "title", "description", "location", "wijk", "is_open"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=15, max_value=480, initial=90)
    weeks = forms.IntegerField(
        label=_("Every week, this many times"), min_value=1, max_value=52, initial=1
    )


class EnrolForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Participant or volunteer"), coerce=int)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "---------")] + [
            (p.pk, f"{p} ({p.get_role_display()})") for p in people
        ]
