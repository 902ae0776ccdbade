from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from portal.models import PeriodicJobRun
from portal.periodic import PeriodicJob, jobs, run_due
from schools.models import SchoolInvitation
from tests.factories.schools import school_invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def counting_job():
    calls = []
    job = PeriodicJob("test_counter", lambda: calls.append(1) or "counted", timedelta(hours=1), "")
    jobs[job.name] = job
    yield calls
    del jobs[job.name]


def test_a_job_runs_once_per_interval_however_often_cron_calls(counting_job):
    list(run_due(only="test_counter"))
    list(run_due(only="test_counter"))
    assert counting_job == [1]
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        list(run_due(only="test_counter"))
    assert counting_job == [1, 1]
    run = PeriodicJobRun.objects.get(name="test_counter")
    assert run.last_succeeded_at is not None
    assert run.last_error == ""


def test_a_failing_job_is_recorded_and_due_again():
    def broken():
        raise RuntimeError("boom")

    jobs["test_broken"] = PeriodicJob("test_broken", broken, timedelta(days=1), "")
    try:
        results = list(run_due(only="test_broken"))
        assert results[0][2] is False
        run = PeriodicJobRun.objects.get(name="test_broken")
        assert "RuntimeError" in run.last_error
        assert run.last_started_at is None  # due again at the next call
        with pytest.raises(CommandError):
            call_command("run_periodic", job="test_broken")
    finally:
        del jobs["test_broken"]


def test_a_failing_job_leaves_no_value_from_its_error_in_the_log_or_the_database(caplog):
    """A database error's message can quote a record ("Key (email)=(...) already exists"):
    only the type and where it was raised are kept."""

    address = "lid" + "@voorbeeld.test"  # (the source line of the raise is kept, not its value)

    def broken():
        raise ValueError(f"Key (email)=({address}) already exists.")

    jobs["test_leaky"] = PeriodicJob("test_leaky", broken, timedelta(days=1), "")
    try:
        with caplog.at_level("DEBUG"):
            list(run_due(only="test_leaky"))
    finally:
        del jobs["test_leaky"]
    run = PeriodicJobRun.objects.get(name="test_leaky")
    assert "ValueError" in run.last_error and "in broken" in run.last_error
    logged = "\n".join(
        record.getMessage() + (caplog.text if record.exc_info else "") for record in caplog.records
    )
    assert "ValueError" in logged
    for text in (run.last_error, logged, caplog.text):
        assert "lid@voorbeeld.test" not in text


def test_run_periodic_command_runs_the_core_jobs(capsys):
    call_command("run_periodic")
    out = capsys.readouterr().out
    assert "clear_sessions: done" in out
    assert "delete_old_invitations: done" in out
    call_command("run_periodic")
    assert "clear_sessions: not due" in capsys.readouterr().out


def test_old_invitations_and_their_addresses_are_deleted():
    old, _token = school_invitation(email="oud@voorbeeld.test")
    school_invitation(email="recent@voorbeeld.test")
    SchoolInvitation.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - timedelta(days=31)
    )
    call_command("run_periodic", job="delete_old_invitations")
    assert list(SchoolInvitation.objects.values_list("email", flat=True)) == [
        "recent@voorbeeld.test"
    ]
