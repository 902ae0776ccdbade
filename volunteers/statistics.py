"""Anonymised Taalpunt statistics: written at confirmation, exported as counts per month.

What leaves the organisation is a table of counts: per month, per attribute (age group, gender,
first-language group, wijk, how they heard, activity) and value, one attribute at a time. Never
two attributes together, so no row describes a combination that could point to one person; and
every count from 1 to 4 shows as "<5". When a group (one month, one attribute) would have exactly
one such cell, the smallest other count is hidden too (shown as "x"), so the small one cannot be
worked out from the month's total. Months are the only period, so no two exports can be
subtracted from each other.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from volunteers.models import (
    ActivityKind,
    AgeBand,
    Gender,
    HowHeard,
    LanguageGroup,
    Role,
    StatisticsRecord,
)

THRESHOLD = 5
SUPPRESSED = "<5"
ALSO_HIDDEN = "x"  # a count of 5 or more, hidden so that a "<5" cannot be worked out
STATISTICAL_FIELDS = ("age_band", "gender", "language_group", "how_heard", "activity_kind")


def record_registration(person, now) -> StatisticsRecord | None:
    """At confirmation: a participant's statistical answers go, apart from them, into the
    statistics table, and are removed from their record (`person.save()` by the caller)."""
    answers = person.pending_statistics if person.programme == "taalpunt" else None
    if not answers or person.role != Role.PARTICIPANT:
        return None
    moment = timezone.localdate(now)
    record = StatisticsRecord.objects.create(
        period=moment.replace(day=1),
        age_band=answers.get("age_band", ""),
        gender=answers.get("gender", ""),
        language_group=answers.get("language_group", ""),
        wijk=person.wijk,
        how_heard=answers.get("how_heard", ""),
        activity_kind=answers.get("activity_kind", ""),
    )
    person.pending_statistics = None
    return record


def attributes():
    """(field, heading, choices) of every exported attribute, in the export's order."""
    from portal.fields import Wijk

    return [
        ("age_band", _("age group"), AgeBand.choices),
        ("gender", _("gender"), [("", _("not given")), *Gender.choices]),
        ("language_group", _("first-language group"), LanguageGroup.choices),
        ("wijk", _("wijk"), Wijk.choices),
        ("how_heard", _("how they heard of us"), HowHeard.choices),
        ("activity_kind", _("activity"), ActivityKind.choices),
    ]


@dataclass
class Cell:
    period: str
    attribute: str
    value: str
    count: int
    shown: str


def suppress(counts: list[int]) -> list[str]:
    """What each cell of one group shows: "<5" for every count from 1 to 4; when that is exactly one
    cell, the smallest other non-zero count shows "x" (else total minus the rest shows it)."""
    shown = [SUPPRESSED if 0 < n < THRESHOLD else str(n) for n in counts]
    if shown.count(SUPPRESSED) == 1:
        others = [(n, i) for i, n in enumerate(counts) if n >= THRESHOLD]
        if others:
            shown[min(others)[1]] = ALSO_HIDDEN
    return shown


def table(year: int | None = None) -> list[Cell]:
    """The export: per month, the total and each attribute's counts, suppressed."""
    records = StatisticsRecord.objects.all()
    if year:
        records = records.filter(period__year=year)
    fields = [field for field, _heading, _choices in attributes()]
    per_month: dict = {}
    for row in records.values_list("period", *fields):
        period, values = row[0], row[1:]
        month = per_month.setdefault(period, {"total": 0, **{f: Counter() for f in fields}})
        month["total"] += 1
        for field, value in zip(fields, values, strict=True):
            month[field][value] += 1
    cells = []
    for period in sorted(per_month):
        month = per_month[period]
        label = f"{period:%Y-%m}"
        total = month["total"]
        cells.append(
            Cell(label, _("total"), "", total, SUPPRESSED if total < THRESHOLD else str(total))
        )
        for field, heading, choices in attributes():
            counts = [month[field][code] for code, _name in choices]
            for (_code, name), n, shown in zip(choices, counts, suppress(counts), strict=True):
                cells.append(Cell(label, str(heading), str(name), n, shown))
    return cells


def headers():
    return [_("month"), _("attribute"), _("value"), _("number of participants")]


def as_rows(cells):
    return [[cell.period, cell.attribute, cell.value, cell.shown] for cell in cells]


def to_csv(cells) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers())
    writer.writerows(as_rows(cells))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(cells) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Taalpunt statistics")[:31]
    sheet.append(headers())
    for row in as_rows(cells):
        sheet.append(row)  # counts as text, so "<5" and numbers sort and read alike
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
