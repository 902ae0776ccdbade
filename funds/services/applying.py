"""Applying to a round: drafts that save as you go, attachments checked by their content, the
eligibility check at submit, and what the applicant may do after submitting.

Views stay thin: they build forms (funds/forms.py) and call the functions here. Status changes go
through funds.workflow.apply() only.
"""

import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import filetype
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funds import permissions, workflow
from funds.models import (
    PURPOSE,
    Application,
    ApplicationSequence,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
    BudgetLine,
    BudgetLineKind,
    Message,
    MessageKind,
    RoundPage,
)
from funds.models.applications import MAX_AMOUNT
from portal.money import EURO_SIGN_NBSP, euro
from privacy.access import log_access
from privacy.fields import mask_iban, validate_iban

# --- Uploads ------------------------------------------------------------------------------

MAX_UPLOAD_SIZE = 10 * 1024 * 1024  # 10 MB
# What an upload may be, judged by its content (magic bytes), never by its name or the
# browser's word for it; with the extension it is stored under.
ALLOWED_CONTENT_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}
# Bytes read to recognise a file; every allowed type announces itself in the first few.
SNIFF_BYTES = 8192
# The kinds an applicant picks on the attachments step.
APPLICANT_ATTACHMENT_KINDS = (
    AttachmentKind.PLAN,
    AttachmentKind.QUOTE,
    AttachmentKind.BUDGET,
    AttachmentKind.OTHER,
)


def _max_upload_label():
    return filesizeformat(MAX_UPLOAD_SIZE)


max_upload_label = lazy(_max_upload_label, str)


def check_upload(uploaded) -> str:
    """The content type of an uploaded file, by its content; ValidationError if it is empty, too
    large, or not a PDF or an image."""
    if uploaded is None or not uploaded.size:
        raise ValidationError(_("This file is empty. Choose the file again."), code="empty")
    if uploaded.size > MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("This file is larger than %(limit)s. Make it smaller and try again.")
            % {"limit": _max_upload_label()},
            code="too_large",
        )
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(position)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_CONTENT_TYPES:
        raise ValidationError(
            _(
                "This file is not a PDF or an image (JPEG, PNG or WebP), whatever its name "
                "says. Save it as a PDF and try again."
            ),
            code="file_type",
        )
    return kind.mime


def add_attachment(
    application: Application, uploaded, kind: str, question_id: str = "", content_type=None
) -> Attachment:
    """Store an upload in the private storage under a name of our own (the original name is
    kept only as a label)."""
    content_type = content_type or check_upload(uploaded)
    original_name = os.path.basename(uploaded.name or "")[:255] or "bestand"
    attachment = Attachment(
        application=application,
        kind=kind,
        question_id=question_id,
        original_name=original_name,
        content_type=content_type,
        size=uploaded.size,
    )
    uploaded.seek(0)
    attachment.file.save(f"upload.{ALLOWED_CONTENT_TYPES[content_type]}", uploaded, save=False)
    attachment.save()
    Application.objects.filter(pk=application.pk).update(updated_at=timezone.now())
    return attachment


def remove_attachment(application: Application, attachment: Attachment) -> None:
    """Remove an attachment of a draft, and the answer it gave to a file question."""
    if attachment.kind == AttachmentKind.QUESTION and attachment.question_id:
        answers = dict(application.answers)
        if answers.pop(attachment.question_id, None) is not None:
            application.answers = answers
            application.save(update_fields=["answers", "updated_at"])
    attachment.file.delete(save=False)
    attachment.delete()


def download_name(attachment: Attachment) -> str:
    """The original name, with the extension of what the file really is."""
    extension = ALLOWED_CONTENT_TYPES.get(attachment.content_type)
    stem, current = os.path.splitext(attachment.original_name)
    if extension is None or current.lower().lstrip(".") in _same_type(extension):
        return attachment.original_name
    return f"{stem or 'bestand'}.{extension}"


def _same_type(extension):
    return {"jpg": {"jpg", "jpeg"}}.get(extension, {extension})


# --- Steps --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    url_name: str


