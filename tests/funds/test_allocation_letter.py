"""Fonds Cultuureducatie: the allocation letter. Confirming an allocation (one, or all drafts of
a year) and correcting a confirmed one make a PDF letter that is kept in private storage,
emailed to the school's directie only (with the PDF attached) once the change is committed, and
downloadable by the school's directie and culture coordinators and by fund managers."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.storage import storages

from funds.models.education import Allocation, AllocationLetter, AllocationLetterKind
from funds.services import allocation as service
from portal.roles import Role
from privacy.models import AccessLogEntry
from schools.models import SchoolRole
from tests.factories.education import PhaseAssessmentFactory, PupilCountFactory, scheme_with_rates
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolFactory, SchoolMembershipFactory
from tests.funds.test_decisions import letter_text, pdf_text
from tests.privacy.test_register_admin import in_english

pytestmark = pytest.mark.django_db

ADMIN = "/admin/fonds-cultuureducatie/allocations/"


@pytest.fixture
def manager():
    return UserFactory(groups=[Role.FUND_MANAGER], first_name="Femke", last_name="Fondsbeheer")


@pytest.fixture
def school():
    school = SchoolFactory(name="Basisschool De Regenboog", street_address="Schoolstraat 3")
    PupilCountFactory(school=school, pupils=200, count_date=datetime.date(2026, 2, 1))
    PhaseAssessmentFactory(school=school, phase=2, first_year=2027)
    return school


@pytest.fixture
def members(school):
    """A member of the school in each role, and a director of another school."""
    return {
        "directie": SchoolMembershipFactory(school=school, role=SchoolRole.DIRECTIE).user,
        "cultuurcoordinator": SchoolMembershipFactory(
            school=school, role=SchoolRole.CULTUURCOORDINATOR
        ).user,
        "vakdocent": SchoolMembershipFactory(school=school, role=SchoolRole.VAKDOCENT).user,
        "other_school": SchoolMembershipFactory(role=SchoolRole.DIRECTIE).user,
    }


@pytest.fixture
def draft(school, manager):
    service.allocate(scheme_with_rates(), manager)
    return Allocation.objects.get(school=school)


def confirmed(draft, manager, capture):
    """Confirm, and run what waits for the commit (the test's transaction never commits)."""
    with capture(execute=True):
        service.confirm(draft, manager)
    return AllocationLetter.objects.get(allocation=draft)


def test_confirming_makes_a_letter_with_school_year_breakdown_rules_and_signatory(
    draft, manager, members, django_capture_on_commit_callbacks
):
    letter = confirmed(draft, manager, django_capture_on_commit_callbacks)

    assert letter.kind == AllocationLetterKind.CONFIRMED
    assert letter.amount == Decimal("7290.00")
    assert letter.signed_by == manager
    text = letter_text(letter)
    assert "Basisschool De Regenboog" in text and "Schoolstraat 3" in text
    assert "2027" in text
    assert "1 februari 2026" in text  # the count date, in Dutch
    assert "200" in text
    assert "€ 12,15" in text  # own contribution and municipal amount per pupil
    assert "€ 36,45" in text  # per pupil: 12.15 + 12.15 x 2
    assert "€ 7.290,00" in text  # the amount, in Dutch notation
    assert "90%" in text  # the minimum share for pupils' activities
    assert "31 december 2027" in text  # unspent money lapses at the end of the year
    assert "Femke Fondsbeheer" in text  # signed by the staff member who confirmed


def test_the_letter_is_emailed_to_the_directie_only_with_the_pdf_attached(
    draft, manager, members, django_capture_on_commit_callbacks
):
    second_director = SchoolMembershipFactory(school=draft.school, role=SchoolRole.DIRECTIE).user
    mail.outbox.clear()

    letter = confirmed(draft, manager, django_capture_on_commit_callbacks)

    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [members["directie"].email, second_director.email]
    )
    assert all(len(message.to) == 1 for message in mail.outbox)  # one email each
    message = mail.outbox[0]
    assert "2027" in message.subject and "Basisschool De Regenboog" in message.subject
    assert "€ 7.290,00" in message.body
    assert f"/mijn/scholen/{draft.school.pk}/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    assert "€ 7.290,00" in pdf_text(content)
    assert letter.recipients == 2


