"""Who may open which applicant page: a table of role, view and object to status (issue 4,
"Permission table tests"). Applicant A's application is a 404 to everyone else on every
applicant URL; fund managers and cleared reviewers may read the PDF and the files, never change
the draft."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from funds.models import ApplicationStatus, Attachment, AttachmentKind
from tests.factories.funds import (
    ApplicationFactory,
    application_in,
    assign,
    fund_manager,
    reviewer,
)
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


# (url name, method, with the attachment's id); every applicant URL of one application.
VIEWS = [
    ("application", "get", False),
    ("application_applicant", "get", False),
    ("application_applicant", "post", False),
    ("application_project", "get", False),
    ("application_project", "post", False),
    ("application_budget", "get", False),
    ("application_budget", "post", False),
    ("application_questions", "get", False),
    ("application_questions", "post", False),
    ("application_attachments", "get", False),
    ("application_attachments", "post", False),
    ("application_payee", "get", False),
    ("application_payee", "post", False),
    ("application_review", "get", False),
    ("application_submit", "post", False),
    ("application_pdf", "get", False),
    ("attachment", "get", True),
    ("attachment_delete", "post", True),
    ("application_withdraw", "get", False),
    ("application_withdraw", "post", False),
    ("application_answer", "get", False),
    ("application_answer", "post", False),
]
READ_ONLY = {("application_pdf", "get"), ("attachment", "get")}

POSTED = {
    "project_title": "Gekaapt",
    "payee_name": "Iemand anders",
    "payee_iban": "NL02ABNA0123456789",
    "text": "Antwoord van een ander",
    "kind": "other",
    "cost-TOTAL_FORMS": "1",
    "cost-INITIAL_FORMS": "0",
    "cost-0-description": "Iets",
    "cost-0-amount": "99999",
    "income-TOTAL_FORMS": "0",
    "income-INITIAL_FORMS": "0",
}


def conflicted(application):
    return assign(application, reviewer(), has_conflict=True).reviewer


def cleared(application):
    return assign(application, reviewer(), has_conflict=False).reviewer


def undeclared(application):
    return assign(application, reviewer(), has_conflict=None).reviewer


def only_reading(status):
    return {(name, method): status if (name, method) in READ_ONLY else 404
            for name, method, _ in VIEWS}  # fmt: skip


# role → (who, expected status per view)
ROLES = {
    "another applicant": (lambda application: UserFactory(), only_reading(404)),
    "a fund manager": (lambda application: fund_manager(), only_reading(200)),
    "a cleared reviewer": (cleared, only_reading(200)),
    "a reviewer with a conflict": (conflicted, only_reading(404)),
    "a reviewer who has not declared": (undeclared, only_reading(404)),
}


@pytest.fixture
def owned():
    """Applicant A's draft with a file."""
    application = ApplicationFactory()
    attachment = Attachment.objects.create(
        application=application,
        kind=AttachmentKind.PLAN,
        file=SimpleUploadedFile("plan.pdf", PDF),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    return application, attachment


def request(client, application, attachment, name, method, with_attachment):
    args = [application.pk, attachment.pk] if with_attachment else [application.pk]
    path = reverse(f"funds:{name}", args=args)
    if method == "post":
        return client.post(path, POSTED)
    return client.get(path)


def state(application):
    application.refresh_from_db()
    fields = model_to_dict(application, exclude=["updated_at"])
    lines = list(application.budget_lines.values_list("description", "amount"))
    return fields, lines, list(application.attachments.values_list("pk", flat=True))


@pytest.mark.parametrize("role", ROLES)
def test_others_get_404_except_reading_where_they_may(client, owned, role):
    application, attachment = owned
    make_user, expected = ROLES[role]
    before = state(application)
    client.force_login(make_user(application))
    statuses = {
        (name, method): request(
            client, application, attachment, name, method, with_file
        ).status_code
        for name, method, with_file in VIEWS
    }
    assert statuses == expected
    assert state(application) == before
    assert application.status == ApplicationStatus.DRAFT


def test_anonymous_is_sent_to_log_in_everywhere(client, owned):
    application, attachment = owned
    before = state(application)
    for name, method, with_file in VIEWS:
        response = request(client, application, attachment, name, method, with_file)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/account/login/"), name
    assert state(application) == before


def test_the_applicant_may_open_every_page_of_their_draft(client, owned):
    application, attachment = owned
    client.force_login(application.applicant)
    for name, method, with_file in VIEWS:
        if method != "get" or name in ("application_withdraw", "application_answer"):
            continue
        response = request(client, application, attachment, name, method, with_file)
        assert response.status_code == 200, name


def test_a_submitted_application_of_another_is_404_too(client):
    application = application_in(ApplicationStatus.MORE_INFO)
    client.force_login(UserFactory())
    for name in ("application", "application_pdf", "application_withdraw", "application_answer"):
        assert client.get(reverse(f"funds:{name}", args=[application.pk])).status_code == 404
    assert (
        client.post(
            reverse("funds:application_answer", args=[application.pk]), {"text": "Hallo"}
        ).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.MORE_INFO


def test_a_fund_manager_reads_the_pdf_but_cannot_submit_or_withdraw_for_the_applicant(client):
    application = application_in(ApplicationStatus.SUBMITTED)
    client.force_login(fund_manager())
    assert client.get(reverse("funds:application_pdf", args=[application.pk])).status_code == 200
    assert (
        client.post(reverse("funds:application_withdraw", args=[application.pk])).status_code == 404
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