STEP_APPLICANT = Step("applicant", gettext_lazy("Applicant"), "funds:application_applicant")
STEP_PROJECT = Step("project", gettext_lazy("Project"), "funds:application_project")
STEP_BUDGET = Step("budget", gettext_lazy("Budget"), "funds:application_budget")
STEP_QUESTIONS = Step("questions", gettext_lazy("Questions"), "funds:application_questions")
STEP_ATTACHMENTS = Step("attachments", gettext_lazy("Attachments"), "funds:application_attachments")
STEP_PAYEE = Step("payee", gettext_lazy("Payment details"), "funds:application_payee")
ALL_STEPS = (
    STEP_APPLICANT,
    STEP_PROJECT,
    STEP_BUDGET,
    STEP_QUESTIONS,
    STEP_ATTACHMENTS,
    STEP_PAYEE,
)
STEPS_BY_KEY = {step.key: step for step in ALL_STEPS}

APPLICANT_FIELDS = [
    "applicant_kind",
    "organisation_name",
    "legal_form",
    "kvk_number",
    "members_count",
    "share_in_city",
    "contact_name",
    "contact_email",
    "contact_phone",
    "street_address",
    "postcode",
    "city",
]
ORGANISATION_FIELDS = ["organisation_name", "legal_form", "members_count", "share_in_city"]
APPLICANT_REQUIRED = [
    "applicant_kind",
    "contact_name",
    "contact_email",
    "contact_phone",
    "street_address",
    "postcode",
    "city",
]
PROJECT_FIELDS = [
    "project_title",
    "summary",
    "wijk",
    "location",
    "start_date",
    "end_date",
    "target_group",
    "expected_participants",
]
PAYEE_FIELDS = ["payee_name", "payee_iban"]


def steps_for(application: Application) -> list[Step]:
    """The steps of this application's form: the questions step only when the round asks any."""
    has_questions = len(application.round.questions) > 0
    return [step for step in ALL_STEPS if step is not STEP_QUESTIONS or has_questions]


# --- Eligibility --------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One reason the application cannot be submitted yet, tied to a step and a field."""

    message: str
    step: str | None = None  # None: about the application as a whole (e.g. the round closed)
    field: str | None = None  # the form field's name on that step; its HTML id is id_<field>

    @property
    def anchor(self) -> str:
        return f"id_{self.field}" if self.field else "main"


def question_field_name(question_id: str) -> str:
    return f"q_{question_id}"


