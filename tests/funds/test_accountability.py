"""Accountability in proportion: the report asks only what the fund's tier for the granted
amount requires; files are checked by their content; reminders go 14 days before and 7 days after
the due date, once each; the fund manager settles with a last payment, or a reclaim when less
was spent, each with its letter."""

import io
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from PIL import Image

from funds.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
    BudgetLine,
    Instalment,
    InstalmentKind,
    Letter,
    LetterKind,
    Report,
)
from funds.services import accountability, decisions
from payments import services as payment_services
from payments.forms import next_working_day
from payments.models import Payment, PaymentStatus
from portal.periodic import jobs, run_due
from tests.factories.funds import ApplicationFactory, application_in, fund_manager, reviewer
from tests.funds.test_decisions import field_errors, letter_text, login

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture
def manager():
    return fund_manager()


def png(name="foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="jaarrekening.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "application/pdf")


def executable(name) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03" + b"\x00" * 200, "image/jpeg")


def granted(manager, amount="1500", **kwargs) -> Application:
    application = application_in(S.IN_REVIEW, **kwargs)
    decisions.grant(application, manager, Decimal(amount))
    application.refresh_from_db()
    return application


def pay_advance(application):
    payment = Instalment.objects.get(application=application, kind=InstalmentKind.ADVANCE).payment
    batch = payment_services.create_batch([payment], next_working_day())
    payment_services.mark_exported(batch)
    payment_services.mark_paid(batch)
    application.refresh_from_db()
    assert application.status == S.ADVANCE_PAID


def report_url(application) -> str:
    return f"/mijn/aanvragen/{application.pk}/verantwoording/"


def write_complete_report(application, actual=None):
    """What a grantee of the middle tier (≤ € 5,000) sends, as the form would store it."""
    lines = list(application.budget_lines.all())
    actual = actual or {line.pk: line.amount for line in lines}
    accountability.save_report(application, "Het buurtfeest trok veel publiek.", 180, actual)
    accountability.store_upload(application, png(), AttachmentKind.PHOTO)
    return accountability.submit_report(application, application.applicant)


# --- The report form, by tier ---------------------------------------------------------------
def big_application(**kwargs):
    """Asks € 6,000 (costs € 12,000, half of it their own)."""
    return ApplicationFactory(
        budget=[("cost", "Theaterproductie", Decimal("12000")), ("own", "Eigen", Decimal("6000"))],
        **kwargs,
    )


@pytest.mark.parametrize(
    "amount, asked, not_asked",
    [
        ("800", ["content_report", "participants", "photos"], ["line_", "financial_statement"]),
        ("1500", ["content_report", "photos", "line_"], ["financial_statement"]),
        ("6000", ["content_report", "photos", "line_", "financial_statement"], []),
    ],
)
def test_the_report_asks_only_what_the_tier_for_the_granted_amount_requires(
    client, manager, amount, asked, not_asked
):
    application = big_application()
    Application.objects.filter(pk=application.pk).update(status=S.IN_REVIEW, number=f"T-{amount}")
    application.refresh_from_db()
    decisions.grant(application, manager, Decimal(amount))
    login(client, application.applicant)
    page = client.get(report_url(application)).content.decode()
    for name in asked:
        assert f'name="{name}' in page, name
    for name in not_asked:
        assert f'name="{name}' not in page, name


@pytest.mark.parametrize(
    "who, expected",
    [
        ("grantee", 200),
        ("other applicant", 404),
        ("assigned reviewer", 404),
        ("fund manager", 404),  # they read it on the staff page
    ],
)
def test_the_report_form_is_the_grantees_own(client, manager, who, expected):
    application = granted(manager)
    users = {
        "grantee": application.applicant,
        "other applicant": granted(manager).applicant,
        "assigned reviewer": reviewer(),
        "fund manager": manager,
    }
    client.force_login(users[who])
    assert client.get(report_url(application)).status_code == expected


def test_there_is_no_report_form_before_a_grant(client):
    application = application_in(S.IN_REVIEW)
    client.force_login(application.applicant)
    assert client.get(report_url(application)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, manager):
    application = granted(manager)
    response = client.get(report_url(application))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


