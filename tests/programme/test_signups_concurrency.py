"""Capacity is never exceeded and the waiting list keeps its order, also when many people sign
up at the same moment: the session's row is locked while places are counted (shown on
PostgreSQL, with threads)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from programme import signups
from programme.models import SignUp, SignupStatus, SignupTally
from tests.factories.programme import ActivityFactory

PLACES = 5
PEOPLE = 12


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL (set DATABASE_URL): SQLite serialises all writes, so it cannot "
            "show the row lock at work. CI runs the suite on PostgreSQL too."
        )


def run_at_once(functions):
    barrier = threading.Barrier(len(functions), timeout=30)
    errors = []

    def run(function):
        try:
            barrier.wait()
            function()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_sign_ups_never_pass_the_capacity_and_the_rest_waits():
    needs_postgresql()
    activity = ActivityFactory(sessions=[(timezone.now() + timedelta(days=3), PLACES)])
    session = activity.sessions.get()

    def one(n):
        return lambda: signups.sign_up(
            activity, session, name=f"Deelnemer {n}", email=f"d{n}@example.org"
        )

    run_at_once([one(n) for n in range(PEOPLE)])

    rows = SignUp.objects.filter(session=session)
    assert rows.filter(status=SignupStatus.CONFIRMED).count() == PLACES
    assert rows.filter(status=SignupStatus.WAITING).count() == PEOPLE - PLACES
    tally = SignupTally.objects.get(session=session)
    assert (tally.signups, tally.places, tally.waiting) == (PEOPLE, PLACES, PEOPLE - PLACES)
    # Whoever got a place signed up before everyone who waits.
    confirmed = list(rows.filter(status=SignupStatus.CONFIRMED).values_list("created_at", flat=1))
    waiting = list(rows.filter(status=SignupStatus.WAITING).values_list("created_at", flat=1))
    assert max(confirmed) <= min(waiting)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_cancellations_move_the_waiting_list_up_in_order_without_overbooking():
    needs_postgresql()
    activity = ActivityFactory(sessions=[(timezone.now() + timedelta(days=3), PLACES)])
    session = activity.sessions.get()
    people = [
        signups.sign_up(activity, session, name=f"D {n}", email=f"d{n}@example.org").signup
        for n in range(PLACES + 4)
    ]
    cancelling = people[:3]
    run_at_once([lambda s=s: signups.cancel(s) for s in cancelling])

    statuses = list(
        SignUp.objects.filter(session=session).order_by("pk").values_list("status", flat=True)
    )
    C, W, X = SignupStatus.CONFIRMED, SignupStatus.WAITING, SignupStatus.CANCELLED
    assert statuses == [X, X, X, C, C, C, C, C, W]
    assert signups.places_taken(activity, session) == PLACES
    assert SignupTally.objects.get(session=session).places == PLACES
