"""The whole life of a Fonds Buurtcultuur application, clicked through in Chromium by the people
who live it: the applicant applies, the fund manager screens it and assigns a committee member,
the reviewer scores it, the manager grants it (decision letter), pays the advance through a SEPA
batch, the applicant reports, and the manager settles it (settlement letter).

One continuous test: each step starts from what the one before left in the database, exactly as
the portal left it; nothing is put in place behind the browser's back once the journey begins.
The browser asks for English; the labels, buttons and statuses the test looks for are the
portal's own messages in Dutch (`nl()`, from its catalogue), as every visitor gets them.
"""

import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter
from wagtail.models import Site

from funds.models import Application, ApplicationStatus, BudgetLineKind, LetterKind
from payments.models import PaymentSettings
from tests.factories.funds import RoundPageFactory, fund_manager, reviewer
from tests.factories.portal import UserFactory

SEPA_SCHEMA = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
SEPA_NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}

PROJECT_TITLE = "Zomerfeest op het Pletterplein"
ORGANISATION = "Buurtvereniging De Linde"
PAYEE_IBAN = "NL91ABNA0417164300"
DEBTOR_IBAN = "NL02ABNA0123456789"
# The budget: € 3.000 costs, € 1.500 income, so € 1.500 asked (50% of the costs, the fund's most).
COSTS = [("Podium en geluid", "2000"), ("Optredens", "1000")]
INCOME = [
    ("own", "Eigen bijdrage vereniging", "500"),
    ("cofunding", "Wijkbudget Diezerpoort", "1000"),
]
GRANTED = "1.200,00"  # as the letters write the granted € 1.200
ADVANCE = "960.00"  # 80% of it, as the SEPA file writes amounts
CONDITIONS = "Vermeld het Fonds Buurtcultuur op de posters en flyers."
QUESTION_LONG = "Hoe betrek je de buurt bij je project?"
QUESTION_CHOICE = "Welke discipline past het best bij je project?"
QUESTIONS = [
    {
        "type": "long_text",
        "id": "q-buurt",
        "value": {"label": QUESTION_LONG, "required": True, "max_words": 200},
    },
    {
        "type": "choice",
        "id": "q-discipline",
        "value": {
            "label": QUESTION_CHOICE,
            "required": True,
            "choices": ["Muziek", "Theater", "Dans"],
            "multiple": False,
        },
    },
]


def nl(message) -> str:
    """What the portal shows for this message (or lazy label): its Dutch translation."""
    with translation.override("nl"):
        return gettext(message) if isinstance(message, str) else str(message)


def field(message: str) -> str:
    """A model field's label as a form shows it: its verbose name in Dutch, capitalised."""
    return capfirst(nl(message))


def required(label: str) -> re.Pattern:
    """The label of a required field, which crispy-forms marks with an asterisk."""
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")


def status(value: str) -> str:
    """An application status as the portal names it."""
    return nl(ApplicationStatus(value).label)


def pdf_file() -> bytes:
    """A small real PDF (one blank A4 page): what an applicant uploads as a project plan."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_file() -> bytes:
    """A small real PNG: a photo of the activity for the report."""
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (230, 120, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_text(data: bytes) -> str:
    """The text of a PDF, with every run of white space as one space."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


# --- The people and the round -----------------------------------------------------------------
@pytest.fixture
def people(transactional_db):
    applicant = UserFactory(first_name="Fatima", last_name="El Amrani", email="fatima@buurt.test")
    manager = fund_manager(first_name="Marieke", last_name="Jansen", email="marieke@fonds.test")
    member = reviewer(first_name="Joost", last_name="de Vries", email="joost@commissie.test")
    return {"applicant": applicant, "manager": manager, "reviewer": member}


@pytest.fixture
def round_page(people):
    """An open round of the fund (€ 5.000 at most, 50% of the costs, 80% advance), with two
    questions of its own, three weighted criteria and the reviewer on its committee."""
    page = RoundPageFactory(title="Voorjaarsronde", questions=QUESTIONS)
    page.committee.add(people["reviewer"])
    page.save()
    return page


@pytest.fixture
def bank_account(transactional_db):
    """The organisation's own account, which the SEPA file pays from."""
    settings = PaymentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.debtor_name = "Stichting Cultuurportaal Zwolle"
    settings.debtor_iban = DEBTOR_IBAN
    settings.debtor_bic = "ABNANL2A"
    settings.save()
    return settings


# --- The applicant ----------------------------------------------------------------------------
def expect_own_status(page, value):
    """The status as the applicant's page of the application states it."""
    heading = page.get_by_role("heading", level=2, name=f"{nl('Status')}: {status(value)}")
    expect(heading).to_be_visible()