# --- Writing and sending the report ---------------------------------------------------------
def test_an_incomplete_report_is_refused_at_its_fields_and_kept(client, manager):
    application = granted(manager)
    login(client, application.applicant)
    response = client.post(
        report_url(application),
        {"action": "submit", "content_report": "", "participants": "120"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Describe briefly what was done." in field_errors(page, "content_report")
    assert "Add at least one photo of the activity." in field_errors(page, "photos")
    line = application.budget_lines.first()
    assert "Give the actual amount of this line" in field_errors(page, f"line_{line.pk}")
    assert 'value="120"' in page
    application.refresh_from_db()
    assert application.status == S.GRANTED
    assert mail.outbox[1:] == []  # only the decision email


@pytest.mark.parametrize(
    "upload, error",
    [
        (lambda: executable("foto.jpg"), "is not a PDF or an image"),
        (lambda: pdf("foto.pdf"), "this is not a photo"),
        (
            lambda: SimpleUploadedFile("groot.png", b"\x89PNG" + b"0" * (10 * 1024 * 1024)),
            "larger than",
        ),
    ],
)
def test_a_bad_photo_is_refused_with_a_message_and_the_text_is_kept(client, manager, upload, error):
    application = granted(manager)
    login(client, application.applicant)
    response = client.post(
        report_url(application),
        {"action": "save", "content_report": "Wat we deden", "participants": "40",
         "photos": upload()},
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert error in field_errors(page, "photos")
    assert "Wat we deden" in page
    assert not Attachment.objects.filter(application=application).exists()


def test_a_good_photo_is_kept_even_when_another_field_is_wrong(client, manager):
    application = granted(manager)
    login(client, application.applicant)
    response = client.post(
        report_url(application),
        {"action": "save", "content_report": "Wat we deden", "participants": "veel",
         "photos": [png("een.png"), png("twee.png")]},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Enter a whole number." in field_errors(response.content.decode(), "participants")
    names = sorted(Attachment.objects.values_list("original_name", flat=True))
    assert names == ["een.png", "twee.png"]
    assert set(Attachment.objects.values_list("kind", flat=True)) == {AttachmentKind.PHOTO}
    page = client.get(report_url(application)).content.decode()
    assert "een.png" in page and "twee.png" in page

    photo = Attachment.objects.get(original_name="een.png")
    client.post(report_url(application), {"action": f"remove-{photo.pk}"})
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["twee.png"]


def test_a_draft_report_is_saved_and_can_be_sent_later(client, manager):
    application = granted(manager)
    login(client, application.applicant)
    lines = list(application.budget_lines.all())
    data = {"action": "save", "content_report": "Half af", "participants": ""}
    data.update({f"line_{line.pk}": "" for line in lines})
    data[f"line_{lines[0].pk}"] = "1750.00"
    response = client.post(report_url(application), data)
    assert response.status_code == 302
    report = Report.objects.get(application=application)
    assert report.content_report == "Half af"
    assert report.submitted_at is None
    assert BudgetLine.objects.get(pk=lines[0].pk).actual_amount == Decimal("1750.00")
    application.refresh_from_db()
    assert application.status == S.GRANTED


def test_a_complete_report_is_sent_and_becomes_read_only(client, manager):
    application = granted(manager)
    pay_advance(application)
    mail.outbox.clear()
    login(client, application.applicant)
    lines = list(application.budget_lines.all())
    data = {
        "action": "submit",
        "content_report": "Een middag vol muziek.",
        "participants": "210",
        "photos": png(),
    }
    data.update({f"line_{line.pk}": str(line.amount) for line in lines})
    response = client.post(report_url(application), data)
    assert response.status_code == 302

    application.refresh_from_db()
    assert application.status == S.REPORT_SUBMITTED
    report = Report.objects.get(application=application)
    assert report.submitted_at is not None
    assert report.participants == 210
    assert all(line.actual_amount == line.amount for line in application.budget_lines.all())
    event = ApplicationEvent.objects.get(application=application, transition="submit_report")
    assert event.actor == application.applicant
    (email,) = mail.outbox
    assert application.number in email.subject

    page = client.get(report_url(application)).content.decode()
    assert "Een middag vol muziek." in page
    assert 'name="content_report"' not in page
    response = client.post(report_url(application), {"action": "save", "content_report": "X"})
    assert Report.objects.get(application=application).content_report == ("Een middag vol muziek.")


# --- Reminders ----------------------------------------------------------------------------
def at(day):
    return datetime.combine(day, time(7, 0), tzinfo=timezone.get_current_timezone())


def run_reminders():
    autodiscover_modules("jobs")
    sent_before = len(mail.outbox)
    list(run_due(only="funds_report_reminders", force=True))
    return mail.outbox[sent_before:]


def test_reminders_go_14_days_before_and_7_days_after_the_due_date_once_each(manager):
    application = granted(manager)
    due = Report.objects.get(application=application).due_date
    autodiscover_modules("jobs")  # as `manage.py run_periodic` finds the jobs
    assert "funds_report_reminders" in jobs
    mail.outbox.clear()
    with time_machine.travel(at(due - timedelta(days=15)), tick=False):
        assert run_reminders() == []
    with time_machine.travel(at(due - timedelta(days=14)), tick=False):
        (before,) = run_reminders()
        assert run_reminders() == []  # once
    assert before.to == [application.contact_email]
    assert application.number in before.subject
    assert f"/mijn/aanvragen/{application.pk}/verantwoording/" in before.body
    with time_machine.travel(at(due + timedelta(days=6)), tick=False):
        assert run_reminders() == []
    with time_machine.travel(at(due + timedelta(days=7)), tick=False):
        (after,) = run_reminders()
        assert run_reminders() == []
    assert after.subject != before.subject  # the overdue one says so
    with time_machine.travel(at(due + timedelta(days=30)), tick=False):
        assert run_reminders() == []
    report = Report.objects.get(application=application)
    assert report.reminder_before_sent_at and report.reminder_after_sent_at


def test_no_reminder_once_the_report_is_in(manager):
    application = granted(manager)
    write_complete_report(application)
    due = Report.objects.get(application=application).due_date
    mail.outbox.clear()
    for offset in (-14, 7):
        with time_machine.travel(at(due + timedelta(days=offset)), tick=False):
            assert run_reminders() == []


# --- Settlement ---------------------------------------------------------------------------
def test_the_final_amount_is_proposed_lower_when_the_actual_costs_were_lower(manager):
    application = granted(manager)  # costs € 3,000 budgeted, € 1,500 granted
    lines = {line.description: line for line in application.budget_lines.all()}
    accountability.save_report(
        application,
        "",
        None,
        {lines["Podium en geluid"].pk: Decimal("1400"), lines["Optredens"].pk: Decimal("1000")},
    )
    assert accountability.proposed_final_amount(application) == Decimal("1200.00")  # 80%
    accountability.save_report(
        application, "", None, {lines["Podium en geluid"].pk: Decimal("2500")}
    )
    assert accountability.proposed_final_amount(application) == Decimal("1500.00")  # not more


def test_settling_at_the_granted_amount_schedules_the_last_payment_with_its_letter(client, manager):
    application = granted(manager)
    pay_advance(application)
    write_complete_report(application)
    mail.outbox.clear()
    login(client, manager)
    page = client.get(f"/fondsbeheer/aanvragen/{application.pk}/").content.decode()
    assert "Het buurtfeest trok veel publiek." in page  # the report on the staff page
    assert 'name="settle-final_amount"' in page

    response = client.post(
        f"/fondsbeheer/aanvragen/{application.pk}/vaststellen/",
        {"settle-final_amount": "1500.00"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.SETTLED
    assert application.settled_amount == Decimal("1500.00")
    final = Instalment.objects.get(application=application, kind=InstalmentKind.FINAL)
    assert final.amount == Decimal("300.00")
    assert final.payment.reference == f"{application.number}-S"
    assert final.payment.status == PaymentStatus.OPEN
    letter = Letter.objects.get(application=application, kind=LetterKind.SETTLEMENT)
    text = letter_text(letter)
    assert "€ 1.500,00" in text and "€ 1.200,00" in text and "€ 300,00" in text
    (email,) = mail.outbox
    assert email.attachments[0][0] == f"{application.number}-settlement.pdf"
    assert "300,00" in email.body


def test_settling_below_what_was_paid_asks_the_difference_back(client, manager):
    application = granted(manager)
    pay_advance(application)  # € 1,200 paid
    write_complete_report(application)
    mail.outbox.clear()
    login(client, manager)
    client.post(
        f"/fondsbeheer/aanvragen/{application.pk}/vaststellen/",
        {"settle-final_amount": "1000"},
    )
    application.refresh_from_db()
    assert application.status == S.RECLAIMED
    assert application.settled_amount == Decimal("1000.00")
    reclaim = Instalment.objects.get(application=application, kind=InstalmentKind.RECLAIM)
    assert reclaim.amount == Decimal("200.00")
    assert reclaim.payment is None
    assert Payment.objects.count() == 1  # no outgoing payment: only the advance
    letter = Letter.objects.get(application=application, kind=LetterKind.RECLAIM)
    assert "€ 200,00" in letter_text(letter)
    (email,) = mail.outbox
    assert email.attachments[0][0] == f"{application.number}-reclaim.pdf"
    assert application.round.granted_total() == Decimal("1000.00")  # back in the budget

    page = client.get(f"/fondsbeheer/aanvragen/{application.pk}/").content.decode()
    assert "Record as paid back" in page
    client.post(f"/fondsbeheer/aanvragen/{application.pk}/terugbetaald/{reclaim.pk}/")
    reclaim.refresh_from_db()
    assert reclaim.received_at is not None
    page = client.get(f"/fondsbeheer/aanvragen/{application.pk}/").content.decode()
    assert "Record as paid back" not in page


def test_the_final_amount_cannot_be_more_than_granted(client, manager):
    application = granted(manager)
    write_complete_report(application)
    login(client, manager)
    response = client.post(
        f"/fondsbeheer/aanvragen/{application.pk}/vaststellen/",
        {"settle-final_amount": "1600"},
    )
    page = client.get(response["Location"]).content.decode()
    assert "cannot be more than the granted € 1,500.00" in field_errors(page, "settle-final_amount")
    application.refresh_from_db()
    assert application.status == S.REPORT_SUBMITTED
