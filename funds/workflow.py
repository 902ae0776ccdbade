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
from portal import workflow
from portal.workflow import TransitionError

__all__ = ["TRANSITIONS", "Transition", "TransitionError", "apply", "available", "may"]

APPLICANT = "applicant"
FUND_MANAGER = "fund_manager"
SYSTEM = "system"  # the portal itself, e.g. when the bank has paid


@dataclass(frozen=True)
class Transition(workflow.Transition):
    notify: str | None = None  # templates/emails/<notify>/ to the applicant


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", (S.DRAFT,), S.SUBMITTED, APPLICANT,
                   gettext_lazy("Submit"), notify="funds_submitted"),
        Transition("ask_more_info", (S.SUBMITTED, S.IN_REVIEW), S.MORE_INFO, FUND_MANAGER,
                   gettext_lazy("Ask for more information"), notify="funds_more_info"),
        Transition("answer", (S.MORE_INFO,), S.SUBMITTED, APPLICANT,
                   gettext_lazy("Send the answer")),
        Transition("start_review", (S.SUBMITTED,), S.IN_REVIEW, FUND_MANAGER,
                   gettext_lazy("Complete: start the review"), notify="funds_in_review"),
        Transition("grant", (S.IN_REVIEW,), S.GRANTED, FUND_MANAGER,
                   gettext_lazy("Grant"), notify="funds_decided"),
        Transition("reject", (S.SUBMITTED, S.IN_REVIEW), S.REJECTED, FUND_MANAGER,
                   gettext_lazy("Reject"), notify="funds_decided"),
        Transition("advance_paid", (S.GRANTED,), S.ADVANCE_PAID, SYSTEM,
                   gettext_lazy("Advance paid"), notify="funds_advance_paid"),
        Transition("submit_report", (S.GRANTED, S.ADVANCE_PAID), S.REPORT_SUBMITTED, APPLICANT,
                   gettext_lazy("Submit the report"), notify="funds_report_received"),
        Transition("settle", (S.REPORT_SUBMITTED,), S.SETTLED, FUND_MANAGER,
                   gettext_lazy("Settle"), notify="funds_settled"),
        Transition("reclaim", (S.REPORT_SUBMITTED, S.GRANTED, S.ADVANCE_PAID), S.RECLAIMED,
                   FUND_MANAGER, gettext_lazy("Reclaim"), notify="funds_settled"),
        Transition("withdraw", (S.DRAFT, S.SUBMITTED, S.MORE_INFO, S.IN_REVIEW), S.WITHDRAWN,
                   APPLICANT, gettext_lazy("Withdraw"), notify="funds_withdrawn"),
    ]
}  # fmt: skip


def may(user, transition: Transition, application: Application) -> bool:
    if transition.who == APPLICANT:
        return permissions.is_applicant(user, application)
    if transition.who == FUND_MANAGER:
        return permissions.is_fund_manager(user)
    return user is None  # SYSTEM: only the portal itself


def available(user, application: Application) -> list[Transition]:
    """The transitions this person may take now (for the buttons on a page)."""
    return workflow.available(TRANSITIONS, may, user, application, (APPLICANT, FUND_MANAGER))


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
    fresh application. The applicant's email is sent inside the transaction.
    """
    transition = TRANSITIONS[name]
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        workflow.take(
            locked,
            transition,
            user,
            may=may,
            event_model=ApplicationEvent,
            wrong_status=gettext_lazy(
                "This is not possible while the application is “%(status)s”."
            ),
            not_allowed=_("You may not do this with this application."),
            work=work,
            person_first=True,
        )
        if transition.notify:
            from funds.notifications import notify_applicant

            notify_applicant(locked, transition.notify, notify_context or {})
    return locked
