"""Accountability in proportion to the grant: the report (verantwoording) that the fund's
reporting tier asks for, reminders before and after its due date, and the settlement
(vaststelling) that ends in a last payment or a reclaim.
"""

import logging
import os
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funds import letters, workflow
from funds.models import (
    Application,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
    BudgetLine,
    BudgetLineKind,
    Report,
    ReportingTier,
)
from funds.notifications import notify_applicant
from funds.services import applying, money
from funds.workflow import TransitionError
from portal.money import CENT, cents, euro

logger = logging.getLogger(__name__)

# While the grantee may write (and change) the report.
REPORT_OPEN_STATUSES = (ApplicationStatus.GRANTED, ApplicationStatus.ADVANCE_PAID)
REMIND_BEFORE = timedelta(days=14)
REMIND_AFTER = timedelta(days=7)

# --- Files -------------------------------------------------------------------------------------
# The same rules as the attachments of an application (funds.services.applying: the type taken
# from the content, not the name; the size limited); photos must be images.
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
REPORT_ATTACHMENT_KINDS = (
    AttachmentKind.PHOTO,
    AttachmentKind.FINANCIAL_STATEMENT,
    AttachmentKind.REPORT,
)


class UploadError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def store_upload(application: Application, upload, kind: str) -> Attachment:
    """Check an uploaded report file and keep it with the application; UploadError with a
    message naming the file otherwise."""
    try:
        content_type = applying.check_upload(upload)
    except ValidationError as error:
        raise UploadError(f"{os.path.basename(upload.name)}: {' '.join(error.messages)}") from None
    if kind == AttachmentKind.PHOTO and content_type not in IMAGE_TYPES:
        raise UploadError(
            _("%(name)s: this is not a photo. Upload a JPEG, PNG or WebP image.")
            % {"name": os.path.basename(upload.name)}
        )
    return applying.add_attachment(application, upload, kind, content_type=content_type)


def report_attachments(application: Application):
    return application.attachments.filter(kind__in=REPORT_ATTACHMENT_KINDS).order_by(
        "kind", "uploaded_at"
    )


def remove_report_attachment(application: Application, pk) -> bool:
    """Take a file off a report that has not been submitted yet."""
    if application.status not in REPORT_OPEN_STATUSES:
        return False
    attachment = report_attachments(application).filter(pk=pk).first()
    if attachment is None:
        return False
    attachment.file.delete(save=False)
    attachment.delete()
    return True


# --- What to report ---------------------------------------------------------------------------
def requirements_for(application: Application, fund=None) -> ReportingTier:
    """The fund's reporting tier for the granted amount (a short report only, when the fund
    set none)."""
    fund = fund or application.round.fund
    amount = application.granted_amount or application.requested_amount
    tier = fund.reporting_tier_for(amount)
    if tier is None:
        tier = ReportingTier(
            content_report=True, photos=False, actual_budget=False, financial_statement=False
        )
    return tier


def requirement_labels(tier: ReportingTier) -> list:
    """Lazy: each label is translated where it is shown, so a Dutch letter made while a fund
    manager uses the portal in English still reads Dutch throughout."""
    labels = []
    if tier.content_report:
        labels.append(
            gettext_lazy("a short report of what was done, with the number of participants")
        )
    if tier.photos:
        labels.append(gettext_lazy("a few photos of the activity"))
    if tier.actual_budget:
        labels.append(gettext_lazy("the actual costs and income, per line of your budget"))
    if tier.financial_statement:
        labels.append(
            gettext_lazy("a financial statement (annual accounts or an accountant's statement)")
        )
    return labels


def due_date_for(application: Application, fund=None):
    fund = fund or application.round.fund
    end = application.end_date or timezone.localdate()
    return end + timedelta(days=fund.report_due_days)


def create_report(application: Application, fund=None) -> Report:
    """On a grant: the report row with its due date."""
    report, _created = Report.objects.update_or_create(
        application=application, defaults={"due_date": due_date_for(application, fund)}
    )
    application.report = report
    return report


def report_of(application: Application) -> Report | None:
    return Report.objects.filter(application=application).first()


def report_is_open(application: Application) -> bool:
    return application.status in REPORT_OPEN_STATUSES


def budget_lines(application: Application) -> list[BudgetLine]:
    """The budget's lines, costs first, then the income (one query)."""
    lines = application.budget_lines.all()
    return sorted(
        lines, key=lambda line: (line.kind != BudgetLineKind.COST, line.sort_order, line.pk)
    )


@transaction.atomic
def save_report(application: Application, content_report: str, participants, actual: dict):
    """Keep what the grantee wrote so far (a draft of the report). `actual`: {line pk: amount}."""
    if not report_is_open(application):
        raise TransitionError(_("The report can no longer be changed."))
    report = report_of(application) or create_report(application)
    report.content_report = content_report or ""
    report.participants = participants
    report.save(update_fields=["content_report", "participants"])
    lines = {line.pk: line for line in budget_lines(application)}
    changed = []
    for pk, amount in actual.items():
        line = lines.get(pk)
        if line is not None and line.actual_amount != amount:
            line.actual_amount = amount
            changed.append(line)
    BudgetLine.objects.bulk_update(changed, ["actual_amount"])
    return report


class ReportIncomplete(TransitionError):
    """The report misses what the tier asks for; `errors` maps form fields to messages."""

    def __init__(self, errors: dict):
        super().__init__(_("The report is not complete yet."))
        self.errors = errors


