"""Decisions: a fund manager grants (more than zero, at most what was asked, with conditions) or
rejects (with a reason) on the staff application page; a round's applications at once; only fund
managers decide; the letter goes with the email and can be downloaded by the applicant and fund
managers only."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from pypdf import PdfReader

from funds.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Instalment,
    InstalmentKind,
    Letter,
    LetterKind,
    Report,
)
from funds.services import decisions
from portal.roles import Role
from privacy.models import AccessAction, AccessLogEntry
from tests.factories.funds import (
    RoundPageFactory,
    application_in,
    assign,
    fund_manager,
    reviewer,
)
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

S = ApplicationStatus


# --- Helpers shared by the other test modules of this part -------------------------------------
def english(client):
    client.cookies["django_language"] = "en"
    return client


def login(client, user):
    client.force_login(user)
    return english(client)


def pdf_text(data: bytes) -> str:
    """The text of a PDF, with runs of white space as one space."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def letter_text(letter: Letter) -> str:
    with letter.file.open("rb") as handle:
        return pdf_text(handle.read())


def staff_url(application) -> str:
    return f"/fondsbeheer/aanvragen/{application.pk}/"


def grant_url(application) -> str:
    return f"/fondsbeheer/aanvragen/{application.pk}/toekennen/"


def reject_url(application) -> str:
    return f"/fondsbeheer/aanvragen/{application.pk}/afwijzen/"


def in_review(**kwargs) -> Application:
    return application_in(S.IN_REVIEW, **kwargs)


