"""Money: the payment schedule of a grant, the payments screens at /betalingen/ (payees as name and
masked IBAN; batches; XLSX and a SEPA pain.001 that validates against its schema), and a paid
batch moving the grant to "advance paid"."""

import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Site

from funds.models import ApplicationEvent, ApplicationStatus, Instalment, InstalmentKind
from funds.services import decisions, money
from payments import services
from payments.forms import next_working_day, parse_amount
from payments.models import BatchStatus, Payment, PaymentBatch, PaymentSettings, PaymentStatus
from portal.roles import Role
from privacy.models import AccessAction, AccessLogEntry
from tests.factories.funds import RoundPageFactory, application_in, fund_manager, reviewer
from tests.factories.portal import UserFactory
from tests.funds.test_decisions import login

pytestmark = pytest.mark.django_db

S = ApplicationStatus
PAYEE_IBAN = "NL91ABNA0417164300"  # the factories' payee
DEBTOR_IBAN = "NL02ABNA0123456789"
SCHEMA = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


@pytest.fixture
def manager():
    return fund_manager()


@pytest.fixture
def debtor():
    settings = PaymentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.debtor_name = "Stichting Cultuurportaal Zwolle"
    settings.debtor_iban = DEBTOR_IBAN
    settings.debtor_bic = "ABNANL2A"
    settings.save()
    return settings


def granted(manager, amount="1500", **kwargs):
    application = application_in(S.IN_REVIEW, **kwargs)
    decisions.grant(application, manager, Decimal(amount))
    application.refresh_from_db()
    return application


def advance_of(application) -> Payment:
    return Instalment.objects.get(application=application, kind=InstalmentKind.ADVANCE).payment


def next_weekday() -> date:
    return next_working_day(timezone.localdate())


# --- The schedule ------------------------------------------------------------------------------
def test_a_grant_pays_the_funds_advance_percentage_now_and_the_rest_after_settlement(manager):
    application = granted(manager)
    payment = advance_of(application)
    assert payment.amount == Decimal("1200.00")  # 80% of € 1,500
    assert payment.status == PaymentStatus.OPEN
    assert payment.reference == f"{application.number}-V"
    assert payment.description.startswith(application.number)
    assert "Fonds Buurtcultuur en Amateurkunst" in payment.description
    schedule = money.schedule_of(application)
    assert (schedule.advance, schedule.rest) == (Decimal("1200.00"), Decimal("300.00"))


@pytest.mark.parametrize(
    "amount, percentage, advance",
    [
        ("1500", 80, "1200.00"),
        ("1234.57", 80, "987.66"),  # rounded to the cent
        ("999.99", 100, "999.99"),
        ("750", 0, "0.00"),
    ],
)
def test_the_advance_is_rounded_to_the_cent(amount, percentage, advance):
    schedule = money.schedule_for(Decimal(amount), percentage)
    assert schedule.advance == Decimal(advance)
    assert schedule.advance + schedule.rest == Decimal(amount)


def test_a_fund_without_an_advance_schedules_no_payment_at_the_grant(manager):
    application = application_in(S.IN_REVIEW)
    fund = application.round.fund
    fund.advance_percentage = 0
    fund.save()
    decisions.grant(application, manager, Decimal("1500"))
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("1.234,56", "nl", "1234.56"),
        ("1234,5", "nl", "1234.5"),
        ("€ 1.500", "nl", "1500"),
        ("1500.00", "nl", "1500.00"),
        ("1,234.56", "en", "1234.56"),
        ("1.5", "en", "1.5"),
    ],
)
def test_amounts_are_read_the_way_people_type_them(text, language, expected):
    assert parse_amount(text, language) == Decimal(expected)


# --- The payments screens ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("applicant", 403),
        ("reviewer", 403),
        ("editor", 403),
        ("fund manager", 200),
    ],
)
def test_only_fund_managers_see_payments(client, manager, role, expected):
    application = granted(manager)
    batch = services.create_batch([advance_of(application)], next_weekday())
    users = {
        "applicant": application.applicant,
        "reviewer": reviewer(),
        "editor": UserFactory(groups=[Role.EDITOR]),
        "fund manager": manager,
    }
    if role in users:
        client.force_login(users[role])
    for url in (
        "/betalingen/",
        f"/betalingen/batches/{batch.pk}/",
        f"/betalingen/batches/{batch.pk}/xlsx/",
    ):
        assert client.get(url).status_code == expected, url
    response = client.post(f"/betalingen/batches/{batch.pk}/verzonden/")
    assert response.status_code == (302 if role in ("anonymous", "fund manager") else 403)
    batch.refresh_from_db()
    assert (batch.status == BatchStatus.EXPORTED) == (role == "fund manager")


