"""Contributors of the own programme: from the invitation to the paid fee, the agreement letter,
the IBAN encrypted and masked (in full only in the bank file), the planning per week and branch,
the costs per activity for the reports, and retention of what the register says."""

import io
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import Site

from payments import services as payment_services
from payments.forms import next_working_day
from payments.models import PaymentBatch, PaymentSettings, PaymentStatus
from privacy import retention
from privacy.fields import mask_iban
from privacy.models import AccessLogEntry
from programme import contributors
from programme.models import Contribution, ContributionInvitation, ContributionStatus
from tests.factories.portal import UserFactory
from tests.factories.programme import (
    CONTRIBUTOR_IBAN,
    ActivityFactory,
    BranchFactory,
    ContributionFactory,
    RoomFactory,
    filled_in,
    programmer,
)

pytestmark = pytest.mark.django_db

S = ContributionStatus
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
MASKED = mask_iban(CONTRIBUTOR_IBAN)  # "NL** **** **** **** 00"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def staff():
    return programmer()


@pytest.fixture
def debtor():
    settings = PaymentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.debtor_name = "Stichting Stadkamer Zwolle"
    settings.debtor_iban = "NL02ABNA0123456789"
    settings.debtor_bic = "ABNANL2A"
    settings.save()
    return settings


def details(**overrides):
    data = {
        "name": "Anna de Vries",
        "about": "Anna vertelt over de Hanzetijd.",
        "technical_needs": "Beamer",
        "room_needs": "",
        "arrival_time": "19:15",
        "vat_status": "liable",
        "vat_rate": "21",
        "account_holder": "A. de Vries",
        "new_iban": "NL91 ABNA 0417 1643 00",
        "invoice_number": "2026-014",
    }
    data.update(overrides)
    return data


