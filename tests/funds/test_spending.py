"""Spending on a school budget: who may take which step (four eyes), what the budget shows, and
that nothing is committed beyond what is left — also not by two requests at the same moment
(the allocation's row is locked; shown on PostgreSQL)."""

import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.utils import translation

from funds import spending_workflow
from funds.models import SpendingRequest, SpendingStatus
from funds.services import budget, spending
from funds.spending_workflow import TransitionError
from payments import services as payment_services
from payments.models import PaymentStatus
from schools.models import SchoolMembership
from tests.factories.education import (
    AllocationFactory,
    SpendingRequestFactory,
    school_staff,
)
from tests.factories.funds import fund_manager

S = SpendingStatus


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def school_setup(db):
    allocation = AllocationFactory()
    return allocation, school_staff(allocation.school)


def draft(allocation, by, **kwargs):
    return SpendingRequestFactory(allocation=allocation, created_by=by, **kwargs)


def test_the_coordinator_drafts_and_submits_and_the_directie_approves(
    school_setup, django_capture_on_commit_callbacks
):
    allocation, staff = school_setup
    request = draft(allocation, staff["icc"])
    with django_capture_on_commit_callbacks(execute=True):
        request = spending_workflow.apply(request, "submit", staff["icc"])
    assert request.status == S.SUBMITTED
    # The directie gets an email asking for approval; the submitter does not.
    assert [m.to for m in mail.outbox] == [[staff["directie"].email]]
    request = spending_workflow.apply(request, "approve_school", staff["directie"])
    assert request.status == S.SCHOOL_APPROVED
    assert request.school_approved_by == staff["directie"]
    assert list(request.events.values_list("transition", flat=True)) == [
        "submit",
        "approve_school",
    ]


def test_the_same_person_cannot_draft_and_approve(school_setup):
    allocation, staff = school_setup
    request = draft(allocation, staff["directie"])  # the directie drafts it themselves
    request = spending_workflow.apply(request, "submit", staff["directie"])
    with pytest.raises(TransitionError, match="someone else authorised"):
        spending_workflow.apply(request, "approve_school", staff["directie"])
    # Nor can the one who submitted someone else's draft approve it.
    other = draft(allocation, staff["vakdocent"], status=S.PROPOSED)
    other = spending_workflow.apply(other, "submit", staff["directie"])
    with pytest.raises(TransitionError):
        spending_workflow.apply(other, "approve_school", staff["directie"])
    # A coordinator the directie authorised may approve the directie's request.
    SchoolMembership.objects.filter(user=staff["icc"]).update(may_approve_spending=True)
    approved = spending_workflow.apply(request, "approve_school", staff["icc"])
    assert approved.status == S.SCHOOL_APPROVED


def test_a_coordinator_without_authorisation_cannot_approve(school_setup):
    allocation, staff = school_setup
    request = spending_workflow.apply(
        draft(allocation, staff["directie"]), "submit", staff["directie"]
    )
    with pytest.raises(TransitionError, match="may not"):
        spending_workflow.apply(request, "approve_school", staff["icc"])


def test_a_vakdocent_proposes_but_cannot_submit(school_setup):
    allocation, staff = school_setup
    data = {
        "activity": "Bezoek museum",
        "provider_name": "Museum de Fundatie",
        "pupils": 25,
        "activity_date": allocation.scheme.ends_on.replace(month=5, day=1),
        "amount": Decimal("125.00"),
        "is_pupil_activity": True,
    }
    proposal = spending.create(allocation.school, staff["vakdocent"], data)
    assert proposal.status == S.PROPOSED
    assert proposal.number == f"CE2027-{proposal.pk:05d}"
    with pytest.raises(TransitionError):
        spending_workflow.apply(proposal, "submit", staff["vakdocent"])
    submitted = spending_workflow.apply(proposal, "submit", staff["icc"])
    assert submitted.status == S.SUBMITTED


