"""Who may do what in the assessment, as tables: role, URL and object give the status.

One application in review (applicant A's), with four reviewers from the round's committee: one
not assigned, one assigned who has not declared yet, one who declared a conflict and one who
declared none. A reviewer sees only what is assigned to them; before declaring only what is
needed to judge a conflict; after a conflict nothing at all. Only fund managers screen, assign,
and message the applicant.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, reverse

from funds.models import (
    Application,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
    InternalNote,
    Message,
    Review,
    ReviewAssignment,
    RoundPage,
)
from tests.factories.funds import application_in, assign, fund_manager, reviewer
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

SUMMARY = "Een middag muziek en theater op het plein"
BUDGET_LINE = "Podium en geluid"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ROLES = [
    "anonymous",
    "applicant",
    "other_applicant",
    "unassigned_reviewer",
    "undeclared_reviewer",
    "conflicted_reviewer",
    "cleared_reviewer",
    "fund_manager",
]


def add_to_committee(round_page, *users):
    RoundPage.committee.through.objects.bulk_create(
        [RoundPage.committee.through(roundpage_id=round_page.pk, user_id=u.pk) for u in users]
    )


@pytest.fixture
def world():
    application = application_in(ApplicationStatus.IN_REVIEW)
    round_page = application.round
    other = application_in(ApplicationStatus.IN_REVIEW, round=round_page)
    users = {
        "anonymous": None,
        "applicant": application.applicant,
        "other_applicant": other.applicant,
        "unassigned_reviewer": reviewer(),
        "undeclared_reviewer": reviewer(),
        "conflicted_reviewer": reviewer(),
        "cleared_reviewer": reviewer(),
        "fund_manager": fund_manager(),
    }
    add_to_committee(
        round_page,
        *(users[r] for r in ROLES if r.endswith("_reviewer")),
    )
    assignments = {
        "undeclared_reviewer": assign(application, users["undeclared_reviewer"]),
        "conflicted_reviewer": assign(application, users["conflicted_reviewer"], has_conflict=True),
        "cleared_reviewer": assign(application, users["cleared_reviewer"], has_conflict=False),
    }
    attachment = Attachment.objects.create(
        application=application,
        kind=AttachmentKind.PLAN,
        file=ContentFile(PDF_BYTES, name="plan.pdf"),
        original_name="projectplan.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    return {
        "application": application,
        "other": other,
        "users": users,
        "assignments": assignments,
        "attachment": attachment,
    }


def client_for(client, world, role):
    client.cookies["django_language"] = "en"
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client


def assignment_for(world, role):
    """The role's own assignment; anyone without one tries the cleared reviewer's."""
    assignments = world["assignments"]
    return assignments.get(role, assignments["cleared_reviewer"])


def score_data(application):
    criteria = application.round.criteria.all()
    data = {f"score_{c.pk}": "7" for c in criteria}
    data.update({f"comment_{c.pk}": "" for c in criteria})
    data.update({"comment": "Goed plan.", "action": "save"})
    return data


def is_login_redirect(response):
    return response.status_code == 302 and "/account/login/" in response["Location"]


# --- The reviewer's pages ------------------------------------------------------------------------

REVIEW_LIST = {
    "anonymous": 302,
    "applicant": 403,
    "other_applicant": 403,
    "unassigned_reviewer": 200,
    "undeclared_reviewer": 200,
    "conflicted_reviewer": 200,
    "cleared_reviewer": 200,
    "fund_manager": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_review_list(client, world, role):
    response = client_for(client, world, role).get(reverse("funds:review_list"))
    assert response.status_code == REVIEW_LIST[role]
    if role == "anonymous":
        assert is_login_redirect(response)
    if response.status_code != 200:
        return
    content = response.content.decode()
    title = world["application"].project_title
    # Only what is assigned to me; a conflicted reviewer sees the number, not the title.
    assert (title in content) == (role in ("undeclared_reviewer", "cleared_reviewer"))
    assert world["other"].project_title not in content


REVIEW_PAGE = {
    "anonymous": 302,
    "applicant": 403,
    "other_applicant": 403,
    "unassigned_reviewer": 404,
    "undeclared_reviewer": 200,
    "conflicted_reviewer": 403,
    "cleared_reviewer": 200,
    "fund_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_review_page(client, world, role):
    assignment = assignment_for(world, role)
    response = client_for(client, world, role).get(reverse("funds:review", args=[assignment.pk]))
    assert response.status_code == REVIEW_PAGE[role]
    content = response.content.decode()
    application = world["application"]
    reads_application = role == "cleared_reviewer"
    assert (SUMMARY in content) == reads_application
    assert (BUDGET_LINE in content) == reads_application
    assert ("projectplan.pdf" in content) == reads_application
    if role == "undeclared_reviewer":
        # Only what is needed to judge a conflict of interest.
        for shown in (
            application.organisation_name,
            application.contact_name,
            application.project_title,
            "Diezerpoort",
        ):
            assert shown in content
        for hidden in (application.target_group, application.location, "Total costs", "€"):
            assert hidden not in content
        assert 'name="declaration"' in content
    if role == "conflicted_reviewer":
        assert application.project_title not in content
        assert application.organisation_name not in content


SCORE_POST = {
    "anonymous": 302,
    "applicant": 403,
    "other_applicant": 403,
    "unassigned_reviewer": 404,
    "undeclared_reviewer": 302,  # sent back to declare first
    "conflicted_reviewer": 403,
    "cleared_reviewer": 302,
    "fund_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_scoring(client, world, role):
    assignment = assignment_for(world, role)
    response = client_for(client, world, role).post(
        reverse("funds:review", args=[assignment.pk]), score_data(world["application"])
    )
    assert response.status_code == SCORE_POST[role]
    saved = Review.objects.filter(assignment__application=world["application"])
    if role == "cleared_reviewer":
        assert saved.get().assignment == assignment
        assert saved.get().scores.count() == 3
    else:
        assert not saved.exists()


DECLARE_POST = {
    "anonymous": 302,
    "applicant": 403,
    "other_applicant": 403,
    "unassigned_reviewer": 404,
    "undeclared_reviewer": 302,
    "conflicted_reviewer": 302,  # refused: declared already (and stays blocked)
    "cleared_reviewer": 302,  # refused: declared already
    "fund_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_declaring(client, world, role):
    assignment = assignment_for(world, role)
    before = ReviewAssignment.objects.get(pk=assignment.pk).has_conflict
    response = client_for(client, world, role).post(
        reverse("funds:review_declare", args=[assignment.pk]), {"declaration": "no"}
    )
    assert response.status_code == DECLARE_POST[role]
    after = ReviewAssignment.objects.get(pk=assignment.pk).has_conflict
    if role == "undeclared_reviewer":
        assert before is None and after is False
    else:
        assert after is before  # a declaration is made once; nobody else makes it


NOTE_POST = {
    "anonymous": 302,
    "applicant": 403,
    "other_applicant": 403,
    "unassigned_reviewer": 404,
    "undeclared_reviewer": 403,
    "conflicted_reviewer": 403,
    "cleared_reviewer": 302,
    "fund_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_reviewer_notes(client, world, role):
    assignment = assignment_for(world, role)
    response = client_for(client, world, role).post(
        reverse("funds:review_note", args=[assignment.pk]), {"text": "Ken deze vereniging."}
    )
    assert response.status_code == NOTE_POST[role]
    assert InternalNote.objects.filter(application=world["application"]).exists() == (
        role == "cleared_reviewer"
    )


# --- The application's files, served by the applicant's views ------------------------------------

FILES = {
    "anonymous": {302},
    "applicant": {200},
    "other_applicant": {403, 404},
    "unassigned_reviewer": {403, 404},
    "undeclared_reviewer": {403, 404},
    "conflicted_reviewer": {403, 404},
    "cleared_reviewer": {200},
    "fund_manager": {200},
}


def url_or_skip(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        pytest.skip(f"{name} is not built yet")


@pytest.mark.parametrize("role", ROLES)
def test_attachment_download(client, world, role):
    attachment = world["attachment"]
    url = url_or_skip("funds:attachment", attachment.application_id, attachment.pk)
    response = client_for(client, world, role).get(url)
    assert response.status_code in FILES[role]
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("role", ROLES)
def test_application_pdf(client, world, role):
    url = url_or_skip("funds:application_pdf", world["application"].pk)
    response = client_for(client, world, role).get(url)
    assert response.status_code in FILES[role]


# --- The fund manager's actions ------------------------------------------------------------------

STAFF_ACTIONS = [
    ("funds:staff_screen_complete", {}),
    ("funds:staff_ask_more_info", {"text": "Stuur de offerte van het podium mee."}),
    ("funds:staff_assign_reviewer", {"reviewer": "{unassigned_reviewer}"}),
    ("funds:staff_unassign_reviewer", {}),
    ("funds:staff_add_note", {"text": "Eerder subsidie gehad in 2024."}),
    ("funds:staff_send_message", {"text": "We nemen uw aanvraag in behandeling."}),
]

STAFF_ROLE_STATUS = {
    "anonymous": 302,
    "applicant": 403,
    "other_applicant": 403,
    "unassigned_reviewer": 403,
    "undeclared_reviewer": 403,
    "conflicted_reviewer": 403,
    "cleared_reviewer": 403,
    "fund_manager": 302,
}


def unchanged(world):
    """What the staff actions would change, to compare before and after."""
    application = Application.objects.get(pk=world["application"].pk)
    return (
        application.status,
        ReviewAssignment.objects.filter(application=application).count(),
        InternalNote.objects.filter(application=application).count(),
        Message.objects.filter(application=application).count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "data"), STAFF_ACTIONS)
def test_staff_actions(client, world, role, name, data):
    application = world["application"]
    if name == "funds:staff_screen_complete":
        Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SUBMITTED)
    args = [application.pk]
    if name == "funds:staff_unassign_reviewer":
        args.append(world["assignments"]["undeclared_reviewer"].pk)
    data = {
        key: str(world["users"]["unassigned_reviewer"].pk) if value == "{unassigned_reviewer}"
        else value
        for key, value in data.items()
    }  # fmt: skip
    before = unchanged(world)
    response = client_for(client, world, role).post(reverse(name, args=args), data)
    assert response.status_code == STAFF_ROLE_STATUS[role]
    if role == "fund_manager":
        assert response["Location"].startswith(
            reverse("funds:staff_application", args=[application.pk])
        )
        assert unchanged(world) != before
    else:
        assert unchanged(world) == before
        if role == "anonymous":
            assert is_login_redirect(response)


def test_staff_actions_on_an_unknown_application_are_404(client):
    client.force_login(fund_manager())
    for name, data in STAFF_ACTIONS:
        args = [987654] if name != "funds:staff_unassign_reviewer" else [987654, 1]
        assert client.post(reverse(name, args=args), data).status_code == 404


def test_staff_actions_are_post_only(client, world):
    client.force_login(world["users"]["fund_manager"])
    url = reverse("funds:staff_screen_complete", args=[world["application"].pk])
    assert client.get(url).status_code == 405


# --- A fund manager as reviewer, and scoring outside the review ----------------------------------


def test_fund_manager_scores_only_when_assigned_and_cleared(client, world):
    application = world["application"]
    manager = world["users"]["fund_manager"]
    client.force_login(manager)
    others = world["assignments"]["cleared_reviewer"]
    assert (
        client.post(reverse("funds:review", args=[others.pk]), score_data(application)).status_code
        == 404
    )

    own = assign(application, manager, has_conflict=False)
    response = client.post(reverse("funds:review", args=[own.pk]), score_data(application))
    assert response.status_code == 302
    assert Review.objects.get(assignment=own).scores.count() == 3


@pytest.mark.parametrize(
    "status",
    [
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.MORE_INFO,
        ApplicationStatus.GRANTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    ],
)
def test_scoring_is_refused_when_not_in_review(client, world, status):
    application = world["application"]
    Application.objects.filter(pk=application.pk).update(status=status)
    client = client_for(client, world, "cleared_reviewer")
    url = reverse("funds:review", args=[world["assignments"]["cleared_reviewer"].pk])

    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Scoring is possible only while the application is in review." in content
    assert 'value="submit"' not in content  # no score form

    response = client.post(url, {**score_data(application), "action": "submit"}, follow=True)
    assert "Scoring is possible only while the application is in review." in (
        response.content.decode()
    )
    assert not Review.objects.filter(assignment__application=application).exists()
    assert Application.objects.get(pk=application.pk).review_count == 0


def test_someone_without_a_role_has_no_reviewer_pages(client):
    client.force_login(UserFactory())
    assert client.get(reverse("funds:review_list")).status_code == 403
