"""Retention: personal data that outlived its purpose is deleted or anonymised.

Every model bound to a purpose (portal.personal_data) says when a record's purpose ended
(`ended`: a date or datetime field, or an expression). A record whose purpose ended longer ago
than the purpose's retention (`Purpose.retention_days` in the register, which the privacy officer
keeps) gets the purpose's retention action: delete or anonymise. Models without `ended` keep
their records as long as they exist (a membership ends by being deleted).

Financial records under legal hold (`Purpose.legal_hold_years`, and `legal_hold` fields in the
declaration) keep only what the law needs: past retention but within the hold, every other
personal field is blanked and the record stays; once the hold has passed, the full action
applies to all fields. The hold is only for records of money paid or committed: a declaration's
`held_when` says which records those are, and the others (a rejected application, a cancelled
contribution) get the full action at the normal retention.

Selection is done by the database against cut-off moments computed once per run; the work
itself goes through privacy.erasure, in batches. A second run finds nothing left to do, and an
interrupted run can simply be started again.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from privacy import erasure, purposes
from privacy.models import Purpose
from privacy.registry import BoundModel, bound_models

logger = logging.getLogger("privacy.retention")

# The third thing retention does: anonymise all but the legal-hold fields.
HOLD = "hold"
ENDED = "retention_ended"


@dataclass(frozen=True)
class Step:
    """One action on the records of one model: delete, anonymise, or anonymise but the fields
    under legal hold."""

    bound: BoundModel
    action: str
    queryset: QuerySet

    @property
    def purpose(self) -> str:
        return self.bound.declaration.purpose

    def pending(self) -> QuerySet:
        """The records this step would still change (what a dry run counts)."""
        model, declaration = self.bound.model, self.bound.declaration
        if self.action == purposes.DELETE:
            return self.queryset
        names = _blanked_fields(declaration, self.action)
        if not names:
            return self.queryset.none()
        return self.queryset.filter(erasure.has_personal_data(model, declaration, names))

    def apply(self, progress=None) -> erasure.Outcome:
        model, declaration = self.bound.model, self.bound.declaration
        if self.action == purposes.DELETE:
            return erasure.delete(model, declaration, self.queryset, progress=progress)
        keep = declaration.legal_hold if self.action == HOLD else ()
        return erasure.anonymise(model, declaration, self.queryset, keep=keep, progress=progress)


def _blanked_fields(declaration, action) -> list[str]:
    keep = declaration.legal_hold if action == HOLD else ()
    return [name for name in declaration.fields if name not in keep]


@dataclass
class Tally:
    """What retention did (or, in a dry run, would do) to one model."""

    purpose: str
    model: str
    deleted: int = 0
    anonymised: int = 0
    held: int = 0  # anonymised but for the fields under legal hold

    @property
    def total(self) -> int:
        return self.deleted + self.anonymised + self.held

    def add(self, action: str, outcome: erasure.Outcome) -> None:
        self.deleted += outcome.deleted
        if action == HOLD:
            self.held += outcome.anonymised
        else:
            self.anonymised += outcome.anonymised


def plan(purpose_code: str | None = None, now: datetime | None = None) -> list[Step]:
    """The steps of one retention run, for every purpose or for one."""
    now = now or timezone.now()
    register = {purpose.code: purpose for purpose in Purpose.objects.all()}  # in register order
    order = list(register)
    models_in_order = sorted(
        bound_models(purpose_code),
        key=lambda bound: (
            order.index(code) if (code := bound.declaration.purpose) in register else len(order),
            bound.label,
        ),
    )
    steps = []
    for bound in models_in_order:
        if bound.declaration.ended is None:
            continue  # kept while the record exists
        purpose = register.get(bound.declaration.purpose)
        if purpose is None:
            logger.warning(
                "retention skips %s: purpose %r is not in the register",
                bound.label,
                bound.declaration.purpose,
            )
            continue
        steps.extend(steps_for(bound, purpose, now))
    return steps


def steps_for(bound: BoundModel, purpose: Purpose, now: datetime) -> list[Step]:
    """Records of one model past the retention of its purpose: one step, or three under a hold
    (the records the hold is not for, those past the hold, those within it)."""
    records = bound.model._default_manager.annotate(**{ENDED: ended_expression(bound)})
    output_field = records.query.annotations[ENDED].output_field
    retention_cutoff = cutoff(now, output_field, bound.label, days=purpose.retention_days)
    ended_before = f"{ENDED}__lt"
    if not (purpose.legal_hold_years and bound.declaration.legal_hold):
        return [
            Step(
                bound, purpose.retention_action, records.filter(**{ended_before: retention_cutoff})
            )
        ]
    hold_cutoff = cutoff(now, output_field, bound.label, years=purpose.legal_hold_years)
    steps = []
    held = held_condition(bound.declaration)
    if held is not None:
        # Nothing was paid or committed: the law keeps nothing, the full action at retention.
        steps.append(
            Step(
                bound,
                purpose.retention_action,
                records.filter(**{ended_before: retention_cutoff}).exclude(held),
            )
        )
        records = records.filter(held)
    return [
        *steps,
        # Past the hold too: the full action, on every field.
        Step(
            bound,
            purpose.retention_action,
            records.filter(**{ended_before: min(retention_cutoff, hold_cutoff)}),
        ),
        # Past retention, within the hold: keep only what the law needs.
        Step(
            bound,
            HOLD,
            records.filter(**{ended_before: retention_cutoff, f"{ENDED}__gte": hold_cutoff}),
        ),
    ]


def held_condition(declaration) -> Q | None:
    """The records the legal hold is for (money paid or committed), or None for all of them."""
    held = declaration.held_when
    return held() if callable(held) else held


def ended_expression(bound: BoundModel):
    ended = bound.declaration.ended
    return F(ended) if isinstance(ended, str) else ended()


def cutoff(now: datetime, output_field, label: str, days: int = 0, years: int = 0):
    """The moment before which a purpose must have ended: a datetime, or for a date field the
    local date (a purpose that ended on a day ended at the end of that day)."""
    moment = years_before(now - timedelta(days=days), years)
    if isinstance(output_field, models.DateTimeField):
        return moment
    if isinstance(output_field, models.DateField):
        return timezone.localdate(moment)
    raise ImproperlyConfigured(
        f"{label}: `ended` must be a date or datetime, not {type(output_field).__name__}."
    )


def years_before(moment: datetime | date, years: int):
    if not years:
        return moment
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def count(steps: list[Step]) -> list[Tally]:
    """A dry run: what `apply` would do, changing nothing."""
    tallies = _tallies(steps)
    for step in steps:
        pending = step.pending().count()
        outcome = erasure.Outcome()
        if step.action == purposes.DELETE:
            outcome.deleted = pending
        else:
            outcome.anonymised = pending
        tallies[_key(step)].add(step.action, outcome)
    return list(tallies.values())


def apply(steps: list[Step], progress=None) -> list[Tally]:
    """Carry out the steps; `progress(n)` is called after each batch of n records."""
    tallies = _tallies(steps)
    for step in steps:
        tallies[_key(step)].add(step.action, step.apply(progress=progress))
    for tally in tallies.values():
        if tally.total:
            logger.info(
                "retention %s %s: %d deleted, %d anonymised, %d kept under legal hold",
                tally.purpose,
                tally.model,
                tally.deleted,
                tally.anonymised,
                tally.held,
            )
    return list(tallies.values())


def _key(step: Step) -> tuple[str, str]:
    return step.purpose, step.bound.label


def _tallies(steps: list[Step]) -> dict[tuple[str, str], Tally]:
    return {_key(step): Tally(*_key(step)) for step in steps}


def run(purpose_code: str | None = None, dry_run: bool = False, progress=None) -> list[Tally]:
    steps = plan(purpose_code)
    return count(steps) if dry_run else apply(steps, progress=progress)


def summary_line(tallies: list[Tally]) -> str:
    """One line of counts (never a value from a record), e.g. for the periodic job."""
    deleted = sum(t.deleted for t in tallies)
    anonymised = sum(t.anonymised for t in tallies)
    held = sum(t.held for t in tallies)
    line = f"{deleted} deleted, {anonymised} anonymised, {held} kept under legal hold"
    per_purpose: dict[str, int] = {}
    for tally in tallies:
        if tally.total:
            per_purpose[tally.purpose] = per_purpose.get(tally.purpose, 0) + tally.total
    if per_purpose:
        line += " (" + ", ".join(f"{code} {n}" for code, n in sorted(per_purpose.items())) + ")"
    return line