def test_the_school_needs_the_invoice_before_it_goes_to_the_fund(school_setup):
    allocation, staff = school_setup
    request = draft(allocation, staff["icc"], invoice=None, payee_iban="")
    request = spending_workflow.apply(request, "submit", staff["icc"])
    with pytest.raises(TransitionError, match="the invoice \\(PDF\\)"):
        spending_workflow.apply(request, "approve_school", staff["directie"])


def test_returning_needs_a_reason_and_releases_the_commitment(
    school_setup, django_capture_on_commit_callbacks
):
    allocation, staff = school_setup
    request = spending_workflow.apply(draft(allocation, staff["icc"]), "submit", staff["icc"])
    assert budget.budget_for(allocation).committed == Decimal("450.00")
    with pytest.raises(TransitionError, match="Say why"):
        spending_workflow.apply(request, "return_school", staff["directie"], reason=" ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = spending_workflow.apply(
            request, "return_school", staff["directie"], reason="Factuur op naam van de school"
        )
    assert request.status == S.RETURNED
    assert request.return_reason == "Factuur op naam van de school"
    assert budget.budget_for(allocation).committed == Decimal("0.00")
    assert mail.outbox[0].to == [staff["icc"].email]
    assert "Factuur op naam van de school" in mail.outbox[0].body


def test_nothing_is_committed_beyond_what_is_left(school_setup):
    allocation, staff = school_setup  # € 7,290
    first = draft(allocation, staff["icc"], amount=Decimal("7000.00"))
    spending_workflow.apply(first, "submit", staff["icc"])
    second = draft(allocation, staff["icc"], amount=Decimal("290.01"))
    with pytest.raises(TransitionError, match=r"€ 290\.01 requested, € 290\.00 left"):
        spending_workflow.apply(second, "submit", staff["icc"])
    assert SpendingRequest.objects.get(pk=second.pk).status == S.DRAFT
    third = draft(allocation, staff["icc"], amount=Decimal("290.00"))
    assert spending_workflow.apply(third, "submit", staff["icc"]).status == S.SUBMITTED
    assert budget.budget_for(allocation).left == Decimal("0.00")


def test_the_fund_approves_pays_and_the_budget_shows_it(school_setup):
    allocation, staff = school_setup
    request = draft(allocation, staff["icc"], is_pupil_activity=False, amount=Decimal("90.00"))
    pupils = draft(allocation, staff["icc"], amount=Decimal("810.00"))
    for r in (request, pupils):
        r = spending_workflow.apply(r, "submit", staff["icc"])
        spending_workflow.apply(r, "approve_school", staff["directie"])
    manager = fund_manager()
    approved = spending.approve_for_payment(SpendingRequest.objects.get(pk=pupils.pk), manager)
    assert approved.status == S.APPROVED
    assert approved.payment.amount == Decimal("810.00")
    assert approved.payment.payee == approved
    assert approved.payment_details() == ("Theatergroep De Spiegel", "NL91ABNA0417164300", "")

    batch = payment_services.create_batch([approved.payment], allocation.scheme.ends_on)
    payment_services.mark_exported(batch)
    payment_services.mark_paid(batch)
    paid = SpendingRequest.objects.get(pk=pupils.pk)
    assert paid.status == S.PAID
    assert paid.payment.status == PaymentStatus.PAID

    figures = budget.budget_for(allocation)
    assert figures.paid == Decimal("810.00")
    assert figures.committed == Decimal("90.00")  # the other is approved by the school only
    assert figures.left == Decimal("6390.00")
    assert figures.pupil_share == Decimal("90.0")
    assert not figures.pupil_share_below_minimum


def test_a_fund_manager_only_approves_what_the_school_approved(school_setup):
    allocation, staff = school_setup
    request = spending_workflow.apply(draft(allocation, staff["icc"]), "submit", staff["icc"])
    with pytest.raises(TransitionError):
        spending.approve_for_payment(request, fund_manager())
    with pytest.raises(TransitionError):
        spending_workflow.apply(
            SpendingRequest.objects.get(pk=request.pk), "approve_school", fund_manager()
        )


