"""The money of a grant: its payment schedule (advance now, the rest after settlement), the
instalments with their payments, and the round's budget in figures.

Payments are made through the payments module; the application is the payee
(Application.payment_details()). Amounts are Decimal throughout, rounded to cents.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext as _

from funds.models import Application, Instalment, InstalmentKind, RoundPage
from payments import services as payment_services
from payments.models import PaymentStatus
from portal.money import cents

# What has gone out, or is on its way, to the grantee.
PAYOUT_KINDS = (InstalmentKind.ADVANCE, InstalmentKind.FINAL)


@dataclass(frozen=True)
class Schedule:
    granted: Decimal
    advance_percentage: int
    advance: Decimal
    rest: Decimal


def schedule_for(amount: Decimal, advance_percentage: int) -> Schedule:
    """An advance of the fund's percentage now, the rest after the report and settlement."""
    amount = cents(amount)
    advance = cents(amount * Decimal(advance_percentage) / 100)
    return Schedule(amount, advance_percentage, advance, amount - advance)


def schedule_of(application: Application, fund=None) -> Schedule | None:
    if application.granted_amount is None:
        return None
    fund = fund or application.round.fund
    return schedule_for(application.granted_amount, fund.advance_percentage)


def _reference(application: Application, suffix: str) -> str:
    return f"{application.number}-{suffix}"


def _bank_text(message: str, **values) -> str:
    """A description for the bank statement, in the portal's own language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message) % values


def schedule_advance(application: Application, fund=None) -> Instalment | None:
    """On a grant: the advance instalment with its payment (none when the fund pays no
    advance)."""
    fund = fund or application.round.fund
    schedule = schedule_for(application.granted_amount, fund.advance_percentage)
    if schedule.advance <= 0:
        return None
    payment = payment_services.schedule(
        application,
        schedule.advance,
        reference=_reference(application, "V"),
        description=_bank_text(
            "%(number)s advance %(fund)s", number=application.number, fund=fund.title
        ),
    )
    return Instalment.objects.create(
        application=application, kind=InstalmentKind.ADVANCE, amount=schedule.advance,
        payment=payment,
    )  # fmt: skip


def schedule_final(application: Application, amount: Decimal, fund=None) -> Instalment:
    """After settlement: the last payment, of what is still due."""
    fund = fund or application.round.fund
    payment = payment_services.schedule(
        application,
        cents(amount),
        reference=_reference(application, "S"),
        description=_bank_text(
            "%(number)s final payment %(fund)s", number=application.number, fund=fund.title
        ),
    )
    return Instalment.objects.create(
        application=application, kind=InstalmentKind.FINAL, amount=cents(amount), payment=payment
    )


def create_reclaim(application: Application, amount: Decimal) -> Instalment:
    """After settlement below what was paid: what the grantee pays back (no outgoing payment;
    staff record when it has come in)."""
    return Instalment.objects.create(
        application=application, kind=InstalmentKind.RECLAIM, amount=cents(amount)
    )


def paid_out(application: Application) -> Decimal:
    """What the grantee has received or is about to receive: the advance and final instalments
    whose payments were not cancelled."""
    return (
        Instalment.objects.filter(
            application=application, kind__in=PAYOUT_KINDS, payment__isnull=False
        )
        .exclude(payment__status=PaymentStatus.CANCELLED)
        .aggregate(total=Sum("amount", default=Decimal("0")))["total"]
    )


def instalments_of(application: Application):
    """The instalments with their payments and batches, for the staff page (one query)."""
    return application.instalments.select_related("payment", "payment__batch").order_by(
        "created_at", "pk"
    )


def mark_reclaim_received(instalment: Instalment, when) -> bool:
    """Staff record that the reclaimed money has come in. False when it already had."""
    return bool(
        Instalment.objects.filter(
            pk=instalment.pk, kind=InstalmentKind.RECLAIM, received_at__isnull=True
        ).update(received_at=when)
    )


@dataclass(frozen=True)
class RoundFigures:
    ceiling: Decimal
    committed: Decimal
    left: Decimal
    paid: Decimal


def round_figures(round_page: RoundPage) -> RoundFigures:
    """The round's budget ceiling (with what the previous round carried over), what it has
    committed, what is left, and what has been paid to its grantees."""
    ceiling = round_page.ceiling()
    committed = round_page.granted_total()
    paid = Instalment.objects.filter(
        application__round=round_page,
        kind__in=PAYOUT_KINDS,
        payment__status=PaymentStatus.PAID,
    ).aggregate(total=Sum("amount", default=Decimal("0")))["total"]
    return RoundFigures(ceiling, committed, ceiling - committed, paid)
