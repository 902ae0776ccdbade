"""A school's budget (drawing rights) for one year: allocated, committed, paid, left.

    available = the allocation in force + what the previous year carried over
    left      = available - committed - paid

Committed: spending requests submitted, approved by the school, or approved by the fund and not
yet paid (funds.models.spending.COMMITTED), and bookings accepted by a provider and not yet
invoiced. Paid: spending requests the bank has paid.

Carry-over follows the rule of the year in which the money was left unspent: when that year's
scheme lets unspent money carry over, the next year gets what the school left of its own
allocation that year, up to the scheme's cap (a percentage of that allocation). Money that was
itself carried over and is again left unspent lapses.

Every step that commits money calls `lock` first: it locks the allocation's row (SELECT … FOR
UPDATE), so two requests submitted at the same moment are checked one after the other and the
second sees the first's commitment. Nothing is committed beyond what is left.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from funds.models.education import Allocation, AllocationStatus, UnspentRule
from funds.models.spending import COMMITTED, SpendingRequest, SpendingStatus
from portal.money import cents, euro

ZERO = Decimal("0.00")
COUNTING = (*COMMITTED, SpendingStatus.PAID)


class BudgetError(Exception):
    """More than what is left; `message` is for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Budget:
    allocation: Allocation
    allocated: Decimal
    carried_in: Decimal
    committed: Decimal
    paid: Decimal
    pupil_spent: Decimal  # committed and paid on pupils' activities
    minimum_pupil_share: int

    @property
    def available(self) -> Decimal:
        return self.allocated + self.carried_in

    @property
    def spent(self) -> Decimal:
        """Committed and paid."""
        return self.committed + self.paid

    @property
    def left(self) -> Decimal:
        return self.available - self.spent

    @property
    def spent_percentage(self) -> Decimal | None:
        if not self.available:
            return None
        return (self.spent * 100 / self.available).quantize(Decimal("0.1"))

    @property
    def pupil_share(self) -> Decimal | None:
        """The share of what is spent so far that went to pupils' activities (%)."""
        if not self.spent:
            return None
        return (self.pupil_spent * 100 / self.spent).quantize(Decimal("0.1"))

    @property
    def pupil_share_below_minimum(self) -> bool:
        share = self.pupil_share
        return share is not None and share < self.minimum_pupil_share

    @property
    def unspent(self) -> Decimal:
        """What is left of the school's own allocation (not of money carried in)."""
        return max(ZERO, self.allocated - max(ZERO, self.spent - self.carried_in))

    @property
    def carries_over(self) -> Decimal:
        """What moves to next year if the year ended now (by this year's scheme)."""
        scheme = self.allocation.scheme
        if scheme.unspent_rule != UnspentRule.CARRY_OVER:
            return ZERO
        return min(self.unspent, cents(scheme.carry_over_limit(self.allocated)))

    @property
    def lapses(self) -> Decimal:
        return max(ZERO, self.left - self.carries_over)


def _sums(allocation_ids, exclude_request_id=None):
    """Committed, paid and pupil-activity sums per allocation: one query."""
    rows = SpendingRequest.objects.filter(allocation_id__in=allocation_ids, status__in=COUNTING)
    if exclude_request_id is not None:
        rows = rows.exclude(pk=exclude_request_id)
    rows = rows.values("allocation_id").annotate(
        committed=Sum("amount", filter=Q(status__in=COMMITTED), default=ZERO),
        paid=Sum("amount", filter=Q(status=SpendingStatus.PAID), default=ZERO),
        pupil=Sum("amount", filter=Q(is_pupil_activity=True), default=ZERO),
    )
    return {row["allocation_id"]: row for row in rows}


def budgets_for(allocations) -> dict[int, Budget]:
    """The budgets of many allocations (with their schemes loaded): two queries in all, plus one
    for the previous years' allocations when a carry-over rule applies."""
    allocations = list(allocations)
    if not allocations:
        return {}
    previous = _previous_allocations(allocations)
    sums = _sums([a.pk for a in allocations] + [p.pk for p in previous.values()])
    carried = {}
    for allocation in allocations:
        before = previous.get((allocation.school_id, allocation.scheme.year - 1))
        carried[allocation.pk] = _carry_over(before, sums.get(before.pk) if before else None)
    return {a.pk: _budget(a, sums.get(a.pk), carried[a.pk]) for a in allocations}


def budget_for(allocation: Allocation, exclude_request_id=None) -> Budget:
    previous = _previous_allocations([allocation])
    before = previous.get((allocation.school_id, allocation.scheme.year - 1))
    ids = [allocation.pk] + ([before.pk] if before else [])
    sums = _sums(ids, exclude_request_id=exclude_request_id)
    carried = _carry_over(before, sums.get(before.pk) if before else None)
    return _budget(allocation, sums.get(allocation.pk), carried)


def _previous_allocations(allocations):
    """Confirmed allocations of the year before, for schools whose previous scheme carries
    over; keyed by (school, year). One query: by schools and years, then the exact pairs."""
    pairs = {(a.school_id, a.scheme.year - 1) for a in allocations}
    found = Allocation.objects.filter(
        school_id__in={school for school, _year in pairs},
        scheme__year__in={year for _school, year in pairs},
        status=AllocationStatus.CONFIRMED,
        scheme__unspent_rule=UnspentRule.CARRY_OVER,
    ).select_related("scheme")
    return {(a.school_id, a.scheme.year): a for a in found if (a.school_id, a.scheme.year) in pairs}


def _carry_over(previous: Allocation | None, sums) -> Decimal:
    if previous is None:
        return ZERO
    spent = (sums["committed"] + sums["paid"]) if sums else ZERO
    unspent = max(ZERO, previous.amount - spent)
    return min(unspent, cents(previous.scheme.carry_over_limit(previous.amount)))


def _budget(allocation: Allocation, sums, carried_in: Decimal) -> Budget:
    return Budget(
        allocation=allocation,
        allocated=allocation.amount,
        carried_in=carried_in,
        committed=sums["committed"] if sums else ZERO,
        paid=sums["paid"] if sums else ZERO,
        pupil_spent=sums["pupil"] if sums else ZERO,
        minimum_pupil_share=allocation.scheme.minimum_pupil_share,
    )


def lock(allocation_id: int) -> Allocation:
    """Lock the allocation's row for the rest of the transaction (call inside atomic)."""
    return (
        # Only the allocation's row: locking its scheme would queue every school's requests.
        Allocation.objects.select_for_update(of=("self",))
        .select_related("scheme", "school")
        .get(pk=allocation_id)
    )


def check_room(allocation: Allocation, amount: Decimal, exclude_request_id=None) -> Budget:
    """Refuse `amount` when it is more than what is left (the allocation must be locked)."""
    if allocation.status != AllocationStatus.CONFIRMED:
        raise BudgetError(
            _("The school budget for %(year)s has not been confirmed yet.")
            % {"year": allocation.scheme.year}
        )
    budget = budget_for(allocation, exclude_request_id=exclude_request_id)
    if amount > budget.left:
        raise BudgetError(
            _(
                "This is more than what is left of the school budget: %(amount)s requested, "
                "%(left)s left."
            )
            % {"amount": euro(amount), "left": euro(max(ZERO, budget.left))}
        )
    return budget
