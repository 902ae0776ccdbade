"""Booking an education offer on a school budget: the school requests, the provider accepts
(committing the cost), proposes another date or declines; after the activity the provider adds
the invoice and the school submits it into the four-eyes approval."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from funds import booking_workflow, spending_workflow
from funds.models import Booking, BookingStatus, SpendingRequest, SpendingStatus
from funds.services import budget
from listings.models import SchoolGroup
from tests.factories.education import AllocationFactory, school_staff
from tests.factories.listings import EducationOfferFactory, ProviderMembershipFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db
B = BookingStatus
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    year = timezone.localdate().year
    allocation = AllocationFactory(year=year)  # € 7,290
    staff = school_staff(allocation.school)
    offer = EducationOfferFactory()  # € 6.50 per pupil
    staff["provider"] = ProviderMembershipFactory(provider=offer.provider).user
    staff["other_provider"] = ProviderMembershipFactory().user
    return allocation, staff, offer


def request(world, pupils=52, days=20, capture=None):
    allocation, staff, offer = world
    return booking_workflow.request_booking(
        allocation.school,
        offer,
        staff["icc"],
        date=timezone.localdate() + datetime.timedelta(days=days),
        groups=SchoolGroup.objects.filter(name__in=["groep 5", "groep 6"]),
        pupils=pupils,
        message="Graag in de gymzaal.",
    )


def test_the_provider_accepts_and_the_cost_is_committed(world, django_capture_on_commit_callbacks):
    allocation, staff, offer = world
    with django_capture_on_commit_callbacks(execute=True):
        booking = request(world)
    assert mail.outbox[-1].to == [staff["provider"].email]
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_workflow.apply(booking, "accept", staff["provider"])
    assert booking.status == B.ACCEPTED
    spent = booking.spending
    assert spent.status == SpendingStatus.BOOKED
    assert spent.amount == Decimal("338.00")  # 52 x € 6.50
    assert spent.provider == offer.provider and spent.education_offer_id == offer.pk
    assert budget.budget_for(allocation).committed == Decimal("338.00")
    assert mail.outbox[-1].to == [staff["icc"].email]


def test_a_booking_the_budget_cannot_cover_is_refused(world):
    _allocation, staff, _offer = world
    booking = request(world, pupils=1200)  # € 7,800 > € 7,290
    with pytest.raises(booking_workflow.TransitionError, match="does not cover"):
        booking_workflow.apply(booking, "accept", staff["provider"])
    assert Booking.objects.get(pk=booking.pk).status == B.REQUESTED
    assert not SpendingRequest.objects.exists()


def test_another_date_is_proposed_and_accepted_by_the_school(world):
    _allocation, staff, _offer = world
    booking = request(world)
    new_date = timezone.localdate() + datetime.timedelta(days=30)
    booking = booking_workflow.apply(
        booking, "propose_date", staff["provider"], reason="Dan zijn we vrij.", date=new_date
    )
    assert booking.status == B.DATE_PROPOSED
    with pytest.raises(booking_workflow.TransitionError):
        booking_workflow.apply(booking, "accept_date", staff["vakdocent"])
    booking = booking_workflow.apply(booking, "accept_date", staff["icc"])
    assert booking.status == B.ACCEPTED
    assert booking.date == new_date == booking.spending.activity_date


def test_declining_needs_a_reason(world):
    _allocation, staff, _offer = world
    booking = request(world)
    with pytest.raises(booking_workflow.TransitionError, match="Say why"):
        booking_workflow.apply(booking, "decline", staff["provider"], reason="")
    booking = booking_workflow.apply(booking, "decline", staff["provider"], reason="Vol.")
    assert booking.status == B.DECLINED


def test_cancelling_an_accepted_booking_releases_the_budget(client, world):
    allocation, staff, _offer = world
    booking = booking_workflow.apply(request(world), "accept", staff["provider"])
    spent = SpendingRequest.objects.get()
    # The school cannot withdraw the booked request itself: it cancels the booking.
    steps = [t.name for t in spending_workflow.available(staff["directie"], spent)]
    assert steps == ["submit"]
    client.force_login(staff["directie"])
    step = [spent.school_id, spent.pk, "booking_cancelled"]
    assert client.post(reverse("funds:school_spending_step", args=step)).status_code == 404
    booking = booking_workflow.apply(booking, "cancel", staff["directie"])
    assert booking.status == B.CANCELLED
    spent.refresh_from_db()
    assert spent.status == SpendingStatus.WITHDRAWN
    assert budget.budget_for(allocation).committed == Decimal("0.00")
    # Through the spending request's own workflow: its history shows the step.
    event = spent.events.last()
    assert (event.transition, event.from_status, event.to_status, event.actor) == (
        "booking_cancelled",
        SpendingStatus.BOOKED,
        SpendingStatus.WITHDRAWN,
        staff["directie"],
    )


def test_after_the_activity_the_provider_adds_the_invoice_and_the_school_submits(world):
    _allocation, staff, _offer = world
    booking = booking_workflow.apply(request(world), "accept", staff["provider"])
    invoice = SimpleUploadedFile("f.pdf", PDF, "application/pdf")
    with pytest.raises(booking_workflow.TransitionError, match="once it has taken place"):
        booking_workflow.confirm_held(
            booking, staff["provider"], invoice, "F-1", "De Spiegel", "NL91ABNA0417164300"
        )
    Booking.objects.filter(pk=booking.pk).update(date=timezone.localdate())
    with pytest.raises(booking_workflow.TransitionError):
        booking_workflow.confirm_held(
            booking, staff["other_provider"], invoice, "F-1", "X", "NL91ABNA0417164300"
        )
    booking_workflow.confirm_held(
        booking, staff["provider"], invoice, "F-1", "De Spiegel", "NL91ABNA0417164300"
    )
    spent = SpendingRequest.objects.get()
    assert spent.invoice_number == "F-1" and spent.invoice.read() == PDF
    spent = spending_workflow.apply(spent, "submit", staff["icc"])
    # The coordinator requested it (drafted): the directie approves.
    with pytest.raises(spending_workflow.TransitionError):
        spending_workflow.apply(spent, "approve_school", staff["icc"])
    spent = spending_workflow.apply(spent, "approve_school", staff["directie"])
    assert spent.status == SpendingStatus.SCHOOL_APPROVED


def test_a_vakdocent_is_sent_to_propose_instead_of_booking(client, world):
    allocation, staff, offer = world
    client.force_login(staff["vakdocent"])
    response = client.get(reverse("funds:book_offer", args=[offer.pk]))
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("funds:school_spending_new", args=[allocation.school.pk]) + f"?aanbod={offer.pk}"
    )


def test_the_offer_page_invites_school_members_to_book(client, world):
    _allocation, staff, offer = world
    client.cookies["django_language"] = "en"
    anonymous = client.get(offer.url).content.decode()
    assert "Schools: log in to book" in anonymous
    client.force_login(staff["icc"])
    page = client.get(offer.url).content.decode()
    assert reverse("funds:book_offer", args=[offer.pk]) in page


def test_booking_through_the_form_keeps_the_input_on_errors(client, world):
    allocation, staff, offer = world
    client.cookies["django_language"] = "en"
    client.force_login(staff["icc"])
    url = reverse("funds:book_offer", args=[offer.pk])
    groups = [g.pk for g in offer.school_groups.all()]
    response = client.post(
        url,
        {
            "school": allocation.school.pk,
            "date": "2001-01-01",
            "groups": groups,
            "pupils": "99",
            "message": "Gymzaal",
        },
    )
    page = response.content.decode()
    assert "The date cannot be in the past." in page
    assert "at most 30 pupils per session" in page
    assert "Gymzaal" in page
    day = (timezone.localdate() + datetime.timedelta(days=9)).isoformat()
    response = client.post(
        url, {"school": allocation.school.pk, "date": day, "groups": groups, "pupils": "50"}
    )
    booking = Booking.objects.get()
    assert response["Location"] == booking.get_absolute_url()
    assert booking.school == allocation.school and booking.requested_by == staff["icc"]


@pytest.mark.parametrize(
    "who, side, expected",
    [
        ("icc", "school", 200),
        ("directie", "school", 200),
        ("vakdocent", "school", 200),
        ("other_provider", "school", 404),
        ("stranger", "school", 404),
        ("provider", "provider", 200),
        ("other_provider", "provider", 404),
        ("icc", "provider", 404),
        ("provider", "provider_list", 200),
        ("other_provider", "provider_list", 404),
    ],
)
def test_who_sees_a_booking(client, world, who, side, expected):
    _allocation, staff, offer = world
    staff["stranger"] = UserFactory()
    booking = request(world)
    urls = {
        "school": booking.get_absolute_url(),
        "provider": booking.get_provider_url(),
        "provider_list": reverse("funds:provider_bookings", args=[offer.provider_id]),
    }
    client.force_login(staff[who])
    assert client.get(urls[side]).status_code == expected


def test_the_provider_answers_through_the_page(client, world):
    _allocation, staff, _offer = world
    booking = request(world)
    client.force_login(staff["provider"])
    response = client.post(booking.get_provider_url(), {"action": "propose_date", "date": ""})
    assert response.status_code == 200  # the form again, with the message
    response = client.post(booking.get_provider_url(), {"action": "accept"})
    assert response.status_code == 302
    assert Booking.objects.get(pk=booking.pk).status == B.ACCEPTED


def test_the_providers_page_leads_to_its_bookings(client, world):
    _allocation, staff, offer = world
    client.force_login(staff["provider"])
    page = client.get(offer.provider.get_member_url()).content.decode()
    assert reverse("funds:provider_bookings", args=[offer.provider_id]) not in page
    request(world)
    page = client.get(offer.provider.get_member_url()).content.decode()
    assert reverse("funds:provider_bookings", args=[offer.provider_id]) in page
    assert "1 boeking wacht op je antwoord." in page


def test_the_provider_sees_the_schools_address_not_the_person_who_booked(
    client, world, django_capture_on_commit_callbacks
):
    """Providers are not among the recipients the fund's purpose names: they get the school's
    general address, never the name or address of the staff member who booked."""
    allocation, staff, _offer = world
    allocation.school.email = "info@de-vlinder.test"
    allocation.school.save()
    with django_capture_on_commit_callbacks(execute=True):
        booking = request(world)
    client.force_login(staff["provider"])
    page = client.get(booking.get_provider_url()).content.decode()
    assert "info@de-vlinder.test" in page
    icc = staff["icc"]
    assert mail.outbox  # the provider was told of the booking
    for personal in (icc.email, icc.get_full_name()):
        assert personal not in page
        assert all(personal not in m.body for m in mail.outbox)