def missing_requirements(application: Application, report: Report, tier: ReportingTier) -> dict:
    errors = {}
    if tier.content_report:
        if not (report.content_report or "").strip():
            errors["content_report"] = _("Describe briefly what was done.")
        if report.participants is None:
            errors["participants"] = _("Give the number of participants reached.")
    kinds = set(report_attachments(application).values_list("kind", flat=True))
    if tier.photos and AttachmentKind.PHOTO not in kinds:
        errors["photos"] = _("Add at least one photo of the activity.")
    if tier.financial_statement and AttachmentKind.FINANCIAL_STATEMENT not in kinds:
        errors["financial_statement"] = _("Add the financial statement.")
    if tier.actual_budget:
        for line in budget_lines(application):
            if line.actual_amount is None:
                errors[f"line_{line.pk}"] = _("Give the actual amount of this line (0 if none).")
    return errors


def submit_report(application: Application, user) -> Application:
    """The grantee sends the report: checked against the tier, then the "submit_report" step."""

    def work(locked):
        report = report_of(locked)
        if report is None:
            raise TransitionError(_("There is no report to send yet."))
        errors = missing_requirements(locked, report, requirements_for(locked))
        if errors:
            raise ReportIncomplete(errors)
        report.submitted_at = timezone.now()
        report.save(update_fields=["submitted_at"])

    return workflow.apply(application, "submit_report", user, work=work)


# --- Reminders ---------------------------------------------------------------------------------
def _claim(report: Report, field_name: str, now) -> bool:
    """Mark a reminder as sent, once (a second run or server finds it taken)."""
    return bool(
        Report.objects.filter(pk=report.pk, **{f"{field_name}__isnull": True}).update(
            **{field_name: now}
        )
    )


def send_reminders(today=None) -> str:
    """14 days before the due date, and 7 days after it when no report came: one email each."""
    today = today or timezone.localdate()
    now = timezone.now()
    waiting = Report.objects.filter(
        submitted_at__isnull=True, application__status__in=REPORT_OPEN_STATUSES
    ).select_related("application")
    before = waiting.filter(
        reminder_before_sent_at__isnull=True,
        due_date__gt=today,
        due_date__lte=today + REMIND_BEFORE,
    )
    after = waiting.filter(reminder_after_sent_at__isnull=True, due_date__lte=today - REMIND_AFTER)
    sent = {"before": 0, "after": 0}
    for key, reports, field_name in (
        ("before", before, "reminder_before_sent_at"),
        ("after", after, "reminder_after_sent_at"),
    ):
        for report in reports:
            if not _claim(report, field_name, now):
                continue
            notify_applicant(
                report.application,
                "funds_report_reminder",
                {"report": report, "overdue": key == "after"},
            )
            sent[key] += 1
    return f"{sent['before']} before, {sent['after']} after the due date"


# --- Settlement (vaststelling) ----------------------------------------------------------------
def proposed_final_amount(application: Application) -> Decimal:
    """The granted amount, or less in proportion when the actual costs were lower than the
    budgeted costs (lines without an actual amount count as budgeted)."""
    granted = application.granted_amount or Decimal("0")
    budgeted = actual = Decimal("0")
    for line in application.budget_lines.filter(kind=BudgetLineKind.COST):
        budgeted += line.amount
        actual += line.amount if line.actual_amount is None else line.actual_amount
    if budgeted <= 0 or actual >= budgeted:
        return granted
    return min(granted, (granted * actual / budgeted).quantize(CENT, rounding=ROUND_DOWN))


@dataclass
class Settlement:
    application: Application
    final_amount: Decimal
    paid: Decimal
    letter: object = None
    instalment: object = None
    extra: dict = field(default_factory=dict)

    @property
    def is_reclaim(self):
        return self.final_amount < self.paid


def settle(application: Application, user, final_amount) -> Settlement:
    """Fix the final amount. At or above what was paid: "settle", with a last payment of the
    difference; below it: "reclaim", with the difference to pay back. Either way a letter."""
    final_amount = cents(final_amount)
    granted = application.granted_amount or Decimal("0")
    if final_amount < 0:
        raise TransitionError(_("The final amount cannot be negative."))
    if final_amount > granted:
        raise TransitionError(
            _("The final amount cannot be more than the granted %(amount)s.")
            % {"amount": euro(granted)}
        )
    result = Settlement(application, final_amount, money.paid_out(application))
    context: dict = {}

    def work(locked):
        paid = money.paid_out(locked)
        locked.settled_amount = final_amount
        locked.settled_at = timezone.now()
        fund = locked.round.fund
        if final_amount >= paid:
            if final_amount > paid:
                result.instalment = money.schedule_final(locked, final_amount - paid, fund)
        else:
            result.instalment = money.create_reclaim(locked, paid - final_amount)
        result.paid = paid
        result.letter = letters.settlement_letter(locked, paid, signatory=user)
        context.update(
            letter=result.letter,
            final_amount=final_amount,
            paid=paid,
            final_payment=final_amount - paid if final_amount > paid else None,
            reclaim=paid - final_amount if final_amount < paid else None,
        )

    name = "reclaim" if result.is_reclaim else "settle"
    result.application = workflow.apply(
        application, name, user, work=_checked(work, name, result), notify_context=context
    )
    return result


def _checked(work, name, result):
    """Refuse when what was paid changed between the form and the lock (the other step would
    be needed)."""

    def run(locked):
        work(locked)
        if ("reclaim" if result.is_reclaim else "settle") != name:
            raise TransitionError(
                _("The payments of this grant changed meanwhile; open the page again.")
            )

    return run