def field_errors(html: str, field_id: str) -> str:
    """The text of the error that crispy-forms puts at a field."""
    found = re.search(rf'id="error_\d+_id_{field_id}"[^>]*>(.*?)</p>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


@pytest.fixture
def manager():
    return fund_manager()


@pytest.fixture
def application():
    return in_review()


# --- Grant ----------------------------------------------------------------------------------------
def test_a_grant_through_the_staff_page_schedules_the_advance_creates_the_report_and_sends_the_letter(  # noqa: E501
    client, manager, application
):
    login(client, manager)
    response = client.post(
        grant_url(application),
        {"grant-amount": "1500.00", "grant-conditions": "Noem het fonds op de flyer."},
    )
    assert response.status_code == 302
    assert response["Location"] == staff_url(application)

    application.refresh_from_db()
    assert application.status == S.GRANTED
    assert application.granted_amount == Decimal("1500.00")
    assert application.conditions == "Noem het fonds op de flyer."
    assert application.decided_at is not None

    event = ApplicationEvent.objects.get(application=application, transition="grant")
    assert (event.actor, event.from_status, event.to_status) == (manager, S.IN_REVIEW, S.GRANTED)

    advance = Instalment.objects.get(application=application, kind=InstalmentKind.ADVANCE)
    assert advance.amount == Decimal("1200.00")
    assert advance.payment.reference == f"{application.number}-V"
    assert advance.payment.amount == Decimal("1200.00")
    assert advance.payment.payee == application

    report = Report.objects.get(application=application)
    assert report.due_date == application.end_date + timedelta(days=60)

    letter = Letter.objects.get(application=application)
    assert letter.kind == LetterKind.GRANT
    (email,) = mail.outbox
    assert email.to == [application.contact_email]
    assert application.number in email.subject
    assert "1.500,00" in email.body  # the email is in Dutch, amounts the Dutch way

    page = client.get(staff_url(application)).content.decode()
    assert "Granted €\xa01,500.00" in page or "Granted € 1,500.00" in page
    assert letter.get_absolute_url() in page
    assert f"{application.number}-V" in page  # the advance with its payment status


@pytest.mark.parametrize(
    "amount, error",
    [
        ("1500.01", "cannot be more than the € 1,500.00 requested"),
        ("99999999", "cannot be more than the € 1,500.00 requested"),
        ("0", "must be more than € 0"),
        ("-100", "must be more than € 0"),
        ("twelve", "Enter an amount in euros"),
        ("", "This field is required"),
    ],
)
def test_a_grant_above_the_request_or_not_above_zero_is_refused_at_the_field_and_kept(
    client, manager, application, amount, error
):
    login(client, manager)
    response = client.post(
        grant_url(application), {"grant-amount": amount, "grant-conditions": "Mijn voorwaarden"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert error in field_errors(page, "grant-amount")
    assert "Mijn voorwaarden" in page  # nothing entered is lost
    assert f'value="{amount}"' in page or not amount
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert application.granted_amount is None
    assert not Instalment.objects.exists()
    assert mail.outbox == []


def test_amounts_may_be_typed_the_dutch_way(client, manager):
    application = in_review()
    client.force_login(manager)  # Dutch, the default
    client.post(grant_url(application), {"grant-amount": "1.250,50"})
    application.refresh_from_db()
    assert application.granted_amount == Decimal("1250.50")


def test_a_grant_is_refused_with_a_message_while_the_application_is_not_in_review(client, manager):
    application = application_in(S.SUBMITTED)
    login(client, manager)
    response = client.post(grant_url(application), {"grant-amount": "1000"}, follow=True)
    assert "This is not possible while the application is “Submitted”" in (
        response.content.decode()
    )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


# --- Reject ---------------------------------------------------------------------------------------
def test_a_rejection_needs_a_reason(client, manager, application):
    login(client, manager)
    response = client.post(reject_url(application), {"reject-reason": "  "})
    page = client.get(response["Location"]).content.decode()
    assert "Give the reason for the rejection." in field_errors(page, "reject-reason")
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert mail.outbox == []


@pytest.mark.parametrize("status", [S.SUBMITTED, S.IN_REVIEW])
def test_a_rejection_with_a_reason_sends_the_letter(client, manager, status):
    application = application_in(status)
    login(client, manager)
    client.post(reject_url(application), {"reject-reason": "Past niet bij de regeling."})
    application.refresh_from_db()
    assert application.status == S.REJECTED
    assert application.decision_reason == "Past niet bij de regeling."
    assert application.granted_amount is None
    letter = Letter.objects.get(application=application)
    assert letter.kind == LetterKind.REJECTION
    assert "Past niet bij de regeling." in letter_text(letter)
    (email,) = mail.outbox
    assert email.attachments[0][0] == f"{application.number}-rejection.pdf"
    assert not Instalment.objects.exists()


# --- Only fund managers decide ----------------------------------------------------------------
def role_user(role, application):
    if role == "anonymous":
        return None
    if role == "applicant":
        return application.applicant
    if role == "assigned reviewer":
        return assign(application, reviewer(), has_conflict=False).reviewer
    if role == "editor":
        return UserFactory(groups=[Role.EDITOR])
    if role == "privacy officer":
        return UserFactory(groups=[Role.PRIVACY_OFFICER])
    return fund_manager()


DECISION_VIEWS = {
    "grant": lambda a: (grant_url(a), {"grant-amount": "1000"}),
    "reject": lambda a: (reject_url(a), {"reject-reason": "Nee."}),
    "settle": lambda a: (
        f"/fondsbeheer/aanvragen/{a.pk}/vaststellen/",
        {"settle-final_amount": "1"},
    ),
}


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),  # to the login page
        ("applicant", 403),
        ("assigned reviewer", 403),
        ("editor", 403),
        ("privacy officer", 403),
        ("fund manager", 302),  # done, back to the staff page
    ],
)
@pytest.mark.parametrize("view", DECISION_VIEWS)
def test_only_fund_managers_decide(client, role, expected, view):
    application = in_review()
    user = role_user(role, application)
    if user is not None:
        client.force_login(user)
    url, data = DECISION_VIEWS[view](application)
    response = client.post(url, data)
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith("/account/login/")
    application.refresh_from_db()
    if role != "fund manager":
        assert application.status == S.IN_REVIEW
        assert not Letter.objects.exists()
    elif view != "settle":
        assert application.status in (S.GRANTED, S.REJECTED)


@pytest.mark.parametrize(
    "role, expected",
    [
        ("applicant", 403),
        ("assigned reviewer", 403),
        ("editor", 403),
        ("fund manager", 200),
    ],
)
def test_only_fund_managers_open_the_batch_decisions(client, role, expected):
    application = in_review()
    client.force_login(role_user(role, application))
    response = client.get(f"/fondsbeheer/rondes/{application.round_id}/besluiten/")
    assert response.status_code == expected


def test_the_decision_part_of_the_staff_page_is_for_fund_managers_only(client, application):
    """Decisions are the fund manager's; the page's other parts are not this module's concern,
    but the decision forms must never be offered to anyone else."""
    from funds.views.staff_decisions import panel_context

    request = type("Request", (), {"user": application.applicant, "session": {}})()
    assert panel_context(request, application) == {}


