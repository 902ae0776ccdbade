"""Reports of the own programme, per activity and per period, from the anonymous counts only
(`SignupTally`): they read the same before and after retention destroyed the sign-ups.

The columns are one list of `Column`s (the contributors' costs among them, from
`programme.contributors.costs_by_activity`); the page, the totals and the XLSX export follow.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from portal.money import number_formatter
from programme.models import ActivitySession, ProgrammeActivityPage, SignupScope
from programme.signups import capacity_of

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    value: Callable[[Any], Any]
    money: bool = False
    percent: bool = False
    total: bool = True  # summed in the totals row


def _occupancy(row):
    return None if not row.offered else round(100 * row.total_places / row.offered, 1)


COLUMNS: list[Column] = [
    Column("offered", _("Places offered"), lambda row: row.offered),
    Column("signups", _("Sign-ups"), lambda row: row.total_signups),
    Column("places", _("Places taken"), lambda row: row.total_places),
    Column("occupancy", _("Occupancy (%)"), _occupancy, percent=True, total=False),
    Column("attended", _("Attended"), lambda row: row.total_attended),
    Column("cancelled", _("Cancelled"), lambda row: row.total_cancelled),
    Column("waiting_max", _("Longest waiting list"), lambda row: row.total_waiting_max),
    Column("contest_entries", _("Contest entries"), lambda row: row.total_contest_entries),
    Column("income", _("Income (€)"), lambda row: row.total_income, money=True),
    # The contributors' agreed fees with VAT (financial records: kept after retention too).
    Column("costs", _("Contributor costs (€)"), lambda row: row.contributor_costs, money=True),
]

COUNTERS = [
    "signups",
    "places",
    "attended",
    "cancelled",
    "waiting_max",
    "contest_entries",
    "income",
]


def activities_in(start=None, end=None):
    """Activities whose first session falls in the period, with their counts summed."""
    filters = Q()
    if start:
        filters &= Q(first_date__gte=start)
    if end:
        filters &= Q(first_date__lte=end)
    zero_money = Decimal("0.00")
    return (
        ProgrammeActivityPage.objects.filter(filters)
        .annotate(
            **{
                f"total_{name}": Coalesce(
                    Sum(f"tallies__{name}"), zero_money if name == "income" else 0
                )
                for name in COUNTERS
            },
        )
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=ActivitySession.objects.select_related("room").order_by("start"),
            )
        )
        .only("pk", "title", "first_date", "ends_at", "signup_scope", "capacity", "live")
        .order_by("first_date", "title")
    )


def capacity_of_activity(activity) -> int | None:
    if activity.signup_scope == SignupScope.ACTIVITY:
        return activity.capacity
    if activity.signup_scope == SignupScope.NONE:
        return None
    capacities = [capacity_of(activity, session) for session in activity.sessions.all()]
    if any(c is None for c in capacities):
        return None
    return sum(capacities)


@dataclass
class Report:
    rows: list
    columns: list[Column]

    @property
    def totals(self) -> list:
        out = []
        for column in self.columns:
            if not column.total:
                out.append(None)
                continue
            values = [column.value(row) for row in self.rows]
            out.append(sum(v for v in values if v is not None))
        return out

    def table(self):
        return [(row, [column.value(row) for column in self.columns]) for row in self.rows]

    def _formats(self) -> list:
        """Per column, how the page shows its figures (the export keeps the numbers)."""
        money, percent = number_formatter(2), number_formatter(1)
        return [
            money if column.money else percent if column.percent else None
            for column in self.columns
        ]

    @staticmethod
    def _shown(formats, values) -> list:
        return [
            value if fmt is None or value is None else fmt(value)
            for fmt, value in zip(formats, values, strict=True)
        ]

    def shown_table(self):
        formats = self._formats()
        return [(row, self._shown(formats, values)) for row, values in self.table()]

    def shown_totals(self) -> list:
        return self._shown(self._formats(), self.totals)


def build(start=None, end=None, costs=True) -> Report:
    """The report of a period; `costs`: with the contributors' costs, which are data of the
    contributors' purpose (for one performer the column is their fee): only for who may see
    that purpose."""
    from programme.contributors import costs_by_activity

    rows = list(activities_in(start, end))
    fees = costs_by_activity(row.pk for row in rows) if costs else {}
    for row in rows:
        row.offered = capacity_of_activity(row)
        row.contributor_costs = fees.get(row.pk, Decimal("0.00"))
    columns = COLUMNS if costs else [column for column in COLUMNS if column.key != "costs"]
    return Report(rows, columns)


def xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Programme"))[:31]
    sheet.append([str(_("Activity")), str(_("Date")), *[str(c.label) for c in report.columns]])
    for row, values in report.table():
        sheet.append([row.title, row.first_date, *values])
        for index, column in enumerate(report.columns, start=3):
            if column.money:
                sheet.cell(row=sheet.max_row, column=index).number_format = MONEY_FORMAT
    sheet.append([str(_("Total")), None, *report.totals])
    for cell in sheet[1]:
        cell.font = cell.font.copy(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
