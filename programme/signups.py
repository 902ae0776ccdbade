"""Signing up for the own programme: places, the waiting list, cancelling, attendance, payment at
the desk, reminders and prize contests.

Capacity holds under concurrent sign-ups: every change to the places of a session (or, for one
sign-up for all sessions, of the activity) first locks that row (SELECT ... FOR UPDATE OF the row
itself), then counts, then writes, in one transaction. On SQLite the whole database is written
by one transaction at a time (transaction_mode IMMEDIATE), which gives the same.

Rules, chosen and tested (tests/programme/test_signups.py):
- A sign-up that fits gets its places. When the session is full, it goes on the waiting list.
  When some places are left but fewer than asked, nothing is written: the visitor is told how
  many are left (`NotEnoughPlaces`) and chooses fewer places, or the waiting list.
- When places come free, the waiting list moves up in order of signing up. A sign-up that needs
  more places than are free keeps its turn at the front, and the next ones that do fit move up
  (so a free place is never left empty while someone who fits is waiting); the one who keeps
  its turn gets the next places that are enough for it.
- Emails go after the transaction has committed (`transaction.on_commit`).

Counters in `SignupTally` are changed in the same transaction, so reports keep their figures
after retention has destroyed the sign-ups.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.models import PriceKind
from portal.emails import send_templated_email
from privacy.models import Purpose
from privacy.purposes import PROGRAMMA_DEELNEMERS
from programme.models import (
    ActivitySession,
    ContestEntry,
    DeskPayment,
    ProgrammeActivityPage,
    SignUp,
    SignupScope,
    SignupStatus,
    SignupTally,
)

DEFAULT_RETENTION_DAYS = 1


class SignupError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class SignupClosed(SignupError):
    pass


class NotEnoughPlaces(SignupError):
    def __init__(self, left):
        self.left = left
        super().__init__(
            _(
                "Only %(left)s places are left. Choose fewer places, or sign up for the "
                "waiting list."
            )
            % {"left": left},
            field="places",
        )


@dataclass(frozen=True)
class Outcome:
    signup: SignUp
    moved_up: tuple[SignUp, ...] = ()


# --- places ------------------------------------------------------------------------------------


def capacity_of(activity, session=None) -> int | None:
    """The places of the unit that sign-ups share: the session's (or its room's seats), or the
    activity's for one sign-up for all sessions. None: no limit."""
    if session is not None:
        if session.capacity:
            return session.capacity
        return session.room.seats if session.room_id else None
    return activity.capacity


def price_of(activity) -> Decimal:
    if activity.price_kind == PriceKind.FREE or activity.price_from is None:
        return Decimal("0")
    return activity.price_from


def places_taken(activity, session=None) -> int:
    return (
        SignUp.objects.for_unit(activity, session)
        .confirmed()
        .aggregate(total=Sum("places"))["total"]
        or 0
    )


def places_left(activity, session=None) -> int | None:
    capacity = capacity_of(activity, session)
    if capacity is None:
        return None
    return max(capacity - places_taken(activity, session), 0)


def _lock(activity, session):
    """Lock the row that holds the capacity: every sign-up for this unit waits here."""
    if session is not None:
        return ActivitySession.objects.select_for_update(of=("self",)).get(pk=session.pk)
    return ProgrammeActivityPage.objects.select_for_update(of=("self",)).get(pk=activity.pk)


def tally_for(activity, session=None) -> SignupTally:
    tally, _created = SignupTally.objects.get_or_create(activity=activity, session=session)
    return tally


def _bump(tally, **changes):
    SignupTally.objects.filter(pk=tally.pk).update(
        **{name: F(name) + amount for name, amount in changes.items()}
    )


def _record_waiting(tally, activity, session):
    waiting = SignUp.objects.for_unit(activity, session).waiting().count()
    SignupTally.objects.filter(pk=tally.pk).update(waiting=waiting)
    if waiting > tally.waiting_max:
        SignupTally.objects.filter(pk=tally.pk, waiting_max__lt=waiting).update(waiting_max=waiting)


def check_open(activity, session=None, now=None):
    now = now or timezone.now()
    if not activity.live:
        raise SignupClosed(_("This activity is not published."))
    if activity.signup_scope == SignupScope.NONE:
        raise SignupClosed(_("No sign-up is needed for this activity: just come."))
    if activity.signup_scope == SignupScope.SESSION:
        if session is None or session.activity_id != activity.pk:
            raise SignupError(_("Choose a session."), field="session")
        if session.start <= now:
            raise SignupClosed(_("This session has already started."))
    else:
        first = min((s.start for s in activity.sessions.all()), default=None)
        if first is not None and first <= now:
            raise SignupClosed(_("This course has already started."))