def word_count(text: str) -> int:
    return len((text or "").split())


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def eligibility_problems(application: Application, now=None) -> list[Problem]:
    """Everything that stands between this application and submitting it (issue 4, item 3).

    Judged by the server's clock (`now`, default timezone.now()), never the browser's."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    round_page = application.round
    fund = round_page.fund
    problems: list[Problem] = []

    if not round_page.is_open(now):
        if now < round_page.opens_at:
            problems.append(Problem(_("This round is not open for applications yet.")))
        else:
            problems.append(
                Problem(
                    _("This round closed on %(moment)s: applications can no longer be submitted.")
                    % {"moment": _format_moment(round_page.closes_at)}
                )
            )

    problems += _applicant_problems(application)
    problems += _project_problems(application, today)
    problems += _budget_problems(application, fund)
    problems += _question_problems(application, round_page)
    problems += _payee_problems(application)
    return problems


def _format_moment(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _required(application, names, step) -> list[Problem]:
    problems = []
    for name in names:
        if _empty(getattr(application, name)):
            label = Application._meta.get_field(name).verbose_name
            problems.append(
                Problem(_("Fill in: %(field)s.") % {"field": label}, step=step, field=name)
            )
    return problems


def _applicant_problems(application) -> list[Problem]:
    required = list(APPLICANT_REQUIRED)
    if application.applicant_kind == "organisation":
        required += ORGANISATION_FIELDS
    problems = _required(application, required, STEP_APPLICANT.key)
    for name in ("kvk_number", "postcode", "share_in_city", "contact_email"):
        value = getattr(application, name)
        if _empty(value):
            continue
        try:
            Application._meta.get_field(name).clean(value, application)
        except ValidationError as error:
            problems.append(Problem(" ".join(error.messages), STEP_APPLICANT.key, name))
    return problems


def _project_problems(application, today) -> list[Problem]:
    problems = _required(application, PROJECT_FIELDS, STEP_PROJECT.key)
    start, end = application.start_date, application.end_date
    if start and start <= today:
        problems.append(
            Problem(
                _("The activity must start after the day you submit: choose a start date "
                  "after %(date)s.")
                % {"date": _format_date(today)},
                STEP_PROJECT.key,
                "start_date",
            )
        )  # fmt: skip
    if start and end and end < start:
        problems.append(
            Problem(
                _("The end date cannot be before the start date."), STEP_PROJECT.key, "end_date"
            )
        )
    return problems


def _format_date(value):
    return date_format(value, "DATE_FORMAT")


def budget_summary(application: Application, lines=None) -> dict:
    """Costs, income and the requested amount (costs minus income), with the fund's limits."""
    lines = list(application.budget_lines.all()) if lines is None else lines
    costs = sum((line.amount for line in lines if line.kind == BudgetLineKind.COST), Decimal(0))
    income = sum((line.amount for line in lines if line.kind != BudgetLineKind.COST), Decimal(0))
    fund = application.round.fund
    share_limit = (costs * fund.maximum_share_of_costs / Decimal(100)).quantize(Decimal("0.01"))
    return {
        "cost_lines": [line for line in lines if line.kind == BudgetLineKind.COST],
        "income_lines": [line for line in lines if line.kind != BudgetLineKind.COST],
        "costs": costs,
        "income": income,
        "requested": max(costs - income, Decimal(0)),
        "balanced": income <= costs,
        "maximum_grant": fund.maximum_grant,
        "maximum_share": fund.maximum_share_of_costs,
        "share_limit": share_limit,
        "maximum_request": min(fund.maximum_grant, share_limit),
    }


def _budget_problems(application, fund) -> list[Problem]:
    step = STEP_BUDGET.key
    lines = list(application.budget_lines.all())
    problems = []
    for line in lines:
        if not line.description.strip():
            problems.append(Problem(_("Every budget line needs a description."), step, "lines"))
            break
    for line in lines:
        if line.amount < 0 or line.amount > MAX_AMOUNT:
            problems.append(
                Problem(
                    _("Every amount must be between € 0 and %(max)s.")
                    % {"max": euro(MAX_AMOUNT, sign=EURO_SIGN_NBSP)},
                    step,
                    "lines",
                )
            )  # fmt: skip
            break
    summary = budget_summary(application, lines)
    if not summary["cost_lines"]:
        problems.append(Problem(_("Add the costs of your project."), step, "cost_lines"))
        return problems
    if not summary["balanced"]:
        problems.append(
            Problem(
                _("Your budget is not balanced: the income (%(income)s) is more than the costs "
                  "(%(costs)s).")
                % {"income": euro(summary["income"], sign=EURO_SIGN_NBSP),
                   "costs": euro(summary["costs"], sign=EURO_SIGN_NBSP)},
                step,
                "income_lines",
            )
        )  # fmt: skip
        return problems
    requested = summary["requested"]
    if requested <= 0:
        problems.append(
            Problem(
                _("The requested amount (costs minus income) must be more than € 0."),
                step,
                "requested",
            )
        )
    elif requested > fund.maximum_grant:
        problems.append(
            Problem(
                _("You ask for %(requested)s; this fund gives at most %(max)s.")
                % {
                    "requested": euro(requested, sign=EURO_SIGN_NBSP),
                    "max": euro(fund.maximum_grant, sign=EURO_SIGN_NBSP),
                },
                step,
                "requested",
            )
        )
    if requested > 0 and requested > summary["share_limit"]:
        problems.append(
            Problem(
                _("You ask for %(requested)s, more than %(share)s%% of the costs (%(limit)s). "
                  "Find more income, for example co-funding or an own contribution.")
                % {"requested": euro(requested, sign=EURO_SIGN_NBSP),
                   "share": fund.maximum_share_of_costs,
                   "limit": euro(summary["share_limit"], sign=EURO_SIGN_NBSP)},
                step,
                "requested",
            )
        )  # fmt: skip
    return problems


