"""Privacy promise 6: the Taalpunt statistics that leave the organisation single no one out.

Every test here reads the table as someone outside would: only what is shown, the month's total
and the published rules ("<5" is 1 to 4, "x" beside it is 5 or more and no more than the counts
still shown, a whole attribute of "x" is anything), and tries to work the hidden counts out.
"""

import csv
import io
import random
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories.volunteers import StatisticsRecordFactory, coordinator_taalpunt
from volunteers import statistics
from volunteers.models import StatisticsRecord

EXPORT = "/taalpunt/coordinatie/statistiek/"


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def solutions(shown, total):
    """Brute force: per hidden cell, every count it can have given what is shown (None for a
    shown cell). Tries each value of each hidden cell against every sum the others can make."""
    numbers = [int(cell) for cell in shown if cell not in ("<5", "x")]
    rest = total - sum(numbers)
    everything_hidden = all(cell == "x" for cell in shown)
    largest_x = min([n for n in numbers if n >= 5], default=total)
    domains = []
    for cell in shown:
        if cell == "<5":
            domains.append(range(1, 5))
        elif cell == "x":
            domains.append(range(0 if everything_hidden else 5, largest_x + 1))
        else:
            domains.append(None)
    result = []
    for i, domain in enumerate(domains):
        if domain is None:
            result.append(None)
            continue
        sums = {0}
        for j, other in enumerate(domains):
            if other is not None and j != i:
                sums = {s + v for s in sums for v in other if s + v <= rest}
        result.append({v for v in domain if rest - v in sums})
    return result


def assert_nothing_can_be_worked_out(counts, shown, total=None):
    total = sum(counts) if total is None else total
    for count, cell, values in zip(counts, shown, solutions(shown, total), strict=True):
        if values is None:
            assert cell == str(count)
            continue
        assert count in values, (counts, shown)  # the rules are true of the real count
        assert len(values) > 1, f"{counts} shows {shown}: a hidden {count} is the only solution"


def by_key(response):
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return {(r[0], r[1], r[2]): r[3] for r in rows[1:]}


def groups(cells):
    """{(month, attribute): [shown, ...]} without the totals."""
    result = {}
    for (month, attribute, _value), shown in cells.items():
        if attribute != "total":
            result.setdefault((month, attribute), []).append(shown)
    return result


def test_two_small_cells_beside_a_total_cannot_be_worked_out():
    # Before: "<5", "<5", "9" with total 11 (both 1), "<5", "x", "9" with total 15 (1 + 5).
    for counts in ([1, 1, 9], [1, 5, 9], [1, 1, 5], [4, 4, 7], [1, 5, 5], [2, 0, 3, 0]):
        shown = statistics.suppress(counts)
        assert shown.count("<5") + shown.count("x") >= 2 or "<5" not in shown
        assert_nothing_can_be_worked_out(counts, shown)


@pytest.mark.django_db
def test_the_export_hides_one_and_one_beside_nine(client):
    first = timezone.localdate().replace(day=1)
    last_month = (first - timedelta(days=1)).replace(day=1)
    StatisticsRecordFactory.create_batch(9, period=last_month, wijk="holtenbroek")
    StatisticsRecordFactory(period=last_month, wijk="berkum")
    StatisticsRecordFactory(period=last_month, wijk="schelle")
    client.force_login(coordinator_taalpunt())
    cells = by_key(client.get(EXPORT, {"export": "csv"}))
    month = f"{last_month:%Y-%m}"
    assert cells[(month, "total", "")] == "11"
    wijk = {value: shown for (m, a, value), shown in cells.items() if (m, a) == (month, "wijk")}
    assert wijk["Berkum"] == wijk["Schelle"] == "<5"
    assert wijk["Holtenbroek"] != "9"  # else 11 - 9 = 1 + 1
    real = {"Holtenbroek": 9, "Berkum": 1, "Schelle": 1}
    counts = [real.get(value, 0) for value in wijk]
    assert_nothing_can_be_worked_out(counts, list(wijk.values()), total=11)


