"""The application's state machine, as one table.

Each transition names where it may start, where it ends, who may take it, and which email the
applicant gets. `apply()` is the only way an application changes status: in one database
transaction it locks the row, checks the status and the person, runs the transition's own work
(passed in by the service function), writes the activity log and queues the notification. A
transition that is not allowed raises TransitionError with a message for the person.

    draft → submitted → (more_info ↔ submitted) → in_review → granted / rejected
    granted → advance_paid → report_submitted → settled | reclaimed
    draft, submitted, more_info, in_review → withdrawn
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funds import permissions
from funds.models import Application, ApplicationEvent
from funds.models import ApplicationStatus as S

APPLICANT = "applicant"
FUND_MANAGER = "fund_manager"
SYSTEM = "system"  # the portal itself, e.g. when the bank has paid


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    who: str
    label: str
    notify: str | None = None  # templates/emails/<notify>/ to the applicant


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", (S.DRAFT,), S.SUBMITTED, APPLICANT,
                   gettext_lazy("Submit"), "funds_submitted"),
        Transition("ask_more_info", (S.SUBMITTED, S.IN_REVIEW), S.MORE_INFO, FUND_MANAGER,
                   gettext_lazy("Ask for more information"), "funds_more_info"),
        Transition("answer", (S.MORE_INFO,), S.SUBMITTED, APPLICANT,
                   gettext_lazy("Send the answer")),
        Transition("start_review", (S.SUBMITTED,), S.IN_REVIEW, FUND_MANAGER,
                   gettext_lazy("Complete: start the review"), "funds_in_review"),
        Transition("grant", (S.IN_REVIEW,), S.GRANTED, FUND_MANAGER,
                   gettext_lazy("Grant"), "funds_decided"),
        Transition("reject", (S.SUBMITTED, S.IN_REVIEW), S.REJECTED, FUND_MANAGER,
                   gettext_lazy("Reject"), "funds_decided"),
        Transition("advance_paid", (S.GRANTED,), S.ADVANCE_PAID, SYSTEM,
                   gettext_lazy("Advance paid"), "funds_advance_paid"),
        Transition("submit_report", (S.GRANTED, S.ADVANCE_PAID), S.REPORT_SUBMITTED, APPLICANT,
                   gettext_lazy("Submit the report"), "funds_report_received"),
        Transition("settle", (S.REPORT_SUBMITTED,), S.SETTLED, FUND_MANAGER,
                   gettext_lazy("Settle"), "funds_settled"),
        Transition("reclaim", (S.REPORT_SUBMITTED, S.GRANTED, S.ADVANCE_PAID), S.RECLAIMED,
                   FUND_MANAGER, gettext_lazy("Reclaim"), "funds_settled"),
        Transition("withdraw", (S.DRAFT, S.SUBMITTED, S.MORE_INFO, S.IN_REVIEW), S.WITHDRAWN,
                   APPLICANT, gettext_lazy("Withdraw"), "funds_withdrawn"),
    ]
}  # fmt: skip


class TransitionError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def may(user, transition: Transition, application: Application) -> bool:
    if transition.who == APPLICANT:
        return permissions.is_applicant(user, application)
    if transition.who == FUND_MANAGER:
        return permissions.is_fund_manager(user)
    return user is None  # SYSTEM: only the portal itself


def available(user, application: Application) -> list[Transition]:
    """The transitions this person may take now (for the buttons on a page)."""
    return [
        t
        for t in TRANSITIONS.values()
        if application.status in t.sources and t.who != SYSTEM and may(user, t, application)
    ]


def apply(
    application: Application,
    name: str,
    user,
    work: Callable[[Application], None] | None = None,
    notify_context: dict | None = None,
) -> Application:
    """Take transition `name` on the application as `user` (None: the portal itself).

    `work(application)` runs inside the transaction on the locked row, before the status
    changes; it may change fields (they are saved) and may raise TransitionError. Returns the
    fresh application.
    """
    transition = TRANSITIONS[name]
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not may(user, transition, locked):
            raise TransitionError(_("You may not do this with this application."))
        if locked.status not in transition.sources:
            raise TransitionError(
                _("This is not possible while the application is “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        source = locked.status
        if work is not None:
            work(locked)
        locked.status = transition.target
        locked.save()
        ApplicationEvent.objects.create(
            application=locked,
            actor=user,
            transition=transition.name,
            from_status=source,
            to_status=transition.target,
        )
        if transition.notify:
            from funds.notifications import notify_applicant

            notify_applicant(locked, transition.notify, notify_context or {})
    return locked