def sign_up(
    activity,
    session=None,
    *,
    name,
    email,
    places=1,
    child_first_name="",
    child_age_group="",
    waiting_list_ok=False,
    language="nl",
    base_url="",
    notify=True,
) -> Outcome:
    """Sign up, or go on the waiting list when the unit is full (or, with `waiting_list_ok`,
    when fewer places are left than asked)."""
    if activity.signup_scope == SignupScope.ACTIVITY:
        session = None
    check_open(activity, session)
    if places > activity.max_places_per_signup:
        raise SignupError(
            _("At most %(n)s places per sign-up.") % {"n": activity.max_places_per_signup},
            field="places",
        )
    with transaction.atomic():
        _lock(activity, session)
        tally = tally_for(activity, session)
        left = places_left(activity, session)
        if left is None or left >= places:
            status = SignupStatus.CONFIRMED
        elif left == 0 or waiting_list_ok:
            status = SignupStatus.WAITING
        else:
            raise NotEnoughPlaces(left)
        price = price_of(activity)
        now = timezone.now()
        signup = SignUp.objects.create(
            activity=activity,
            session=session,
            name=name,
            email=email,
            places=places,
            child_first_name=child_first_name if activity.asks_child_details else "",
            child_age_group=child_age_group if activity.asks_child_details else "",
            status=status,
            payment_status=DeskPayment.UNPAID if price else DeskPayment.FREE,
            language=language,
            confirmed_at=now if status == SignupStatus.CONFIRMED else None,
        )
        if status == SignupStatus.CONFIRMED:
            _bump(tally, signups=1, places=places)
        else:
            _bump(tally, signups=1)
            _record_waiting(tally, activity, session)
        if notify:
            transaction.on_commit(
                lambda: send_signup_email("programme_signup", signup, base_url=base_url)
            )
    return Outcome(signup)


def cancel(signup, base_url="") -> Outcome:
    """Cancel a sign-up (by its link, or by staff); free places go to the waiting list."""
    with transaction.atomic():
        _lock(signup.activity, signup.session)
        signup = SignUp.objects.select_related("activity", "session").get(pk=signup.pk)
        if signup.is_cancelled:
            return Outcome(signup)
        was_confirmed = signup.status == SignupStatus.CONFIRMED
        tally = tally_for(signup.activity, signup.session)
        signup.status = SignupStatus.CANCELLED
        signup.cancelled_at = timezone.now()
        signup.save(update_fields=["status", "cancelled_at"])
        _bump(tally, cancelled=1, **({"places": -signup.places} if was_confirmed else {}))
        moved = move_up(signup.activity, signup.session, tally, base_url=base_url)
        _record_waiting(tally, signup.activity, signup.session)
    return Outcome(signup, tuple(moved))


def move_up(activity, session, tally, base_url="") -> list[SignUp]:
    """Give free places to the waiting list, in order (see the rules above). The caller holds
    the lock."""
    left = places_left(activity, session)
    moved = []
    now = timezone.now()
    for waiting in SignUp.objects.for_unit(activity, session).waiting():
        if left is not None and left <= 0:
            break
        if left is not None and waiting.places > left:
            continue  # keeps its turn; the next one that fits moves up
        waiting.status = SignupStatus.CONFIRMED
        waiting.confirmed_at = now
        waiting.save(update_fields=["status", "confirmed_at"])
        _bump(tally, places=waiting.places, moved_up=1)
        if left is not None:
            left -= waiting.places
        moved.append(waiting)
    for signup in moved:
        transaction.on_commit(
            lambda signup=signup: send_signup_email("programme_moved_up", signup, base_url=base_url)
        )
    return moved


def set_attended(signup, attended: bool) -> None:
    with transaction.atomic():
        row = SignUp.objects.select_for_update().get(pk=signup.pk)
        if row.attended == attended or row.status != SignupStatus.CONFIRMED:
            return
        row.attended = attended
        row.save(update_fields=["attended"])
        tally = tally_for(row.activity, row.session)
        _bump(tally, attended=row.places if attended else -row.places)


def set_paid(signup, paid: bool) -> None:
    """Payment at the desk: the price of every place of the sign-up, or undone."""
    with transaction.atomic():
        row = SignUp.objects.select_for_update().select_related("activity").get(pk=signup.pk)
        if row.payment_status == DeskPayment.FREE:
            return
        if paid == (row.payment_status == DeskPayment.PAID):
            return
        tally = tally_for(row.activity, row.session)
        if paid:
            row.amount_paid = price_of(row.activity) * row.places
            row.payment_status = DeskPayment.PAID
            _bump(tally, paid_places=row.places, income=row.amount_paid)
        else:
            _bump(tally, paid_places=-row.places, income=-row.amount_paid)
            row.amount_paid = Decimal("0")
            row.payment_status = DeskPayment.UNPAID
        row.save(update_fields=["amount_paid", "payment_status"])


