"""The status flow of volunteers and participants, as one table.

    unconfirmed → registered → intake → VOG requested → trained → active ↔ paused → stopped
                                  └──────(Taalpunt volunteer)──→ trained
                                  └──────(Taalpunt participant)──────→ active
    any status after registration → stopped (coordinator; a participant signs off themselves)
    stopped → intake (someone comes back)

Each row names where it may start, where it ends, who takes it, which kinds of people it is for,
what must hold first and what it does besides changing the status. `apply()` is the only way a
status changes: it locks the row and takes the step (portal.workflow: checks the person and the
status, stamps `status_changed_at`, checks what must hold, does the work, writes the timeline).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import workflow
from portal.workflow import TransitionError
from volunteers import consent, statistics
from volunteers.models import EventKind, Status
from volunteers.programmes import (
    READING_VOLUNTEER,
    TAALPUNT_PARTICIPANT,
    TAALPUNT_VOLUNTEER,
    kind_of,
    may_coordinate,
    programme_of,
)

S = Status
COORDINATOR = "coordinator"
PERSON = "person"  # the person themselves, through the signed link in their email

EVERYONE = (READING_VOLUNTEER, TAALPUNT_VOLUNTEER, TAALPUNT_PARTICIPANT)
VOLUNTEERS = (READING_VOLUNTEER, TAALPUNT_VOLUNTEER)
TAKING_PART = (S.REGISTERED, S.INTAKE, S.VOG_REQUESTED, S.TRAINED, S.ACTIVE, S.PAUSED)


# --- what must hold first ---------------------------------------------------------------------
def valid_vog(person) -> str | None:
    """VoorleesExpress volunteers work alone with children: no activity without a valid VOG."""
    if kind_of(person) != READING_VOLUNTEER or person.vog_valid():
        return None
    return _("A VoorleesExpress volunteer needs a received VOG less than three years old.")


# --- what it does besides the status ----------------------------------------------------------
def confirmed(person, now):
    person.confirmed_at = now
    statistics.record_registration(person, now)  # participants only; clears the pending answers
    if kind_of(person) != READING_VOLUNTEER:
        consent.record_given(person)  # the Taalpunt's legal basis


def vog_requested(person, now):
    if not person.vog_requested_on:
        person.vog_requested_on = timezone.localdate(now)


def stopped(person, now):
    person.stopped_at = now
    if kind_of(person) != READING_VOLUNTEER:
        person.enrolments.current().update(signed_off_at=now)


def signed_off(person, now):
    stopped(person, now)
    consent.record_withdrawn(person)


def came_back(person, now):
    person.stopped_at = None
    person.keep_until = None
    person.keep_reason = ""
    person.keep_reason_note = ""
    person.retention_reminded_at = None


@dataclass(frozen=True)
class Transition(workflow.Transition):
    kinds: tuple[str, ...] = ()  # the kinds of people it is for (none unless named)
    check: Callable | None = None  # what must hold first: None, or the message why not
    does: Callable | None = None  # what it does besides the status: does(person, now)
    stamp: str | None = "status_changed_at"


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("confirm", (S.UNCONFIRMED,), S.REGISTERED, PERSON,
                   gettext_lazy("Confirm the registration"), kinds=EVERYONE, does=confirmed),
        Transition("start_intake", (S.REGISTERED,), S.INTAKE, COORDINATOR,
                   gettext_lazy("Start the intake"), kinds=EVERYONE),
        Transition("request_vog", (S.INTAKE,), S.VOG_REQUESTED, COORDINATOR,
                   gettext_lazy("VOG requested"), kinds=(READING_VOLUNTEER,), does=vog_requested),
        Transition("train", (S.VOG_REQUESTED,), S.TRAINED, COORDINATOR,
                   gettext_lazy("Training done"), kinds=(READING_VOLUNTEER,)),
        Transition("train_taalpunt", (S.INTAKE,), S.TRAINED, COORDINATOR,
                   gettext_lazy("Training done"), kinds=(TAALPUNT_VOLUNTEER,)),
        Transition("activate", (S.TRAINED,), S.ACTIVE, COORDINATOR,
                   gettext_lazy("Make active"), kinds=VOLUNTEERS, check=valid_vog),
        Transition("admit", (S.INTAKE,), S.ACTIVE, COORDINATOR,
                   gettext_lazy("Start taking part"), kinds=(TAALPUNT_PARTICIPANT,)),
        Transition("pause", (S.ACTIVE,), S.PAUSED, COORDINATOR,
                   gettext_lazy("Pause"), kinds=EVERYONE),
        Transition("resume", (S.PAUSED,), S.ACTIVE, COORDINATOR,
                   gettext_lazy("Resume"), kinds=EVERYONE, check=valid_vog),
        Transition("stop", TAKING_PART, S.STOPPED, COORDINATOR,
                   gettext_lazy("Stop"), kinds=EVERYONE, does=stopped),
        Transition("sign_off", TAKING_PART, S.STOPPED, PERSON,
                   gettext_lazy("Sign off"), kinds=(TAALPUNT_PARTICIPANT,), does=signed_off),
        Transition("come_back", (S.STOPPED,), S.INTAKE, COORDINATOR,
                   gettext_lazy("Comes back: new intake"), kinds=EVERYONE, does=came_back),
    ]
}  # fmt: skip


def may(actor, transition: Transition, person) -> bool:
    if kind_of(person) not in transition.kinds:
        return False
    if transition.who == COORDINATOR:
        return actor is not None and may_coordinate(actor, programme_of(person))
    return actor is None  # PERSON: only through their own signed link, never as staff


def available(actor, person) -> list[Transition]:
    """The transitions this coordinator may offer now (checks may still refuse them)."""
    return workflow.available(TRANSITIONS, may, actor, person, (COORDINATOR, PERSON))


class Timeline:
    """The person's timeline also holds notes, VOG, matches and messages (EventKind), so it is
    not a WorkflowEvent; this writes the engine's steps into it (`event_model.record()`)."""

    @staticmethod
    def record(person, actor, step: str, from_status: str, note: str = ""):
        kind = EventKind.CONFIRMED if step == "confirm" else EventKind.STATUS
        return programme_of(person).event_model.objects.create(
            person=person, at=person.status_changed_at, actor=actor, kind=kind,
            from_status=from_status, to_status=person.status, text=note,
        )  # fmt: skip


def apply(person, name: str, actor=None, note: str = ""):
    """Move `person` along transition `name`; returns the updated person.

    `actor` is the coordinator, or None for the person themselves (their signed link).
    """
    transition = TRANSITIONS[name]

    def work(locked):
        if transition.check and (problem := transition.check(locked)):
            raise TransitionError(problem)
        if transition.does:
            transition.does(locked, locked.status_changed_at)

    with transaction.atomic():
        locked = type(person).objects.select_for_update().get(pk=person.pk)
        return workflow.take(
            locked,
            transition,
            actor,
            may=may,
            event_model=Timeline,
            wrong_status=_("This is not possible in the current status."),
            not_allowed=_("You may not do this."),
            work=work,
            note=note,
            person_first=True,
        )
