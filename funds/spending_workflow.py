"""The spending request's state machine, as one table (like funds.workflow for applications).

    proposed (a vakdocent's) ─┐
    booked (a booking the provider accepted) ─┤
    draft ────────────────────┴─ submit ─→ submitted ─ approve_school ─→ school_approved
    returned ← return_school ──────────────┘                │
    returned ← return_fund ─────────────────────────────────┤ approve_fund
                                                             ↓
                                          approved (payment scheduled) ─ paid ─→ paid
    proposed, draft, returned, submitted ─ withdraw ─→ withdrawn (a booked one: by cancelling
    its booking, funds.booking_workflow)

`apply()` is the only way a request changes status: in one transaction it locks the
allocation's row (so budget checks of concurrent requests run one after the other), locks the
request, checks the status and the person, runs the step's own work, and writes the activity
log. Emails go out after the commit.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funds import permissions
from funds.models import SpendingEvent, SpendingRequest
from funds.models import SpendingStatus as S
from funds.services import budget

DRAFTER = "drafter"  # directie or cultuurcoördinator of the school
SCHOOL_APPROVER = "school_approver"  # authorised person, not the drafter or submitter
FUND_MANAGER = "fund_manager"
WITHDRAWER = "withdrawer"  # a drafter, or the vakdocent for their own proposal
SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    who: str
    label: str
    needs_reason: bool = False
    commits: bool = False  # checks the amount against what is left of the budget
    style: str = "primary"


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", (S.PROPOSED, S.DRAFT, S.RETURNED, S.BOOKED), S.SUBMITTED, DRAFTER,
                   gettext_lazy("Submit for approval"), commits=True),
        Transition("approve_school", (S.SUBMITTED,), S.SCHOOL_APPROVED, SCHOOL_APPROVER,
                   gettext_lazy("Approve and send to the fund"), commits=True),
        Transition("return_school", (S.SUBMITTED,), S.RETURNED, SCHOOL_APPROVER,
                   gettext_lazy("Return for changes"), needs_reason=True,
                   style="outline-secondary"),
        Transition("approve_fund", (S.SCHOOL_APPROVED,), S.APPROVED, FUND_MANAGER,
                   gettext_lazy("Approve for payment"), commits=True),
        Transition("return_fund", (S.SCHOOL_APPROVED,), S.RETURNED, FUND_MANAGER,
                   gettext_lazy("Return to the school"), needs_reason=True,
                   style="outline-secondary"),
        Transition("paid", (S.APPROVED,), S.PAID, SYSTEM, gettext_lazy("Paid")),
        Transition("withdraw", (S.PROPOSED, S.DRAFT, S.RETURNED, S.SUBMITTED), S.WITHDRAWN,
                   WITHDRAWER, gettext_lazy("Withdraw"), style="outline-danger"),
    ]
}  # fmt: skip


class TransitionError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def may(user, transition: Transition, request: SpendingRequest) -> bool:
    if transition.who == SYSTEM:
        return user is None
    if user is None or not user.is_authenticated:
        return False
    if transition.who == DRAFTER:
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
    return [
        t
        for t in TRANSITIONS.values()
        if request.status in t.sources
        and t.who != SYSTEM
        and (who is None or t.who in who)
        and may(user, t, request)
    ]


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
    if transition.needs_reason and not reason.strip():
        raise TransitionError(_("Say why, so the school knows what to change."))
    with transaction.atomic():
        # The allocation first, always in this order: no deadlock between two requests.
        allocation = budget.lock(request.allocation_id)
        locked = SpendingRequest.objects.select_for_update().get(pk=request.pk)
        locked.allocation = allocation
        if locked.status not in transition.sources:
            raise TransitionError(
                _("This is not possible while the request is “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        if not may(user, transition, locked):
            if transition.who == SCHOOL_APPROVER and permissions.is_school_approver(
                user, locked.school
            ):
                raise TransitionError(
                    _(
                        "You drafted or submitted this request, so someone else authorised "
                        "by the school must approve it."
                    )
                )
            raise TransitionError(_("You may not do this with this request."))
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
                budget.check_room(allocation, locked.amount, exclude_request_id=locked.pk)
            except budget.BudgetError as error:
                raise TransitionError(error.message) from error
        source = locked.status
        now = timezone.now()
        if transition.name == "submit":
            locked.submitted_by, locked.submitted_at = user, now
            locked.return_reason = ""
        elif transition.name == "approve_school":
            locked.school_approved_by, locked.school_approved_at = user, now
        elif transition.name == "approve_fund":
            locked.fund_approved_by, locked.fund_approved_at = user, now
        elif transition.name in ("return_school", "return_fund"):
            locked.return_reason = reason.strip()
        elif transition.name == "paid":
            locked.paid_at = now
        if work is not None:
            work(locked)
        locked.status = transition.target
        locked.save()
        SpendingEvent.objects.create(
            request=locked,
            actor=user,
            transition=transition.name,
            from_status=source,
            to_status=transition.target,
            note=reason.strip(),
        )
        from funds.spending_notifications import notify

        transaction.on_commit(lambda: notify(locked.pk, transition.name))
    return locked