# --- when the data goes ------------------------------------------------------------------------


def retention_days() -> int:
    purpose = Purpose.objects.filter(code=PROGRAMMA_DEELNEMERS).only("retention_days").first()
    return purpose.retention_days if purpose else DEFAULT_RETENTION_DAYS


def destroyed_on(ended_at, days=None):
    """The day the retention job destroys data whose purpose ended at `ended_at`."""
    if ended_at is None:
        return None
    days = retention_days() if days is None else days
    return timezone.localdate(ended_at + timedelta(days=days))


def signup_ends_at(signup):
    return signup.session.end if signup.session_id else signup.activity.ends_at


# --- emails ------------------------------------------------------------------------------------


def absolute(base_url, path):
    base = (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return base + path


def cancel_url(signup, base_url="") -> str:
    return absolute(base_url, reverse("programme:signup", args=[signup.token]))


def send_signup_email(template, signup, base_url=""):
    activity = signup.activity
    session = signup.session
    sessions = [session] if session else list(activity.sessions.all())
    send_templated_email(
        template,
        {
            "name": signup.name,
            "activity": activity.title,
            "activity_url": absolute(base_url, activity.url or ""),
            "sessions": [(s.start, s.end, str(s.room) if s.room_id else "") for s in sessions],
            "places": signup.places,
            "waiting": signup.is_waiting,
            "payment_due": signup.payment_status == DeskPayment.UNPAID,
            "amount": price_of(activity) * signup.places,
            "cancel_url": cancel_url(signup, base_url),
            "destroyed_on": destroyed_on(signup_ends_at(signup)),
        },
        to=[signup.email],
        language=signup.language,
    )


def reminders_due(now=None):
    """Confirmed sign-ups whose (first) session starts tomorrow, not yet reminded."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    per_session = SignUp.objects.confirmed().filter(
        reminder_sent_at__isnull=True, session__start__date=tomorrow
    )
    per_activity = SignUp.objects.confirmed().filter(
        reminder_sent_at__isnull=True,
        session__isnull=True,
        activity__first_date=tomorrow,
    )
    return (per_session | per_activity).select_related("activity", "session")


def send_reminders(now=None, base_url="") -> int:
    now = now or timezone.now()
    sent = 0
    for signup in reminders_due(now):
        # Claim it first, so two runs at once never send twice.
        if not SignUp.objects.filter(pk=signup.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        ):
            continue
        send_signup_email("programme_reminder", signup, base_url=base_url)
        sent += 1
    return sent


# --- prize contests ----------------------------------------------------------------------------


def contest_is_open(activity, now=None) -> bool:
    now = now or timezone.now()
    return activity.live and (
        activity.contest_closes_at is None or activity.contest_closes_at > now
    )


def enter_contest(activity, *, name, email, answer, language="nl") -> ContestEntry:
    if not contest_is_open(activity):
        raise SignupClosed(_("This contest is closed."))
    with transaction.atomic():
        if ContestEntry.objects.filter(activity=activity, email__iexact=email).exists():
            raise SignupError(
                _("This email address has already entered this contest."), field="email"
            )
        entry = ContestEntry.objects.create(
            activity=activity, name=name, email=email, answer=answer, language=language
        )
        _bump(tally_for(activity, None), contest_entries=1)
    return entry


def announce_winners(activity, entries, base_url="") -> int:
    """Mark these entries as winners and email them; the public page only says that the winners
    have been told (no names)."""
    now = timezone.now()
    chosen = list(entries.filter(activity=activity, winner_notified_at__isnull=True))
    with transaction.atomic():
        for entry in chosen:
            entry.is_winner = True
            entry.winner_notified_at = now
            entry.save(update_fields=["is_winner", "winner_notified_at"])
            transaction.on_commit(
                lambda entry=entry: send_templated_email(
                    "programme_contest_won",
                    {
                        "name": entry.name,
                        "activity": activity.title,
                        "destroyed_on": destroyed_on(activity.ends_at),
                    },
                    to=[entry.email],
                    language=entry.language,
                )
            )
    return len(chosen)


def winners_announced(activity) -> bool:
    return ContestEntry.objects.filter(activity=activity, is_winner=True).exists()
