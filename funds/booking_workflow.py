"""The booking's state machine, as one table (like funds.workflow and funds.spending_workflow).

    requested ─ accept ──────────────→ accepted (its spending request: booked)
        │ └── propose_date → date_proposed ─ accept_date → accepted
        └────── decline (also from date_proposed) → declined
    requested, date_proposed, accepted ─ cancel → cancelled (by the school; not once its
    invoice has been submitted)

Acceptance commits the cost to the school budget, under the allocation's row lock: a booking
the budget cannot cover is refused. After the activity the provider confirms it took place and
adds the invoice (`confirm_held`); the school submits the spending request.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funds import permissions, spending_workflow
from funds.models import Booking, BookingEvent, SpendingStatus
from funds.models import BookingStatus as B
from funds.services import spending
from portal import workflow
from portal.workflow import TransitionError

__all__ = ["TRANSITIONS", "Transition", "TransitionError", "apply", "available", "may"]

PROVIDER = "provider"
SCHOOL = "school"


@dataclass(frozen=True)
class Transition(workflow.Transition):
    needs_date: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("accept", (B.REQUESTED,), B.ACCEPTED, PROVIDER, gettext_lazy("Accept"),
                   stamp_by="answered_by"),
        Transition("propose_date", (B.REQUESTED,), B.DATE_PROPOSED, PROVIDER,
                   gettext_lazy("Propose another date"), needs_date=True,
                   style="outline-primary", stamp_by="answered_by"),
        Transition("accept_date", (B.DATE_PROPOSED,), B.ACCEPTED, SCHOOL,
                   gettext_lazy("Accept the proposed date")),
        Transition("decline", (B.REQUESTED, B.DATE_PROPOSED), B.DECLINED, PROVIDER,
                   gettext_lazy("Decline"), needs_reason=True, style="outline-danger",
                   stamp_by="answered_by"),
        Transition("cancel", (B.REQUESTED, B.DATE_PROPOSED, B.ACCEPTED), B.CANCELLED, SCHOOL,
                   gettext_lazy("Cancel the booking"), style="outline-danger"),
    ]
}  # fmt: skip


def may(user, transition: Transition, booking: Booking) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if transition.who == PROVIDER:
        return permissions.may_answer_booking(user, booking)
    return permissions.may_draft_spending(user, booking.school)


def available(user, booking: Booking, who: str):
    return workflow.available(TRANSITIONS, may, user, booking, (who,))


def apply(booking: Booking, name: str, user, reason: str = "", date=None) -> Booking:
    transition = TRANSITIONS[name]
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise TransitionError(_("Say why, so the school knows."), field="reason")
    if transition.needs_date:
        if date is None:
            raise TransitionError(_("Choose the date you propose."), field="date")
        if date < timezone.localdate():
            raise TransitionError(_("The date cannot be in the past."), field="date")

    def step(locked):
        if name in ("propose_date", "decline"):
            locked.provider_note = reason
        if name == "propose_date":
            locked.proposed_date = date
        elif name in ("accept", "accept_date"):
            if name == "accept_date":
                locked.date = locked.proposed_date
            try:
                locked.spending = spending.create_for_booking(locked, user)
            except spending.SpendingError as error:
                raise TransitionError(error.message) from error
        elif name == "cancel" and locked.spending_id:
            # Cancelling releases the commitment: the booked request is withdrawn.
            if locked.spending.status != SpendingStatus.BOOKED:
                raise TransitionError(
                    _("Its invoice has been submitted: withdraw the spending request instead.")
                )
            spending_workflow.apply(locked.spending, "booking_cancelled", user)

    from funds.booking_notifications import notify

    with transaction.atomic():
        locked = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("offer", "school")
            .get(pk=booking.pk)
        )
        return workflow.take(
            locked,
            transition,
            user,
            may=may,
            event_model=BookingEvent,
            wrong_status=gettext_lazy("This is not possible while the booking is “%(status)s”."),
            not_allowed=_("You may not do this with this booking."),
            work=step,
            note=reason,
            notify=notify,
        )


def confirm_held(booking: Booking, user, invoice, invoice_number, payee_name, payee_iban):
    """After the activity: the provider confirms it took place and adds the invoice to the
    booked spending request; the school's coordinator is told and submits it."""
    if not permissions.may_answer_booking(user, booking):
        raise TransitionError(_("You may not do this with this booking."))
    with transaction.atomic():
        locked = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("spending")
            .get(pk=booking.pk)
        )
        if locked.status != B.ACCEPTED or locked.spending is None:
            raise TransitionError(_("Only an accepted booking can be confirmed."))
        if locked.date > timezone.localdate():
            raise TransitionError(_("You can confirm the activity once it has taken place."))
        request = locked.spending
        if request.status != SpendingStatus.BOOKED:
            raise TransitionError(_("The school has already submitted this invoice."))
        request.invoice = invoice
        request.invoice_number = invoice_number
        request.payee_name = payee_name
        request.payee_iban = payee_iban
        request.save()
        locked.took_place_at = timezone.now()
        locked.save(update_fields=["took_place_at", "updated_at"])
        BookingEvent.record(locked, user, "confirm_held")
        from funds.booking_notifications import notify

        transaction.on_commit(lambda: notify(locked.pk, "confirm_held"))
    return locked


def request_booking(school, offer, user, *, date, groups, pupils, start_time=None, message=""):
    """A school's request to book an education offer (the provider answers)."""
    if not permissions.may_book(user, school):
        raise TransitionError(_("You may not book for this school."))
    with transaction.atomic():
        booking = Booking.objects.create(
            school=school,
            offer=offer,
            date=date,
            start_time=start_time,
            pupils=pupils,
            message=message,
            requested_by=user,
        )
        booking.groups.set(groups)
        BookingEvent.record(booking, user, "request")
        from funds.booking_notifications import notify

        transaction.on_commit(lambda: notify(booking.pk, "request"))
    return booking
