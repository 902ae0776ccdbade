"""What the fund managers' overview shows: the application list, its export, the round
dashboards and the staff application page.

The list is built to stay fast at tens of thousands of applications: one query for the rows
of a page (plain values, only the columns shown), one count, and the funds and rounds for the
filters and the round column loaded once. The average score is a column kept up to date by the
reviews, never computed per row; each cell is formatted in Python, once, not by template filters.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, Sum
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from funds.models import (
    Application,
    ApplicationStatus,
    BudgetLineKind,
    FundPage,
    Instalment,
    InstalmentKind,
    ReviewScore,
    RoundPage,
)
from payments.models import PaymentStatus
from portal.fields import Wijk
from portal.money import euro, number

# Staff work with what applicants submitted: a draft is still the applicant's own.
STAFF_STATUSES = [status for status in ApplicationStatus if status != ApplicationStatus.DRAFT]

# The columns of the list (and nothing else is read from the database). The rows are read as
# plain values: no model instances, no round page joined in (its title comes from the rounds
# the filters load anyway).
LIST_FIELDS = (
    "pk",
    "number",
    "status",
    "project_title",
    "organisation_name",
    "contact_name",
    "wijk",
    "requested_amount",
    "granted_amount",
    "average_score",
    "submitted_at",
    "round_id",
)

# Sort keys the list accepts (each also with a leading "-" for descending).
SORT_FIELDS = {
    "submitted_at": "submitted_at",
    "requested_amount": "requested_amount",
    "average_score": "average_score",
    "number": "number",
}
DEFAULT_SORT = "-submitted_at"


def staff_applications():
    """Every submitted application (any status after the draft)."""
    return Application.objects.exclude(status=ApplicationStatus.DRAFT)


def list_rows(queryset):
    """The list's rows as dictionaries of the columns it shows."""
    return queryset.values(*LIST_FIELDS)


def for_display(rows, round_titles: dict) -> list[dict]:
    """The list's rows with what each cell shows already formatted: status and wijk labels,
    amounts, score, date, round and link. Fifty rows of template filters (each translating,
    localising and reversing on its own) cost more than all the queries of the page; formatted
    once here, the template only prints strings."""
    status_labels = {value: str(label) for value, label in ApplicationStatus.choices}
    wijk_labels = {value: str(label) for value, label in Wijk.choices}
    short_date = get_format("SHORT_DATE_FORMAT")
    url = reverse("funds:staff_application", args=[0]).replace("/0/", "/%d/")
    result = []
    for row in rows:
        submitted_at = row["submitted_at"]
        result.append(
            {
                **row,
                "staff_url": url % row["pk"],
                "round_title": round_titles.get(row["round_id"], ""),
                "status_label": status_labels.get(row["status"], row["status"]),
                "wijk_label": wijk_labels.get(row["wijk"], ""),
                "applicant_label": row["organisation_name"] or row["contact_name"],
                "requested_display": euro(row["requested_amount"]),
                "granted_display": euro(row["granted_amount"]),
                "score_display": number(row["average_score"], 1),
                "submitted_display": (
                    dateformat.format(timezone.localtime(submitted_at), short_date)
                    if submitted_at
                    else ""
                ),
            }
        )
    return result


def round_titles(funds: list) -> dict:
    return {round_page.pk: round_page.title for item in funds for round_page in item.rounds}


def sort(queryset, key: str | None):
    """Sorted by one of SORT_FIELDS ("-" first for descending); empty values last; the id
    breaks ties, so pages never overlap."""
    key = key if key and key.lstrip("-") in SORT_FIELDS else DEFAULT_SORT
    descending = key.startswith("-")
    expression = F(SORT_FIELDS[key.lstrip("-")])
    expression = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return queryset.order_by(expression, "-pk" if descending else "pk")


def search(queryset, text: str):
    """Free text: the application number, the project title, the organisation or contact."""
    text = (text or "").strip()
    if not text:
        return queryset
    return queryset.filter(
        Q(number__icontains=text)
        | Q(project_title__icontains=text)
        | Q(organisation_name__icontains=text)
        | Q(contact_name__icontains=text)
    )


# --- funds and rounds -----------------------------------------------------------------------
@dataclass
class FundRounds:
    fund: FundPage
    rounds: list = field(default_factory=list)


