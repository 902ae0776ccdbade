"""The status flow of volunteers and participants, as one table.

    unconfirmed → registered → intake → VOG requested → trained → active ↔ paused → stopped
                                  └──────(Taalpunt volunteer)──→ trained
                                  └──────(Taalpunt participant)──────→ active
    any status after registration → stopped (coordinator; a participant signs off themselves)
    stopped → intake (someone comes back)

Each row names where it may start, where it ends, who takes it, which kinds of people it is for,
what must hold first and what it does besides changing the status. `apply()` is the only way a
status changes: in one transaction it locks the row, checks all that, does the work and writes
the person's timeline.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    who: str
    kinds: tuple[str, ...]
    label: str
    check: Callable | None = None
    does: Callable | None = None


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("confirm", (S.UNCONFIRMED,), S.REGISTERED, PERSON, EVERYONE,
                   gettext_lazy("Confirm the registration"), does=confirmed),
        Transition("start_intake", (S.REGISTERED,), S.INTAKE, COORDINATOR, EVERYONE,
                   gettext_lazy("Start the intake")),
        Transition("request_vog", (S.INTAKE,), S.VOG_REQUESTED, COORDINATOR, (READING_VOLUNTEER,),
                   gettext_lazy("VOG requested"), does=vog_requested),
        Transition("train", (S.VOG_REQUESTED,), S.TRAINED, COORDINATOR, (READING_VOLUNTEER,),
                   gettext_lazy("Training done")),
        Transition("train_taalpunt", (S.INTAKE,), S.TRAINED, COORDINATOR, (TAALPUNT_VOLUNTEER,),
                   gettext_lazy("Training done")),
        Transition("activate", (S.TRAINED,), S.ACTIVE, COORDINATOR, VOLUNTEERS,
                   gettext_lazy("Make active"), check=valid_vog),
        Transition("admit", (S.INTAKE,), S.ACTIVE, COORDINATOR, (TAALPUNT_PARTICIPANT,),
                   gettext_lazy("Start taking part")),
        Transition("pause", (S.ACTIVE,), S.PAUSED, COORDINATOR, EVERYONE,
                   gettext_lazy("Pause")),
        Transition("resume", (S.PAUSED,), S.ACTIVE, COORDINATOR, EVERYONE,
                   gettext_lazy("Resume"), check=valid_vog),
        Transition("stop", TAKING_PART, S.STOPPED, COORDINATOR, EVERYONE,
                   gettext_lazy("Stop"), does=stopped),
        Transition("sign_off", TAKING_PART, S.STOPPED, PERSON, (TAALPUNT_PARTICIPANT,),
                   gettext_lazy("Sign off"), does=signed_off),
        Transition("come_back", (S.STOPPED,), S.INTAKE, COORDINATOR, EVERYONE,
                   gettext_lazy("Comes back: new intake"), does=came_back),
    ]
}  # fmt: skip


class TransitionError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def may(actor, transition: Transition, person) -> bool:
    if kind_of(person) not in transition.kinds:
        return False
    if transition.who == COORDINATOR:
        return actor is not None and may_coordinate(actor, programme_of(person))
    return actor is None  # PERSON: only through their own signed link, never as staff


def available(actor, person) -> list[Transition]:
    """The transitions this coordinator may offer now (checks may still refuse them)."""
    return [t for t in TRANSITIONS.values() if person.status in t.sources and may(actor, t, person)]


def apply(person, name: str, actor=None, note: str = ""):
    """Move `person` along transition `name`; returns the updated person.

    `actor` is the coordinator, or None for the person themselves (their signed link).
    """
    transition = TRANSITIONS[name]
    model = type(person)
    event_model = programme_of(person).event_model
    with transaction.atomic():
        person = model.objects.select_for_update().get(pk=person.pk)
        if not may(actor, transition, person):
            raise TransitionError(_("You may not do this."))
        if person.status not in transition.sources:
            raise TransitionError(_("This is not possible in the current status."))
        if transition.check and (problem := transition.check(person)):
            raise TransitionError(problem)
        now = timezone.now()
        before = person.status
        person.status = transition.target
        person.status_changed_at = now
        if transition.does:
            transition.does(person, now)
        person.save()
        event_model.objects.create(
            person=person,
            at=now,
            actor=actor,
            kind=EventKind.CONFIRMED if name == "confirm" else EventKind.STATUS,
            from_status=before,
            to_status=transition.target,
            text=note,
        )
    return person