def open_own_application(page, value):
    """The application from My portal, in this status."""
    page.goto("/mijn/")
    page.get_by_role("main").get_by_role("link", name=PROJECT_TITLE, exact=True).click()
    expect_own_status(page, value)


def save_and_continue(page, next_step: str):
    page.get_by_role("button", name=nl("Save and continue"), exact=True).click()
    expect(page.get_by_role("heading", level=2, name=nl(next_step), exact=True)).to_be_visible()


def apply(page, round_page, applicant) -> Application:
    """From the round's public page to a submitted application, every step filled in."""
    page.goto(round_page.url)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("button", name=nl("Apply"), exact=True).click()
    expect(page.get_by_role("heading", level=2, name=nl("Applicant"), exact=True)).to_be_visible()
    main = page.get_by_role("main")

    # Applicant: the organisation and its contact (name and email come from the account).
    main.get_by_label(nl("An organisation or group"), exact=True).check()
    main.get_by_label(field("name of the organisation"), exact=True).fill(ORGANISATION)
    main.get_by_label(field("legal form"), exact=True).select_option("vereniging")
    main.get_by_label(field("KvK number"), exact=True).fill("40123456")
    main.get_by_label(field("number of members"), exact=True).fill("45")
    main.get_by_label(field("share of members living in Zwolle (%)"), exact=True).fill("90")
    expect(main.get_by_label(field("contact person"), exact=True)).to_have_value(
        applicant.get_full_name()
    )
    expect(main.get_by_label(field("email address"), exact=True)).to_have_value(applicant.email)
    main.get_by_label(field("phone"), exact=True).fill("038 765 43 21")
    main.get_by_label(field("street and number"), exact=True).fill("Lindestraat 5")
    main.get_by_label(field("postcode"), exact=True).fill("8021 ab")
    main.get_by_label(field("city"), exact=True).fill("Zwolle")
    save_and_continue(page, "Project")

    # Project: after today, as submitting requires.
    start = timezone.localdate() + timedelta(days=45)
    main.get_by_label(field("project title"), exact=True).fill(PROJECT_TITLE)
    main.get_by_label(field("summary"), exact=True).fill(
        "Een middag muziek en theater op het plein, voor en door de buurt."
    )
    main.get_by_label(field("wijk (district)"), exact=True).select_option("diezerpoort")
    main.get_by_label(field("location"), exact=True).fill("Pletterplein, Zwolle")
    main.get_by_label(field("start date"), exact=True).fill(start.isoformat())
    main.get_by_label(field("end date"), exact=True).fill(start.isoformat())
    main.get_by_label(field("target group"), exact=True).fill("Bewoners van Diezerpoort")
    main.get_by_label(field("expected participants"), exact=True).fill("250")
    save_and_continue(page, "Budget")

    # Budget: the cost and income tables start with two empty lines each.
    costs = main.get_by_role("table", name=nl("Costs"), exact=True).locator("tbody tr")
    for index, (description, amount) in enumerate(COSTS):
        row = costs.nth(index)
        row.get_by_label(nl("Description"), exact=True).fill(description)
        row.get_by_label(nl("Amount (€)"), exact=True).fill(amount)
    income = main.get_by_role(
        "table", name=nl("Income: co-funding, own contribution and other income"), exact=True
    ).locator("tbody tr")
    for index, (kind, description, amount) in enumerate(INCOME):
        row = income.nth(index)
        row.get_by_label(nl("Kind of income"), exact=True).select_option(kind)
        row.get_by_label(nl("Description"), exact=True).fill(description)
        row.get_by_label(nl("Amount (€)"), exact=True).fill(amount)
    save_and_continue(page, "Questions")

    # The round's own questions.
    main.get_by_label(QUESTION_LONG, exact=True).fill(
        "We zetten flyers in de bus en bewoners spelen zelf mee in de buurtband."
    )
    main.get_by_label("Muziek", exact=True).check()
    save_and_continue(page, "Attachments")

    # Attachments: the project plan, a real PDF.
    main.get_by_label(required(nl("What is it?"))).select_option("plan")
    main.get_by_label(required(nl("File"))).set_input_files(
        files=[{"name": "projectplan.pdf", "mimeType": "application/pdf", "buffer": pdf_file()}]
    )
    main.get_by_role("button", name=nl("Upload"), exact=True).click()
    expect(main.get_by_role("link", name="projectplan.pdf")).to_be_visible()
    main.get_by_role("link", name=nl("Continue"), exact=True).click()
    expect(
        page.get_by_role("heading", level=2, name=nl("Payment details"), exact=True)
    ).to_be_visible()

    # Payment details, then the review page: nothing stands in the way.
    main.get_by_label(field("account holder"), exact=True).fill(ORGANISATION)
    main.get_by_label(field("IBAN"), exact=True).fill("NL91 ABNA 0417 1643 00")
    page.get_by_role("button", name=nl("Save and continue"), exact=True).click()
    submit = main.get_by_role("button", name=nl("Submit my application"), exact=True)
    expect(submit).to_be_visible()
    expect(page.locator("#problems")).to_have_count(0)
    expect(main).to_contain_text("€\xa01.500,00")  # the amount asked: costs minus income
    submit.click()

    expect_own_status(page, "submitted")
    application = Application.objects.get(applicant=applicant)
    assert application.status == ApplicationStatus.SUBMITTED
    expect(main).to_contain_text(application.number)
    return application