def test_an_invited_contributor_accepts_fills_in_and_accepts_the_agreement(
    client, staff, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(title="Lezing over de Hanzetijd")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/mijn/programma/activiteiten/{activity.pk}/",
            {"name": "Anna de Vries", "email": "anna@voorbeeld.test", "role": "speaker",
             "fee": "350,00"},
        )  # fmt: skip
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert contribution.fee == Decimal("350.00")
    assert contribution.status == S.INVITED
    invitation_mail = mail.outbox[-1]
    assert invitation_mail.to == ["anna@voorbeeld.test"]
    assert "Lezing over de Hanzetijd" in invitation_mail.subject
    link = re.search(r"https?://\S+/uitnodiging/(\S+)/", invitation_mail.body)
    assert link, invitation_mail.body
    assert "anna" not in link.group(0).lower()  # no personal data in the link

    # The invited person makes an account with that address and accepts.
    anna = UserFactory(email="anna@voorbeeld.test")
    client.force_login(anna)
    response = client.get(f"/uitnodiging/{link.group(1)}/")
    assert response.status_code == 200
    assert "Lezing over de Hanzetijd" in response.text
    response = client.post(f"/uitnodiging/{link.group(1)}/", {"action": "accept"})
    assert response.status_code == 302
    assert response["Location"] == f"/mijn/programma/bijdragen/{contribution.pk}/"
    contribution.refresh_from_db()
    assert contribution.contributor == anna

    # Mijn portaal shows it; the form takes the details.
    assert "Lezing over de Hanzetijd" in client.get("/mijn/").text
    invoice = SimpleUploadedFile("f.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(contribution.get_absolute_url(), {**details(), "invoice": invoice})
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == S.DETAILS_GIVEN
    assert contribution.total == Decimal("423.50")  # 350 + 21% VAT

    # Staff send the agreement: a PDF is kept and mailed; the contributor accepts it.
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/mijn/programma/bijdragers/{contribution.pk}/stap/send_agreement/")
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == S.AGREEMENT_SENT
    agreement_mail = mail.outbox[-1]
    assert agreement_mail.to == ["anna@voorbeeld.test"]
    assert agreement_mail.attachments[0][0].startswith("overeenkomst-")

    client.force_login(anna)
    text = pdf_text(
        b"".join(client.get(f"/mijn/programma/bijdragen/{contribution.pk}/overeenkomst/"))
    )
    for expected in ["Lezing over de Hanzetijd", "350,00", "73,50", "423,50", "19:15", "Beamer"]:
        assert expected in text, expected
    assert "50%" in text and "30" in text  # the cancellation terms
    response = client.post(f"/mijn/programma/bijdragen/{contribution.pk}/akkoord/")
    contribution.refresh_from_db()
    assert contribution.status == S.AGREEMENT_ACCEPTED
    assert contribution.agreement_accepted_by == anna
    assert contribution.agreement_accepted_at is not None


def test_bad_details_get_a_dutch_message_on_the_field_and_keep_what_was_typed(client):
    contribution = ContributionFactory()
    client.force_login(contribution.contributor)
    response = client.post(
        contribution.get_absolute_url(),
        details(new_iban="NL00 GEEN IBAN", vat_rate="", about="Mijn verhaal over Zwolle"),
    )
    assert response.status_code == 400
    assert "Vul een geldige IBAN in" in response.text
    assert "Kies het btw-tarief" in response.text
    assert "Mijn verhaal over Zwolle" in response.text  # nothing typed is lost
    contribution.refresh_from_db()
    assert contribution.status == S.INVITED
    assert contribution.iban == ""


def test_the_iban_is_stored_encrypted_and_shown_masked(client, staff):
    contribution = filled_in()
    with connection.cursor() as cursor:
        cursor.execute("SELECT iban FROM programme_contribution WHERE id = %s", [contribution.pk])
        raw = cursor.fetchone()[0]
    assert raw and CONTRIBUTOR_IBAN not in raw and "0417164300" not in raw
    assert Contribution.objects.get(pk=contribution.pk).iban == CONTRIBUTOR_IBAN
    for user, url in [
        (contribution.contributor, contribution.get_absolute_url()),
        (staff, contribution.get_staff_url()),
    ]:
        client.force_login(user)
        html = client.get(url).text
        assert MASKED in html, url
        assert CONTRIBUTOR_IBAN not in html and "0417 1643" not in html, url


def performed(**kwargs):
    activity = ActivityFactory(
        title="Workshop linosnede",
        sessions=[(timezone.now().replace(microsecond=0) - timedelta(days=2), 20)],
    )
    return filled_in(activity=activity, status=S.PERFORMED, **kwargs)


def test_an_approved_fee_is_paid_through_a_sepa_batch_with_the_full_iban(
    client, staff, debtor, django_capture_on_commit_callbacks
):
    contribution = performed(vat_status="kor")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/mijn/programma/bijdragers/{contribution.pk}/stap/approve_fee/")
    contribution.refresh_from_db()
    assert contribution.status == S.FEE_APPROVED
    payment = contribution.payment
    assert (payment.amount, payment.status) == (Decimal("350.00"), PaymentStatus.OPEN)

    # The payments screen shows the payee masked; the bank file holds the full IBAN.
    html = client.get("/betalingen/").text
    assert MASKED in html and CONTRIBUTOR_IBAN not in html
    batch = payment_services.create_batch([payment], timezone.localdate())
    response = client.get(f"/betalingen/batches/{batch.pk}/sepa/")
    assert response.status_code == 200, response.headers
    root = ET.fromstring(response.content)  # noqa: S314 (the file we just made)
    transfer = root.find(".//p:CdtTrfTxInf", NS)
    assert transfer.find("p:CdtrAcct/p:Id/p:IBAN", NS).text == CONTRIBUTOR_IBAN
    assert transfer.find("p:Amt/p:InstdAmt", NS).text == "350.00"
    assert transfer.find("p:Cdtr/p:Nm", NS).text == "J. de Vries"
    xlsx = client.get(f"/betalingen/batches/{batch.pk}/xlsx/")
    assert xlsx.status_code == 200

    # The bank paid the batch: the contribution is settled and the contributor told.
    payment_services.mark_exported(batch)
    with django_capture_on_commit_callbacks(execute=True):
        payment_services.mark_paid(batch)
    contribution.refresh_from_db()
    assert contribution.status == S.PAID
    assert contribution.paid_at is not None
    assert "betaald" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == [contribution.contributor.email]


def test_a_batch_holds_only_payments_whose_payee_its_maker_may_see(
    client, staff, django_capture_on_commit_callbacks
):
    """A fund's grant and a contributor's fee are open at once: each team ticks and pays only
    its own (a batch with both could be exported by neither: each may not see the other's
    payee). The refused choice is said on the field and the ticks are kept."""
    from tests.factories.funds import fund_manager
    from tests.funds.test_payments import advance_of, granted

    contribution = performed(vat_status="kor")
    with django_capture_on_commit_callbacks(execute=True):
        contributors.approve_fee(contribution, staff)
    contribution.refresh_from_db()
    fee = contribution.payment
    manager = fund_manager()
    grant = advance_of(granted(manager))
    day = next_working_day(timezone.localdate()).isoformat()
    for user, own, other in [(staff, fee, grant), (manager, grant, fee)]:
        client.force_login(user)
        html = client.get("/betalingen/").text
        box = 'name="payments" value="{}"'
        assert box.format(own.pk) in html and box.format(other.pk) not in html
        response = client.post(
            "/betalingen/", {"payments": [own.pk, other.pk], "execution_date": day}
        )
        assert response.status_code == 200
        assert PaymentBatch.objects.count() == 0
        errors = re.search(r'id="payments-errors".*?</div>', response.text, re.S).group(0)
        assert "U mag de ontvanger van" in errors and other.reference in errors
        assert own.reference not in errors
        assert re.search(rf'value="{own.pk}"[^>]*checked', response.text)  # kept

    for user, own in [(staff, fee), (manager, grant)]:
        client.force_login(user)
        response = client.post("/betalingen/", {"payments": [own.pk], "execution_date": day})
        batch = PaymentBatch.objects.get(payments=own)
        assert response["Location"] == f"/betalingen/batches/{batch.pk}/"
        assert client.get(f"/betalingen/batches/{batch.pk}/xlsx/").status_code == 200


def test_the_fee_is_not_approved_before_the_activity_or_without_an_account(staff):
    upcoming = filled_in(status=S.AGREEMENT_ACCEPTED)
    with pytest.raises(contributors.TransitionError, match="nog niet plaatsgevonden"):
        contributors.apply(upcoming, "mark_performed", staff)
    no_account = performed(iban="", account_holder="")
    with pytest.raises(contributors.TransitionError, match="IBAN"):
        contributors.approve_fee(no_account, staff)
    liable_without_invoice = performed(vat_status="liable", vat_rate=21)
    with pytest.raises(contributors.TransitionError, match="factuur"):
        contributors.approve_fee(liable_without_invoice, staff)
    assert not liable_without_invoice.payment


def test_costs_by_activity_sums_fees_with_vat_of_contributions_not_cancelled(
    django_assert_num_queries,
):
    first, second, empty = ActivityFactory(), ActivityFactory(), ActivityFactory()
    ContributionFactory(activity=first, fee=Decimal("350.00"))
    filled_in(activity=first, fee=Decimal("200.00"), vat_status="liable", vat_rate=21)
    ContributionFactory(activity=first, fee=Decimal("999.00"), status=S.CANCELLED)
    filled_in(activity=second, fee=Decimal("100.00"), vat_status="liable", vat_rate=9)
    with django_assert_num_queries(1):
        costs = contributors.costs_by_activity([first.pk, second.pk, empty.pk])
    assert costs == {first.pk: Decimal("592.00"), second.pk: Decimal("109.00")}


def queries_of(client, url) -> int:
    client.get(url)  # a first request fills caches (content types, the user's profile)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


MONDAY = datetime(2026, 11, 23, 20, 0, tzinfo=timezone.get_current_timezone())


def evenings(room, first, count):
    for n in range(first, first + count):
        activity = ActivityFactory(
            title=f"Avond {n}", sessions=[(MONDAY + timedelta(days=n % 7), 20)], sessions__room=room
        )
        filled_in(activity=activity, name=f"Bijdrager {n}", technical_needs=f"Eigen versterker {n}")
        filled_in(activity=activity, name=f"Tweede {n}")


def test_the_planning_shows_one_week_of_one_branch_by_day_and_room(client, staff):
    centrum = RoomFactory(name="Theaterzaal")
    zuid = RoomFactory(branch=BranchFactory(name="Stadkamer Zuid"), name="Leeszaal")
    evenings(centrum, 0, 4)
    elsewhere = ActivityFactory(
        title="Poppenkast Assendorp", sessions=[(MONDAY, 20)], sessions__room=zuid
    )
    filled_in(activity=elsewhere, name="Zuid-spreker")
    next_week = ActivityFactory(
        title="Lezing over later", sessions=[(MONDAY + timedelta(days=8), 20)]
    )
    client.force_login(staff)
    url = f"/mijn/programma/planning/?week=2026-W48&branch={centrum.branch_id}"
    few = queries_of(client, url)
    evenings(centrum, 4, 12)
    assert queries_of(client, url) == few  # no query per session or contributor
    html = client.get(url).text
    assert "Avond 15" in html and "Eigen versterker 15" in html and "19:00" in html
    assert "Tweede 3" in html
    assert "Poppenkast Assendorp" not in html and next_week.title not in html
    assert client.get("/mijn/programma/planning/?week=2026-W48").text.count("Zuid-spreker") == 1
    # Without a week: this week; a wrong week is this week too, not an error.
    assert client.get("/mijn/programma/planning/?week=geen-week").status_code == 200
    assert AccessLogEntry.objects.filter(purpose="programma-bijdragers").exists()


def test_the_staff_list_has_a_fixed_number_of_queries(client, staff):
    for n in range(5):
        filled_in(name=f"Bijdrager {n}")
    client.force_login(staff)
    url = "/mijn/programma/bijdragers/?status=details_given"
    few = queries_of(client, url)
    for n in range(5, 40):
        filled_in(name=f"Bijdrager {n}")
    assert queries_of(client, url) == few
    assert "Bijdrager 39" in client.get(url).text


def test_mijn_portaal_lists_own_contributions_in_fixed_queries(client):
    first = filled_in()
    client.force_login(first.contributor)
    few = queries_of(client, "/mijn/")
    for _n in range(10):
        filled_in(contributor=first.contributor)
    assert queries_of(client, "/mijn/") == few
    assert "Mijn optredens en activiteiten" in client.get("/mijn/").text


def test_approved_content_is_shown_on_the_activity_page_with_its_photo(client, staff):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    contribution = filled_in(name="Trio Hanze")
    contribution.photo.save("p.png", ContentFile(buffer.getvalue()))
    page_url = contribution.activity.url
    assert "Trio Hanze" not in client.get(page_url).text
    photo_url = f"/mijn/programma/foto/{contribution.public_id}/"
    assert client.get(photo_url).status_code == 404
    contributors.approve_content(contribution, staff)
    html = client.get(page_url).text
    assert "Trio Hanze" in html and photo_url in html
    assert client.get(photo_url).status_code == 200


def test_a_cancelled_contribution_needs_a_reason_and_stops_the_invitation(
    client, staff, django_capture_on_commit_callbacks
):
    contribution = ContributionFactory(contributor=None)
    ContributionInvitation.create_for(contribution, "x@voorbeeld.test", "speaker", staff)
    client.force_login(staff)
    url = f"/mijn/programma/bijdragers/{contribution.pk}/stap/cancel/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Dit is een verplicht veld" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "De lezing gaat niet door."})
    contribution.refresh_from_db()
    assert contribution.status == S.CANCELLED
    assert not ContributionInvitation.objects.pending().exists()


