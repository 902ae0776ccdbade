"""Forms of the assessment: the reviewer's declaration and scores, the fund manager's
screening, assignments, notes and messages. Rendered with crispy-forms (bootstrap5)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from funds.models.assessment import SCORE_MAX, SCORE_MIN

TEXT_MAX = 5000


def text_field(label, help_text="", required=True, rows=4):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class DeclarationForm(forms.Form):
    NO_CONFLICT = "no"
    CONFLICT = "yes"

    declaration = forms.ChoiceField(
        label=_("Your declaration"),
        choices=[
            (NO_CONFLICT, _("I have no conflict of interest with this applicant or project")),
            (CONFLICT, _("I have a conflict of interest")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the two declarations.")},
    )
    explanation = text_field(
        _("Explanation (optional)"),
        help_text=_("For a conflict: what connects you to the applicant or the project."),
        required=False,
        rows=3,
    )

    @property
    def has_conflict(self) -> bool:
        return self.cleaned_data["declaration"] == self.CONFLICT


SCORE_CHOICES = [("", "—")] + [(n, str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]


class ScoreForm(forms.Form):
    """A score and a comment per criterion of the round, and an overall comment.

    Saving keeps a draft (scores may be missing); submitting needs every score.
    """

    comment = text_field(_("Overall comment"), required=False, rows=5)

    def __init__(self, *args, criteria, review=None, submitting=False, **kwargs):
        self.criteria = list(criteria)
        self.submitting = submitting
        initial = kwargs.pop("initial", None) or {}
        if review is not None:
            initial["comment"] = review.comment
            for score in review.scores.all():
                initial[f"score_{score.criterion_id}"] = score.score
                initial[f"comment_{score.criterion_id}"] = score.comment
        super().__init__(*args, initial=initial, **kwargs)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("Score from 1 to 10"),
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={
                    "invalid_choice": _("Choose a whole number from 1 to 10."),
                },
            )
            self.fields[f"comment_{criterion.pk}"] = text_field(
                _("Comment"), required=False, rows=2
            )
        # The overall comment last.
        self.fields["comment"] = self.fields.pop("comment")

    def criterion_rows(self):
        """(criterion, score field, comment field) for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def clean(self):
        cleaned = super().clean()
        for criterion in self.criteria:
            name = f"score_{criterion.pk}"
            if name in self.errors:
                continue
            score = cleaned.get(name)
            if score is None and self.submitting:
                self.add_error(name, _("Give a score from 1 to 10 to submit your review."))
            elif score is None and (cleaned.get(f"comment_{criterion.pk}") or "").strip():
                self.add_error(name, _("Choose a score to keep your comment with it."))
        return cleaned

    def scores(self) -> dict:
        """{criterion id: (score or None, comment)} for services.assessment.save_review."""
        return {
            c.pk: (
                self.cleaned_data.get(f"score_{c.pk}"),
                self.cleaned_data.get(f"comment_{c.pk}") or "",
            )
            for c in self.criteria
        }


class InfoRequestForm(forms.Form):
    text = text_field(
        _("What is missing?"),
        help_text=_("The applicant receives this text by email and in their application."),
    )


class AssignReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=_("Committee member"),
        queryset=None,
        empty_label="—",
        error_messages={
            "required": _("Choose a member of the committee."),
            "invalid_choice": _("Choose a member of this round's committee who is not assigned."),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = candidates
        self.fields["reviewer"].label_from_instance = lambda user: (
            user.get_full_name() or user.email
        )


class NoteForm(forms.Form):
    text = text_field(
        _("New internal note"),
        help_text=_("Only fund managers and cleared reviewers read this; never the applicant."),
        rows=3,
    )


class MessageForm(forms.Form):
    text = text_field(
        _("Message to the applicant"),
        help_text=_("The applicant reads this with their application."),
        rows=3,
    )