@pytest.mark.django_db
@pytest.mark.parametrize("participants", [1, 2, 4])
def test_a_month_of_fewer_than_five_shows_only_its_total(client, participants):
    first = timezone.localdate().replace(day=1)
    last_month = (first - timedelta(days=1)).replace(day=1)
    StatisticsRecordFactory.create_batch(participants, period=last_month, wijk="assendorp")
    client.force_login(coordinator_taalpunt())
    cells = by_key(client.get(EXPORT, {"export": "csv"}))
    month = f"{last_month:%Y-%m}"
    assert cells[(month, "total", "")] == "<5"
    # No attribute row with one "<5" and 0 beside it: together they would describe the person.
    for shown in groups(cells).values():
        assert [cell for cell in shown if cell != "0"] != ["<5"]
    assert [key for key in cells if key[0] == month] == [(month, "total", "")]


@pytest.mark.django_db
def test_the_open_month_is_not_exported_nor_shown_until_it_has_ended(client):
    today = timezone.localdate()
    first = today.replace(day=1)
    last_month = (first - timedelta(days=1)).replace(day=1)
    StatisticsRecordFactory.create_batch(6, period=last_month)
    StatisticsRecordFactory.create_batch(7, period=first)
    client.force_login(coordinator_taalpunt())
    cells = by_key(client.get(EXPORT, {"export": "csv"}))
    assert cells[(f"{last_month:%Y-%m}", "total", "")] == "6"
    assert not [key for key in cells if key[0] == f"{first:%Y-%m}"]
    sheet = load_workbook(io.BytesIO(client.get(EXPORT, {"export": "xlsx"}).content)).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        f"{last_month:%Y-%m}"
    }
    page = client.get(EXPORT).content.decode()
    assert f"{last_month:%Y-%m}" in page and f"{first:%Y-%m}" not in page
    # Once the month is over it is in, and it stays as it is.
    later = statistics.table(today=first + timedelta(days=40))
    assert next(c.shown for c in later if c.period == f"{first:%Y-%m}") == "7"


def test_no_hidden_cell_of_200_random_groups_can_be_worked_out():
    rng = random.Random(6)
    small_heavy = [0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 5, 6, 7, 9, 12, 20]
    for _row in range(200):
        counts = [rng.choice(small_heavy) for _cell in range(rng.randint(3, 14))]
        if sum(counts) < statistics.THRESHOLD:
            continue  # such a month shows only its total
        assert_nothing_can_be_worked_out(counts, statistics.suppress(counts))


def test_knowing_the_rules_does_not_pin_a_cell_down_either():
    """Someone who knows exactly how `suppress` works can list every group of counts that would
    show the same: each hidden cell must still have two or more values among them."""

    def every(length, total):
        if length == 1:
            yield (total,)
            return
        for first in range(total + 1):
            for rest in every(length - 1, total - first):
                yield (first, *rest)

    for length, largest_total in ((3, 20), (4, 14), (5, 10)):
        for total in range(statistics.THRESHOLD, largest_total + 1):
            alike = {}
            for counts in every(length, total):
                alike.setdefault(tuple(statistics.suppress(list(counts))), []).append(counts)
            for shown, candidates in alike.items():
                for i, cell in enumerate(shown):
                    if cell in ("<5", "x"):
                        assert len({c[i] for c in candidates}) > 1, (shown, candidates)


@pytest.mark.django_db
def test_no_hidden_cell_of_a_random_export_can_be_worked_out():
    rng = random.Random(6)
    first = timezone.localdate().replace(day=1)
    months = [first]
    for _n in range(6):
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    codes = {
        field: [code for code, _name in options] for field, _h, options in statistics.attributes()
    }

    def skewed(field):  # the first values far more often, so small counts beside large ones
        return rng.choice(codes[field][: rng.randint(1, len(codes[field]))])

    StatisticsRecord.objects.bulk_create(
        StatisticsRecord(period=rng.choice(months), **{field: skewed(field) for field in codes})
        for _n in range(90)
    )
    cells = statistics.table()
    assert f"{first:%Y-%m}" not in {c.period for c in cells}
    totals, per_group = {}, {}
    for cell in cells:
        if cell.period not in totals:
            totals[cell.period] = cell  # each month begins with its total
        else:
            per_group.setdefault((cell.period, cell.attribute), []).append(cell)
    assert per_group  # at least one month of five or more
    for (period, _attribute), group in per_group.items():
        total = totals[period]
        assert total.shown == str(total.count)
        assert_nothing_can_be_worked_out(
            [c.count for c in group], [c.shown for c in group], total=total.count
        )
