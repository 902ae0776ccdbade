"""The applicant's forms: the steps of an application, the budget table, the round's own
questions, attachments, and the answer to a request for more information.

While drafting nothing is required: every step saves what is valid (funds/services/applying.py),
and what an application needs before it can be submitted is checked at submit.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funds.models import ApplicantKind, Application, BudgetLineKind
from funds.models.applications import MAX_AMOUNT
from funds.services import applying
from portal.money import number
from privacy.fields import format_iban

ACCEPT = ",".join(applying.ALLOWED_CONTENT_TYPES)
INCOME_KINDS = [
    (kind.value, kind.label)
    for kind in (
        BudgetLineKind.COFUNDING,
        BudgetLineKind.OWN_CONTRIBUTION,
        BudgetLineKind.OTHER_INCOME,
    )
]
AMOUNT_RE = re.compile(r"^-?\d+(\.\d{1,2})?$")


def normalise_amount(text: str) -> str:
    """An amount as people type it (€ 1.234,50 · 1234,5 · 1,234.50 · 1.500) in Python's notation.

    Both separators: the last one is the decimal separator. One separator: the active
    language's decimal separator is decimal; the other one is a thousands separator when
    groups of three digits follow it, otherwise decimal."""
    text = re.sub(r"(€|eur(o|os)?\b|\s)", "", text.strip(), flags=re.IGNORECASE)
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-+")
    decimal_separator = get_format("DECIMAL_SEPARATOR")
    if "," in text and "." in text:
        decimal = text[max(text.rfind(","), text.rfind("."))]
        thousands = "," if decimal == "." else "."
        text = text.replace(thousands, "").replace(decimal, ".")
    else:
        separator = "," if "," in text else "." if "." in text else None
        if separator is not None:
            groups = text.split(separator)
            thousands = all(len(group) == 3 and group.isdigit() for group in groups[1:])
            if len(groups) > 2 or (separator != decimal_separator and thousands):
                text = "".join(groups) if thousands else text
            else:
                text = text.replace(separator, ".")
    return sign + text


class MoneyField(forms.DecimalField):
    """An amount in euros, Decimal with two places, between € 0 and MAX_AMOUNT."""

    default_error_messages = {
        "invalid": gettext_lazy("Enter an amount in euros, for example 1250.50."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.validators.append(
            MinValueValidator(Decimal("0"), message=gettext_lazy("An amount cannot be negative."))
        )
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = normalise_amount(str(value))
        if not AMOUNT_RE.match(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def run_validators(self, value):
        if value is None:
            return
        if value > MAX_AMOUNT:
            raise ValidationError(
                _("An amount can be at most € %(limit)s.") % {"limit": number(MAX_AMOUNT, 0)},
                code="max_value",
            )
        super().run_validators(value)


class DraftFormMixin:
    """Nothing is required while drafting; submitting checks what must be there."""

    helper_layout: Layout | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        if self.helper_layout is not None:
            self.helper.layout = self.helper_layout


class ApplicantForm(DraftFormMixin, forms.ModelForm):
    helper_layout = Layout(
        Fieldset(gettext_lazy("Who is applying"), "applicant_kind"),
        Fieldset(
            gettext_lazy("Your organisation or group"),
            "organisation_name",
            "legal_form",
            "kvk_number",
            "members_count",
            "share_in_city",
            css_class="mt-2",
        ),
        Fieldset(
            gettext_lazy("Contact"),
            "contact_name",
            "contact_email",
            "contact_phone",
            "street_address",
            "postcode",
            "city",
            css_class="mt-2",
        ),
    )

    class Meta:
        model = Application
        fields = applying.APPLICANT_FIELDS
        widgets = {
            "applicant_kind": forms.RadioSelect,
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "kvk_number": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "organisation_name": gettext_lazy("Only when you apply as an organisation or group."),
            "kvk_number": gettext_lazy("Optional: 8 digits, if the organisation is registered."),
            "share_in_city": gettext_lazy("An estimate is fine, e.g. 80."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_kind"].choices = ApplicantKind.choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ProjectForm(DraftFormMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = applying.PROJECT_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "start_date": DateInput,
            "end_date": DateInput,
        }
        help_texts = {
            "summary": gettext_lazy(
                "What will happen, for whom, and why it matters to the neighbourhood."
            ),
            "start_date": gettext_lazy("The activity must start after the day you submit."),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned


class PayeeForm(DraftFormMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = applying.PAYEE_FIELDS
        widgets = {"payee_iban": forms.TextInput(attrs={"autocomplete": "off"})}
        help_texts = {
            "payee_name": gettext_lazy("The name the bank account is in."),
            "payee_iban": gettext_lazy("Stored encrypted; used only to pay a grant."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.payee_iban and not self.is_bound:
            self.initial["payee_iban"] = format_iban(self.instance.payee_iban)


STEP_FORMS = {
    applying.STEP_APPLICANT.key: ApplicantForm,
    applying.STEP_PROJECT.key: ProjectForm,
    applying.STEP_PAYEE.key: PayeeForm,
}


def form_with_problems(form_class, application, problems, prefix_fields=None):
    """The step's form filled from the saved draft, with the submit check's problems on their
    fields (the review page links here)."""
    unbound = form_class(instance=application)
    data = {}
    for name in unbound.fields:
        value = unbound[name].value()
        if isinstance(value, date):
            value = value.isoformat()
        data[name] = "" if value is None else value
    form = form_class(data=data, instance=application)
    form.is_valid()
    for problem in problems:
        if problem.field in form.fields:
            form.add_error(problem.field, problem.message)
    return form


# --- The budget table ---------------------------------------------------------------------


class BudgetLineForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of income"), choices=INCOME_KINDS)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200, required=False)
    amount = MoneyField(label=gettext_lazy("Amount (€)"), required=False)

    def __init__(self, *args, income=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not income:
            del self.fields["kind"]
        for name, field in self.fields.items():
            if name != "id":
                css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
                field.widget.attrs["class"] = css
        self.fields["amount"].widget.attrs["class"] += " text-end"

    def is_empty(self) -> bool:
        def raw(name):
            return str(self.data.get(self.add_prefix(name), "") or "").strip()

        return self.is_bound and not raw("description") and not raw("amount")

    def clean(self):
        cleaned = super().clean()
        if self.is_empty():
            return cleaned
        if not cleaned.get("description") and "description" not in self.errors:
            self.add_error("description", _("Describe this line."))
        if cleaned.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Enter the amount."))
        return cleaned

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self.add_prefix(name)}-error"


class BudgetFormSet(forms.BaseFormSet):
    line_kind: str | None = None  # all lines of this table have this kind (costs)
    caption = ""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = gettext_lazy("Remove")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


class CostFormSet(BudgetFormSet):
    line_kind = BudgetLineKind.COST
    caption = gettext_lazy("Costs")


class IncomeFormSet(BudgetFormSet):
    caption = gettext_lazy("Income: co-funding, own contribution and other income")


def budget_formsets(application, data=None):
    """The cost table and the income table: filled from the saved lines, or bound to `data`."""
    lines = list(application.budget_lines.all())
    costs = [line for line in lines if line.kind == BudgetLineKind.COST]
    income = [line for line in lines if line.kind != BudgetLineKind.COST]
    result = []
    for klass, prefix, own, is_income in (
        (CostFormSet, "cost", costs, False),
        (IncomeFormSet, "income", income, True),
    ):
        factory = forms.formset_factory(
            BudgetLineForm, formset=klass, extra=1 if own else 2, can_delete=True
        )
        initial = [
            {"id": line.pk, "kind": line.kind, "description": line.description,
             "amount": line.amount}
            for line in own
        ]  # fmt: skip
        formset = factory(
            data,
            initial=None if data is not None else initial,
            prefix=prefix,
            form_kwargs={"income": is_income},
        )
        result.append(formset)
    return result


# --- The round's own questions ------------------------------------------------------------


class QuestionsForm(forms.Form):
    """One field per question block of the round (RoundPage.questions), named q_<block id>."""

    def __init__(self, *args, application, **kwargs):
        self.application = application
        self.questions = list(application.round.questions)
        answers = application.answers or {}
        initial = {}
        for block in self.questions:
            answer = answers.get(block.id)
            if isinstance(answer, dict) and block.block_type != "file":
                initial[applying.question_field_name(block.id)] = _initial(block, answer)
        super().__init__(*args, initial=initial, **kwargs)
        self.content_types = {}
        self.word_limit_problems = {}
        for block in self.questions:
            self.fields[applying.question_field_name(block.id)] = question_field(block)
        self.helper = FormHelper(self)
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        for block in self.questions:
            name = applying.question_field_name(block.id)
            value = cleaned.get(name)
            if block.block_type == "file" and value:
                try:
                    self.content_types[name] = applying.check_upload(value)
                except ValidationError as error:
                    self.add_error(name, error)
            if block.block_type == "long_text" and value:
                maximum = block.value.get("max_words")
                count = applying.word_count(value)
                if maximum and count > maximum:
                    # Saved all the same (nothing typed is lost); submitting refuses it.
                    self.word_limit_problems[name] = applying.too_many_words(count, maximum)
        return cleaned

    def flag_word_limits(self):
        for name, message in self.word_limit_problems.items():
            if name not in self.errors:
                self.add_error(name, message)


def _initial(block, answer):
    value = answer.get("value")
    if block.block_type == "date" and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    if block.block_type == "number" and value not in (None, ""):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    if block.block_type == "choice" and block.value.get("multiple"):
        return value if isinstance(value, list) else [value]
    return value


def question_field(block) -> forms.Field:
    value = block.value
    options = {
        "label": value.get("label"),
        "help_text": value.get("help_text") or "",
        "required": False,
    }
    kind = block.block_type
    if kind == "short_text":
        return forms.CharField(max_length=500, **options)
    if kind == "long_text":
        maximum = value.get("max_words")
        attrs = {"rows": 8}
        if maximum:
            attrs["data-max-words"] = str(maximum)
            attrs["data-words-label"] = _("%(count)s of %(max)s words")
            limit = _("At most %(max)s words.") % {"max": maximum}
            options["help_text"] = f"{options['help_text']} {limit}".strip()
        return forms.CharField(widget=forms.Textarea(attrs=attrs), max_length=20000, **options)
    if kind == "choice":
        choices = [(choice, choice) for choice in value.get("choices") or []]
        if value.get("multiple"):
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **options
            )
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **options)
    if kind == "number":
        return forms.DecimalField(
            min_value=value.get("min_value"),
            max_value=value.get("max_value"),
            max_digits=14,
            decimal_places=2,
            localize=True,
            **options,
        )
    if kind == "date":
        return forms.DateField(widget=DateInput, **options)
    if kind == "file":
        return UploadField(**options)
    return forms.CharField(**options)


# --- Attachments --------------------------------------------------------------------------


class UploadField(forms.FileField):
    default_error_messages = {
        "required": gettext_lazy("Choose a file to upload."),
        "empty": gettext_lazy("This file is empty. Choose the file again."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        help_text = kwargs.pop("help_text", "") or ""
        limit = _("A PDF or an image (JPEG, PNG, WebP), at most %(limit)s.") % {
            "limit": applying.max_upload_label()
        }
        kwargs["help_text"] = f"{help_text} {limit}".strip()
        super().__init__(**kwargs)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What is it?"),
        choices=[(kind.value, kind.label) for kind in applying.APPLICANT_ATTACHMENT_KINDS],
    )
    file = UploadField(label=gettext_lazy("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.content_type = None
        self.helper = FormHelper(self)
        self.helper.form_tag = False

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.content_type = applying.check_upload(uploaded)
        return uploaded


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your answer"), widget=forms.Textarea(attrs={"rows": 8})
    )
    file = UploadField(label=gettext_lazy("A file with your answer (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Write your answer.")
        self.content_type = None
        self.helper = FormHelper(self)
        self.helper.form_tag = False

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            self.content_type = applying.check_upload(uploaded)
        return uploaded
