"""Eligibility at submit and bad input on the way: each a clear message on its field, the draft
intact (issue 4, item 3 and "Bad input tests")."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from funds.models import Application, ApplicationStatus, Attachment, BudgetLine, BudgetLineKind
from funds.services.applying import MAX_UPLOAD_SIZE
from tests.factories.funds import ApplicationFactory, RoundPageFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


PDF_HEADER = b"%PDF-1.7\n"


def url(name, *args):
    return reverse(f"funds:{name}", args=args)


@pytest.fixture
def applicant():
    return UserFactory()


@pytest.fixture
def client_en(client, applicant):
    client.cookies["django_language"] = "en"
    client.force_login(applicant)
    return client


def snapshot(application):
    """Everything the applicant entered, to show it is intact after a refusal."""
    application = Application.objects.get(pk=application.pk)
    fields = model_to_dict(application, exclude=["id", "updated_at"])
    lines = sorted(BudgetLine.objects.filter(application=application).values_list(
        "kind", "description", "amount"))  # fmt: skip
    files = sorted(Attachment.objects.filter(application=application).values_list(
        "original_name", flat=True))  # fmt: skip
    return fields, lines, files


def budget(costs, income=()):
    lines = [(BudgetLineKind.COST, f"Kosten {i}", Decimal(a)) for i, a in enumerate(costs)]
    lines += [
        (BudgetLineKind.COFUNDING, f"Inkomsten {i}", Decimal(a)) for i, a in enumerate(income)
    ]
    return lines


# (what is wrong, factory arguments, round arguments, the message, the step's URL name + field)
SUBMIT_CASES = [
    (
        "start date today",
        {"start_date": timezone.localdate},
        {},
        "The activity must start after the day you submit",
        ("application_project", "start_date"),
    ),
    (
        "start date in the past",
        {"start_date": lambda: timezone.localdate() - timedelta(days=3)},
        {},
        "The activity must start after the day you submit",
        ("application_project", "start_date"),
    ),
    (
        "amount over the fund's maximum",
        {"budget": budget(["12000"], ["6500"])},
        {},
        "this fund gives at most € 5,000.00",
        ("application_budget", "requested"),
    ),
    (
        "over the maximum share of the costs",
        {"budget": budget(["3000"], ["500"])},
        {},
        "more than 50% of the costs (€ 1,500.00)",
        ("application_budget", "requested"),
    ),
    (
        "an unbalanced budget",
        {"budget": budget(["1000"], ["1500"])},
        {},
        "Your budget is not balanced: the income (€ 1,500.00) is more than the costs",
        ("application_budget", "income_lines"),
    ),
    (
        "nothing requested",
        {"budget": budget(["1000"], ["1000"])},
        {},
        "The requested amount (costs minus income) must be more than € 0.",
        ("application_budget", "requested"),
    ),
    (
        "no costs at all",
        {"budget": budget([], ["100"])},
        {},
        "Add the costs of your project.",
        ("application_budget", "cost_lines"),
    ),
    (
        "a required project field empty",
        {"target_group": ""},
        {},
        "Fill in: target group.",
        ("application_project", "target_group"),
    ),
    (
        "an organisation without its name",
        {"organisation_name": ""},
        {},
        "Fill in: name of the organisation.",
        ("application_applicant", "organisation_name"),
    ),
    (
        "no IBAN",
        {"payee_iban": ""},
        {},
        "Fill in: IBAN.",
        ("application_payee", "payee_iban"),
    ),
    (
        "a required question not answered",
        {},
        {"questions": [{"type": "short_text", "id": "q-who",
                        "value": {"label": "Who plays?", "required": True}}]},
        "Answer the question: Who plays?",
        ("application_questions", "q_q-who"),
    ),
    (
        "a long text over its word limit",
        {"answers": {"q-why": {"label": "Why?", "type": "long_text",
                               "value": "een twee drie vier vijf zes"}}},
        {"questions": [{"type": "long_text", "id": "q-why",
                        "value": {"label": "Why?", "max_words": 5, "required": True}}]},
        "Your answer has 6 words; at most 5 are allowed.",
        ("application_questions", "q_q-why"),
    ),
    (
        "a required file missing",
        {},
        {"questions": [{"type": "file", "id": "q-plan",
                        "value": {"label": "Project plan", "required": True}}]},
        "Add a file for: Project plan",
        ("application_questions", "q_q-plan"),
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "spoil", "round_args", "message", "where"),
    SUBMIT_CASES,
    ids=[case[0] for case in SUBMIT_CASES],
)
def test_submit_is_refused_with_a_message_on_the_field(
    client_en, applicant, case, spoil, round_args, message, where
):
    spoil = {key: value() if callable(value) else value for key, value in spoil.items()}
    application = ApplicationFactory(
        applicant=applicant, round=RoundPageFactory(**round_args), **spoil
    )
    before = snapshot(application)
    response = client_en.post(url("application_submit", application.pk))
    page = response.content.decode().replace("&nbsp;", " ").replace("\xa0", " ")
    assert response.status_code == 200
    assert message in page
    step, field = where
    assert f'href="{url(step, application.pk)}?controle=1#id_{field}"' in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.number is None
    assert snapshot(application) == before


def test_the_step_shows_the_problem_on_its_field(client_en, applicant):
    application = ApplicationFactory(applicant=applicant, start_date=timezone.localdate())
    page = client_en.get(url("application_project", application.pk) + "?controle=1")
    content = page.content.decode()
    assert "The activity must start after the day you submit" in content
    assert 'id="id_start_date"' in content
    assert "is-invalid" in content


def test_a_round_that_closed_a_second_ago_refuses_by_server_time(client_en, applicant):
    application = ApplicationFactory(applicant=applicant)
    round_page = application.round
    round_page.closes_at = timezone.now() + timedelta(hours=1)
    round_page.save()
    before = snapshot(application)
    # The browser still shows the round as open; the server's clock says it closed 1 s ago.
    page = client_en.get(url("application_review", application.pk)).content.decode()
    assert "Submit my application" in page
    with time_machine.travel(round_page.closes_at + timedelta(seconds=1), tick=False):
        response = client_en.post(url("application_submit", application.pk))
    assert response.status_code == 200
    assert "This round closed on" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert snapshot(application) == before


def test_a_round_closing_in_a_second_still_accepts(client_en, applicant):
    closes_at = timezone.now() + timedelta(hours=1)
    application = ApplicationFactory(
        applicant=applicant, round=RoundPageFactory(closes_at=closes_at)
    )
    with time_machine.travel(closes_at - timedelta(seconds=1), tick=False):
        client_en.post(url("application_submit", application.pk))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


# --- Bad input on the way: the budget table -------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-50", "An amount cannot be negative."),
        ("-0.01", "An amount cannot be negative."),
        ("99999999999", "An amount can be at most € 1,000,000."),
        ("1000000.01", "An amount can be at most € 1,000,000."),
        ("veel", "Enter an amount in euros, for example 1250.50."),
        ("12.345,678", "Enter an amount in euros, for example 1250.50."),
        ("NaN", "Enter an amount in euros, for example 1250.50."),
        ("1e9", "Enter an amount in euros, for example 1250.50."),
        ("", "Enter the amount."),
    ],
)
def test_a_bad_amount_is_refused_on_its_line_and_the_rest_is_saved(
    client_en, applicant, amount, message
):
    application = ApplicationFactory(applicant=applicant)
    before = snapshot(application)
    data = {
        "cost-TOTAL_FORMS": "2",
        "cost-INITIAL_FORMS": "0",
        "cost-0-description": "Geluid",
        "cost-0-amount": amount,
        "cost-1-description": "Flyers",
        "cost-1-amount": "250.50",
        "income-TOTAL_FORMS": "0",
        "income-INITIAL_FORMS": "0",
    }
    response = client_en.post(url("application_budget", application.pk), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page.replace("&nbsp;", " ")
    if amount:
        assert f'value="{amount}"' in page  # what was typed stays
    assert 'aria-invalid="true"' in page
    fields, lines, files = snapshot(application)
    fields.pop("requested_amount"), before[0].pop("requested_amount")
    assert (fields, files) == before[0::2]  # the rest of the draft is untouched
    assert (BudgetLineKind.COST, "Flyers", Decimal("250.50")) in lines  # the valid line is saved
    assert all(line[1] != "Geluid" for line in lines)  # the bad one is not
    assert set(before[1]) <= set(lines)  # nothing that was there is lost
    # Saving again with the form as redisplayed does not create the saved line twice.
    assert 'name="cost-1-id"' in page


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1.500", "1500"), ("1.500,50", "1500.50"), ("1500,5", "1500.5"), ("€ 2.250", "2250"),
     ("12,50", "12.50")],
)  # fmt: skip
def test_amounts_typed_the_dutch_way_are_understood(client, applicant, typed, stored):
    client.force_login(applicant)  # Dutch, the portal's first language
    application = Application.objects.create(round=RoundPageFactory(), applicant=applicant)
    data = {
        "cost-TOTAL_FORMS": "1", "cost-INITIAL_FORMS": "0", "cost-0-description": "Zaalhuur",
        "cost-0-amount": typed, "income-TOTAL_FORMS": "0", "income-INITIAL_FORMS": "0",
    }  # fmt: skip
    assert client.post(url("application_budget", application.pk), data).status_code == 302
    assert application.budget_lines.get().amount == Decimal(stored)


def test_a_line_without_description_is_refused(client_en, applicant):
    application = ApplicationFactory(applicant=applicant)
    data = {
        "cost-TOTAL_FORMS": "1", "cost-INITIAL_FORMS": "0", "cost-0-description": "",
        "cost-0-amount": "400", "income-TOTAL_FORMS": "0", "income-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client_en.post(url("application_budget", application.pk), data)
    assert "Describe this line." in response.content.decode()
    assert 'value="400"' in response.content.decode()


# --- Bad input on the way: files ------------------------------------------------------------


def upload(name, content):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("begroting.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200,
         "This file is not a PDF or an image (JPEG, PNG or WebP), whatever its name says."),
        ("plan.pdf", b"#!/bin/sh\nrm -rf /\n",
         "This file is not a PDF or an image (JPEG, PNG or WebP), whatever its name says."),
        ("groot.pdf", PDF_HEADER + b"0" * MAX_UPLOAD_SIZE, "This file is larger than 10.0 MB."),
        ("leeg.pdf", b"", "This file is empty. Choose the file again."),
    ],
    ids=["executable renamed to .pdf", "shell script named .pdf", "over the limit", "empty"],
)  # fmt: skip
def test_a_bad_file_is_refused_on_its_field_and_the_draft_is_intact(
    client_en, applicant, name, content, message
):
    application = ApplicationFactory(applicant=applicant)
    before = snapshot(application)
    response = client_en.post(
        url("application_attachments", application.pk),
        {"kind": "plan", "file": upload(name, content)},
    )
    page = response.content.decode().replace("&nbsp;", " ").replace("\xa0", " ")
    assert response.status_code == 200
    assert message in page
    assert "is-invalid" in page
    assert snapshot(application) == before


# --- The same refusals as a Dutch-speaking applicant reads them ---------------------------------


@pytest.fixture
def client_nl(client, applicant):
    client.force_login(applicant)  # no language cookie: the portal speaks Dutch
    return client


def text_of(response):
    return response.content.decode().replace("&nbsp;", " ").replace("\xa0", " ")


def test_the_refusals_are_in_dutch_on_their_fields(client_nl, applicant):
    # An absurd and a negative amount in the budget table.
    application = ApplicationFactory(applicant=applicant)
    data = {
        "cost-TOTAL_FORMS": "2", "cost-INITIAL_FORMS": "0",
        "cost-0-description": "Geluid", "cost-0-amount": "-50",
        "cost-1-description": "Podium", "cost-1-amount": "99999999999",
        "income-TOTAL_FORMS": "0", "income-INITIAL_FORMS": "0",
    }  # fmt: skip
    page = text_of(client_nl.post(url("application_budget", application.pk), data))
    assert "Een bedrag kan niet negatief zijn." in page
    assert "Een bedrag kan maximaal € 1.000.000 zijn." in page
    assert 'value="-50"' in page and 'value="99999999999"' in page

    # An unbalanced budget at submit.
    application = ApplicationFactory(applicant=applicant, budget=budget(["1000"], ["1500"]))
    page = text_of(client_nl.post(url("application_submit", application.pk)))
    assert "Je begroting klopt niet: de inkomsten (€ 1.500,00) zijn hoger dan de kosten" in page
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT

    # An executable renamed to .pdf, and a file over the limit.
    application = ApplicationFactory(applicant=applicant)
    for name, content, message in [
        (
            "begroting.pdf",
            b"MZ\x90\x00\x03" + b"\x00" * 200,
            "Dit bestand is geen pdf of afbeelding",
        ),
        ("groot.pdf", PDF_HEADER + b"0" * MAX_UPLOAD_SIZE, "Dit bestand is groter dan 10,0 MB."),
    ]:
        response = client_nl.post(
            url("application_attachments", application.pk),
            {"kind": "plan", "file": upload(name, content)},
        )
        assert message in text_of(response)
        assert not application.attachments.exists()

    # A round that closed a second ago.
    application = ApplicationFactory(
        applicant=applicant, round=RoundPageFactory(closes_at=timezone.now() + timedelta(hours=1))
    )
    with time_machine.travel(application.round.closes_at + timedelta(seconds=1), tick=False):
        page = text_of(client_nl.post(url("application_submit", application.pk)))
    assert "Deze ronde is gesloten op" in page
    assert "je kunt geen aanvragen meer indienen" in page