def test_open_payments_show_the_payee_with_a_masked_iban_only_and_the_look_is_logged(
    client, manager
):
    application = granted(manager)
    login(client, manager)
    AccessLogEntry.objects.all().delete()
    page = client.get("/betalingen/").content.decode()
    assert f"{application.number}-V" in page
    assert application.payee_name in page
    assert "NL** **** **** **** 00" in page
    assert PAYEE_IBAN not in page and "0417 1643" not in page
    assert "1,200.00" in page
    entry = AccessLogEntry.objects.get()
    assert (entry.purpose, entry.action, entry.count) == (
        "fonds-buurtcultuur",
        AccessAction.VIEW,
        1,
    )


def test_the_payments_list_takes_the_same_queries_for_3_or_30_payments(
    client, manager, django_assert_max_num_queries
):
    round_page = RoundPageFactory(budget=Decimal("100000"))

    def granted_without_letter():
        # As a grant leaves it, without making 30 letters.
        money.schedule_advance(application_in(S.GRANTED, round=round_page))

    for _ in range(3):
        granted_without_letter()
    login(client, manager)
    client.get("/betalingen/")  # warm caches (content types, site settings)
    with django_assert_max_num_queries(30) as few:
        assert client.get("/betalingen/").status_code == 200
    for _ in range(27):
        granted_without_letter()
    services.create_batch(list(Payment.objects.all()[:10]), next_weekday())
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/betalingen/").content.decode()
    assert page.count("NL** **** **** **** 00") == 20  # the 20 still open


def test_a_batch_is_made_from_the_ticked_payments_and_a_payment_cannot_be_in_two(client, manager):
    first, second = granted(manager), granted(manager)
    login(client, manager)
    payments = [advance_of(first), advance_of(second)]
    response = client.post(
        "/betalingen/",
        {
            "payments": [payments[0].pk],
            "execution_date": next_weekday().isoformat(),
            "note": "Eerste run",
        },
    )
    batch = PaymentBatch.objects.get()
    assert response["Location"] == f"/betalingen/batches/{batch.pk}/"
    payments[0].refresh_from_db()
    assert (payments[0].batch, payments[0].status) == (batch, PaymentStatus.IN_BATCH)

    # Ticked again (a second tab): refused, nothing moved.
    response = client.post(
        "/betalingen/",
        {"payments": [p.pk for p in payments], "execution_date": next_weekday().isoformat()},
    )
    assert response.status_code == 200
    assert "already in a batch" in response.content.decode()
    assert PaymentBatch.objects.count() == 1
    with pytest.raises(services.PaymentError):
        services.create_batch(payments, next_weekday())
    payments[1].refresh_from_db()
    assert payments[1].batch is None


