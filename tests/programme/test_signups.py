"""Signing up for the own programme: places, the waiting list moving up in order, cancelling by
the link in the email, payment at the desk, attendance, the reminder the day before, contests."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from programme import signups
from programme.models import DeskPayment, SignUp, SignupScope, SignupStatus, SignupTally
from tests.factories.programme import ActivityFactory, paid, sign_up

pytestmark = pytest.mark.django_db

C, W, X = SignupStatus.CONFIRMED, SignupStatus.WAITING, SignupStatus.CANCELLED


def statuses(activity):
    return list(
        SignUp.objects.filter(activity=activity).order_by("pk").values_list("status", flat=True)
    )


def test_a_full_session_puts_the_next_sign_up_on_the_waiting_list(
    django_capture_on_commit_callbacks,
):
    activity = ActivityFactory(sessions=[(timezone.now() + timedelta(days=5), 3)])
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            sign_up(activity, n=n)
    assert statuses(activity) == [C, C, C, W]
    tally = SignupTally.objects.get(activity=activity)
    assert (tally.signups, tally.places, tally.waiting, tally.waiting_max) == (4, 3, 1, 1)
    assert len(mail.outbox) == 4
    assert mail.outbox[3].to == ["deelnemer3@example.org"]
    assert "wachtlijst" in mail.outbox[3].subject


def test_fewer_places_left_than_asked_is_refused_with_what_is_left_or_waits_if_wanted():
    activity = ActivityFactory(sessions=[(timezone.now() + timedelta(days=5), 3)])
    sign_up(activity, n=1, places=2)
    with pytest.raises(signups.NotEnoughPlaces) as refused:
        sign_up(activity, n=2, places=2)
    assert refused.value.left == 1
    assert statuses(activity) == [C]
    waiting = sign_up(activity, n=2, places=2, waiting_list_ok=True)
    assert waiting.status == W


def test_cancelling_moves_up_the_waiting_list_in_order_and_emails_who_got_a_place(
    django_capture_on_commit_callbacks,
):
    activity = ActivityFactory(sessions=[(timezone.now() + timedelta(days=5), 2)])
    first, second = sign_up(activity, n=1), sign_up(activity, n=2)
    waiting = [sign_up(activity, n=n) for n in (3, 4, 5)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = signups.cancel(first)
    assert [s.pk for s in outcome.moved_up] == [waiting[0].pk]
    assert statuses(activity) == [X, C, C, W, W]
    assert [m.to for m in mail.outbox] == [["deelnemer3@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        signups.cancel(second)
    assert statuses(activity) == [X, X, C, C, W]
    tally = SignupTally.objects.get(activity=activity)
    assert (tally.places, tally.cancelled, tally.moved_up, tally.waiting, tally.waiting_max) == (
        2,
        2,
        2,
        1,
        3,
    )


def test_a_group_that_does_not_fit_keeps_its_turn_and_the_next_that_fits_moves_up():
    activity = ActivityFactory(
        sessions=[(timezone.now() + timedelta(days=5), 4)], max_places_per_signup=4
    )
    first = sign_up(activity, n=1, places=1)
    sign_up(activity, n=2, places=3)
    family = sign_up(activity, n=3, places=3)  # waits
    single = sign_up(activity, n=4, places=1)  # waits behind the family
    signups.cancel(first)  # one place free: the family does not fit, the single does
    family.refresh_from_db()
    single.refresh_from_db()
    assert (family.status, single.status) == (W, C)
    assert signups.places_left(activity, activity.sessions.get()) == 0


def test_a_course_has_one_sign_up_for_all_sessions_with_the_course_places():
    start = timezone.now() + timedelta(days=3)
    course = ActivityFactory(
        signup_scope=SignupScope.ACTIVITY,
        capacity=2,
        sessions=[(start, None), (start + timedelta(days=7), None)],
    )
    sign_up(course, n=1)
    sign_up(course, n=2)
    third = sign_up(course, n=3)
    assert third.status == W and third.session is None
    assert SignupTally.objects.get(activity=course, session=None).places == 2


def test_payment_at_the_desk_and_attendance_go_into_the_counts():
    activity = paid()
    signup = sign_up(activity, n=1, places=2)
    assert signup.payment_status == DeskPayment.UNPAID
    signups.set_paid(signup, True)
    signups.set_paid(signup, True)  # twice counts once
    signups.set_attended(signup, True)
    tally = SignupTally.objects.get(activity=activity)
    assert (tally.paid_places, tally.income, tally.attended) == (2, Decimal("15.00"), 2)
    signups.set_paid(signup, False)
    tally.refresh_from_db()
    assert (tally.paid_places, tally.income) == (0, Decimal("0.00"))


def test_the_reminder_goes_the_day_before_and_only_once():
    tomorrow = timezone.now() + timedelta(days=1)
    activity = ActivityFactory(sessions=[(tomorrow, 10)])
    later = ActivityFactory(sessions=[(timezone.now() + timedelta(days=4), 10)])
    sign_up(activity, n=1)
    sign_up(later, n=2)
    mail.outbox.clear()
    assert signups.send_reminders() == 1
    assert signups.send_reminders() == 0
    assert [m.to for m in mail.outbox] == [["deelnemer1@example.org"]]
    assert "/programma/afmelden/" in mail.outbox[0].body


def test_no_sign_up_after_the_session_started():
    activity = ActivityFactory(sessions=[(timezone.now() + timedelta(days=2), 10)])
    session = activity.sessions.get()
    session.start = timezone.now() - timedelta(minutes=5)
    session.save()
    with pytest.raises(signups.SignupClosed):
        sign_up(activity, session=session)
