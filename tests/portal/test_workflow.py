"""The workflow engine (portal.workflow): one step checks the status and the person, stamps,
runs its own work, saves, writes the event row and notifies only after the commit. Shown on
contributions (any model with a status and a WorkflowEvent would do) with a table of its own."""

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from portal.workflow import Transition, TransitionError, take
from programme.models import Contribution, ContributionEvent
from programme.models import ContributionStatus as S
from tests.factories.portal import UserFactory
from tests.factories.programme import ContributionFactory

pytestmark = pytest.mark.django_db

ACCEPT = Transition(
    "accept_agreement",
    (S.AGREEMENT_SENT,),
    S.AGREEMENT_ACCEPTED,
    "contributor",
    "Accept",
    stamp="agreement_accepted_at",
    stamp_by="agreement_accepted_by",
)
WRONG_STATUS = gettext_lazy("This is not possible while the contribution is “%(status)s”.")
NOT_ALLOWED = gettext_lazy("You may not do this with this contribution.")


def contributor_only(user, transition, contribution):
    return user is not None and contribution.contributor_id == user.pk


def step(contribution, user, **kwargs):
    """One step as an app takes it: in a transaction, on the locked row."""
    with transaction.atomic():
        locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
        return take(
            locked,
            ACCEPT,
            user,
            may=contributor_only,
            event_model=ContributionEvent,
            wrong_status=WRONG_STATUS,
            not_allowed=NOT_ALLOWED,
            **kwargs,
        )


def test_a_step_sets_status_and_stamps_runs_its_work_first_and_writes_the_event():
    contribution = ContributionFactory(status=S.AGREEMENT_SENT)
    seen = []

    def work(locked):
        seen.append(locked.status)  # before the status changes, after the stamps
        assert locked.agreement_accepted_at is not None
        locked.cancel_reason = "saved with the step"

    step(contribution, contribution.contributor, work=work, note="ok")

    contribution.refresh_from_db()
    assert seen == [S.AGREEMENT_SENT]
    assert contribution.status == S.AGREEMENT_ACCEPTED
    assert contribution.agreement_accepted_at is not None
    assert contribution.agreement_accepted_by == contribution.contributor
    assert contribution.cancel_reason == "saved with the step"
    event = ContributionEvent.objects.get(contribution=contribution)
    assert (event.transition, event.from_status, event.to_status) == (
        "accept_agreement",
        S.AGREEMENT_SENT,
        S.AGREEMENT_ACCEPTED,
    )
    assert event.actor == contribution.contributor and event.note == "ok"


def test_a_wrong_status_is_refused_in_the_persons_language_and_writes_nothing():
    contribution = ContributionFactory(status=S.INVITED)
    with translation.override("nl"), pytest.raises(TransitionError) as error:
        step(contribution, contribution.contributor)
    assert error.value.message == "Dit kan niet zolang de bijdrage de status “Uitgenodigd” heeft."
    contribution.refresh_from_db()
    assert contribution.status == S.INVITED and contribution.agreement_accepted_at is None
    assert not ContributionEvent.objects.exists()


def test_who_may_not_is_refused_and_learns_the_status_only_when_the_status_comes_first():
    contribution = ContributionFactory(status=S.INVITED)
    stranger = UserFactory()
    with pytest.raises(TransitionError, match="Dit kan niet zolang"):
        step(contribution, stranger)
    with pytest.raises(TransitionError, match="Dit mag je niet doen"):
        step(contribution, stranger, person_first=True)
    contribution.status = S.AGREEMENT_SENT
    contribution.save()
    with pytest.raises(TransitionError, match="Dit mag je niet doen"):
        step(contribution, stranger)
    assert not ContributionEvent.objects.exists()


def test_the_notification_runs_only_after_the_commit(django_capture_on_commit_callbacks):
    contribution = ContributionFactory(status=S.AGREEMENT_SENT)
    sent = []
    with django_capture_on_commit_callbacks(execute=True):
        step(contribution, contribution.contributor, notify=lambda *args: sent.append(args))
        assert sent == []  # not yet committed
    assert sent == [(contribution.pk, "accept_agreement")]


def test_work_that_refuses_rolls_the_step_back_and_notifies_no_one(
    django_capture_on_commit_callbacks,
):
    contribution = ContributionFactory(status=S.AGREEMENT_SENT)
    sent = []

    def refuse(locked):
        raise TransitionError("Not today.")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(TransitionError, match="Not today"),
    ):
        step(contribution, contribution.contributor, work=refuse, notify=sent.append)
    assert callbacks == [] and sent == []
    contribution.refresh_from_db()
    assert contribution.status == S.AGREEMENT_SENT and contribution.agreement_accepted_at is None
    assert not ContributionEvent.objects.exists()