@pytest.mark.parametrize(
    "execution_date, error",
    [
        (lambda: timezone.localdate() - timedelta(days=1), "cannot be in the past"),
        (
            lambda: timezone.localdate() + timedelta(days=(5 - timezone.localdate().weekday()) % 7),
            "choose a weekday",
        ),
        (lambda: None, "This field is required"),
    ],
)
def test_a_batch_needs_a_working_day_today_or_later(client, manager, execution_date, error):
    application = granted(manager)
    login(client, manager)
    day = execution_date()
    if day is not None and day == timezone.localdate() and error == "choose a weekday":
        day += timedelta(days=7)
    response = client.post(
        "/betalingen/",
        {
            "payments": [advance_of(application).pk],
            "execution_date": day.isoformat() if day else "",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert "checked" in page  # the ticked payment stays ticked
    assert not PaymentBatch.objects.exists()


def test_the_batch_spreadsheet_has_one_row_per_payment(client, manager):
    applications = [granted(manager), granted(manager, amount="1000")]
    batch = services.create_batch([advance_of(a) for a in applications], next_weekday())
    login(client, manager)
    AccessLogEntry.objects.all().delete()
    response = client.get(f"/betalingen/batches/{batch.pk}/xlsx/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{batch.reference}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Reference", "Payee", "IBAN", "Amount (€)", "Description")
    body = sorted(rows[1:3])
    expected = sorted(
        (
            f"{a.number}-V",
            a.payee_name,
            PAYEE_IBAN,
            float(advance_of(a).amount),
            advance_of(a).description,
        )
        for a in applications
    )
    assert [(r[0], r[1], r[2], float(r[3]), r[4]) for r in body] == expected
    assert rows[3][2:4] == ("Total", 2000)  # 1,200 + 800
    assert AccessLogEntry.objects.get().action == AccessAction.EXPORT


def test_the_sepa_file_validates_against_pain_001_001_03_with_the_right_amounts(
    client, manager, debtor
):
    applications = [granted(manager), granted(manager, amount="1000")]
    payments = [advance_of(a) for a in applications]
    execution = next_weekday()
    batch = services.create_batch(payments, execution)
    login(client, manager)
    response = client.get(f"/betalingen/batches/{batch.pk}/sepa/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{batch.reference}.xml"'
    xmlschema.XMLSchema(str(SCHEMA)).validate(response.content.decode())

    root = ET.fromstring(response.content)  # noqa: S314 (the file we just made)
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert header.find("p:NbOfTxs", NS).text == "2"
    assert header.find("p:CtrlSum", NS).text == "2000.00"
    info = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    assert info.find("p:ReqdExctnDt", NS).text == execution.isoformat()
    assert info.find("p:DbtrAcct/p:Id/p:IBAN", NS).text == DEBTOR_IBAN
    transactions = {
        tx.find("p:PmtId/p:EndToEndId", NS).text: (
            tx.find("p:Amt/p:InstdAmt", NS).text,
            tx.find("p:CdtrAcct/p:Id/p:IBAN", NS).text,
            tx.find("p:RmtInf/p:Ustrd", NS).text,
        )
        for tx in info.findall("p:CdtTrfTxInf", NS)
    }
    assert transactions == {
        p.reference: (f"{p.amount:.2f}", PAYEE_IBAN, p.description) for p in payments
    }


def test_no_sepa_file_without_the_organisations_bank_account(client, manager):
    application = granted(manager)
    batch = services.create_batch([advance_of(application)], next_weekday())
    login(client, manager)
    response = client.get(f"/betalingen/batches/{batch.pk}/sepa/", follow=True)
    page = response.content.decode()
    assert "bank account is not complete" in page
    assert response.redirect_chain[-1][0] == f"/betalingen/batches/{batch.pk}/"


def test_an_exported_batch_cannot_change(client, manager, debtor):
    application = granted(manager)
    payment = advance_of(application)
    batch = services.create_batch([payment], next_weekday())
    login(client, manager)
    client.post(f"/betalingen/batches/{batch.pk}/verzonden/")
    batch.refresh_from_db()
    payment.refresh_from_db()
    assert batch.status == BatchStatus.EXPORTED
    assert payment.status == PaymentStatus.EXPORTED

    with pytest.raises(services.PaymentError):
        services.cancel(payment)
    with pytest.raises(services.PaymentError):
        services.create_batch([payment], next_weekday())
    response = client.post(f"/betalingen/batches/{batch.pk}/verzonden/", follow=True)
    assert "already been sent to the bank" in response.content.decode()
    page = client.get(f"/betalingen/batches/{batch.pk}/").content.decode()
    assert "Mark as sent to the bank" not in page
    assert "Mark as paid" in page


def test_a_paid_batch_moves_the_grant_to_advance_paid_and_tells_the_applicant(
    client, manager, debtor
):
    application = granted(manager)
    batch = services.create_batch([advance_of(application)], next_weekday())
    services.mark_exported(batch)
    mail.outbox.clear()
    login(client, manager)
    response = client.post(f"/betalingen/batches/{batch.pk}/betaald/", follow=True)
    assert "Marked as paid: 1 payments." in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.ADVANCE_PAID
    event = ApplicationEvent.objects.get(application=application, transition="advance_paid")
    assert event.actor is None  # the portal itself
    (email,) = mail.outbox
    assert email.to == [application.contact_email]
    assert f"{application.number}-V" in email.body
    assert "1.200,00" in email.body
    page = client.get(f"/fondsbeheer/aanvragen/{application.pk}/").content.decode()
    assert "Paid" in page  # the instalment's payment status on the staff page


def test_only_an_exported_batch_can_be_marked_paid(client, manager):
    application = granted(manager)
    batch = services.create_batch([advance_of(application)], next_weekday())
    login(client, manager)
    response = client.post(f"/betalingen/batches/{batch.pk}/betaald/", follow=True)
    assert "Only an exported batch can be marked as paid." in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.GRANTED