def test_retention_keeps_the_financial_record_and_blanks_the_rest(staff):
    old = performed(about="Mijn verhaal", technical_needs="Beamer")
    long_ago = timezone.now() - timedelta(days=3 * 365)
    Contribution.objects.filter(pk=old.pk).update(status=S.PAID, paid_at=long_ago)
    recent = filled_in()
    retention.run("programma-bijdragers")
    old.refresh_from_db()
    assert (old.about, old.technical_needs, old.contributor) == ("", "", None)
    assert (old.iban, old.account_holder, old.fee) == (
        CONTRIBUTOR_IBAN,
        "J. de Vries",
        Decimal("350.00"),
    )
    recent.refresh_from_db()
    assert recent.about and recent.contributor is not None


def test_retention_anonymises_a_cancelled_contribution_fully(staff):
    """Nothing was paid for a cancelled contribution: the legal hold is not for it, so its
    account, name, fee and agreement go at the normal retention."""
    cancelled = performed(about="Mijn verhaal", invoice_number="F-12")
    cancelled.agreement.save("overeenkomst.pdf", ContentFile(b"%PDF-1.4"), save=True)
    agreement, storage = cancelled.agreement.name, cancelled.agreement.storage
    long_ago = timezone.now() - timedelta(days=3 * 365)
    Contribution.objects.filter(pk=cancelled.pk).update(
        status=S.CANCELLED, cancelled_at=long_ago, cancel_reason="Zaal niet beschikbaar"
    )
    tallies = retention.run("programma-bijdragers")
    cancelled.refresh_from_db()
    assert (cancelled.iban, cancelled.account_holder, cancelled.name) == ("", "", "")
    assert (cancelled.fee, cancelled.invoice_number, cancelled.cancel_reason) == (
        Decimal("0.00"),
        "",
        "",
    )
    assert not cancelled.agreement and not storage.exists(agreement)
    tally = next(t for t in tallies if t.model == "programme.Contribution")
    assert (tally.anonymised, tally.held) == (1, 0)