def funds_with_rounds(now=None) -> list[FundRounds]:
    """Every fund with its rounds (newest first), in two queries."""
    now = now or timezone.now()
    funds = list(FundPage.objects.order_by("path").only("pk", "title", "code", "path"))
    by_path = {fund.path: FundRounds(fund) for fund in funds}
    rounds = RoundPage.objects.order_by("-opens_at", "-pk").only(
        "pk", "title", "path", "opens_at", "closes_at", "live", "budget"
    )
    for round_page in rounds:
        parent = by_path.get(round_page.path[: -RoundPage.steplen])
        if parent is not None:
            round_page.is_open_now = round_page.opens_at <= now < round_page.closes_at
            round_page.fund_code = parent.fund.code
            parent.rounds.append(round_page)
    return list(by_path.values())


def round_ids_of(funds: list[FundRounds], fund_pk) -> list[int]:
    for item in funds:
        if str(item.fund.pk) == str(fund_pk):
            return [round_page.pk for round_page in item.rounds]
    return []


# --- the round dashboard --------------------------------------------------------------------
@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class CriterionAverage:
    name: str
    weight: int
    average: Decimal | None
    count: int


@dataclass
class RoundFigures:
    budget: Decimal
    carried_over: Decimal
    ceiling: Decimal
    granted: Decimal
    left: Decimal
    paid: Decimal
    to_pay: Decimal
    reclaimed: Decimal
    requested: Decimal
    submitted_count: int
    status_counts: list[StatusCount]
    average_score: Decimal | None
    reviewed_count: int
    criteria: list[CriterionAverage]


def round_figures(round_page: RoundPage) -> RoundFigures:
    """The round's money and progress: ceiling (budget plus what the previous round left),
    granted (committed), paid, still to pay, left; applications per status; scores."""
    applications = Application.objects.filter(round=round_page)
    carried_over = round_page.carried_over()
    ceiling = round_page.budget + carried_over
    granted = applications.committed_total()

    counts = dict(applications.values_list("status").annotate(n=Count("pk")).order_by())
    status_counts = [
        StatusCount(status.value, status.label, counts.get(status.value, 0))
        for status in ApplicationStatus
    ]
    totals = applications.exclude(status=ApplicationStatus.DRAFT).aggregate(
        requested=Sum("requested_amount", default=Decimal("0")),
        submitted=Count("pk"),
        average=Avg("average_score", filter=Q(review_count__gt=0)),
        reviewed=Count("pk", filter=Q(review_count__gt=0)),
    )

    instalments = Instalment.objects.filter(application__round=round_page)
    money = instalments.exclude(kind=InstalmentKind.RECLAIM).aggregate(
        paid=Sum(
            "payment__amount",
            filter=Q(payment__status=PaymentStatus.PAID),
            default=Decimal("0"),
        ),
        to_pay=Sum(
            "payment__amount",
            filter=~Q(payment__status__in=[PaymentStatus.PAID, PaymentStatus.CANCELLED]),
            default=Decimal("0"),
        ),
    )
    reclaimed = instalments.filter(
        kind=InstalmentKind.RECLAIM, received_at__isnull=False
    ).aggregate(total=Sum("amount", default=Decimal("0")))["total"]

    average = totals["average"]
    return RoundFigures(
        budget=round_page.budget,
        carried_over=carried_over,
        ceiling=ceiling,
        granted=granted,
        left=ceiling - granted,
        paid=money["paid"],
        to_pay=money["to_pay"],
        reclaimed=reclaimed,
        requested=totals["requested"],
        submitted_count=totals["submitted"],
        status_counts=status_counts,
        average_score=Decimal(average).quantize(Decimal("0.01")) if average is not None else None,
        reviewed_count=totals["reviewed"],
        criteria=criterion_averages(round_page),
    )


def criterion_averages(round_page: RoundPage) -> list[CriterionAverage]:
    """The average score per criterion over the round's submitted reviews."""
    scores = {
        row["criterion"]: row
        for row in ReviewScore.objects.filter(
            criterion__round=round_page, review__submitted_at__isnull=False
        )
        .values("criterion")
        .annotate(average=Avg("score"), n=Count("pk"))
        .order_by()
    }
    result = []
    for criterion in round_page.criteria.all():
        row = scores.get(criterion.pk)
        average = row["average"] if row else None
        result.append(
            CriterionAverage(
                name=criterion.name,
                weight=criterion.weight,
                average=Decimal(average).quantize(Decimal("0.01")) if average is not None else None,
                count=row["n"] if row else 0,
            )
        )
    return result