def test_nothing_is_sent_before_the_confirmation_commits(
    draft, manager, members, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        service.confirm(draft, manager)
    assert len(callbacks) == 1
    assert not AllocationLetter.objects.exists() and not mail.outbox


def test_a_failing_letter_does_not_undo_the_confirmation(
    draft, manager, members, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(service, "send_templated_email", broken)
    with django_capture_on_commit_callbacks(execute=True):
        service.confirm(draft, manager)
    draft.refresh_from_db()
    assert draft.is_confirmed


def test_confirming_all_drafts_of_a_year_makes_a_letter_for_each(
    school, manager, members, django_capture_on_commit_callbacks
):
    other = SchoolFactory()
    PupilCountFactory(school=other, pupils=100, count_date=datetime.date(2026, 2, 1))
    scheme = scheme_with_rates()
    service.allocate(scheme, manager)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert service.confirm_drafts(scheme, manager) == 2

    assert AllocationLetter.objects.filter(allocation__school=school).count() == 1
    # The other school has no directie member: its letter is kept, not emailed.
    kept = AllocationLetter.objects.get(allocation__school=other)
    assert kept.recipients == 0
    assert [message.to for message in mail.outbox] == [[members["directie"].email]]
    assert list(service.schools_without_directie(scheme)) == [other]


def test_a_correction_makes_a_new_letter_with_the_reason(
    draft, manager, members, django_capture_on_commit_callbacks
):
    first = confirmed(draft, manager, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        service.correct(draft, Decimal("7000"), "Telling van 1 februari gecorrigeerd.", manager)

    second = AllocationLetter.objects.exclude(pk=first.pk).get()
    assert second.kind == AllocationLetterKind.CORRECTED
    assert second.amount == Decimal("7000.00")
    text = letter_text(second)
    # pypdf splits kerned pairs ("T elling"): compare without spaces.
    assert "Tellingvan1februarigecorrigeerd." in text.replace(" ", "")
    assert "€ 7.290,00" in text and "€ 7.000,00" in text  # computed, and now in force
    assert [message.to for message in mail.outbox] == [[members["directie"].email]]
    assert "€ 7.000,00" in mail.outbox[0].body
    assert "7.000,00" in letter_text(second) and "7.000,00" not in letter_text(first)


def test_the_letter_survives_as_a_file_in_the_private_storage(
    settings, draft, manager, members, django_capture_on_commit_callbacks
):
    letter = confirmed(draft, manager, django_capture_on_commit_callbacks)
    private = storages["private"]
    assert private.exists(letter.file.name)
    with private.open(letter.file.name, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    media = settings.MEDIA_ROOT
    assert not any(media.rglob("*.pdf"))  # nothing in the public media folder
    letter.refresh_from_db()
    assert "Basisschool De Regenboog" in letter_text(letter)


# --- downloading ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "who, expected",
    [
        ("directie", 200),
        ("cultuurcoordinator", 200),
        ("vakdocent", 404),
        ("other_school", 404),
        ("anonymous", 302),
    ],
)
def test_who_may_download_the_letter_from_the_school_page(
    client, draft, manager, members, django_capture_on_commit_callbacks, who, expected
):
    letter = confirmed(draft, manager, django_capture_on_commit_callbacks)
    url = f"/mijn/scholen/{draft.school.pk}/toewijzingsbrieven/{letter.pk}/"
    assert letter.get_absolute_url() == url
    if who != "anonymous":
        client.force_login(members[who])

    response = client.get(url)

    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert "€ 7.290,00" in pdf_text(b"".join(response.streaming_content))
    if who == "anonymous":
        assert "next=" in response["Location"]


def test_a_letter_of_another_school_is_404_through_ones_own_school(
    client, draft, manager, members, django_capture_on_commit_callbacks
):
    letter = confirmed(draft, manager, django_capture_on_commit_callbacks)
    other = members["other_school"]
    own_school = SchoolMembershipFactory._meta.model.objects.get(user=other).school
    client.force_login(other)
    response = client.get(f"/mijn/scholen/{own_school.pk}/toewijzingsbrieven/{letter.pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "who, listed", [("directie", True), ("cultuurcoordinator", True), ("vakdocent", False)]
)
def test_the_school_page_lists_the_letters_for_directie_and_coordinators(
    client, draft, manager, members, django_capture_on_commit_callbacks, who, listed
):
    letter = confirmed(draft, manager, django_capture_on_commit_callbacks)
    client.force_login(members[who])
    page = client.get(f"/mijn/scholen/{draft.school.pk}/").content.decode()
    assert (letter.get_absolute_url() in page) is listed


def test_fund_managers_download_the_letter_from_the_admin_and_it_is_logged(
    client, draft, manager, members, django_capture_on_commit_callbacks
):
    letter = confirmed(draft, manager, django_capture_on_commit_callbacks)
    client.force_login(manager)
    page = client.get(ADMIN + f"inspect/{draft.pk}/").content.decode()
    url = ADMIN + f"{draft.pk}/letters/{letter.pk}/"
    assert url in page

    response = client.get(url)

    assert response.status_code == 200
    assert "€ 7.290,00" in pdf_text(b"".join(response.streaming_content))
    assert AccessLogEntry.objects.filter(
        user=manager, content_type__model="allocationletter", object_id=str(letter.pk)
    ).exists()


def test_other_staff_may_not_download_the_letter(
    client, draft, manager, members, django_capture_on_commit_callbacks
):
    letter = confirmed(draft, manager, django_capture_on_commit_callbacks)
    client.force_login(UserFactory(groups=[Role.EDITOR]))
    response = client.get(ADMIN + f"{draft.pk}/letters/{letter.pk}/")
    assert response.status_code in (302, 403)
    assert not AccessLogEntry.objects.filter(content_type__model="allocationletter").exists()


def test_the_admin_page_says_when_the_school_has_no_directie(
    client, draft, manager, django_capture_on_commit_callbacks
):
    client.force_login(in_english(manager))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADMIN + f"confirm/{draft.pk}/", {"confirm": "on"}, follow=True)
    page = response.content.decode()
    assert AllocationLetter.objects.get(allocation=draft).recipients == 0
    assert not mail.outbox
    assert "has no member with the directie role" in page  # the message after confirming
    page = client.get(ADMIN + f"inspect/{draft.pk}/").content.decode()
    assert "The school has no member with the directie role" in page
