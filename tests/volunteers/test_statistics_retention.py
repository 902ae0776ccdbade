"""Anonymised statistics (small cells suppressed, nothing that identifies anyone) and retention
(people deleted after the register's term, statistics untouched, reminders, keeping longer only
with a reason)."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from privacy import retention
from tests.factories.volunteers import (
    EnrolmentFactory,
    ReadingPeriodFactory,
    ReadingVolunteerFactory,
    StatisticsRecordFactory,
    TaalpuntParticipantFactory,
    coordinator_taalpunt,
    coordinator_voorleesexpress,
)
from volunteers import jobs, statistics, workflow
from volunteers.models import (
    Enrolment,
    ReadingPeriod,
    ReadingVolunteer,
    StatisticsRecord,
    Status,
    TaalpuntEvent,
    TaalpuntPerson,
)

pytestmark = pytest.mark.django_db

EXPORT = "/taalpunt/coordinatie/statistiek/"


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def march(year=2026):
    return timezone.datetime(year, 3, 1).date()


def test_suppress_hides_counts_under_five_and_the_smallest_other_count():
    assert statistics.suppress([7, 0, 12]) == ["7", "0", "12"]
    # Beside every "<5" the smallest other count is hidden, else the total shows their sum.
    assert statistics.suppress([3, 2, 9]) == ["<5", "<5", "x"]
    assert statistics.suppress([3, 9, 12]) == ["<5", "x", "12"]
    # When that still pins a cell down (1 + 5 = 15 - 9), the whole attribute is hidden.
    assert statistics.suppress([1, 5, 9]) == ["x", "x", "x"]


def test_the_export_suppresses_small_cells_and_has_no_identifying_column(client):
    StatisticsRecordFactory.create_batch(8, period=march(), wijk="holtenbroek")
    StatisticsRecordFactory.create_batch(6, period=march(), wijk="stadshagen")
    StatisticsRecordFactory.create_batch(2, period=march(), wijk="assendorp", gender="woman")
    StatisticsRecordFactory(period=march().replace(month=4), wijk="assendorp")
    client.force_login(coordinator_taalpunt())
    response = client.get(EXPORT, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["month", "attribute", "value", "number of participants"]
    # Only these four columns: no name, id, date, postcode or anything else per person.
    assert all(len(row) == 4 for row in rows)
    cells = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert cells[("2026-03", "total", "")] == "16"
    assert cells[("2026-03", "wijk", "Holtenbroek")] == "8"
    assert cells[("2026-03", "wijk", "Assendorp")] == "<5"
    assert cells[("2026-03", "wijk", "Stadshagen")] == "x"  # else 16 - 8 - 6 shows the 2
    assert cells[("2026-03", "gender", "woman")] == "<5"
    assert cells[("2026-03", "gender", "not given")] == "x"
    # April has one participant: only its total, no attribute that would describe them.
    assert cells[("2026-04", "total", "")] == "<5"
    assert [key for key in cells if key[0] == "2026-04"] == [("2026-04", "total", "")]
    counts = [r[3] for r in rows[1:]]
    assert not [c for c in counts if c not in ("<5", "x") and 0 < int(c) < 5]
    # One attribute per row: never a combination that could describe one person.
    attributes = {r[1] for r in rows[1:]}
    assert attributes == {
        "total",
        "age group",
        "gender",
        "first-language group",
        "wijk",
        "how they heard of us",
        "activity",
    }


def test_the_xlsx_export_holds_the_same_cells(client):
    StatisticsRecordFactory.create_batch(6, period=march())
    StatisticsRecordFactory.create_batch(3, period=march(), wijk="berkum")
    client.force_login(coordinator_taalpunt())
    response = client.get(EXPORT, {"export": "xlsx", "year": "2026"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("month", "attribute", "value", "number of participants")
    cells = {(r[0], r[1], r[2] or ""): r[3] for r in rows[1:]}
    assert cells[("2026-03", "wijk", "Berkum")] == "<5"
    assert cells[("2026-03", "wijk", "Holtenbroek")] == "x"
    assert cells[("2026-03", "total", "")] == "9"


def test_the_statistics_table_has_no_link_to_a_person():
    fields = {f.name for f in StatisticsRecord._meta.get_fields()}
    assert fields == {
        "id",
        "period",
        "age_band",
        "gender",
        "language_group",
        "wijk",
        "how_heard",
        "activity_kind",
    }
    assert not [f for f in StatisticsRecord._meta.get_fields() if f.is_relation]
    # The key is random, so not even the order of rows follows the people table.
    assert StatisticsRecord._meta.pk.get_internal_type() == "UUIDField"


def stop_long_ago(person, days):
    TaalpuntPerson.objects.filter(pk=person.pk).update(
        status=Status.STOPPED, stopped_at=timezone.now() - timedelta(days=days)
    )


def test_retention_deletes_the_person_and_the_statistics_stay():
    people = []
    for _n in range(6):
        person = TaalpuntParticipantFactory(
            status=Status.UNCONFIRMED,
            confirmed_at=None,
            wijk="holtenbroek",
            pending_statistics={
                "age_band": "27-40",
                "gender": "",
                "language_group": "arabic",
                "how_heard": "library",
                "activity_kind": "taalcafe",
            },
        )
        people.append(workflow.apply(person, "confirm"))
    EnrolmentFactory(person=people[0])
    next_month = timezone.localdate() + timedelta(days=31)  # the month of confirmation has ended
    before = [(c.period, c.attribute, c.value, c.shown) for c in statistics.table(today=next_month)]
    assert before[0][3] == "6"  # the month's total: the six are in it
    assert StatisticsRecord.objects.count() == 6
    stop_long_ago(people[0], days=400)
    stop_long_ago(people[1], days=200)  # stopped, but the year is not over
    retention.run("taalpunt")
    assert not TaalpuntPerson.objects.filter(pk=people[0].pk).exists()
    assert not Enrolment.objects.filter(person_id=people[0].pk).exists()
    assert not TaalpuntEvent.objects.filter(person_id=people[0].pk).exists()
    assert TaalpuntPerson.objects.filter(pk=people[1].pk).exists()
    after = [(c.period, c.attribute, c.value, c.shown) for c in statistics.table(today=next_month)]
    assert after == before and StatisticsRecord.objects.count() == 6
    # The statistics purpose itself deletes nothing either.
    retention.run("taalpunt-statistiek")
    assert StatisticsRecord.objects.count() == 6


def test_retention_of_voorleesexpress_volunteers_and_their_reading_periods():
    volunteer = ReadingVolunteerFactory(
        status=Status.STOPPED, stopped_at=timezone.now() - timedelta(days=400)
    )
    ReadingPeriodFactory(volunteer=volunteer, starts_on=timezone.localdate() - timedelta(days=600))
    active = ReadingVolunteerFactory(status=Status.ACTIVE, with_vog=True)
    old_period = ReadingPeriodFactory(
        volunteer=active, starts_on=timezone.localdate() - timedelta(days=700)
    )
    retention.run("voorleesexpress")
    assert list(ReadingVolunteer.objects.all()) == [active]
    # Of an active volunteer, a family's period a year past its end goes too.
    assert not ReadingPeriod.objects.filter(pk=old_period.pk).exists()


def test_keeping_longer_needs_a_reason_and_holds_retention(client):
    volunteer = ReadingVolunteerFactory(
        status=Status.STOPPED, stopped_at=timezone.now() - timedelta(days=400)
    )
    client.force_login(coordinator_voorleesexpress())
    url = f"/voorleesexpress/coordinatie/{volunteer.pk}/bewaren/"
    until = timezone.localdate() + timedelta(days=90)
    response = client.post(url, {"keep_until": until, "keep_reason": "", "keep_reason_note": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    response = client.post(
        url,
        {
            "keep_until": timezone.localdate() + timedelta(days=500),
            "keep_reason": "complaint",
            "keep_reason_note": "Klacht 2026-14",
        },
    )
    assert "At most one year from today." in response.content.decode()
    response = client.post(
        url, {"keep_until": until, "keep_reason": "complaint", "keep_reason_note": "Klacht 2026-14"}
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.keep_reason == "complaint" and volunteer.keep_until == until
    assert volunteer.events.filter(kind="keep").exists()
    retention.run("voorleesexpress")
    assert ReadingVolunteer.objects.filter(pk=volunteer.pk).exists()
    # Once the date has passed, retention deletes it.
    ReadingVolunteer.objects.filter(pk=volunteer.pk).update(
        keep_until=timezone.localdate() - timedelta(days=1)
    )
    retention.run("voorleesexpress")
    assert not ReadingVolunteer.objects.filter(pk=volunteer.pk).exists()


def test_coordinators_are_reminded_before_deletion_once():
    coordinator = coordinator_voorleesexpress()
    coordinator_taalpunt()  # gets nothing: nothing of the Taalpunt is due
    volunteer = ReadingVolunteerFactory(
        status=Status.STOPPED, stopped_at=timezone.now() - timedelta(days=350)
    )
    ReadingVolunteerFactory(status=Status.STOPPED, stopped_at=timezone.now() - timedelta(days=10))
    jobs.send_reminders()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [coordinator.email]
    assert "/voorleesexpress/coordinatie/?attention=retention" in mail.outbox[0].body
    assert volunteer.last_name not in mail.outbox[0].body  # counts, never names
    volunteer.refresh_from_db()
    assert volunteer.retention_reminded_at
    jobs.send_reminders()
    assert len(mail.outbox) == 1