TOP_SCORES = 25


def best_scored(round_page: RoundPage, limit: int = TOP_SCORES):
    """The round's reviewed applications, highest average score first (the first `limit`)."""
    return (
        staff_applications()
        .filter(round=round_page, review_count__gt=0)
        .only(
            "pk",
            "number",
            "project_title",
            "status",
            "average_score",
            "score_spread",
            "review_count",
            "requested_amount",
            "granted_amount",
        )
        .order_by(F("average_score").desc(nulls_last=True), "pk")[:limit]
    )


# --- the staff application page -------------------------------------------------------------
def staff_application(pk):
    """A submitted application with what its page shows, or None."""
    return (
        staff_applications()
        .select_related("round", "applicant")
        .prefetch_related("budget_lines", "attachments")
        .filter(pk=pk)
        .first()
    )


@dataclass
class Answer:
    question_id: str
    label: str
    type: str
    value: object
    attachments: list
    current: bool  # still a question of the round


def answers_of(application: Application, attachments) -> list[Answer]:
    """The answers to the round's questions, by label, in the order of the round's form; answers
    to questions removed from the form since come last (they were stored with their label)."""
    stored = application.answers or {}
    by_question: dict[str, list] = {}
    for attachment in attachments:
        if attachment.question_id:
            by_question.setdefault(attachment.question_id, []).append(attachment)
    result = []
    seen = set()
    for block in application.round.questions:
        answer = stored.get(block.id) or {}
        seen.add(block.id)
        result.append(
            Answer(
                question_id=block.id,
                label=answer.get("label") or block.value.get("label", ""),
                type=answer.get("type") or block.block_type,
                value=display_value(answer.get("value")),
                attachments=by_question.get(block.id, []),
                current=True,
            )
        )
    for question_id, answer in stored.items():
        if question_id in seen or not isinstance(answer, dict):
            continue
        result.append(
            Answer(
                question_id=question_id,
                label=answer.get("label", ""),
                type=answer.get("type", ""),
                value=display_value(answer.get("value")),
                attachments=by_question.get(question_id, []),
                current=False,
            )
        )
    return result


def display_value(value):
    if value is None or value == "":
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


def budget_of(application: Application) -> dict:
    """The budget lines by kind and their totals (from the prefetched lines)."""
    lines = list(application.budget_lines.all())
    totals = application.budget_totals()
    return {
        "costs": [line for line in lines if line.kind == BudgetLineKind.COST],
        "income": [line for line in lines if line.kind != BudgetLineKind.COST],
        "costs_total": totals["costs"],
        "income_total": totals["income"],
        "requested": totals["requested"],
    }


# --- the export -----------------------------------------------------------------------------
MONEY_FORMAT = "#,##0.00"


def applications_xlsx(queryset) -> tuple[bytes, int]:
    """The applications as an XLSX workbook, with the list's columns: (content, rows)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    status_labels = dict(ApplicationStatus.choices)
    wijk_labels = dict(Wijk.choices)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Applications"))
    sheet.append(
        [
            _("Number"),
            _("Project title"),
            _("Applicant"),
            _("Round"),
            _("Wijk"),
            _("Requested (€)"),
            _("Granted (€)"),
            _("Average score"),
            _("Reviews"),
            _("Status"),
            _("Submitted"),
        ]
    )
    rows = queryset.values_list(
        "number",
        "project_title",
        "organisation_name",
        "contact_name",
        "round__title",
        "wijk",
        "requested_amount",
        "granted_amount",
        "average_score",
        "review_count",
        "status",
        "submitted_at",
    )

    def cell(value, number_format):
        written = WriteOnlyCell(sheet, value=value)
        written.number_format = number_format
        return written

    count = 0
    for (
        application_number,
        title,
        organisation,
        contact,
        round_title,
        wijk,
        requested,
        granted,
        score,
        reviews,
        status,
        submitted_at,
    ) in rows.iterator(chunk_size=2000):
        count += 1
        sheet.append(
            [
                application_number,
                title,
                organisation or contact,
                round_title,
                wijk_labels.get(wijk, wijk),
                cell(requested, MONEY_FORMAT),
                cell(granted, MONEY_FORMAT),
                cell(score, "0.00"),
                reviews,
                str(status_labels.get(status, status)),
                cell(
                    timezone.localtime(submitted_at).replace(tzinfo=None) if submitted_at else None,
                    "dd-mm-yyyy hh:mm",
                ),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count
