"""Periodic jobs: one entry point (`manage.py run_periodic`) that cron or a systemd timer calls.

Apps register jobs with `@periodic_job(...)`. Each run of the command runs the jobs that are
due. A job is claimed with one conditional UPDATE before it runs, so when several servers call
the command at the same moment, each job still runs once.
"""

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger("portal.periodic")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: Callable[[], str | None]
    every: timedelta
    description: str


jobs: dict[str, PeriodicJob] = {}


def periodic_job(name: str, every: timedelta, description: str):
    def register(func):
        jobs[name] = PeriodicJob(name=name, func=func, every=every, description=description)
        return func

    return register


def claim(job: PeriodicJob, now, force=False) -> bool:
    from portal.models import PeriodicJobRun

    PeriodicJobRun.objects.get_or_create(name=job.name)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.every)
    qs = PeriodicJobRun.objects.filter(name=job.name)
    if not force:
        qs = qs.filter(due)
    return qs.update(last_started_at=now) == 1


def without_values(exc: BaseException) -> str:
    """The exception's type and where it was raised (file, line, function, the line of code),
    never its message: a database error's message can hold a record's values ("Key
    (email)=(...) already exists")."""
    lines = [type(exc).__qualname__]
    for frame in traceback.extract_tb(exc.__traceback__)[-8:]:
        lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}: {frame.line}")
    cause = exc.__cause__ or exc.__context__
    if cause is not None and cause is not exc:
        lines.append(f"caused by {type(cause).__qualname__}")
    return "\n".join(lines)


def run_job(job: PeriodicJob) -> tuple[bool, str]:
    from portal.models import PeriodicJobRun

    try:
        summary = job.func() or ""
    except Exception as exc:
        where = without_values(exc)
        logger.error("periodic job %s failed: %s", job.name, where)
        PeriodicJobRun.objects.filter(name=job.name).update(
            last_started_at=None,  # due again at the next call
            last_error=where[:5000],
        )
        return False, type(exc).__name__
    PeriodicJobRun.objects.filter(name=job.name).update(
        last_succeeded_at=timezone.now(), last_error=""
    )
    return True, summary


def run_due(only: str | None = None, force: bool = False):
    """Run every due job (or only one). Yields (job, ran, ok, summary)."""
    now = timezone.now()
    for job in sorted(jobs.values(), key=lambda j: j.name):
        if only and job.name != only:
            continue
        if not claim(job, now, force=force):
            yield job, False, True, ""
            continue
        ok, summary = run_job(job)
        yield job, True, ok, summary