# --- The fund manager -------------------------------------------------------------------------
def open_staff_page(page, application):
    """The application from the fund management list."""
    page.goto("/fondsbeheer/")
    page.get_by_role("main").get_by_role("link", name=application.number, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PROJECT_TITLE)


def expect_staff_status(page, value):
    expect(page.locator("#application-status")).to_have_text(status(value))


def start_review(page, application, member):
    """Screening complete: the review starts; the committee member is assigned."""
    open_staff_page(page, application)
    expect_staff_status(page, "submitted")
    page.get_by_role("button", name=nl("Complete: start the review"), exact=True).click()
    expect_staff_status(page, "in_review")
    page.get_by_label(required(nl("Committee member"))).select_option(label=member.get_full_name())
    page.get_by_role("button", name=nl("Assign reviewer"), exact=True).click()
    reviewers = page.locator("#assessment")
    expect(
        reviewers.get_by_role("rowheader", name=member.get_full_name(), exact=True)
    ).to_be_visible()
    expect(reviewers).to_contain_text(nl("Not declared yet"))


def grant(page, application):
    """Grant € 1.200 of the € 1.500 asked, with conditions; the decision letter says so."""
    open_staff_page(page, application)
    expect_staff_status(page, "in_review")
    # The reviewer's weighted score is on the page: (8*3 + 7*2 + 9*1) / 6 = 7,83.
    expect(page.locator("#assessment")).to_contain_text("7,83")
    page.get_by_label(required(nl("Amount to grant (€)"))).fill("1200")
    page.get_by_label(nl("Conditions"), exact=True).fill(CONDITIONS)
    page.get_by_role("button", name=nl("Grant and send the letter"), exact=True).click()
    expect_staff_status(page, "granted")

    letter = page.get_by_role("link", name=nl(LetterKind.GRANT.label), exact=True)
    text = pdf_text(download(page, letter))
    assert PROJECT_TITLE in text
    assert f"€ {GRANTED}" in text
    assert CONDITIONS in text
    assert application.number in text


def download(page, link) -> bytes:
    """What a link on the page serves, fetched with the browser's own cookies."""
    response = page.request.get(link.get_attribute("href"))
    assert response.ok, response.status
    return response.body()


def pay_advance(page, application):
    """Batch the advance, take the SEPA file for the bank, mark it sent and then paid."""
    page.goto("/betalingen/")
    reference = f"{application.number}-V"
    page.get_by_label(reference, exact=True).check()
    page.get_by_role("button", name=nl("Make a batch of the ticked payments"), exact=True).click()
    main = page.get_by_role("main")
    expect(main.get_by_role("rowheader", name=reference, exact=True)).to_be_visible()

    with page.expect_download() as sepa:
        main.get_by_role("link", name=nl("SEPA file (pain.001)"), exact=True).click()
    xml = Path(sepa.value.path()).read_bytes()
    xmlschema.XMLSchema(str(SEPA_SCHEMA)).validate(xml.decode())
    root = ET.fromstring(xml)  # noqa: S314 (the file the portal just made)
    (transfer,) = root.findall("p:CstmrCdtTrfInitn/p:PmtInf/p:CdtTrfTxInf", SEPA_NS)
    assert transfer.find("p:PmtId/p:EndToEndId", SEPA_NS).text == reference
    assert transfer.find("p:Amt/p:InstdAmt", SEPA_NS).text == ADVANCE
    assert transfer.find("p:CdtrAcct/p:Id/p:IBAN", SEPA_NS).text == PAYEE_IBAN
    debtor = root.find("p:CstmrCdtTrfInitn/p:PmtInf/p:DbtrAcct/p:Id/p:IBAN", SEPA_NS)
    assert debtor.text == DEBTOR_IBAN

    main.get_by_role("button", name=nl("Mark as sent to the bank"), exact=True).click()
    paid = main.get_by_role("button", name=nl("Mark as paid"), exact=True)
    paid.click()
    expect(page.get_by_role("status")).to_contain_text(
        nl("Marked as paid: %(count)s payments.") % {"count": 1}
    )
    expect(paid).to_have_count(0)

    open_staff_page(page, application)
    expect_staff_status(page, "advance_paid")


