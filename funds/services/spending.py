"""Spending requests on a school budget: making and changing them, and what the fund does on
approval (a payment to the invoice's account, through the one payments module).

The steps themselves (submit, approve, return, withdraw, paid) are funds.spending_workflow.
"""

import uuid

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from funds import permissions, spending_workflow
from funds.models import SpendingEvent, SpendingRequest, SpendingStatus
from funds.models.education import Allocation, AllocationStatus
from payments import services as payment_services
from portal.money import euro


class SpendingError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def allocation_for(school, year: int) -> Allocation | None:
    """The school's confirmed allocation for that calendar year, if any."""
    return (
        Allocation.objects.filter(
            school=school, scheme__year=year, status=AllocationStatus.CONFIRMED
        )
        .select_related("scheme")
        .first()
    )


def _save_numbered(request: SpendingRequest) -> SpendingRequest:
    """Save a new request and give it its number, CE<year>-<id> (the id is known only after the
    insert; a unique placeholder holds the number's place until then)."""
    request.number = uuid.uuid4().hex[:20]
    request.save()
    request.number = f"CE{request.allocation.scheme.year}-{request.pk:05d}"
    request.save(update_fields=["number"])
    return request


def create(school, user, form_data: dict, groups=()) -> SpendingRequest:
    """A new request, as a draft (drafters) or a proposal (a vakdocent)."""
    allocation = allocation_for(school, form_data["activity_date"].year)
    if allocation is None:
        raise SpendingError(
            _("The school has no confirmed budget for %(year)s.")
            % {"year": form_data["activity_date"].year},
            field="activity_date",
        )
    status = (
        SpendingStatus.DRAFT
        if permissions.may_draft_spending(user, school)
        else SpendingStatus.PROPOSED
    )
    with transaction.atomic():
        request = _save_numbered(
            SpendingRequest(
                school=school, allocation=allocation, status=status, created_by=user, **form_data
            )
        )
        request.groups.set(groups)
        SpendingEvent.record(request, user, "create")
    return request


def change_year_if_needed(request: SpendingRequest) -> None:
    """After an edit of the date: the request draws on the budget of the activity's year."""
    if request.activity_date.year == request.allocation.scheme.year:
        return
    allocation = allocation_for(request.school, request.activity_date.year)
    if allocation is None:
        raise SpendingError(
            _("The school has no confirmed budget for %(year)s.")
            % {"year": request.activity_date.year},
            field="activity_date",
        )
    request.allocation = allocation


def _bank_text(request: SpendingRequest) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(number)s invoice %(invoice)s Fonds Cultuureducatie %(school)s") % {
            "number": request.number,
            "invoice": request.invoice_number,
            "school": request.school.name,
        }


def approve_for_payment(request: SpendingRequest, user) -> SpendingRequest:
    """The fund manager approves: the invoice is scheduled for payment, to the account on it."""

    def schedule_payment(locked):
        locked.payment = payment_services.schedule(
            locked, locked.amount, reference=f"{locked.number}-F", description=_bank_text(locked)
        )

    return spending_workflow.apply(request, "approve_fund", user, work=schedule_payment)


def for_fund_queue():
    """Requests the schools have approved, waiting for the fund (oldest first)."""
    return (
        SpendingRequest.objects.filter(status=SpendingStatus.SCHOOL_APPROVED)
        .select_related("school", "allocation__scheme", "provider")
        .order_by("school_approved_at", "pk")
    )


def create_for_booking(booking, user):
    """The spending request of an accepted booking, committed to the budget of the activity's
    year (call inside the booking step's transaction: it locks the allocation)."""
    from funds.services import budget

    allocation = allocation_for(booking.school, booking.date.year)
    if allocation is None:
        raise SpendingError(
            _("The school has no confirmed budget for %(year)s.") % {"year": booking.date.year}
        )
    allocation = budget.lock(allocation.pk)
    amount = booking.cost()
    if amount <= 0:
        return None  # a free offer costs the budget nothing
    try:
        budget.check_room(allocation, amount)
    except budget.BudgetError as error:
        raise SpendingError(
            _("The school's budget does not cover this booking (%(amount)s).")
            % {"amount": euro(amount)}
        ) from error
    offer = booking.offer
    request = SpendingRequest(
        school=booking.school,
        allocation=allocation,
        status=SpendingStatus.BOOKED,
        activity=offer.title[:200],
        provider=offer.provider,
        education_offer=offer,
        discipline=offer.disciplines.first(),
        pupils=booking.pupils,
        activity_date=booking.date,
        amount=amount,
        is_pupil_activity=True,
        created_by=booking.requested_by,
    )
    _save_numbered(request)
    request.groups.set(booking.groups.all())
    SpendingEvent.record(request, user, "booked")
    return request
