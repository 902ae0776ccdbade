"""The engine of every workflow: one step, the same way for every model that has one.

Each app keeps its own table of steps (`Transition` rows: plain data that names where a step
may start, where it ends and who may take it) and its own `may(user, transition, obj)`. The
app locks its row in a transaction and calls `take()`, which

    checks the status → checks the person → stamps → runs the step's own work → sets the
    new status → saves → writes the event row → queues the notification for after the commit.

A step that is not allowed raises TransitionError with a message for the person.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    who: str
    label: str
    needs_reason: bool = False
    style: str = "primary"  # of its button
    stamp: str | None = None  # the field that gets the time of the step
    stamp_by: str | None = None  # the field that gets who took it
    # An app that needs more per step subclasses this dataclass (frozen too) with its fields.


class TransitionError(Exception):
    """A step that cannot be taken, with the message for the person (and the form field it
    is about, if any)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def available(transitions: dict, may: Callable, user, obj, who: tuple[str, ...]) -> list:
    """The steps of `transitions` taken by one of `who` that `user` may take on `obj` now (the
    buttons of a page)."""
    return [
        t
        for t in transitions.values()
        if obj.status in t.sources and t.who in who and may(user, t, obj)
    ]


def take(
    locked,
    transition: Transition,
    user,
    *,
    may: Callable,
    event_model,
    wrong_status: str,
    not_allowed: str,
    work: Callable | None = None,
    note: str = "",
    notify: Callable[[int, str], None] | None = None,
    person_first: bool = False,
):
    """Take `transition` on `locked` (a row the caller locked in its transaction) as `user`
    (None: the portal itself); returns it.

    `wrong_status` is the message when the status is not one the step starts from (it gets the
    status as %(status)s), `not_allowed` the one when `may` says no (`may` may also raise its
    own TransitionError). `person_first` checks the person before the status: who may not
    learns nothing of it. `work(locked)` is the step's own work: it runs after the checks and
    the stamps, before the status changes; it may change fields (they are saved) and may raise
    TransitionError. `notify(pk, step name)` runs after the commit.
    """
    if person_first and not may(user, transition, locked):
        raise TransitionError(not_allowed)
    if locked.status not in transition.sources:
        raise TransitionError(wrong_status % {"status": locked.get_status_display()})
    if not person_first and not may(user, transition, locked):
        raise TransitionError(not_allowed)
    with transaction.atomic(savepoint=False):
        source = locked.status
        if transition.stamp:
            setattr(locked, transition.stamp, timezone.now())
        if transition.stamp_by:
            setattr(locked, transition.stamp_by, user)
        if work is not None:
            work(locked)
        locked.status = transition.target
        locked.save()
        event_model.record(locked, user, transition.name, from_status=source, note=note)
        if notify is not None:
            transaction.on_commit(lambda: notify(locked.pk, transition.name))
    return locked
