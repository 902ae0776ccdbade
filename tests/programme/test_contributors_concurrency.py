"""A fee is paid once: two programme staff approving the same fee at the same moment make one
payment, not two (the contribution's row is locked while a step is taken; shown on
PostgreSQL)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from payments.models import Payment
from programme import contributors
from programme.models import ContributionStatus
from tests.factories.programme import ActivityFactory, filled_in, programmer


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_approving_the_same_fee_at_once_make_one_payment():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL (set DATABASE_URL): SQLite serialises all writes, so it cannot "
            "show the row lock at work. CI runs the suite on PostgreSQL too."
        )
    activity = ActivityFactory(
        sessions=[(timezone.now().replace(microsecond=0) - timedelta(days=1), 20)]
    )
    contribution = filled_in(activity=activity, status=ContributionStatus.PERFORMED)
    staff = [programmer(), programmer()]
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list[str] = []

    def approve(user):
        try:
            barrier.wait()
            contributors.approve_fee(contribution, user)
            outcomes.append("approved")
        except contributors.TransitionError:
            outcomes.append("refused")
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=approve, args=(user,)) for user in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(outcomes) == ["approved", "refused"]
    assert Payment.objects.count() == 1
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.FEE_APPROVED
    assert contribution.payment == Payment.objects.get()