def test_retention_deletes_the_photo_of_an_anonymised_contribution(staff):
    """Only the financial record stays under the legal hold: the programme photo is not part of
    it, so its file goes from storage with the rest."""
    old = performed()
    old.photo.save("foto.jpg", ContentFile(b"\xff\xd8\xff jpeg"), save=True)
    name, storage = old.photo.name, old.photo.storage
    assert storage.exists(name)
    long_ago = timezone.now() - timedelta(days=3 * 365)
    Contribution.objects.filter(pk=old.pk).update(status=S.PAID, paid_at=long_ago)
    retention.run("programma-bijdragers")
    old.refresh_from_db()
    assert not old.photo
    assert not storage.exists(name)


def test_my_data_lists_the_contribution_with_the_iban_masked(client):
    contribution = filled_in()
    client.force_login(contribution.contributor)
    html = client.get("/mijn/gegevens/").text
    assert contribution.name in html
    assert MASKED in html and CONTRIBUTOR_IBAN not in html


def test_a_reminder_tells_what_is_missing_with_a_link_without_personal_data(client, staff):
    contribution = ContributionFactory(about="")
    client.force_login(staff)
    client.post(f"/mijn/programma/bijdragers/{contribution.pk}/actie/remind/")
    reminder = mail.outbox[-1]
    assert reminder.to == [contribution.contributor.email]
    assert "Herinnering" in reminder.subject
    assert "een tekst over jou en de activiteit" in reminder.body
    assert f"/mijn/programma/bijdragen/{contribution.pk}/" in reminder.body
    local_part = contribution.contributor.email.split("@")[0]
    assert all(local_part not in url for url in re.findall(r"https?://\S+", reminder.body))


