"""The Fonds Cultuureducatie from a school's request to the paid invoice, clicked through in
Chromium by the people who live it: the culture coordinator books an education offer from the
catalogue, the provider accepts it and, after the activity, adds the invoice; the coordinator
submits it, the directie approves it (four eyes), the fund manager approves it and pays it in a
SEPA batch; the school's budget and year report show what was paid.

One continuous test: each step starts from what the one before left, as the portal left it.
The activity is booked for today, so the provider can confirm it took place without waiting.
"""

import io
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter
from wagtail.models import Site

from funds.models import Booking, BookingStatus, SpendingRequest, SpendingStatus
from listings.models import Discipline
from payments.models import PaymentSettings
from tests.factories.education import AllocationFactory, school_staff
from tests.factories.funds import fund_manager
from tests.factories.listings import EducationOfferFactory, ProviderMembershipFactory

PAYEE_IBAN = "NL91ABNA0417164300"


def nl(message) -> str:
    with translation.override("nl"):
        return gettext(message) if isinstance(message, str) else str(message)


def required(label: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")


def pdf_file() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def world(transactional_db):
    year = timezone.localdate().year
    allocation = AllocationFactory(year=year)  # € 7.290,00
    staff = school_staff(allocation.school)
    offer = EducationOfferFactory(
        title="Theaterworkshop Vriendschap", disciplines=[Discipline.objects.get(slug="theater")]
    )  # € 6,50 per pupil
    staff["provider"] = ProviderMembershipFactory(provider=offer.provider).user
    staff["manager"] = fund_manager()
    settings = PaymentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.debtor_name = "Stichting Cultuurportaal Zwolle"
    settings.debtor_iban = "NL02ABNA0123456789"
    settings.debtor_bic = "ABNANL2A"
    settings.save()
    return allocation, staff, offer


def test_a_booking_goes_from_the_catalogue_to_a_paid_invoice(
    page, log_in_as, world, external_requests
):
    allocation, staff, offer = world
    school = allocation.school

    def as_person(user):
        page.context.clear_cookies()
        log_in_as(user.email)

    # The coordinator finds the offer and books it for today, for groups 5 and 6.
    as_person(staff["icc"])
    page.goto(offer.url)
    page.get_by_role("link", name=nl("Book on your school budget"), exact=True).click()
    main = page.get_by_role("main")
    main.get_by_label(required(nl("Preferred date"))).fill(timezone.localdate().isoformat())
    main.get_by_label("groep 5", exact=True).check()
    main.get_by_label("groep 6", exact=True).check()
    main.get_by_label(required(nl("Number of pupils"))).fill("52")
    main.get_by_role("button", name=nl("Send the booking request"), exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(
        nl("Your booking request has been sent to the provider.")
    )
    booking = Booking.objects.get()

    # The provider accepts it and, the activity done, adds the invoice.
    as_person(staff["provider"])
    page.goto(f"/mijn/aanbieders/{offer.provider_id}/boekingen/")
    page.get_by_role("link", name=offer.title, exact=True).click()
    page.get_by_role("button", name=nl("Accept"), exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(nl("Accepted. The school has been told."))
    main = page.get_by_role("main")
    main.get_by_label(required(nl("Invoice (PDF)"))).set_input_files(
        files=[{"name": "factuur.pdf", "mimeType": "application/pdf", "buffer": pdf_file()}]
    )
    main.get_by_label(required(nl("Invoice number"))).fill("2026-117")
    main.get_by_label(required(nl("Account holder"))).fill("Theatergroep De Spiegel")
    main.get_by_label(required(nl("IBAN"))).fill("NL91 ABNA 0417 1643 00")
    main.get_by_role("button", name=nl("Confirm and send the invoice"), exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(
        nl("Thank you. The school submits your invoice to the fund.")
    )
    booking.refresh_from_db()
    request = booking.spending
    assert booking.status == BookingStatus.ACCEPTED and request.status == SpendingStatus.BOOKED

    # The coordinator submits it from the school's budget page.
    as_person(staff["icc"])
    page.goto(f"/mijn/scholen/{school.pk}/")
    page.get_by_role("link", name=nl("Budget and spending requests"), exact=True).click()
    expect(page.locator("[data-figure=committed]")).to_have_text("€ 338,00")
    page.get_by_role("link", name=request.number, exact=True).click()
    page.get_by_role("button", name=nl("Submit for approval"), exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(nl("Done: %(step)s.")[:4])
    # Four eyes: the coordinator who booked it has no approve button.
    expect(page.get_by_role("button", name=nl("Approve and send to the fund"))).to_have_count(0)

    # The directie approves it.
    as_person(staff["directie"])
    page.goto(request.get_absolute_url())
    page.get_by_role("button", name=nl("Approve and send to the fund"), exact=True).click()
    expect(page.locator("main .badge").first).to_have_text(nl("Waiting for the fund"))

    # The fund manager approves it for payment and pays it.
    as_person(staff["manager"])
    page.goto("/fondsbeheer/cultuureducatie/")
    page.get_by_role("link", name=nl("Invoices to approve"), exact=True).first.click()
    page.get_by_role("link", name=request.number, exact=True).click()
    page.get_by_role("button", name=nl("Approve for payment"), exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(
        nl("Approved: the invoice is ready for the next payment batch.")
    )
    page.goto("/betalingen/")
    reference = f"{request.number}-F"
    page.get_by_label(reference, exact=True).check()
    page.get_by_role("button", name=nl("Make a batch of the ticked payments"), exact=True).click()
    main = page.get_by_role("main")
    expect(main.get_by_role("rowheader", name=reference, exact=True)).to_be_visible()
    main.get_by_role("button", name=nl("Mark as sent to the bank"), exact=True).click()
    main.get_by_role("button", name=nl("Mark as paid"), exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(
        nl("Marked as paid: %(count)s payments.") % {"count": 1}
    )
    request.refresh_from_db()
    assert request.status == SpendingStatus.PAID

    # The school sees it paid, and its year report counts it.
    as_person(staff["icc"])
    page.goto(f"/mijn/scholen/{school.pk}/budget/")
    expect(page.locator("[data-figure=paid]")).to_have_text("€ 338,00")
    expect(page.locator("[data-figure=committed]")).to_have_text("€ 0,00")
    expect(page.locator("[data-figure=left]")).to_have_text("€ 6.952,00")
    report = page.get_by_role("link", name=nl("Year report (PDF)"), exact=True)
    response = page.request.get(report.get_attribute("href"))
    assert response.ok
    text = pdf_text(response.body()).replace(" ", "")
    assert "Theater" in text and "€338,00" in text and "€6.952,00" in text
    assert SpendingRequest.objects.get().payment.status == "paid"
    assert external_requests == []
