"""Applying, as the applicant does it: from the round page through the steps to submitting, and
what they can do afterwards (issue 4, items 1 to 3)."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from funds.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
    BudgetLine,
    InternalNote,
    Message,
    MessageKind,
    RoundPage,
)
from tests.factories.funds import (
    ApplicationFactory,
    FundPageFactory,
    RoundPageFactory,
    application_in,
    fund_manager,
)
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
QUESTIONS = [
    {"type": "short_text", "id": "q-short", "value": {"label": "Who plays?", "required": True}},
    {
        "type": "long_text",
        "id": "q-long",
        "value": {"label": "Why this neighbourhood?", "max_words": 5, "required": True},
    },
    {
        "type": "choice",
        "id": "q-one",
        "value": {"label": "Indoors or outdoors?", "choices": ["Indoors", "Outdoors"]},
    },
    {
        "type": "choice",
        "id": "q-many",
        "value": {
            "label": "Which disciplines?",
            "choices": ["Music", "Dance", "Theatre"],
            "multiple": True,
            "required": False,
        },
    },
    {
        "type": "number",
        "id": "q-number",
        "value": {"label": "How many volunteers?", "min_value": 1, "max_value": 100},
    },
    {"type": "date", "id": "q-date", "value": {"label": "Rehearsal date", "required": False}},
    {"type": "file", "id": "q-file", "value": {"label": "Poster design", "required": False}},
]


def url(name, *args):
    return reverse(f"funds:{name}", args=args)


@pytest.fixture
def applicant():
    return UserFactory(first_name="Anna", last_name="de Vries")


@pytest.fixture
def client_en(client, applicant):
    client.cookies["django_language"] = "en"
    client.force_login(applicant)
    return client


@pytest.fixture
def draft(applicant):
    return ApplicationFactory(applicant=applicant)


APPLICANT_STEP = {
    "applicant_kind": "organisation",
    "organisation_name": "Muziekvereniging Excelsior",
    "legal_form": "vereniging",
    "kvk_number": "12345678",
    "members_count": "35",
    "share_in_city": "85",
    "contact_name": "Anna de Vries",
    "contact_email": "anna@voorbeeld.test",
    "contact_phone": "038 123 45 67",
    "street_address": "Assendorperstraat 10",
    "postcode": "8012ab",
    "city": "Zwolle",
}


def project_step():
    start = timezone.localdate() + timedelta(days=40)
    return {
        "project_title": "Zomerconcert in het park",
        "summary": "Een concert voor de buurt.",
        "wijk": "assendorp",
        "location": "Park de Wezenlanden",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=1)).isoformat(),
        "target_group": "Bewoners van Assendorp",
        "expected_participants": "300",
    }


def budget_post(costs, income, ids=None):
    """The budget step's POST data: costs [(description, amount)], income [(kind, description,
    amount)]."""
    ids = ids or {}
    data = {
        "cost-TOTAL_FORMS": str(len(costs)),
        "cost-INITIAL_FORMS": "0",
        "income-TOTAL_FORMS": str(len(income)),
        "income-INITIAL_FORMS": "0",
    }
    for index, (description, amount) in enumerate(costs):
        data[f"cost-{index}-description"] = description
        data[f"cost-{index}-amount"] = amount
        data[f"cost-{index}-id"] = ids.get(f"cost-{index}-id", "")
    for index, (kind, description, amount) in enumerate(income):
        data[f"income-{index}-kind"] = kind
        data[f"income-{index}-description"] = description
        data[f"income-{index}-amount"] = amount
        data[f"income-{index}-id"] = ids.get(f"income-{index}-id", "")
    return data


# --- Fund and round pages, and starting a draft ----------------------------------------------


def test_fund_page_shows_rules_and_its_rounds_by_status(client):
    client.cookies["django_language"] = "en"
    fund = FundPageFactory(maximum_grant=Decimal("5000"), maximum_share_of_costs=50)
    now = timezone.now()
    RoundPageFactory(parent=fund, title="Voorjaarsronde")
    RoundPageFactory(
        parent=fund,
        title="Najaarsronde",
        opens_at=now + timedelta(days=60),
        closes_at=now + timedelta(days=90),
    )
    RoundPageFactory(
        parent=fund,
        title="Winterronde",
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=60),
    )
    page = client.get(fund.url).content.decode()
    assert "Bewoners en verenigingen uit Zwolle" in page
    assert "5,000.00" in page
    assert "50% of the project" in page
    rows = {title: re.search(rf"{title}.*?badge[^>]*>(\w+)<", page, re.S).group(1) for title in
            ("Voorjaarsronde", "Najaarsronde", "Winterronde")}  # fmt: skip
    assert rows == {"Voorjaarsronde": "Open", "Najaarsronde": "Upcoming", "Winterronde": "Closed"}


def test_round_page_shows_period_budget_and_criteria(client):
    client.cookies["django_language"] = "en"
    round_page = RoundPageFactory(budget=Decimal("20000"))
    page = client.get(round_page.url).content.decode()
    assert "20,000.00" in page
    assert "Betekenis voor de buurt" in page
    assert "weight 3" in page
    # Anonymous: a link to log in that comes back here, no button that would create anything.
    assert f"/account/login/?next={round_page.url}" in page.replace("%2F", "/")
    assert url("apply", round_page.pk) not in page


def test_apply_button_creates_a_draft_and_pressing_again_resumes_it(client_en, applicant):
    round_page = RoundPageFactory()
    page = client_en.get(round_page.url).content.decode()
    assert f'action="{url("apply", round_page.pk)}"' in page

    response = client_en.post(url("apply", round_page.pk))
    application = Application.objects.get(applicant=applicant)
    assert response.status_code == 302
    assert response["Location"] == url("application_applicant", application.pk)
    assert application.status == ApplicationStatus.DRAFT
    assert application.contact_email == applicant.email
    assert application.contact_name == "Anna de Vries"

    again = client_en.post(url("apply", round_page.pk))
    assert again["Location"] == url("application_applicant", application.pk)
    assert Application.objects.filter(applicant=applicant).count() == 1


def test_a_closed_round_has_no_button_and_refuses_a_draft(client_en, applicant):
    now = timezone.now()
    round_page = RoundPageFactory(
        opens_at=now - timedelta(days=30), closes_at=now - timedelta(seconds=1)
    )
    page = client_en.get(round_page.url).content.decode()
    assert "This round closed on" in page
    assert url("apply", round_page.pk) not in page
    response = client_en.post(url("apply", round_page.pk), follow=True)
    assert "This round is not open for applications." in response.content.decode()
    assert not Application.objects.exists()


def test_anonymous_apply_goes_to_login_and_creates_nothing(client):
    round_page = RoundPageFactory()
    response = client.post(url("apply", round_page.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert not Application.objects.exists()


# --- Steps save as you go --------------------------------------------------------------------


def test_each_step_saves_what_was_entered(client_en, applicant):
    application = Application.objects.create(round=RoundPageFactory(), applicant=applicant)
    response = client_en.post(url("application_applicant", application.pk), APPLICANT_STEP)
    assert response.status_code == 302
    response = client_en.post(
        url("application_project", application.pk), {**project_step(), "go": "next"}
    )
    assert response["Location"] == url("application_budget", application.pk)
    client_en.post(
        url("application_payee", application.pk),
        {"payee_name": "Muziekvereniging Excelsior", "payee_iban": "nl91 abna 0417 1643 00"},
    )
    application.refresh_from_db()
    assert application.organisation_name == "Muziekvereniging Excelsior"
    assert application.postcode == "8012 AB"
    assert application.share_in_city == 85
    assert application.project_title == "Zomerconcert in het park"
    assert application.start_date == timezone.localdate() + timedelta(days=40)
    assert application.payee_iban == "NL91ABNA0417164300"
    # Saved in the database: it is there after logging out and in again.
    client_en.logout()
    client_en.force_login(applicant)
    page = client_en.get(url("application_project", application.pk)).content.decode()
    assert 'value="Zomerconcert in het park"' in page


def test_an_invalid_field_keeps_its_input_and_the_valid_ones_are_saved(client_en, draft):
    data = {**APPLICANT_STEP, "kvk_number": "1234", "contact_phone": "06 12345678"}
    response = client_en.post(url("application_applicant", draft.pk), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "A KvK number has 8 digits" in page
    assert 'value="1234"' in page
    assert "Everything else has been saved." in page
    draft.refresh_from_db()
    assert draft.kvk_number == ""  # the invalid value was not stored
    assert draft.contact_phone == "06 12345678"  # the valid ones were
    assert draft.organisation_name == "Muziekvereniging Excelsior"

    project = {**project_step(), "end_date": "2000-01-01", "project_title": "Nieuwe titel"}
    response = client_en.post(url("application_project", draft.pk), project)
    assert "The end date cannot be before the start date." in response.content.decode()
    draft.refresh_from_db()
    assert draft.project_title == "Nieuwe titel"
    assert draft.end_date != timezone.datetime(2000, 1, 1).date()


def test_autosave_saves_the_step_and_answers_json(client_en, draft):
    response = client_en.post(
        url("application_project", draft.pk),
        {**project_step(), "summary": "Bijna klaar"},
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert "Draft saved at" in response.json()["message"]
    draft.refresh_from_db()
    assert draft.summary == "Bijna klaar"


def test_step_pages_load_the_autosave_script_from_the_site_itself(client_en, draft):
    page = client_en.get(url("application_project", draft.pk)).content.decode()
    assert '<script src="/static/funds/application-form.js" defer>' in page
    assert "data-autosave" in page
    assert "novalidate" in page


def test_progress_list_shows_which_steps_are_complete(client_en, applicant):
    application = ApplicationFactory(applicant=applicant, project_title="")
    page = client_en.get(url("application_applicant", application.pk)).content.decode()
    nav = page[page.index("Steps of your application") : page.index("Check and submit")]
    steps = dict(re.findall(r">([A-Z][a-z ]+)</a>\s*<span class=\"badge[^>]*>([a-z ]+)<", nav))
    assert steps["Applicant"] == "complete"
    assert steps["Project"] == "to do"
    assert steps["Budget"] == "complete"


# --- Budget ----------------------------------------------------------------------------------


def test_budget_computes_the_requested_amount(client_en, applicant):
    application = Application.objects.create(round=RoundPageFactory(), applicant=applicant)
    data = budget_post(
        costs=[("Podium en geluid", "2,000.00"), ("Optredens", "1000")],
        income=[("own", "Eigen bijdrage", "500"), ("cofunding", "Wijkbudget", "1,000.00")],
    )
    response = client_en.post(url("application_budget", application.pk), data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.requested_amount == Decimal("1500.00")
    lines = {line.description: line.amount for line in application.budget_lines.all()}
    assert lines == {
        "Podium en geluid": Decimal("2000.00"),
        "Optredens": Decimal("1000.00"),
        "Eigen bijdrage": Decimal("500.00"),
        "Wijkbudget": Decimal("1000.00"),
    }
    page = client_en.get(url("application_budget", application.pk)).content.decode()
    assert re.search(r'id="budget-requested">€&nbsp;1,500.00<', page)
    # The requested amount cannot be typed in: a posted value is ignored.
    client_en.post(
        url("application_budget", application.pk),
        {**budget_post([("Zaalhuur", "800")], []), "requested_amount": "5000"},
    )
    application.refresh_from_db()
    assert application.requested_amount == Decimal("2300.00")
    assert application.budget_lines.count() == 5


def test_budget_lines_are_edited_and_removed_without_duplicates(client_en, draft):
    page = client_en.get(url("application_budget", draft.pk)).content.decode()
    cost, second_cost = draft.budget_lines.filter(kind="cost").order_by("sort_order")
    assert f'name="cost-0-id" value="{cost.pk}"' in page
    data = budget_post(
        costs=[("Podium, geluid en licht", "2500"), (second_cost.description, "1000")],
        income=[],
        ids={"cost-0-id": str(cost.pk), "cost-1-id": str(second_cost.pk)},
    )
    data["cost-1-DELETE"] = "on"
    client_en.post(url("application_budget", draft.pk), data)
    cost.refresh_from_db()
    assert cost.description == "Podium, geluid en licht"
    assert cost.amount == Decimal("2500")
    assert not BudgetLine.objects.filter(pk=second_cost.pk).exists()
    # Lines that were not posted at all (another tab, an old page) are left alone.
    assert draft.budget_lines.count() == 3
    draft.refresh_from_db()
    assert draft.requested_amount == Decimal("1000.00")


def test_budget_autosave_returns_new_line_ids_so_the_next_save_updates_them(client_en, applicant):
    application = Application.objects.create(round=RoundPageFactory(), applicant=applicant)
    first = client_en.post(
        url("application_budget", application.pk),
        budget_post([("Zaalhuur", "800")], []),
        headers={"X-Autosave": "1"},
    ).json()
    line = application.budget_lines.get()
    assert first["set"] == {"cost-0-id": line.pk}
    assert first["text"]["budget-requested"] == "€\xa0800.00"
    client_en.post(
        url("application_budget", application.pk),
        budget_post([("Zaalhuur", "900")], [], ids={"cost-0-id": str(line.pk)}),
        headers={"X-Autosave": "1"},
    )
    assert application.budget_lines.get().amount == Decimal("900")


# --- The round's own questions ---------------------------------------------------------------


@pytest.fixture
def questions_draft(applicant):
    return ApplicationFactory(applicant=applicant, round=RoundPageFactory(questions=QUESTIONS))


def answer_questions(client, application, **extra):
    poster = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    poster.name = "poster.png"
    data = {
        "q_q-short": "Harmonie Zwolle",
        "q_q-long": "Omdat hier nog niets gebeurt",
        "q_q-one": "Outdoors",
        "q_q-many": ["Music", "Dance"],
        "q_q-number": "12",
        "q_q-date": "2030-05-01",
        "q_q-file": poster,
        **extra,
    }
    return client.post(url("application_questions", application.pk), data)


def test_answers_are_stored_under_the_question_id_with_label_and_type(client_en, questions_draft):
    page = client_en.get(url("application_questions", questions_draft.pk)).content.decode()
    assert "At most 5 words." in page
    assert 'data-max-words="5"' in page
    response = answer_questions(client_en, questions_draft)
    assert response.status_code == 302
    questions_draft.refresh_from_db()
    answers = questions_draft.answers
    assert answers["q-short"] == {"label": "Who plays?", "type": "short_text",
                                  "value": "Harmonie Zwolle"}  # fmt: skip
    assert answers["q-many"]["value"] == ["Music", "Dance"]
    assert answers["q-number"]["value"] == "12"
    assert answers["q-date"]["value"] == "2030-05-01"
    assert answers["q-file"] == {"label": "Poster design", "type": "file", "value": "poster.png"}
    attachment = Attachment.objects.get(application=questions_draft, question_id="q-file")
    assert attachment.kind == AttachmentKind.QUESTION
    assert attachment.content_type == "image/png"


def test_a_long_text_over_its_word_limit_is_kept_and_flagged(client_en, questions_draft):
    response = answer_questions(
        client_en, questions_draft, **{"q_q-long": "een twee drie vier vijf zes"}
    )
    page = response.content.decode()
    assert "Your answer has 6 words; at most 5 are allowed." in page
    questions_draft.refresh_from_db()
    assert questions_draft.answers["q-long"]["value"] == "een twee drie vier vijf zes"


def test_answers_survive_when_staff_relabel_or_remove_questions(client_en, questions_draft):
    answer_questions(client_en, questions_draft)
    client_en.post(url("application_submit", questions_draft.pk))
    questions_draft.refresh_from_db()
    assert questions_draft.status == ApplicationStatus.SUBMITTED

    round_page = RoundPage.objects.get(pk=questions_draft.round_id)
    edited = [dict(block) for block in QUESTIONS if block["id"] != "q-long"]
    edited[0] = {**edited[0], "value": {**edited[0]["value"], "label": "Which band plays?"}}
    round_page.questions = edited
    round_page.save_revision().publish()

    page = client_en.get(url("application", questions_draft.pk)).content.decode()
    assert "Who plays?" in page  # what the applicant answered to
    assert "Harmonie Zwolle" in page
    assert "Why this neighbourhood?" in page  # removed from the round, still shown
    assert "Omdat hier nog niets gebeurt" in page
    assert "no longer asked in this round" in page
    text = pdf_text(client_en.get(url("application_pdf", questions_draft.pk)))
    assert "Omdat hier nog niets gebeurt" in text


def test_a_draft_shows_the_new_label_with_the_answer_given(client_en, questions_draft):
    answer_questions(client_en, questions_draft)
    round_page = RoundPage.objects.get(pk=questions_draft.round_id)
    edited = [dict(block) for block in QUESTIONS]
    edited[0] = {**edited[0], "value": {**edited[0]["value"], "label": "Which band plays?"}}
    round_page.questions = edited
    round_page.save_revision().publish()
    page = client_en.get(url("application_questions", questions_draft.pk)).content.decode()
    assert "Which band plays?" in page
    assert 'value="Harmonie Zwolle"' in page


# --- Submitting ------------------------------------------------------------------------------


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_submit_numbers_dates_logs_and_confirms_by_email(client_en, draft, mailoutbox):
    fund = draft.round.fund
    response = client_en.post(url("application_submit", draft.pk))
    assert response.status_code == 302
    assert response["Location"] == url("application", draft.pk)
    draft.refresh_from_db()
    year = timezone.localdate().year
    assert draft.status == ApplicationStatus.SUBMITTED
    assert draft.number == f"{fund.code}-{year}-0001"
    assert timezone.now() - draft.submitted_at < timedelta(minutes=1)
    assert draft.requested_amount == Decimal("1500.00")
    event = ApplicationEvent.objects.get(application=draft)
    assert (event.transition, event.from_status, event.to_status) == (
        "submit",
        "draft",
        "submitted",
    )
    assert event.actor == draft.applicant
    [email] = mailoutbox
    assert email.to == [draft.contact_email]
    assert draft.number in email.subject
    assert draft.project_title in email.body
    page = client_en.get(url("application", draft.pk)).content.decode()
    assert "Status: Submitted" in page
    assert draft.number in page

    second = ApplicationFactory(round=draft.round, applicant=draft.applicant)
    client_en.post(url("application_submit", second.pk))
    second.refresh_from_db()
    assert second.number == f"{fund.code}-{year}-0002"


def test_a_submitted_application_is_read_only(client_en, draft):
    client_en.post(url("application_submit", draft.pk))
    draft.refresh_from_db()
    before = (draft.project_title, draft.updated_at, list(draft.budget_lines.values()))
    for name in ("application_applicant", "application_project", "application_budget",
                 "application_attachments", "application_payee", "application_review"):  # fmt: skip
        response = client_en.get(url(name, draft.pk), follow=True)
        assert response.redirect_chain[-1][0] == url("application", draft.pk)
        assert "can no longer be changed" in response.content.decode()
    client_en.post(url("application_project", draft.pk), {**project_step(), "project_title": "X"})
    client_en.post(url("application_budget", draft.pk), budget_post([("Alles", "99")], []))
    autosave = client_en.post(
        url("application_project", draft.pk), project_step(), headers={"X-Autosave": "1"}
    )
    assert autosave.status_code == 409
    assert client_en.post(url("application_submit", draft.pk)).status_code == 302
    draft.refresh_from_db()
    assert (draft.project_title, draft.updated_at, list(draft.budget_lines.values())) == before


def test_the_pdf_of_the_submission_has_the_title_and_requested_amount(client_en, draft):
    client_en.post(url("application_submit", draft.pk))
    draft.refresh_from_db()
    text = pdf_text(client_en.get(url("application_pdf", draft.pk)))
    assert draft.project_title in text
    assert "1,500.00" in text
    assert draft.number in text
    assert "NL91ABNA0417164300" not in text.replace(" ", "")  # the IBAN is masked


# --- After submitting ------------------------------------------------------------------------


def test_withdraw_before_a_decision(client_en, applicant, mailoutbox):
    application = application_in(ApplicationStatus.SUBMITTED, applicant=applicant)
    overview = client_en.get(url("application", application.pk)).content.decode()
    assert url("application_withdraw", application.pk) in overview
    page = client_en.get(url("application_withdraw", application.pk)).content.decode()
    assert "Withdraw your application?" in page
    response = client_en.post(url("application_withdraw", application.pk))
    assert response["Location"] == url("application", application.pk)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.withdrawn_at is not None
    assert ApplicationEvent.objects.filter(application=application, transition="withdraw").exists()
    [email] = mailoutbox
    assert "ingetrokken" in email.subject  # emails go out in the portal's language, Dutch
    overview = client_en.get(url("application", application.pk)).content.decode()
    assert url("application_withdraw", application.pk) not in overview


def test_withdrawing_after_the_decision_is_refused(client_en, applicant):
    application = application_in(ApplicationStatus.GRANTED, applicant=applicant)
    response = client_en.get(url("application_withdraw", application.pk), follow=True)
    assert "can no longer be withdrawn" in response.content.decode()
    response = client_en.post(url("application_withdraw", application.pk), follow=True)
    assert "not possible while the application is" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.GRANTED


def test_answer_a_request_for_more_information(client_en, applicant):
    application = application_in(ApplicationStatus.MORE_INFO, applicant=applicant)
    Message.objects.create(
        application=application,
        kind=MessageKind.INFO_REQUEST,
        from_fund=True,
        text="Kunt u een offerte voor het geluid sturen?",
    )
    InternalNote.objects.create(application=application, text="Intern: eerder subsidie gehad.")
    overview = client_en.get(url("application", application.pk)).content.decode()
    assert "Kunt u een offerte voor het geluid sturen?" in overview
    assert "Intern: eerder subsidie gehad." not in overview
    assert url("application_answer", application.pk) in overview

    page = client_en.get(url("application_answer", application.pk)).content.decode()
    assert "Kunt u een offerte voor het geluid sturen?" in page
    empty = client_en.post(url("application_answer", application.pk), {"text": ""})
    assert "Write your answer." in empty.content.decode()

    quote = io.BytesIO(PDF)
    quote.name = "offerte.pdf"
    response = client_en.post(
        url("application_answer", application.pk), {"text": "Zie de offerte.", "file": quote}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    answer = Message.objects.get(application=application, kind=MessageKind.ANSWER)
    assert (answer.text, answer.from_fund, answer.author) == ("Zie de offerte.", False, applicant)
    assert application.attachments.get(kind=AttachmentKind.MESSAGE).original_name == "offerte.pdf"
    overview = client_en.get(url("application", application.pk)).content.decode()
    assert "Zie de offerte." in overview
    assert "Intern: eerder subsidie gehad." not in overview


def test_the_history_names_the_fund_not_the_staff_member(client_en, applicant):
    application = application_in(ApplicationStatus.IN_REVIEW, applicant=applicant)
    manager = fund_manager(first_name="Bram", last_name="Beheerder")
    ApplicationEvent.objects.create(
        application=application,
        actor=manager,
        transition="start_review",
        from_status="submitted",
        to_status="in_review",
    )
    page = client_en.get(url("application", application.pk)).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert "In review · <span" in history  # what the application became
    assert "Complete: start the review" not in page  # not the staff button that did it
    assert "by the fund" in history
    assert "Beheerder" not in page