def test_the_daily_job_reminds_unanswered_invitations_and_agreements_once_a_week(client, staff):
    """Activity within three weeks, unanswered for three days: a reminder; again only after a
    week; not for an activity further away or already begun, nor once all is answered."""
    from django.utils.module_loading import autodiscover_modules

    from portal.periodic import jobs

    now = timezone.now().replace(microsecond=0)
    long_ago = now - timedelta(days=5)

    def contribution(days_ahead, **kwargs):
        activity = ActivityFactory(sessions=[(now + timedelta(days=days_ahead), 20)])
        return ContributionFactory(activity=activity, created_at=long_ago, about="", **kwargs)

    invited = contribution(10)
    agreement = filled_in(
        activity=ActivityFactory(sessions=[(now + timedelta(days=20), 20)]),
        status=S.AGREEMENT_SENT,
        agreement_sent_at=long_ago,
    )
    just_invited = ContributionFactory(  # invited just now: not yet
        activity=ActivityFactory(sessions=[(now + timedelta(days=10), 20)])
    )
    far_away = contribution(40)
    begun = contribution(-1)
    answered = filled_in(activity=ActivityFactory(sessions=[(now + timedelta(days=10), 20)]))

    autodiscover_modules("jobs")  # as `manage.py run_periodic` finds it
    mail.outbox.clear()
    assert jobs["programme_contributor_reminders"].func() == "2 contributors reminded"
    reminded = {message.to[0]: message for message in mail.outbox}
    assert set(reminded) == {invited.contributor.email, agreement.contributor.email}
    assert "een tekst over jou en de activiteit" in reminded[invited.contributor.email].body
    to_accept = reminded[agreement.contributor.email]
    assert "overeenkomst" in to_accept.subject
    assert f"/mijn/programma/bijdragen/{agreement.pk}/" in to_accept.body
    for quiet in (just_invited, far_away, begun, answered):
        quiet.refresh_from_db()
        assert quiet.reminded_at is None

    # Not again the same day. Six days on: the one invited today has waited long enough, the
    # two reminded not yet a week ago wait. A week on: those two again.
    assert contributors.send_due_reminders() == 0
    assert contributors.send_due_reminders(now + timedelta(days=6)) == 1
    just_invited.refresh_from_db()
    assert just_invited.reminded_at == now + timedelta(days=6)
    assert contributors.send_due_reminders(now + timedelta(days=7, minutes=1)) == 2

    # Staff see when the last reminder went.
    client.force_login(staff)
    html = client.get(invited.get_staff_url()).text
    assert "laatste herinnering" in html
