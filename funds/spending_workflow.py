"""The spending request's state machine, as one table (like funds.workflow for applications).

    proposed (a vakdocent's) ─┐
    booked (a booking the provider accepted) ─┤
    draft ────────────────────┴─ submit ─→ submitted ─ approve_school ─→ school_approved
    returned ← return_school ──────────────┘                │
    returned ← return_fund ─────────────────────────────────┤ approve_fund
                                                             ↓
                                          approved (payment scheduled) ─ paid ─→ paid
    proposed, draft, returned, submitted ─ withdraw ─→ withdrawn
    booked ─ booking_cancelled (by cancelling its booking, funds.booking_workflow) ─→ withdrawn

`apply()` is the only way a request changes status: in one transaction it locks the
allocation's row (so budget checks of concurrent requests run one after the other), locks the
request, and takes the step (portal.workflow: checks the status and the person, runs the step's
own work, writes the activity log). Emails go out after the commit.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funds import permissions
from funds.models import SpendingEvent, SpendingRequest
from funds.models import SpendingStatus as S
from funds.services import budget
from portal import workflow
from portal.workflow import TransitionError

__all__ = ["TRANSITIONS", "Transition", "TransitionError", "apply", "available", "may"]

DRAFTER = "drafter"  # directie or cultuurcoördinator of the school
SCHOOL_APPROVER = "school_approver"  # authorised person, not the drafter or submitter
FUND_MANAGER = "fund_manager"
WITHDRAWER = "withdrawer"  # a drafter, or the vakdocent for their own proposal
BOOKING = "booking"  # the booking's own step (funds.booking_workflow), never a button here
SYSTEM = "system"


@dataclass(frozen=True)
class Transition(workflow.Transition):
    commits: bool = False  # checks the amount against what is left of the budget


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", (S.PROPOSED, S.DRAFT, S.RETURNED, S.BOOKED), S.SUBMITTED, DRAFTER,
                   gettext_lazy("Submit for approval"), commits=True,
                   stamp="submitted_at", stamp_by="submitted_by"),
        Transition("approve_school", (S.SUBMITTED,), S.SCHOOL_APPROVED, SCHOOL_APPROVER,
                   gettext_lazy("Approve and send to the fund"), commits=True,
                   stamp="school_approved_at", stamp_by="school_approved_by"),
        Transition("return_school", (S.SUBMITTED,), S.RETURNED, SCHOOL_APPROVER,
                   gettext_lazy("Return for changes"), needs_reason=True,
                   style="outline-secondary"),
        Transition("approve_fund", (S.SCHOOL_APPROVED,), S.APPROVED, FUND_MANAGER,
                   gettext_lazy("Approve for payment"), commits=True,
                   stamp="fund_approved_at", stamp_by="fund_approved_by"),
        Transition("return_fund", (S.SCHOOL_APPROVED,), S.RETURNED, FUND_MANAGER,
                   gettext_lazy("Return to the school"), needs_reason=True,
                   style="outline-secondary"),
        Transition("paid", (S.APPROVED,), S.PAID, SYSTEM, gettext_lazy("Paid"), stamp="paid_at"),
        Transition("withdraw", (S.PROPOSED, S.DRAFT, S.RETURNED, S.SUBMITTED), S.WITHDRAWN,
                   WITHDRAWER, gettext_lazy("Withdraw"), style="outline-danger"),
        Transition("booking_cancelled", (S.BOOKED,), S.WITHDRAWN, BOOKING,
                   gettext_lazy("Withdraw")),
    ]
}  # fmt: skip


def may(user, transition: Transition, request: SpendingRequest) -> bool:
    if transition.who == SYSTEM:
        return user is None
    if user is None or not user.is_authenticated:
        return False
    if transition.who in (DRAFTER, BOOKING):
        return permissions.may_draft_spending(user, request.school)
    if transition.who == SCHOOL_APPROVER:
        return permissions.may_approve_for_school(user, request)
    if transition.who == FUND_MANAGER:
        return permissions.is_education_fund_manager(user)
    if transition.who == WITHDRAWER:
        return permissions.may_edit_spending(user, request) or (
            request.status == S.SUBMITTED and permissions.may_draft_spending(user, request.school)
        )
    return False


def available(user, request: SpendingRequest, who: tuple[str, ...] | None = None):
    """The steps this person may take now (for the buttons on a page)."""
    if who is None:
        who = (DRAFTER, SCHOOL_APPROVER, FUND_MANAGER, WITHDRAWER)  # not SYSTEM's, nor BOOKING's
    return workflow.available(TRANSITIONS, may, user, request, who)


def missing_for_fund(request: SpendingRequest) -> list[str]:
    """What the fund needs before the school can send the request on: the invoice and the
    account to pay."""
    missing = []
    if not request.invoice:
        missing.append(_("the invoice (PDF)"))
    if not request.invoice_number:
        missing.append(_("the invoice number"))
    if not request.payee_name or not request.payee_iban:
        missing.append(_("the account holder and IBAN on the invoice"))
    return missing


def apply(
    request: SpendingRequest,
    name: str,
    user,
    reason: str = "",
    work: Callable[[SpendingRequest], None] | None = None,
) -> SpendingRequest:
    """Take step `name` on the request as `user` (None: the portal itself); returns it fresh."""
    transition = TRANSITIONS[name]
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise TransitionError(_("Say why, so the school knows what to change."))

    def may_or_explain(user, transition, locked):
        if may(user, transition, locked):
            return True
        if transition.who == SCHOOL_APPROVER and permissions.is_school_approver(
            user, locked.school
        ):
            raise TransitionError(
                _(
                    "You drafted or submitted this request, so someone else authorised "
                    "by the school must approve it."
                )
            )
        return False

    def step(locked):
        if transition.name in ("approve_school", "approve_fund"):
            missing = missing_for_fund(locked)
            if missing:
                raise TransitionError(
                    _("Before it goes to the fund, add: %(missing)s.")
                    % {"missing": ", ".join(str(m) for m in missing)}
                )
        if transition.commits:
            # Already committed requests are left out, so this counts the amount once.
            try:
                budget.check_room(locked.allocation, locked.amount, exclude_request_id=locked.pk)
            except budget.BudgetError as error:
                raise TransitionError(error.message) from error
        if transition.name == "submit":
            locked.return_reason = ""
        elif transition.name in ("return_school", "return_fund"):
            locked.return_reason = reason
        if work is not None:
            work(locked)

    from funds.spending_notifications import notify

    with transaction.atomic():
        # The allocation first, always in this order: no deadlock between two requests.
        allocation = budget.lock(request.allocation_id)
        locked = SpendingRequest.objects.select_for_update().get(pk=request.pk)
        locked.allocation = allocation
        return workflow.take(
            locked,
            transition,
            user,
            may=may_or_explain,
            event_model=SpendingEvent,
            wrong_status=gettext_lazy("This is not possible while the request is “%(status)s”."),
            not_allowed=_("You may not do this with this request."),
            work=step,
            note=reason,
            notify=notify,
        )
