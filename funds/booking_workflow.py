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

from funds import permissions
from funds.models import Booking, BookingEvent, SpendingStatus
from funds.models import BookingStatus as B
from funds.services import spending

PROVIDER = "provider"
SCHOOL = "school"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    who: str
    label: str
    needs_reason: bool = False
    needs_date: bool = False
    style: str = "primary"


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("accept", (B.REQUESTED,), B.ACCEPTED, PROVIDER, gettext_lazy("Accept")),
        Transition("propose_date", (B.REQUESTED,), B.DATE_PROPOSED, PROVIDER,
                   gettext_lazy("Propose another date"), needs_date=True,
                   style="outline-primary"),
        Transition("accept_date", (B.DATE_PROPOSED,), B.ACCEPTED, SCHOOL,
                   gettext_lazy("Accept the proposed date")),
        Transition("decline", (B.REQUESTED, B.DATE_PROPOSED), B.DECLINED, PROVIDER,
                   gettext_lazy("Decline"), needs_reason=True, style="outline-danger"),
        Transition("cancel", (B.REQUESTED, B.DATE_PROPOSED, B.ACCEPTED), B.CANCELLED, SCHOOL,
                   gettext_lazy("Cancel the booking"), style="outline-danger"),
    ]
}  # fmt: skip


class TransitionError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def may(user, transition: Transition, booking: Booking) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if transition.who == PROVIDER:
        return permissions.may_answer_booking(user, booking)
    return permissions.may_draft_spending(user, booking.school)


def available(user, booking: Booking, who: str):
    return [
        t
        for t in TRANSITIONS.values()
        if booking.status in t.sources and t.who == who and may(user, t, booking)
    ]


def apply(booking: Booking, name: str, user, reason: str = "", date=None) -> Booking:
    transition = TRANSITIONS[name]
    if transition.needs_reason and not reason.strip():
        raise TransitionError(_("Say why, so the school knows."), field="reason")
    if transition.needs_date:
        if date is None:
            raise TransitionError(_("Choose the date you propose."), field="date")
        if date < timezone.localdate():
            raise TransitionError(_("The date cannot be in the past."), field="date")
    with transaction.atomic():
        locked = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("offer", "school")
            .get(pk=booking.pk)
        )
        if locked.status not in transition.sources:
            raise TransitionError(
                _("This is not possible while the booking is “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        if not may(user, transition, locked):
            raise TransitionError(_("You may not do this with this booking."))
        source = locked.status
        if name == "propose_date":
            locked.proposed_date = date
            locked.provider_note = reason.strip()
            locked.answered_by = user
        elif name == "decline":
            locked.provider_note = reason.strip()
            locked.answered_by = user
        elif name in ("accept", "accept_date"):
            if name == "accept_date":
                locked.date = locked.proposed_date
            else:
                locked.answered_by = user
            try:
                locked.spending = spending.create_for_booking(locked, user)
            except spending.SpendingError as error:
                raise TransitionError(error.message) from error
        elif name == "cancel" and locked.spending_id:
            request = locked.spending
            if request.status != SpendingStatus.BOOKED:
                raise TransitionError(
                    _("Its invoice has been submitted: withdraw the spending request instead.")
                )
            _withdraw_booked(request, user)
        locked.status = transition.target
        locked.save()
        BookingEvent.objects.create(
            booking=locked,
            actor=user,
            transition=name,
            from_status=source,
            to_status=transition.target,
            note=reason.strip(),
        )
        from funds.booking_notifications import notify

        transaction.on_commit(lambda: notify(locked.pk, name))
    return locked


def _withdraw_booked(request, user):
    """Cancelling a booking releases its commitment: the booked request is withdrawn."""
    from funds.models import SpendingEvent

    source = request.status
    request.status = SpendingStatus.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    SpendingEvent.objects.create(
        request=request,
        actor=user,
        transition="withdraw",
        from_status=source,
        to_status=SpendingStatus.WITHDRAWN,
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
        BookingEvent.objects.create(
            booking=locked,
            actor=user,
            transition="confirm_held",
            from_status=locked.status,
            to_status=locked.status,
        )
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
        BookingEvent.objects.create(
            booking=booking,
            actor=user,
            transition="request",
            from_status=B.REQUESTED,
            to_status=B.REQUESTED,
        )
        from funds.booking_notifications import notify

        transaction.on_commit(lambda: notify(booking.pk, "request"))
    return booking
