"""The decision on an application: grant (within the round's budget ceiling) or reject, one at a
time or for a whole round at once. Each goes through the state machine (funds.workflow), which
checks that the person is a fund manager, writes the activity log and sends the decision email
with its letter.

The ceiling holds under concurrency: granting locks the round's row, so two managers granting
at the same moment are served one after the other, and the second sees the first's grant.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from funds import letters, workflow
from funds.models import Application, ApplicationStatus, RoundPage
from funds.services import accountability, money
from funds.workflow import TransitionError
from portal.money import cents, euro

GRANT, REJECT = "grant", "reject"


def check_grant_amount(application: Application, amount) -> Decimal:
    """The amount as cents, or TransitionError: more than zero, at most what was asked."""
    if amount is None:
        raise TransitionError(_("Give the amount to grant."))
    amount = cents(amount)
    if amount <= 0:
        raise TransitionError(_("The amount to grant must be more than € 0."))
    if amount > application.requested_amount:
        raise TransitionError(
            _("The amount to grant cannot be more than the %(requested)s requested.")
            % {"requested": euro(application.requested_amount)}
        )
    return amount


def check_within_ceiling(round_id: int, amount: Decimal) -> None:
    """Lock the round and refuse a grant that would take it over its ceiling. Call inside the
    transaction of the grant."""
    round_page = RoundPage.objects.select_for_update(of=("self",)).get(pk=round_id)
    ceiling = round_page.ceiling()
    committed = round_page.granted_total()
    if committed + amount > ceiling:
        raise TransitionError(
            _(
                "Granting %(amount)s would exceed the budget of this round: "
                "%(left)s is left of %(ceiling)s."
            )
            % {
                "amount": euro(amount),
                "left": euro(max(ceiling - committed, Decimal("0"))),
                "ceiling": euro(ceiling),
            }
        )


def grant(application: Application, user, amount, conditions: str = "") -> Application:
    """Grant `amount` (≤ requested, > 0) with conditions: the payment schedule (advance), the
    report with its due date, and the decision letter, all in the grant's transaction."""
    amount = check_grant_amount(application, amount)
    context: dict = {}

    def work(locked):
        check_grant_amount(locked, amount)
        check_within_ceiling(locked.round_id, amount)
        fund = locked.round.fund
        locked.granted_amount = amount
        locked.conditions = (conditions or "").strip()
        locked.decision_reason = ""
        locked.decided_at = timezone.now()
        money.schedule_advance(locked, fund)
        accountability.create_report(locked, fund)
        context["letter"] = letters.decision_letter(locked, signatory=user)

    return workflow.apply(application, GRANT, user, work=work, notify_context=context)


def reject(application: Application, user, reason: str) -> Application:
    """Reject with a reason (required): the rejection letter goes with the email."""
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Give the reason for the rejection."))
    context: dict = {}

    def work(locked):
        locked.granted_amount = None
        locked.conditions = ""
        locked.decision_reason = reason
        locked.decided_at = timezone.now()
        context["letter"] = letters.decision_letter(locked, signatory=user)

    return workflow.apply(application, REJECT, user, work=work, notify_context=context)


# --- A round at once ---------------------------------------------------------------------------
def batch_candidates(round_page: RoundPage):
    """The round's applications in review, best average score first (one query)."""
    return (
        Application.objects.filter(round=round_page, status=ApplicationStatus.IN_REVIEW)
        .only(
            "pk", "round_id", "number", "status", "project_title", "organisation_name",
            "contact_name", "requested_amount", "average_score", "score_spread", "review_count",
        )
        .order_by("-average_score", "number")
    )  # fmt: skip


@dataclass
class Outcome:
    application: Application
    action: str
    amount: Decimal | None
    ok: bool
    message: str


def decide_batch(user, choices, text: str = "") -> list[Outcome]:
    """Decide several applications, each through `grant` or `reject` (so each checks the
    ceiling in its own transaction). `choices`: [(application, "grant"/"reject", amount)], in the
    order to decide them. `text`: the conditions of the grants and the reason of the rejections.
    Returns what happened to each; a refusal does not stop the others."""
    outcomes = []
    for application, action, amount in choices:
        try:
            if action == GRANT:
                grant(application, user, amount, conditions=text)
                message = _("Granted %(amount)s.") % {"amount": euro(amount)}
            else:
                reject(application, user, text)
                message = _("Rejected.")
        except TransitionError as error:
            outcomes.append(Outcome(application, action, amount, False, error.message))
        else:
            outcomes.append(Outcome(application, action, amount, True, message))
    return outcomes