def _question_problems(application, round_page) -> list[Problem]:
    step = STEP_QUESTIONS.key
    problems = []
    answers = application.answers or {}
    files = None
    for block in round_page.questions:
        name = question_field_name(block.id)
        answer = answers.get(block.id)
        value = answer.get("value") if isinstance(answer, dict) else None
        label = block.value.get("label")
        if block.block_type == "file":
            if files is None:
                files = set(
                    application.attachments.filter(kind=AttachmentKind.QUESTION).values_list(
                        "question_id", flat=True
                    )
                )
            if block.value.get("required") and block.id not in files:
                problems.append(
                    Problem(_("Add a file for: %(question)s") % {"question": label}, step, name)
                )
            continue
        if block.value.get("required") and _empty(value):
            problems.append(
                Problem(_("Answer the question: %(question)s") % {"question": label}, step, name)
            )
            continue
        max_words = block.value.get("max_words") if block.block_type == "long_text" else None
        if max_words and word_count(value) > max_words:
            problems.append(Problem(too_many_words(word_count(value), max_words), step, name))
    return problems


def too_many_words(count: int, maximum: int) -> str:
    return _("Your answer has %(count)s words; at most %(max)s are allowed.") % {
        "count": count,
        "max": maximum,
    }


def _payee_problems(application) -> list[Problem]:
    problems = _required(application, PAYEE_FIELDS, STEP_PAYEE.key)
    if application.payee_iban:
        try:
            validate_iban(application.payee_iban)
        except ValidationError as error:
            problems.append(Problem(" ".join(error.messages), STEP_PAYEE.key, "payee_iban"))
    return problems


def problems_by_step(problems: list[Problem]) -> dict[str | None, list[Problem]]:
    grouped: dict[str | None, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.step, []).append(problem)
    return grouped


# --- Drafts -------------------------------------------------------------------------------


class RoundClosed(Exception):
    pass


def start_or_resume_draft(round_page: RoundPage, user) -> tuple[Application, bool]:
    """The person's draft for this round: the existing one, or a new one with their name and
    email filled in. Only while the round is open (server time)."""
    if not round_page.is_open():
        raise RoundClosed
    with transaction.atomic():
        existing = (
            Application.objects.of_applicant(user)
            .filter(round=round_page, status=ApplicationStatus.DRAFT)
            .order_by("created_at")
            .first()
        )
        if existing is not None:
            return existing, False
        application = Application.objects.create(
            round=round_page,
            applicant=user,
            contact_name=user.get_full_name(),
            contact_email=user.email,
        )
    return application, True


def save_valid_fields(application: Application, form) -> list[str]:
    """Save every field of a step's model form that is valid, even when others are not: the
    invalid ones show their error and keep what was typed in the form; nothing valid is lost."""
    form.is_valid()
    names = [name for name in form.fields if name not in form.errors and name in form.cleaned_data]
    fresh = Application.objects.get(pk=application.pk)
    for name in names:
        setattr(fresh, name, form.cleaned_data[name])
    if names:
        fresh.save(update_fields=[*names, "updated_at"])
    return names


def save_budget(application: Application, formsets) -> dict:
    """Save the budget table's valid lines; delete the removed ones; keep invalid rows for the
    form. Returns {"ok", "ids": {input name: line id} (for the autosave script), "data": the
    POST data to redisplay, with saved rows carrying their ids}."""
    lines = {line.pk: line for line in application.budget_lines.all()}
    ok = True
    ids: dict[str, int] = {}
    data: dict[str, str] = {}
    for formset in formsets:
        formset.is_valid()
        kept = []
        for order, form in enumerate(formset.forms):
            cleaned = getattr(form, "cleaned_data", {}) or {}
            line = lines.get(_int(form.data.get(form.add_prefix("id"))))
            if cleaned.get("DELETE") or (form.is_empty() and not form.errors):
                if line is not None:
                    lines.pop(line.pk)
                    line.delete()
                continue
            kind = formset.line_kind or cleaned.get("kind")
            if form.errors:
                ok = False
                if line is not None:
                    _update_valid_parts(line, form, cleaned, order)
                kept.append((form, line))
                continue
            if line is None:
                line = BudgetLine(application=application)
            line.kind = kind
            line.description = cleaned["description"]
            line.amount = cleaned["amount"]
            line.sort_order = order
            line.save()
            lines[line.pk] = line
            ids[form.add_prefix("id")] = line.pk
            kept.append((form, line))
        if not formset.management_form.is_valid():
            ok = False
        data.update(_redisplay_data(formset, kept))
    application.recompute_requested()
    return {"ok": ok, "ids": ids, "data": data}