def test_carry_over_moves_the_unspent_part_up_to_the_cap(db):
    from tests.factories.education import scheme_with_rates

    last_year = AllocationFactory(
        year=2026,
        scheme=scheme_with_rates(year=2026, unspent_rule="carry_over", carry_over_cap=10),
    )
    this_year = AllocationFactory(year=2027, school=last_year.school)
    staff = school_setup_staff = school_staff(last_year.school)
    del school_setup_staff
    spent = draft(
        last_year, staff["icc"], amount=Decimal("7000.00"), activity_date=last_year.scheme.ends_on
    )
    spending_workflow.apply(spent, "submit", staff["icc"])
    # € 290 unspent in 2026, cap 10% of € 7,290 = € 729: all € 290 carries over.
    figures = budget.budget_for(this_year)
    assert figures.carried_in == Decimal("290.00")
    assert figures.available == Decimal("7580.00")
    assert budget.budget_for(last_year).carries_over == Decimal("290.00")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_requests_submitted_at_the_same_moment_cannot_overdraw_the_budget():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL (set DATABASE_URL): SQLite serialises all writes, so it cannot "
            "show the row lock at work. CI runs the suite on PostgreSQL too."
        )
    allocation = AllocationFactory()  # € 7,290
    staff = school_staff(allocation.school)
    requests = [
        draft(allocation, staff["icc"], amount=Decimal("4000.00")),
        draft(allocation, staff["directie"], amount=Decimal("4000.00")),
    ]
    barrier = threading.Barrier(2, timeout=30)
    results: dict[int, str] = {}

    def submit(request, user):
        try:
            barrier.wait()
            with translation.override("en"):
                spending_workflow.apply(request, "submit", user)
            results[request.pk] = "submitted"
        except TransitionError as error:
            results[request.pk] = error.message
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(requests[0], staff["icc"])),
        threading.Thread(target=submit, args=(requests[1], staff["directie"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(results.values())[-1] == "submitted"
    refused = [outcome for outcome in results.values() if outcome != "submitted"]
    assert len(refused) == 1
    assert "more than what is left" in refused[0]
    assert budget.budget_for(allocation).committed == Decimal("4000.00")
    assert SpendingRequest.objects.filter(status=S.SUBMITTED).count() == 1


def test_schools_that_spent_little_get_one_reminder_on_the_schemes_day(db):
    import datetime

    from funds.services import education_overview
    from tests.factories.education import scheme_with_rates

    scheme = scheme_with_rates(
        year=2027, spending_reminder_on=datetime.date(2027, 9, 1), spending_reminder_below=50
    )
    little = AllocationFactory(scheme=scheme)
    enough = AllocationFactory(scheme=scheme)
    little_staff, enough_staff = school_staff(little.school), school_staff(enough.school)
    SpendingRequestFactory(allocation=enough, status=S.PAID, amount=Decimal("4000.00"))
    SpendingRequestFactory(allocation=little, status=S.PAID, amount=Decimal("1000.00"))

    assert education_overview.send_spending_reminders(datetime.date(2027, 8, 31)) == 0
    assert education_overview.send_spending_reminders(datetime.date(2027, 9, 1)) == 1
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted([little_staff["directie"].email, little_staff["icc"].email])
    assert "€ 6.290,00" in mail.outbox[0].body  # the email is in Dutch, whatever is active
    assert enough_staff["directie"].email not in to
    # Once per school and year.
    assert education_overview.send_spending_reminders(datetime.date(2027, 9, 2)) == 0


def test_a_booked_amount_cannot_be_raised_beyond_what_is_left(client, school_setup):
    from django.urls import reverse

    allocation, staff = school_setup
    first = draft(allocation, staff["icc"], amount=Decimal("7000.00"))
    spending_workflow.apply(first, "submit", staff["icc"])
    booked = draft(allocation, staff["icc"], status=S.BOOKED, amount=Decimal("200.00"))
    client.force_login(staff["icc"])
    client.cookies["django_language"] = "en"
    url = reverse("funds:school_spending_edit", args=[allocation.school.pk, booked.pk])
    data = {
        "activity": booked.activity,
        "provider_name": booked.provider_name,
        "pupils": booked.pupils,
        "activity_date": booked.activity_date.isoformat(),
        "amount": "300.00",
        "is_pupil_activity": "on",
        "invoice_number": booked.invoice_number,
        "payee_name": booked.payee_name,
        "payee_iban": booked.payee_iban,
    }
    response = client.post(url, data)
    assert "more than what is left" in response.content.decode()
    assert SpendingRequest.objects.get(pk=booked.pk).amount == Decimal("200.00")
    data["amount"] = "290.00"
    assert client.post(url, data).status_code == 302


def test_retention_anonymises_old_spending_but_keeps_the_financial_record(db):
    """Two years after its scheme's year the people in a spending request are removed; what the
    fund paid, to whom, and the invoice stay under the 7-year legal hold. A request the fund
    never approved for payment is no financial record: its account and invoice go too."""
    import io

    from django.core.management import call_command

    from funds.models import SpendingEvent

    old = AllocationFactory(year=2023)  # the year ended on 31 December 2023
    staff = school_staff(old.school)
    request = draft(old, staff["icc"], note="Graag betalen voor de kerstvakantie.")
    request = spending_workflow.apply(request, "submit", staff["icc"])
    request = spending_workflow.apply(request, "approve_school", staff["directie"])
    spending.approve_for_payment(request, fund_manager())
    never_approved = draft(old, staff["icc"], amount=Decimal("50.00"))
    spending_workflow.apply(never_approved, "submit", staff["icc"])
    recent = draft(AllocationFactory(year=2026, school=old.school), staff["icc"])

    call_command("apply_retention", "--purpose", "fonds-cultuureducatie", stdout=io.StringIO())

    request.refresh_from_db()
    assert (request.created_by, request.submitted_by, request.note) == (None, None, "")
    assert request.payee_name == "Theatergroep De Spiegel"
    assert request.payee_iban == "NL91ABNA0417164300"
    assert request.invoice and request.invoice.storage.exists(request.invoice.name)
    assert request.amount == Decimal("450.00")
    assert set(SpendingEvent.objects.filter(request=request).values_list("actor", flat=True)) == {
        None
    }
    never_approved.refresh_from_db()
    assert (never_approved.payee_name, never_approved.payee_iban) == ("", "")
    assert (never_approved.provider_name, never_approved.invoice.name) == ("", "")
    assert never_approved.amount == Decimal("50.00")
    recent.refresh_from_db()
    assert recent.created_by == staff["icc"]


def test_the_overview_rounds_its_percentages_and_groups_its_amounts_the_dutch_way():
    from django.utils import translation

    from portal.money import euro_formatter, number_formatter

    with translation.override("nl"):
        assert number_formatter(1)(Decimal("33.36")) == "33,4"  # rounded, not cut off
        assert number_formatter(1)(Decimal("99.96")) == "100,0"
        assert euro_formatter()(Decimal("1234.5")) == "€ 1.234,50"


def test_the_coordinator_finds_their_spending_request_in_my_data(school_setup):
    """Promise 4: visible to its subject. The request is listed under the fund's purpose for
    the person who drafted it, and for nobody else at the school."""
    from privacy import mydata
    from privacy.purposes import FONDS_CULTUUREDUCATIE

    allocation, staff = school_setup
    request = draft(allocation, staff["icc"], activity="Dansvoorstelling groep 7")

    def spending_records(user):
        return [
            record
            for group in mydata.collect(user)
            if group.code == FONDS_CULTUUREDUCATIE
            for part in group.parts
            if part.bound.model is SpendingRequest
            for record in part.records
        ]

    records = spending_records(staff["icc"])
    assert [record.pk for record in records] == [request.pk]
    assert spending_records(staff["directie"]) == []