# --- A round at once ------------------------------------------------------------------------------
def test_batch_decisions_grant_in_order_of_score_and_report_the_ones_refused_at_the_ceiling(
    client, manager
):
    round_page = RoundPageFactory(budget=Decimal("3000.00"))
    best, second, third, weak = (in_review(round=round_page) for _ in range(4))  # each asks € 1,500
    for application, score in ((best, "8.50"), (second, "7.20"), (third, "6.00"), (weak, "3.1")):
        Application.objects.filter(pk=application.pk).update(
            average_score=Decimal(score), review_count=3
        )
    url = f"/fondsbeheer/rondes/{round_page.pk}/besluiten/"
    login(client, manager)
    page = client.get(url).content.decode()
    assert page.index(best.number) < page.index(second.number) < page.index(weak.number)
    assert "8.5" in page

    response = client.post(
        url,
        {
            f"decision_{best.pk}": "grant",
            f"amount_{best.pk}": "1500",
            f"decision_{second.pk}": "grant",
            f"amount_{second.pk}": "1500",
            f"decision_{third.pk}": "grant",
            f"amount_{third.pk}": "1000",
            f"decision_{weak.pk}": "reject",
            f"amount_{weak.pk}": "",
            "text": "Zie de toelichting van de commissie.",
        },
        follow=True,
    )
    assert response.redirect_chain == [(url, 302)]
    page = response.content.decode()
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses[best.pk] == statuses[second.pk] == S.GRANTED
    assert statuses[third.pk] == S.IN_REVIEW  # over the ceiling: refused
    assert statuses[weak.pk] == S.REJECTED
    assert "3 decided, 1 refused" in page
    assert "would exceed the budget of this round" in page
    assert round_page.granted_total() == Decimal("3000.00")
    assert len(mail.outbox) == 3
    assert "What happened" not in client.get(url).content.decode()  # shown once
    assert Application.objects.get(pk=weak.pk).decision_reason == (
        "Zie de toelichting van de commissie."
    )


def test_batch_decisions_need_a_reason_for_rejections_and_keep_what_was_ticked(client, manager):
    application = in_review()
    other = in_review(round=application.round)
    url = f"/fondsbeheer/rondes/{application.round_id}/besluiten/"
    login(client, manager)
    response = client.post(
        url,
        {
            f"decision_{application.pk}": "reject",
            f"decision_{other.pk}": "grant",
            f"amount_{other.pk}": "2000",
            "text": "",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the reason for the rejections." in page
    assert "cannot be more than the € 1,500.00 requested" in page
    assert re.search(rf'value="reject"[^>]*id="id_decision_{application.pk}_\d"[^>]*checked', page)
    assert 'value="2000"' in page
    assert set(Application.objects.values_list("status", flat=True)) == {S.IN_REVIEW}


# --- Letters: who may download ------------------------------------------------------------------
@pytest.mark.parametrize(
    "role, expected",
    [
        ("applicant", 200),
        ("other applicant", 404),
        ("assigned reviewer", 404),
        ("editor", 404),
        ("fund manager", 200),
    ],
)
def test_the_letter_is_for_the_applicant_and_fund_managers(client, manager, role, expected):
    application = in_review()
    decisions.grant(application, manager, Decimal("1500"))
    letter = Letter.objects.get()
    if role == "other applicant":
        user = application_in(S.GRANTED).applicant
    else:
        user = role_user(role, application)
    client.force_login(user)
    AccessLogEntry.objects.all().delete()
    response = client.get(letter.get_absolute_url())
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert application.project_title in pdf_text(b"".join(response.streaming_content))
    logged = AccessLogEntry.objects.filter(action=AccessAction.VIEW, object_id=str(letter.pk))
    assert logged.exists() == (role == "fund manager")


def test_nobody_learns_of_a_letter_through_another_application(client, manager):
    application = in_review()
    decisions.grant(application, manager, Decimal("1500"))
    letter = Letter.objects.get()
    own = application_in(S.GRANTED)
    client.force_login(own.applicant)
    assert client.get(f"/mijn/aanvragen/{own.pk}/brieven/{letter.pk}/").status_code == 404
