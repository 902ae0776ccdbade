"""The round's budget ceiling (its budget plus what the previous round carried over) is never
exceeded: not one grant after another, and not by two fund managers granting at the same
moment (the round's row is locked while granting; shown on PostgreSQL)."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone, translation

from funds.models import Application, ApplicationStatus, Instalment
from funds.services import decisions, money
from funds.workflow import TransitionError
from tests.factories.funds import RoundPageFactory, application_in, fund_manager
from tests.funds.test_decisions import grant_url, login

S = ApplicationStatus


@pytest.fixture(autouse=True)
def english():
    """The refusals are read in English here, whatever an earlier test left active."""
    with translation.override("en"):
        yield


def in_review(round_page):
    return application_in(S.IN_REVIEW, round=round_page)


@pytest.mark.django_db
def test_a_grant_that_would_pass_the_ceiling_is_refused_with_what_is_left(client):
    round_page = RoundPageFactory(budget=Decimal("2000.00"))
    first, second = in_review(round_page), in_review(round_page)  # each asks € 1,500
    manager = fund_manager()
    decisions.grant(first, manager, Decimal("1500"))

    login(client, manager)
    response = client.post(grant_url(second), {"grant-amount": "1500"}, follow=True)
    page = response.content.decode()
    assert (
        "Granting € 1,500.00 would exceed the budget of this round: € 500.00 is left of € 2,000.00."
    ) in page
    second.refresh_from_db()
    assert second.status == S.IN_REVIEW
    assert not Instalment.objects.filter(application=second).exists()

    client.post(grant_url(second), {"grant-amount": "500"})
    second.refresh_from_db()
    assert second.status == S.GRANTED
    assert round_page.granted_total() == round_page.ceiling() == Decimal("2000.00")
    assert money.round_figures(round_page).left == Decimal("0")


@pytest.mark.django_db
def test_what_the_previous_round_left_carries_over_to_the_ceiling():
    now = timezone.now()
    previous = RoundPageFactory(
        budget=Decimal("5000.00"),
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=30),
    )
    application_in(S.SETTLED, round=previous)  # € 1,500 used
    current = RoundPageFactory(parent=previous.get_parent(), budget=Decimal("1000.00"))
    assert current.ceiling() == Decimal("4500.00")

    applications = [in_review(current) for _ in range(3)]
    manager = fund_manager()
    for application in applications:
        decisions.grant(application, manager, Decimal("1500"))
    statuses = list(
        Application.objects.filter(round=current).order_by("pk").values_list("status", flat=True)
    )
    assert statuses == [S.GRANTED, S.GRANTED, S.GRANTED]  # 4,500: exactly the ceiling
    with pytest.raises(TransitionError, match="would exceed the budget"):
        decisions.grant(in_review(current), manager, Decimal("0.01"))


@pytest.mark.django_db
def test_a_round_that_does_not_carry_over_leaves_its_rest_behind():
    now = timezone.now()
    previous = RoundPageFactory(
        budget=Decimal("5000.00"),
        carries_over=False,
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=30),
    )
    current = RoundPageFactory(parent=previous.get_parent(), budget=Decimal("1000.00"))
    assert current.ceiling() == Decimal("1000.00")
    with pytest.raises(TransitionError, match="would exceed the budget"):
        decisions.grant(in_review(current), fund_manager(), Decimal("1500"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_granting_at_the_same_moment_cannot_pass_the_ceiling():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL (set DATABASE_URL): SQLite serialises all writes, so it cannot "
            "show the row lock at work. CI runs the suite on PostgreSQL too."
        )
    round_page = RoundPageFactory(budget=Decimal("2000.00"))
    applications = [in_review(round_page), in_review(round_page)]  # 2 x € 1,500 > € 2,000
    managers = [fund_manager(), fund_manager()]
    barrier = threading.Barrier(2, timeout=30)
    results: dict[int, str] = {}

    def grant(application, manager):
        try:
            barrier.wait()
            with translation.override("en"):  # a new thread starts in the portal's Dutch
                decisions.grant(application, manager, Decimal("1500"))
            results[application.pk] = "granted"
        except TransitionError as error:
            results[application.pk] = error.message
        finally:
            connection.close()  # each thread had its own connection

    threads = [
        threading.Thread(target=grant, args=pair)
        for pair in zip(applications, managers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(results) == 2
    granted = [outcome for outcome in results.values() if outcome == "granted"]
    (refused,) = [outcome for outcome in results.values() if outcome != "granted"]
    assert len(granted) == 1
    assert "would exceed the budget of this round" in refused
    assert round_page.granted_total() == Decimal("1500.00")
    statuses = sorted(Application.objects.filter(round=round_page).values_list("status", flat=True))
    assert statuses == sorted([S.GRANTED, S.IN_REVIEW])
    assert Instalment.objects.count() == 1
