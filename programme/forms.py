"""Forms of the own programme: signing up, entering a contest, and the staff's report period."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.models import ActivitySession, AgeGroup, SignupScope


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session):
        start = timezone.localtime(session.start)
        return f"{start:%d-%m-%Y %H:%M}" + (f", {session.room}" if session.room_id else "")


class SignupForm(forms.Form):
    session = SessionChoiceField(
        label=_("Session"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the sessions.")},
    )
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("For the confirmation, a reminder the day before and the cancel link."),
    )
    places = forms.IntegerField(label=_("Number of places"), min_value=1, initial=1)
    child_first_name = forms.CharField(label=_("Child's first name"), max_length=60, required=False)
    child_age_group = forms.ChoiceField(
        label=_("Child's age group"),
        choices=[("", "---------"), *AgeGroup.choices],
        required=False,
    )
    waiting_list_ok = forms.BooleanField(
        label=_("If there are not enough places left, put me on the waiting list"),
        required=False,
    )

    def __init__(self, *args, activity, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        if activity.signup_scope == SignupScope.SESSION:
            self.fields["session"].queryset = ActivitySession.objects.filter(
                pk__in=[session.pk for session in sessions]
            ).select_related("room")
            if len(sessions) == 1:
                self.fields["session"].initial = sessions[0].pk
        else:
            del self.fields["session"]
        self.fields["places"].widget.attrs["max"] = activity.max_places_per_signup
        self.fields["places"].validators.append(
            MaxValueValidator(
                activity.max_places_per_signup,
                _("At most %(limit_value)s places per sign-up."),
            )
        )
        if activity.asks_child_details:
            self.fields["child_first_name"].required = True
            self.fields["child_age_group"].required = True
        else:
            del self.fields["child_first_name"]
            del self.fields["child_age_group"]


class ContestEntryForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Email address"), help_text=_("Only to tell you if you win."))
    answer = forms.CharField(
        label=_("Your answer or entry"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must not be before the start."))
        return data