def _update_valid_parts(line, form, cleaned, order):
    changed = False
    if "description" not in form.errors and cleaned.get("description"):
        line.description = cleaned["description"]
        changed = True
    if "amount" not in form.errors and cleaned.get("amount") is not None:
        line.amount = cleaned["amount"]
        changed = True
    if changed:
        line.sort_order = order
        line.save()


def _redisplay_data(formset, kept) -> dict:
    prefix = formset.prefix
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(kept)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, (form, line) in enumerate(kept):
        for name in form.fields:
            if name in ("id", "DELETE"):
                continue
            data[f"{prefix}-{index}-{name}"] = form.data.get(form.add_prefix(name), "")
        data[f"{prefix}-{index}-id"] = str(line.pk) if line is not None else ""
    return data


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- The round's own questions ------------------------------------------------------------


def save_answers(application: Application, form) -> None:
    """Store the valid answers of the questions step under each question's (block) id, with
    the question's label and type as they are now; file answers become attachments."""
    form.is_valid()
    answers = dict(Application.objects.values_list("answers", flat=True).get(pk=application.pk))
    for block in form.questions:
        name = question_field_name(block.id)
        if name in form.errors:
            continue
        value = form.cleaned_data.get(name)
        label = str(block.value.get("label"))
        if block.block_type == "file":
            if value:
                replace_question_file(application, block.id, value, form.content_types.get(name))
                answers[block.id] = {"label": label, "type": "file", "value": value.name}
            elif block.id in answers:
                answers[block.id]["label"] = label
            continue
        serialised = _serialise(value)
        if _empty(serialised):
            answers.pop(block.id, None)
        else:
            answers[block.id] = {"label": label, "type": block.block_type, "value": serialised}
    application.answers = answers
    Application.objects.filter(pk=application.pk).update(answers=answers, updated_at=timezone.now())


def replace_question_file(application, question_id, uploaded, content_type=None) -> Attachment:
    for old in application.attachments.filter(
        kind=AttachmentKind.QUESTION, question_id=question_id
    ):
        old.file.delete(save=False)
        old.delete()
    return add_attachment(
        application, uploaded, AttachmentKind.QUESTION, question_id, content_type=content_type
    )


