"""The funds' demo data: it loads twice without change, has an application in every status and
everything the issue asks for, and every funds page in it answers 200 for the demo login it
belongs to."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import Page

from funds.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    FundPage,
    Instalment,
    InstalmentKind,
    Message,
    Report,
    Review,
    ReviewAssignment,
    RoundPage,
)
from payments.models import BatchStatus, Payment, PaymentBatch, PaymentSettings, PaymentStatus
from portal.demo import email
from portal.models import StandardPage, User
from schools.models import School

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture
def demo(db):
    call_command("load_demo", quiet_logins=True)


def login(login_name):
    return User.objects.get(email=email(login_name))


def counts():
    return (
        FundPage.objects.count(),
        RoundPage.objects.count(),
        Application.objects.count(),
        ApplicationEvent.objects.count(),
        ReviewAssignment.objects.count(),
        Review.objects.count(),
        Payment.objects.count(),
        PaymentBatch.objects.count(),
        Instalment.objects.count(),
        Report.objects.count(),
        Message.objects.count(),
        User.objects.count(),
        Page.objects.count(),
    )


def test_the_funds_demo_is_idempotent(demo):
    before = counts()
    call_command("load_demo", quiet_logins=True)
    assert counts() == before


def check_the_fund_replaces_the_placeholder_page(demo):
    fund = FundPage.objects.get(code="BCA")
    assert fund.slug == "fonds-buurtcultuur"
    assert fund.get_parent().slug == "fondsen"
    assert fund.live
    assert not StandardPage.objects.filter(slug="fonds-buurtcultuur").exists()
    assert (fund.maximum_grant, fund.maximum_share_of_costs, fund.advance_percentage) == (
        Decimal("5000.00"),
        50,
        80,
    )
    assert fund.reporting_tiers.count() == 3
    # The home page's card links to the fund page.
    home = fund.get_parent().get_parent().specific
    linked = [
        card["value"]["link"]["page"]
        for block in home.body.raw_data
        if block["type"] == "cards"
        for card in block["value"]["cards"]
    ]
    assert fund.pk in linked


def check_one_closed_and_one_open_round_with_criteria_and_committee(demo):
    fund = FundPage.objects.get(code="BCA")
    rounds = list(RoundPage.objects.child_of(fund).order_by("opens_at"))
    assert len(rounds) == 2
    closed, open_round = rounds
    assert not closed.is_open()
    assert open_round.is_open()
    reviewer = login("beoordelaar")
    for round_page in rounds:
        assert round_page.criteria.count() == 3
        assert len({c.weight for c in round_page.criteria.all()}) == 3
        assert reviewer in round_page.committee.all()
        assert round_page.committee.count() == 2
        assert len(round_page.questions) == 3


def check_every_status_is_there_and_the_applicant_has_hers(demo):
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(S.values)
    mine = set(
        Application.objects.filter(applicant=login("aanvrager")).values_list("status", flat=True)
    )
    assert {S.DRAFT, S.SUBMITTED, S.MORE_INFO, S.GRANTED} <= mine
    # Submitted applications are numbered, with their history.
    for application in Application.objects.exclude(status=S.DRAFT):
        assert application.number.startswith("BCA-")
        assert application.events.exists()


def check_reviews_a_paid_advance_a_report_and_a_settlement(demo):
    reviewer = login("beoordelaar")
    in_review = Application.objects.filter(status=S.IN_REVIEW)
    assert Review.objects.filter(
        assignment__reviewer=reviewer,
        assignment__application__in=in_review,
        submitted_at__isnull=False,
    ).exists()
    assert in_review.filter(average_score__isnull=False).exists()
    advance = Instalment.objects.get(
        kind=InstalmentKind.ADVANCE, application__status=S.ADVANCE_PAID
    )
    # Paid in a batch of its own (the Fonds Cultuureducatie's invoices have theirs).
    assert advance.payment.batch.status == BatchStatus.PAID
    # (The programme's demo pays its contributors' fees in a batch of their own.)
    fund_batches = PaymentBatch.objects.filter(payments__payee_type__app_label="funds")
    assert fund_batches.filter(status=BatchStatus.PAID).distinct().count() == 2
    assert advance.payment.status == PaymentStatus.PAID
    assert advance.amount == (advance.application.granted_amount * Decimal("0.8")).quantize(
        Decimal("0.01")
    )
    assert Report.objects.filter(
        application__status=S.REPORT_SUBMITTED, submitted_at__isnull=False
    ).exists()
    settled = Application.objects.get(status=S.SETTLED)
    assert settled.settled_amount is not None
    reclaimed = Application.objects.get(status=S.RECLAIMED)
    assert reclaimed.instalments.filter(kind=InstalmentKind.RECLAIM).exists()
    settings = PaymentSettings.objects.get()
    assert (settings.debtor_iban, settings.debtor_bic) == ("NL91ABNA0417164300", "ABNANL2A")


def check_decided_applications_carry_their_letters(demo):
    decided = Application.objects.filter(decided_at__isnull=False)
    assert decided.count() >= 5
    for application in decided:
        kinds = set(application.letters.values_list("kind", flat=True))
        expected = {"grant"} if application.granted_amount is not None else {"rejection"}
        if application.status == S.SETTLED:
            expected.add("settlement")
        if application.status == S.RECLAIMED:
            expected.add("reclaim")
        assert kinds == expected, application.number
        letter = application.letters.first()
        with letter.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    # Started before it was submitted, not when the demo was loaded.
    for application in Application.objects.exclude(submitted_at=None):
        assert application.created_at < application.submitted_at


def url_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def check_every_funds_page_answers_200_for_its_demo_login(demo, client):
    fund = FundPage.objects.get(code="BCA")
    pages = [fund, *RoundPage.objects.child_of(fund)]
    for page in pages:
        assert client.get(page.url).status_code == 200, page.url

    applicant = login("aanvrager")
    client.force_login(applicant)
    own = Application.objects.filter(applicant=applicant)
    urls = ["/mijn/"] + [url_or_none("funds:application", application.pk) for application in own]
    granted = own.get(status=S.GRANTED)
    urls.append(url_or_none("funds:report", granted.pk))
    for url in filter(None, urls):
        assert client.get(url).status_code == 200, ("aanvrager", url)

    reviewer = login("beoordelaar")
    client.force_login(reviewer)
    urls = ["/mijn/", url_or_none("funds:review_list")]
    urls += [
        url_or_none("funds:review", assignment.pk)
        for assignment in ReviewAssignment.objects.filter(reviewer=reviewer, has_conflict=False)
    ]
    for url in filter(None, urls):
        assert client.get(url).status_code == 200, ("beoordelaar", url)

    client.force_login(login("fondsbeheerder"))
    urls = ["/mijn/", "/fondsbeheer/", "/fondsbeheer/export/"]
    urls += [f"/fondsbeheer/rondes/{round_page.pk}/" for round_page in pages[1:]]
    urls += [
        f"/fondsbeheer/aanvragen/{application.pk}/"
        for application in Application.objects.exclude(status=S.DRAFT)
    ]
    urls += [url_or_none("payments:list")]
    urls += [url_or_none("payments:batch", batch.pk) for batch in PaymentBatch.objects.all()]
    for url in filter(None, urls):
        assert client.get(url).status_code == 200, ("fondsbeheerder", url)


def check_the_manager_sees_the_demo_in_the_overview(demo, client):
    client.force_login(login("fondsbeheerder"))
    client.cookies["django_language"] = "en"
    html = client.get("/fondsbeheer/").content.decode()
    submitted = Application.objects.exclude(status=S.DRAFT).count()
    assert f"{submitted} applications" in html
    assert "Theater in de Wipstrik" in html
    assert "Verhalenfestival Stadshagen" not in html  # a draft


def check_the_education_fund_demo_has_a_scheme_phases_and_confirmed_allocations(demo):
    from django.utils import timezone

    from funds.models.education import Allocation, AllocationStatus, EducationScheme

    scheme = EducationScheme.objects.get(year=timezone.localdate().year)
    assert set(scheme.rates.values_list("school_type", flat=True)) == {"PO", "SO", "VSO", "VO"}
    allocations = Allocation.objects.filter(scheme=scheme)
    assert allocations.count() == 10
    assert set(allocations.values_list("status", flat=True)) == {AllocationStatus.CONFIRMED}
    assert {1, 2, 3} <= set(allocations.values_list("phase", flat=True))
    assert allocations.filter(phase_assessment__isnull=True).exists()  # one not assessed yet
    corrected = allocations.get(corrections__isnull=False)
    assert corrected.amount == corrected.computed_amount + Decimal("250.00")
    # Loading again changes nothing.
    call_command("load_demo", quiet_logins=True)
    assert Allocation.objects.filter(scheme=scheme).count() == 10


def check_the_demo_school_has_spending_in_every_status_and_its_pages_open(demo, client):
    from funds.models import SpendingRequest, SpendingStatus

    directie = login("directie")
    school = directie.schools_schoolmembership_set.get().school
    statuses = set(SpendingRequest.objects.filter(school=school).values_list("status", flat=True))
    assert statuses == set(SpendingStatus.values)
    # Other schools spent too, and some nothing at all.
    spenders = SpendingRequest.objects.values("school").distinct().count()
    assert 2 < spenders < School.objects.count()
    client.force_login(directie)
    assert client.get(reverse("funds:school_budget", args=[school.pk])).status_code == 200
    for request in SpendingRequest.objects.filter(school=school):
        assert client.get(request.get_absolute_url()).status_code == 200, request.status
        if request.invoice:
            url = reverse("funds:school_spending_invoice", args=[school.pk, request.pk])
            assert client.get(url).status_code == 200
    year = timezone.localdate().year
    report = client.get(reverse("funds:school_year_report", args=[school.pk, year]))
    assert report["Content-Type"] == "application/pdf"
    client.force_login(login("fondsbeheerder"))
    for url in (reverse("funds:staff_education"), reverse("funds:staff_spending_queue")):
        assert client.get(url).status_code == 200, url
    waiting = SpendingRequest.objects.get(school=school, status=SpendingStatus.SCHOOL_APPROVED)
    assert client.get(reverse("funds:staff_spending", args=[waiting.pk])).status_code == 200


def check_the_demo_school_has_bookings_in_every_status_for_the_demo_provider(demo, client):
    from funds.models import Booking, BookingStatus

    statuses = set(Booking.objects.values_list("status", flat=True))
    assert statuses == set(BookingStatus.values)
    held = Booking.objects.get(took_place_at__isnull=False)
    assert held.spending.status == "booked" and held.spending.invoice
    provider = login("aanbieder").listings_providermembership_set.first().provider
    client.force_login(login("aanbieder"))
    assert client.get(reverse("funds:provider_bookings", args=[provider.pk])).status_code == 200
    for booking in Booking.objects.filter(offer__provider=provider):
        assert client.get(booking.get_provider_url()).status_code == 200
    client.force_login(login("icc"))
    for booking in Booking.objects.all():
        assert client.get(booking.get_absolute_url()).status_code == 200


def test_the_funds_demo(demo, client):
    """The checks above on one load of the demo (loading it takes ~20 s): each starts logged
    out."""
    for check, needs_client in (
        (check_the_fund_replaces_the_placeholder_page, False),
        (check_one_closed_and_one_open_round_with_criteria_and_committee, False),
        (check_every_status_is_there_and_the_applicant_has_hers, False),
        (check_reviews_a_paid_advance_a_report_and_a_settlement, False),
        (check_decided_applications_carry_their_letters, False),
        (check_every_funds_page_answers_200_for_its_demo_login, True),
        (check_the_manager_sees_the_demo_in_the_overview, True),
        (check_the_education_fund_demo_has_a_scheme_phases_and_confirmed_allocations, False),
        (check_the_demo_school_has_spending_in_every_status_and_its_pages_open, True),
        (check_the_demo_school_has_bookings_in_every_status_for_the_demo_provider, True),
    ):
        client.logout()
        if needs_client:
            check(demo, client)
        else:
            check(demo)