def settle(page, application):
    """The report is in: settle at the granted amount; the rest is put up for payment."""
    open_staff_page(page, application)
    expect_staff_status(page, "report_submitted")
    final = page.get_by_label(required(nl("Final amount (€)")))
    expect(final).to_have_value("1200,00")  # proposed: the costs were as budgeted
    page.get_by_role("button", name=nl("Settle and send the letter"), exact=True).click()
    expect_staff_status(page, "settled")

    letter = page.get_by_role("link", name=nl(LetterKind.SETTLEMENT.label), exact=True)
    text = pdf_text(download(page, letter))
    assert PROJECT_TITLE in text
    assert f"€ {GRANTED}" in text  # the final amount
    assert "€ 240,00" in text  # still to pay: € 1.200 minus the € 960 advance


# --- The reviewer -----------------------------------------------------------------------------
SCORES = {
    "Betekenis voor de buurt": ("8", "Veel bewoners doen mee, jong en oud."),
    "Kwaliteit van het plan": ("7", "Het programma is helder; de planning mag scherper."),
    "Haalbaarheid": ("9", "De vereniging heeft dit eerder gedaan."),
}


def review(page):
    """No conflict of interest; a score and a comment on every criterion; submitted."""
    page.goto("/beoordelen/")
    page.get_by_role("main").get_by_role("link", name=PROJECT_TITLE, exact=True).click()
    page.get_by_label(
        nl("I have no conflict of interest with this applicant or project"), exact=True
    ).check()
    page.get_by_role("button", name=nl("Declare"), exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT_TITLE)
    for criterion, (score, comment) in SCORES.items():
        group = page.get_by_role("group", name=re.compile(rf"^{re.escape(criterion)}\b"))
        group.get_by_label(nl("Score from 1 to 10"), exact=True).select_option(score)
        group.get_by_label(nl("Comment"), exact=True).fill(comment)
    page.get_by_label(nl("Overall comment"), exact=True).fill("Een sympathiek en haalbaar plan.")
    page.get_by_role("button", name=nl("Submit review"), exact=True).click()

    scores = page.locator("#review").get_by_role("table")
    for criterion, (score, comment) in SCORES.items():
        row = scores.get_by_role("row").filter(has_text=criterion)
        expect(row).to_contain_text(score)
        expect(row).to_contain_text(comment)
    expect(page.get_by_role("button", name=nl("Submit review"), exact=True)).to_have_count(0)


# --- The applicant again ----------------------------------------------------------------------
def report(page):
    """The report this grant's size asks for: what was done, participants, a photo and the
    actual amount of every budget line."""
    open_own_application(page, "advance_paid")
    page.get_by_role("link", name=nl("Submit the report"), exact=True).click()
    form = page.locator("#report-form")
    form.get_by_label(nl("What was done"), exact=True).fill(
        "Het zomerfeest trok de hele buurt: drie bands, een theatergroep en een volle markt."
    )
    form.get_by_label(nl("Participants reached"), exact=True).fill("310")
    form.get_by_label(nl("Add photos"), exact=True).set_input_files(
        files=[{"name": "zomerfeest.png", "mimeType": "image/png", "buffer": png_file()}]
    )
    # Every line cost or brought in what was budgeted.
    for kind, description, amount in [("cost", *line) for line in COSTS] + INCOME:
        kind_label = nl(BudgetLineKind(kind).label).lower()
        form.get_by_label(f"{description} ({kind_label})", exact=True).fill(amount)
    form.get_by_role("button", name=nl("Send the report"), exact=True).click()

    expect(page.get_by_role("status")).to_contain_text(nl("Thank you: your report has been sent."))
    expect(page.locator("#report-form")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("zomerfeest.png")


# --- The whole life ---------------------------------------------------------------------------
def test_an_application_lives_from_apply_to_settled(
    page, log_in_as, people, round_page, bank_account, external_requests
):
    applicant, manager, member = people["applicant"], people["manager"], people["reviewer"]

    def as_person(user):
        page.context.clear_cookies()
        log_in_as(user.email)

    as_person(applicant)
    application = apply(page, round_page, applicant)

    as_person(manager)
    start_review(page, application, member)

    as_person(member)
    review(page)

    as_person(manager)
    grant(page, application)
    pay_advance(page, application)

    as_person(applicant)
    report(page)

    as_person(manager)
    settle(page, application)

    # The applicant sees the end of it, with both letters.
    as_person(applicant)
    open_own_application(page, "settled")
    letters = page.get_by_role("region", name=nl("Letters"))
    for kind in (LetterKind.GRANT, LetterKind.SETTLEMENT):
        expect(letters.get_by_role("link", name=nl(kind.label), exact=True)).to_be_visible()

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SETTLED
    assert external_requests == []