def _serialise(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    return str(value).strip()


def answer_rows(application: Application, attachments=None) -> list[dict]:
    """The round's questions with their answers, for the review page and the PDF.

    An answered question shows the label it had when answered; answers to questions that were
    removed from the round later are still shown, at the end."""
    answers = application.answers or {}
    attachments = list(application.attachments.all()) if attachments is None else attachments
    files = {a.question_id: a for a in attachments if a.kind == AttachmentKind.QUESTION}
    rows = []
    seen = set()
    for block in application.round.questions:
        seen.add(block.id)
        answer = answers.get(block.id)
        rows.append(_answer_row(block.id, answer, files, block=block))
    for question_id, answer in answers.items():
        if question_id not in seen and isinstance(answer, dict):
            rows.append(_answer_row(question_id, answer, files, removed=True))
    return rows


def _answer_row(question_id, answer, files, block=None, removed=False):
    answer = answer if isinstance(answer, dict) else None
    kind = answer.get("type") if answer else block.block_type
    label = answer.get("label") if answer else block.value.get("label")
    value = answer.get("value") if answer else None
    return {
        "id": question_id,
        "field": question_field_name(question_id),
        "label": label,
        "type": kind,
        "value": value,
        "display": _display_answer(kind, value),
        "answered": not _empty(value) or question_id in files,
        "file": files.get(question_id) if kind == "file" else None,
        "required": bool(block.value.get("required")) if block else False,
        "removed": removed,
    }


def _display_answer(kind, value):
    if _empty(value):
        return ""
    if isinstance(value, list):
        return ", ".join(value)
    if kind == "date":
        try:
            return _format_date(date.fromisoformat(value))
        except ValueError:
            return value
    if kind == "number":
        try:
            return number_format(Decimal(value))
        except ArithmeticError:
            return value
    return value


# --- Submitting ---------------------------------------------------------------------------


class NotEligible(workflow.TransitionError):
    def __init__(self, problems: list[Problem]):
        super().__init__(_("The application cannot be submitted yet: see the points below."))
        self.problems = problems


def next_number(fund_code: str, year: int) -> str:
    """The next application number of a fund and year, e.g. BCA-2026-0007 (the sequence row is
    locked, so two submissions at the same moment never get the same number)."""
    ApplicationSequence.objects.get_or_create(fund_code=fund_code, year=year)
    sequence = ApplicationSequence.objects.select_for_update().get(fund_code=fund_code, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{fund_code}-{year}-{sequence.last:04d}"


def submit(application: Application, user) -> Application:
    """Submit a draft: eligibility by server time, then number, moment, status, log, email."""

    def work(locked: Application):
        now = timezone.now()
        problems = eligibility_problems(locked, now)
        if problems:
            raise NotEligible(problems)
        locked.requested_amount = budget_summary(locked)["requested"]
        locked.number = next_number(locked.round.fund.code, timezone.localdate(now).year)
        locked.submitted_at = now

    return workflow.apply(application, "submit", user, work=work)


def withdraw(application: Application, user) -> Application:
    def work(locked: Application):
        locked.withdrawn_at = timezone.now()

    return workflow.apply(application, "withdraw", user, work=work)


def answer_request(application: Application, user, text: str, uploaded=None, content_type=None):
    """The applicant's answer to a request for more information, with an optional file."""

    def work(locked: Application):
        Message.objects.create(
            application=locked,
            kind=MessageKind.ANSWER,
            author=user,
            from_fund=False,
            text=text,
        )
        if uploaded is not None:
            add_attachment(locked, uploaded, AttachmentKind.MESSAGE, content_type=content_type)

    return workflow.apply(application, "answer", user, work=work)


# --- Reading ------------------------------------------------------------------------------


def summary_context(application: Application) -> dict:
    """Everything the review page, the overview and the PDF show of an application."""
    attachments = list(application.attachments.all())
    return {
        "application": application,
        "fund": application.round.fund,
        "budget": budget_summary(application),
        "answers": answer_rows(application, attachments),
        "documents": [a for a in attachments if a.kind in APPLICANT_ATTACHMENT_KINDS],
        "message_files": [a for a in attachments if a.kind == AttachmentKind.MESSAGE],
        "masked_iban": mask_iban(application.payee_iban) if application.payee_iban else "",
    }


def log_read(user, application: Application, model=Application, object_id=None) -> None:
    """Staff's and reviewers' reading of the applicant's data goes into the access log."""
    if permissions.is_applicant(user, application):
        return
    log_access(user, model=model, purpose=PURPOSE, object_id=object_id or application.pk)


def render_submission_pdf(application: Application, request=None) -> bytes:
    """The application as submitted, as a PDF. A submitted application cannot change, so this
    is exactly what was submitted; a draft is marked as such."""
    from portal.models import SiteSettings
    from portal.pdf import image_data_uri, render_pdf

    site_settings = SiteSettings.for_request(request) if request is not None else None
    logo = site_settings.logo if site_settings is not None else None
    context = {
        **summary_context(application),
        "organisation": site_settings,
        "logo": image_data_uri(logo) if logo else "",
        "generated_at": timezone.now(),
    }
    return render_pdf("pdf/application.html", context, request=request)
