"""Anonymised Taalpunt statistics: written at confirmation, exported as counts per month.

What leaves the organisation (the CSV/XLSX export, and the table on screen it is copied from) is
a table of counts: per month, the number of participants, then per attribute (age group, gender,
first-language group, wijk, how they heard, activity) the count of each value, one attribute at a
time. Never two attributes together, so no row describes a combination that could point to one
person. The rules, in the order they apply (cell suppression as statistical offices such as CBS
use it: a threshold rule for the primary cells, the next-smallest cell as secondary suppression,
and a check that no hidden cell can be recalculated):

1. Only months that have ended. The open month still grows, so two exports a week apart could be
   subtracted to find the few people who registered in between; a month appears once it is over,
   and it never changes after that (records are written in the month of confirmation only).
2. A month with fewer than 5 participants shows only its total, as "<5", and no attribute at all:
   with one participant, one "<5" per attribute and 0 beside it would rebuild their age group,
   gender, language group and wijk together.
3. Primary suppression: every count from 1 to 4 shows as "<5". A 0 stays 0.
4. Secondary suppression: each attribute's counts add up to the month's total, which is shown, so
   in every attribute with a "<5" the smallest count of 5 or more is hidden too, as "x" (of equal
   counts the first). Always, not only when one "<5" is alone: whether more is hidden must not
   itself tell something about the hidden counts.
5. Then the check: from everything shown (the total, the other counts, "<5" meaning 1 to 4, "x"
   meaning 5 or more but no more than the counts still shown) every hidden cell must still have
   at least three possible values: not worked out, and not narrowed to "this or that" either. If
   not, the attribute shows nothing for that month: all of its values, zeros included, show "x".
   So [1, 1, 9] with total 11 shows "<5", "<5", "x" (each "<5" can be 1 to 4 and "x" 5 to 9), but
   [1, 5, 9] with total 15 shows "x", "x", "x", since "<5", "x", "9" leaves 6 = 1 + 5; five
   participants in five different wijken (five times "<5", total 5, so each of them 1) also show
   only "x". Three values rather than two because someone who knows these rules also learns
   something from the fact that a whole attribute is hidden; with three that never pins a cell
   down either (checked by enumerating every group of three to six values with small totals).

Why suppression and not rounding to multiples of 5: rounded counts and an independently
rounded total can still pin cells down (two cells "<5", the rest 0, and a total rounded to 10
make both 4), so rounding needs the same check as suppression, and it makes every count inexact
as well. Hiding cells and checking, per attribute and month, that no hidden cell can be worked out
(`possible` below does the same arithmetic anyone with the table can do) is exact and can be
explained cell by cell. Months are independent: no period longer than a month and no total over
months is exported, so there is nothing to subtract one from another.
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
SUPPRESSED = "<5"  # a count from 1 to 4
HIDDEN = "x"  # a count of 5 or more, hidden so that no "<5" can be worked out; any count when
# every value of the attribute shows it
POSSIBLE_VALUES = 3  # what the table shows leaves every hidden cell at least this many counts
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


def possible(shown: list[str], total: int) -> list[tuple[int, int] | None]:
    """What anyone can work out from one group (one attribute in one month) as shown, knowing its
    total and how `suppress` works: per hidden cell the lowest and highest count it can have (None
    for a shown count).

    A "<5" is 1 to 4. An "x" beside a "<5" is 5 or more, and no more than any count shown beside it
    (it is the smallest; of equal counts the first); when the whole group shows "x", each is
    anything from 0. Together the hidden cells make up the total minus the shown counts. With one
    sum and a range per cell, every whole number from a cell's lowest to its highest is possible:
    the others take up the rest."""
    everything_hidden = all(cell == HIDDEN for cell in shown)
    bounds = []
    for i, cell in enumerate(shown):
        if cell == SUPPRESSED:
            bounds.append((1, THRESHOLD - 1))
        elif cell == HIDDEN and everything_hidden:
            bounds.append((0, total))
        elif cell == HIDDEN:
            larger = [
                int(other) - (j < i)
                for j, other in enumerate(shown)
                if other not in (SUPPRESSED, HIDDEN) and int(other) >= THRESHOLD
            ]
            bounds.append((THRESHOLD, min([total, *larger])))
        else:
            bounds.append(None)
    rest = total - sum(int(cell) for cell, bound in zip(shown, bounds, strict=True) if not bound)
    hidden = [bound for bound in bounds if bound]
    lowest = sum(low for low, _high in hidden)
    highest = sum(high for _low, high in hidden)
    return [
        bound
        and (max(bound[0], rest - (highest - bound[1])), min(bound[1], rest - (lowest - bound[0])))
        for bound in bounds
    ]


def is_protected(shown: list[str], total: int) -> bool:
    """True when no hidden cell of the group can be worked out, nor narrowed to "this or that":
    each could be at least three different counts."""
    return all(
        high - low + 1 >= POSSIBLE_VALUES for low, high in filter(None, possible(shown, total))
    )


def suppress(counts: list[int]) -> list[str]:
    """What each cell of one group (one attribute in one month, adding up to the month's total)
    shows: "<5" for every count from 1 to 4 and, beside them, the smallest count of 5 or more as
    "x"; if a hidden cell could still be worked out from the total and the rest, all "x"."""
    shown = [SUPPRESSED if 0 < n < THRESHOLD else str(n) for n in counts]
    if SUPPRESSED not in shown:
        return shown
    larger = [(n, i) for i, n in enumerate(counts) if n >= THRESHOLD]
    if larger:
        shown[min(larger)[1]] = HIDDEN
    if not is_protected(shown, sum(counts)):
        return [HIDDEN] * len(counts)
    return shown


def first_open_month(today=None):
    """The first day of the month that has not ended yet: it is left out until it has."""
    return (today or timezone.localdate()).replace(day=1)


def table(year: int | None = None, *, today=None) -> list[Cell]:
    """The export: per ended month, the total and each attribute's counts, suppressed; a month
    of fewer than 5 participants only as its total "<5"."""
    records = StatisticsRecord.objects.filter(period__lt=first_open_month(today))
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
        if total < THRESHOLD:
            cells.append(Cell(label, _("total"), "", total, SUPPRESSED))
            continue
        cells.append(Cell(label, _("total"), "", total, str(total)))
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
