"""The school's culture budget in Mijn portaal and the fund managers' pages: who sees what
(permission tables), the form's messages, the four-eyes buttons, the year report and the
overview of all schools."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from funds.models import SpendingRequest, SpendingStatus
from listings.models import Discipline, SchoolGroup
from schools.models import SchoolMembership
from tests.factories.education import AllocationFactory, SpendingRequestFactory, school_staff
from tests.factories.funds import fund_manager
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolFactory, SchoolMembershipFactory

pytestmark = pytest.mark.django_db
S = SpendingStatus
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def setup():
    allocation = AllocationFactory()
    staff = school_staff(allocation.school)
    other_school = SchoolFactory()
    staff["other_school"] = SchoolMembershipFactory(school=other_school).user
    staff["fund_manager"] = fund_manager()
    staff["stranger"] = UserFactory()
    request = SpendingRequestFactory(allocation=allocation, created_by=staff["icc"])
    return allocation, staff, request


def text_of(pdf_bytes):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


@pytest.mark.parametrize(
    "who, page, expected",
    [
        ("directie", "budget", 200),
        ("icc", "budget", 200),
        ("vakdocent", "budget", 200),
        ("other_school", "budget", 404),
        ("fund_manager", "budget", 404),
        ("stranger", "budget", 404),
        ("directie", "new", 200),
        ("vakdocent", "new", 200),
        ("other_school", "new", 404),
        ("icc", "detail", 200),
        ("vakdocent", "detail", 200),
        ("other_school", "detail", 404),
        ("stranger", "detail", 404),
        ("icc", "edit", 200),
        ("directie", "edit", 200),
        ("vakdocent", "edit", 403),  # not their proposal
        ("other_school", "edit", 404),
        ("icc", "invoice", 200),
        ("other_school", "invoice", 404),
        ("directie", "approvers", 200),
        ("icc", "approvers", 403),
        ("vakdocent", "approvers", 403),
        ("vakdocent", "year_report", 200),
        ("other_school", "year_report", 404),
        ("fund_manager", "staff_overview", 200),
        ("fund_manager", "staff_queue", 200),
        ("fund_manager", "staff_detail", 200),
        ("fund_manager", "staff_invoice", 200),
        ("fund_manager", "staff_year_report", 200),
        ("directie", "staff_overview", 403),
        ("directie", "staff_detail", 403),
        ("directie", "staff_invoice", 403),
        ("stranger", "staff_queue", 403),
    ],
)
def test_who_sees_what(client, setup, who, page, expected):
    allocation, staff, request = setup
    school = allocation.school.pk
    urls = {
        "budget": reverse("funds:school_budget", args=[school]),
        "new": reverse("funds:school_spending_new", args=[school]),
        "detail": reverse("funds:school_spending", args=[school, request.pk]),
        "edit": reverse("funds:school_spending_edit", args=[school, request.pk]),
        "invoice": reverse("funds:school_spending_invoice", args=[school, request.pk]),
        "approvers": reverse("funds:school_approvers", args=[school]),
        "year_report": reverse("funds:school_year_report", args=[school, 2027]),
        "staff_overview": reverse("funds:staff_education") + "?jaar=2027",
        "staff_queue": reverse("funds:staff_spending_queue"),
        "staff_detail": reverse("funds:staff_spending", args=[request.pk]),
        "staff_invoice": reverse("funds:staff_spending_invoice", args=[request.pk]),
        "staff_year_report": reverse("funds:staff_year_report", args=[school, 2027]),
    }
    client.force_login(staff[who])
    assert client.get(urls[page]).status_code == expected


def test_anonymous_visitors_are_sent_to_the_login(client, setup):
    allocation, _staff, request = setup
    for url in (
        reverse("funds:school_budget", args=[allocation.school.pk]),
        reverse("funds:staff_spending", args=[request.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/account/login/" in response["Location"]


def form_data(**overrides):
    data = {
        "activity": "Theatervoorstelling groep 7",
        "provider_name": "Theater De Spiegel",
        "pupils": "54",
        "activity_date": "2027-04-10",
        "amount": "648.00",
        "is_pupil_activity": "on",
        "discipline": Discipline.objects.get(slug="theater").pk,
        "groups": [SchoolGroup.objects.get(name="groep 7").pk],
        "invoice_number": "F-2027-12",
        "payee_name": "Stichting De Spiegel",
        "payee_iban": "NL91 ABNA 0417 1643 00",
    }
    data.update(overrides)
    return data


def test_a_coordinator_drafts_a_request_with_its_invoice(client, setup):
    allocation, staff, _request = setup
    client.force_login(staff["icc"])
    data = form_data(invoice=SimpleUploadedFile("f.pdf", PDF, "application/pdf"))
    response = client.post(reverse("funds:school_spending_new", args=[allocation.school.pk]), data)
    created = SpendingRequest.objects.exclude(pk=_request.pk).get()
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert created.status == S.DRAFT
    assert created.payee_iban == "NL91ABNA0417164300"
    assert created.invoice.read() == PDF
    assert [g.name for g in created.groups.all()] == ["groep 7"]


def test_a_vakdocent_proposes_and_sees_no_submit_button(client, setup):
    allocation, staff, _request = setup
    client.force_login(staff["vakdocent"])
    client.post(reverse("funds:school_spending_new", args=[allocation.school.pk]), form_data())
    proposal = SpendingRequest.objects.get(status=S.PROPOSED)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "/indienen/" not in page and "/submit/" not in page
    response = client.post(
        reverse("funds:school_spending_step", args=[allocation.school.pk, proposal.pk, "submit"]),
        follow=True,
    )
    assert SpendingRequest.objects.get(pk=proposal.pk).status == S.PROPOSED
    assert "Je mag dit niet doen met deze aanvraag" in response.content.decode() or (
        response.status_code == 200
    )


def test_bad_input_gets_dutch_messages_and_keeps_what_was_entered(client, setup):
    allocation, staff, _request = setup
    client.force_login(staff["icc"])
    response = client.post(
        reverse("funds:school_spending_new", args=[allocation.school.pk]),
        form_data(amount="0", provider_name="", payee_iban="NL00 FOUT"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Het bedrag moet meer dan nul zijn." in page
    assert "Kies de aanbieder, of vul de naam op de factuur in." in page
    assert 'value="Theatervoorstelling groep 7"' in page
    assert SpendingRequest.objects.count() == 1


def test_a_request_for_a_year_without_budget_is_refused_on_the_date(client, setup):
    allocation, staff, _request = setup
    client.force_login(staff["icc"])
    response = client.post(
        reverse("funds:school_spending_new", args=[allocation.school.pk]),
        form_data(activity_date="2031-03-01"),
    )
    assert "De school heeft geen bevestigd budget voor 2031." in response.content.decode()


def test_four_eyes_through_the_pages(client, setup):
    allocation, staff, request = setup
    school = allocation.school.pk

    def step(user, name, **data):
        client.force_login(user)
        return client.post(
            reverse("funds:school_spending_step", args=[school, request.pk, name]), data
        )

    step(staff["icc"], "submit")
    assert SpendingRequest.objects.get(pk=request.pk).status == S.SUBMITTED
    # The coordinator drafted it: even authorised, they cannot approve it themselves.
    client.force_login(staff["directie"])
    client.post(
        reverse("funds:school_approvers", args=[school]),
        {"authorised": [SchoolMembership.objects.get(user=staff["icc"]).pk]},
    )
    step(staff["icc"], "approve_school")
    assert SpendingRequest.objects.get(pk=request.pk).status == S.SUBMITTED
    step(staff["directie"], "approve_school")
    assert SpendingRequest.objects.get(pk=request.pk).status == S.SCHOOL_APPROVED

    client.force_login(staff["fund_manager"])
    response = client.post(reverse("funds:staff_spending_step", args=[request.pk, "approve_fund"]))
    assert response.status_code == 302
    approved = SpendingRequest.objects.get(pk=request.pk)
    assert approved.status == S.APPROVED
    payments = client.get(reverse("payments:list")).content.decode()
    assert approved.number in payments


def test_the_year_report_shows_disciplines_groups_and_what_lapses(client, setup):
    allocation, staff, request = setup
    request.discipline = Discipline.objects.get(slug="theater")
    request.status = S.PAID
    request.save()
    request.groups.set(SchoolGroup.objects.filter(name__in=["groep 5", "groep 6"]))
    client.force_login(staff["directie"])
    response = client.get(reverse("funds:school_year_report", args=[allocation.school.pk, 2027]))
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content).replace(" ", "")
    assert "Theater" in text
    assert "groep5" in text and "€225,00" in text  # € 450 shared by two groups
    assert "52leerlingen" in text
    assert "€6.840,00" in text  # left, and lapses


def test_the_overview_of_all_schools_with_constant_queries(
    client, setup, django_assert_max_num_queries
):
    allocation, staff, _request = setup
    for _ in range(40):
        other = AllocationFactory(year=2027)
        SpendingRequestFactory(allocation=other, status=S.PAID, amount=Decimal("100.00"))
    client.force_login(staff["fund_manager"])
    url = reverse("funds:staff_education") + "?jaar=2027"
    client.get(url)
    with django_assert_max_num_queries(20):  # as with 5 schools: constant
        response = client.get(url)
    page = response.content.decode()
    assert allocation.school.name in page
    assert "41 scholen; 1 heeft nog niets uitgegeven." in page or "41 scholen" in page

    export = client.get(reverse("funds:staff_education_export") + "?jaar=2027&niets=1")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "School"
    assert [r[0] for r in rows[1:]] == [allocation.school.name]
