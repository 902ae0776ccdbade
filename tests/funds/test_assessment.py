"""The assessment as the people in it see it: reviewers declare a conflict of interest or its
absence, score per weighted criterion and write internal notes; the fund manager screens,
assigns committee members, sees the scores with their average and spread, and writes to the
applicant. Arithmetic is checked against numbers worked out by hand."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funds import permissions
from funds.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
    Message,
    MessageKind,
    Review,
    ReviewAssignment,
    RoundPage,
)
from funds.services import assessment
from privacy.models import AccessLogEntry
from tests.factories.funds import (
    RoundPageFactory,
    application_in,
    assign,
    fund_manager,
    reviewer,
)
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


def add_to_committee(round_page, *users):
    RoundPage.committee.through.objects.bulk_create(
        [RoundPage.committee.through(roundpage_id=round_page.pk, user_id=u.pk) for u in users]
    )


def english(client, user):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


@pytest.fixture
def application():
    return application_in(ApplicationStatus.IN_REVIEW)


@pytest.fixture
def manager():
    return fund_manager(first_name="Fenna", last_name="Beheer")


def criteria(application):
    """The round's criteria in order: weights 3, 2, 1."""
    found = list(application.round.criteria.all())
    assert [c.weight for c in found] == [3, 2, 1]
    return found


def scores_post(application, scores, action="submit", comment="", **comments):
    data = {"action": action, "comment": comment}
    for criterion, score in zip(criteria(application), scores, strict=True):
        data[f"score_{criterion.pk}"] = "" if score is None else str(score)
        data[f"comment_{criterion.pk}"] = comments.get(criterion.name, "")
    return data


def score_as(client, assignment, scores, **kwargs):
    english(client, assignment.reviewer)
    return client.post(
        reverse("funds:review", args=[assignment.pk]),
        scores_post(assignment.application, scores, **kwargs),
    )


def staff_page(client, manager, application):
    english(client, manager)
    response = client.get(reverse("funds:staff_application", args=[application.pk]))
    assert response.status_code == 200
    return response


# --- Scores: weighted, averaged, spread -----------------------------------------------------------


def test_weighted_score_average_and_spread(client, application, manager):
    first = assign(application, reviewer(), has_conflict=False)
    second = assign(application, reviewer(), has_conflict=False)

    # Weights 3, 2, 1 and scores 8, 6, 4: (24 + 12 + 4) / 6 = 6.666… → 6.67
    assert score_as(client, first, [8, 6, 4]).status_code == 302
    review = Review.objects.get(assignment=first)
    assert review.submitted_at is not None
    assert review.weighted_score == Decimal("6.67")
    application.refresh_from_db()
    assert (application.average_score, application.score_spread, application.review_count) == (
        Decimal("6.67"),
        Decimal("0.00"),
        1,
    )
    page = client.get(reverse("funds:review", args=[first.pk])).content.decode()
    assert "6.67" in page
    assert "Your review has been submitted. Thank you." in page

    # Scores 9, 7, 4: (27 + 14 + 4) / 6 = 7.50. Mean (6.67 + 7.50) / 2 = 7.085 → 7.09;
    # spread 7.50 - 6.67 = 0.83.
    assert score_as(client, second, [9, 7, 4]).status_code == 302
    assert Review.objects.get(assignment=second).weighted_score == Decimal("7.50")
    application.refresh_from_db()
    assert (application.average_score, application.score_spread, application.review_count) == (
        Decimal("7.09"),
        Decimal("0.83"),
        2,
    )

    panel = assessment.overview(application)
    # Per criterion: (8 + 9) / 2, (6 + 7) / 2, (4 + 4) / 2
    assert panel.criterion_averages == [Decimal("8.50"), Decimal("6.50"), Decimal("4.00")]
    assert [[c["score"] for c in row.cells] for row in panel.rows] == [[8, 6, 4], [9, 7, 4]]
    content = staff_page(client, manager, application).content.decode()
    for shown in ("7.09", "0.83", "6.67", "7.50", "8.50", "6.50", "4.00"):
        assert shown in content


def test_a_draft_is_kept_and_only_a_submitted_review_counts(client, application, manager):
    assignment = assign(application, reviewer(), has_conflict=False)
    response = score_as(
        client,
        assignment,
        [7, None, None],
        action="save",
        comment="Nog even nadenken",
        **{"Betekenis voor de buurt": "Veel bewoners doen mee"},
    )
    assert response.status_code == 302
    review = Review.objects.get(assignment=assignment)
    assert review.submitted_at is None
    assert review.comment == "Nog even nadenken"
    assert {s.score for s in review.scores.all()} == {7}
    application.refresh_from_db()
    assert (application.average_score, application.review_count) == (None, 0)

    # The draft comes back in the form, and the fund manager sees a draft, not its scores.
    page = client.get(reverse("funds:review", args=[assignment.pk])).content.decode()
    assert "Veel bewoners doen mee" in page
    assert "Nog even nadenken" in page
    assert '<option value="7" selected>' in page
    staff = staff_page(client, manager, application).content.decode()
    assert "draft" in staff
    assert "Veel bewoners doen mee" not in staff

    # Submitting with a score missing: the error is on the field, the rest is kept.
    english(client, assignment.reviewer)
    response = client.post(
        reverse("funds:review", args=[assignment.pk]),
        scores_post(application, [7, 5, None], comment="Bijna klaar"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give a score from 1 to 10 to submit your review." in page
    assert "Bijna klaar" in page
    assert '<option value="5" selected>' in page
    assert Review.objects.get(assignment=assignment).submitted_at is None


@pytest.mark.parametrize("bad", ["0", "11", "-3", "7.5", "999999", "acht"])
def test_a_score_outside_1_to_10_is_refused(client, application, bad):
    assignment = assign(application, reviewer(), has_conflict=False)
    data = scores_post(application, [8, 6, 4])
    data[f"score_{criteria(application)[0].pk}"] = bad
    english(client, assignment.reviewer)
    response = client.post(reverse("funds:review", args=[assignment.pk]), data)
    assert response.status_code == 400
    assert "Choose a whole number from 1 to 10." in response.content.decode()
    assert not Review.objects.filter(assignment=assignment).exists()


def test_a_submitted_review_is_fixed(client, application):
    assignment = assign(application, reviewer(), has_conflict=False)
    score_as(client, assignment, [8, 6, 4])
    response = score_as(client, assignment, [1, 1, 1], action="save")
    assert response.status_code == 302
    follow = client.get(response["Location"]).content.decode()
    assert "Your review has been submitted and can no longer be changed." in follow
    assert Review.objects.get(assignment=assignment).weighted_score == Decimal("6.67")
    assert 'value="submit"' not in follow


# --- Conflict of interest -------------------------------------------------------------------------


def test_a_declared_conflict_is_logged_and_blocks_the_reviewer_for_good(
    client, application, manager
):
    member = reviewer()
    add_to_committee(application.round, member)
    assignment = assign(application, member)
    english(client, member)
    response = client.post(
        reverse("funds:review_declare", args=[assignment.pk]),
        {"declaration": "yes", "explanation": "Ik ben penningmeester van deze vereniging."},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("funds:review_list")

    event = ApplicationEvent.objects.get(application=application, transition="conflict_declared")
    assert event.actor == member
    assert event.from_status == event.to_status == ApplicationStatus.IN_REVIEW
    assert permissions.can_read_as_reviewer(member, application) is False
    assert application not in permissions.visible_applications(member)

    # No reading, no scoring, no second declaration.
    page = client.get(reverse("funds:review", args=[assignment.pk]))
    assert page.status_code == 403
    assert "you declared a conflict of interest" in page.content.decode()
    assert application.project_title not in page.content.decode()
    assert score_as(client, assignment, [8, 6, 4]).status_code == 403
    client.post(reverse("funds:review_declare", args=[assignment.pk]), {"declaration": "no"})
    assert ReviewAssignment.objects.get(pk=assignment.pk).has_conflict is True
    listed = client.get(reverse("funds:review_list")).content.decode()
    assert "Nothing: conflict of interest declared" in listed
    assert application.project_title not in listed

    # The fund manager sees the declaration, and cannot undo it by assigning again.
    content = staff_page(client, manager, application).content.decode()
    assert "Conflict declared" in content
    assert "Ik ben penningmeester van deze vereniging." in content
    response = client.post(
        reverse("funds:staff_unassign_reviewer", args=[application.pk, assignment.pk])
    )
    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()
    after = client.get(response["Location"]).content.decode()
    assert "stays on record" in after
    # The staff history names the step; the applicant's history does not show it at all.
    assert "Conflict of interest declared by a reviewer" in after
    english(client, application.applicant)
    own = client.get(reverse("funds:application", args=[application.pk])).content.decode()
    assert "Conflict of interest" not in own
    assert "conflict_declared" not in own


def test_no_conflict_opens_the_application(client, application):
    assignment = assign(application, reviewer())
    english(client, assignment.reviewer)
    response = client.post(
        reverse("funds:review_declare", args=[assignment.pk]), {"declaration": "no"}
    )
    assert response["Location"] == reverse("funds:review", args=[assignment.pk])
    assignment.refresh_from_db()
    assert assignment.has_conflict is False
    assert assignment.conflict_declared_at is not None
    assert permissions.can_read_as_reviewer(assignment.reviewer, application)
    page = client.get(response["Location"]).content.decode()
    assert application.summary in page
    assert "Submit review" in page
    # Only a conflict is an event in the application's history.
    assert not ApplicationEvent.objects.filter(application=application).exists()


def test_declaring_needs_a_choice(client, application):
    assignment = assign(application, reviewer())
    english(client, assignment.reviewer)
    response = client.post(
        reverse("funds:review_declare", args=[assignment.pk]),
        {"explanation": "Twijfel"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Choose one of the two declarations." in content
    assert "Twijfel" in content
    assert ReviewAssignment.objects.get(pk=assignment.pk).has_conflict is None


# --- The access log -------------------------------------------------------------------------------


def test_every_reviewer_read_is_in_the_access_log(client, application):
    assignment = assign(application, reviewer())
    member = assignment.reviewer
    english(client, member)
    entries = AccessLogEntry.objects.filter(user=member)

    client.get(reverse("funds:review", args=[assignment.pk]))  # the declaration page
    assert entries.count() == 1
    client.post(reverse("funds:review_declare", args=[assignment.pk]), {"declaration": "no"})
    client.get(reverse("funds:review", args=[assignment.pk]))
    client.get(reverse("funds:review", args=[assignment.pk]))
    assert entries.count() == 3
    entry = entries.last()
    assert entry.purpose == "fonds-buurtcultuur"
    assert entry.object_id == str(application.pk)
    assert entry.content_type == ContentType.objects.get_for_model(Application)
    logged = " ".join(str(v) for e in entries for v in e.__dict__.values())
    for personal in (application.contact_name, application.organisation_name, member.email):
        assert personal not in logged

    # The list of assignments shows no applicant's data, and a blocked reviewer reads nothing.
    client.get(reverse("funds:review_list"))
    blocked = assign(application_in(ApplicationStatus.IN_REVIEW), member, has_conflict=True)
    client.get(reverse("funds:review", args=[blocked.pk]))
    assert entries.count() == 3


# --- Screening ------------------------------------------------------------------------------------


def test_complete_starts_the_review_and_tells_the_applicant(client, manager, settings):
    settings.LANGUAGE_CODE = "en"
    application = application_in(ApplicationStatus.SUBMITTED)
    english(client, manager)
    response = client.post(reverse("funds:staff_screen_complete", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    event = ApplicationEvent.objects.get(application=application)
    assert (event.transition, event.actor, event.from_status) == (
        "start_review",
        manager,
        ApplicationStatus.SUBMITTED,
    )
    [email] = mail.outbox
    assert email.to == [application.contact_email]
    assert application.number in email.subject
    assert "is being assessed" in email.subject
    assert "assessment committee is now assessing it" in email.body

    # Once in review, completing again is refused with a message.
    response = client.post(
        reverse("funds:staff_screen_complete", args=[application.pk]), follow=True
    )
    assert "This is not possible while the application is “In review”." in (
        response.content.decode()
    )
    assert len(mail.outbox) == 1


def test_incomplete_asks_the_applicant_with_the_request_in_message_and_email(
    client, manager, settings
):
    settings.LANGUAGE_CODE = "en"
    application = application_in(ApplicationStatus.SUBMITTED)
    request_text = "Stuur de offerte van het podium & geluid mee."
    english(client, manager)
    response = client.post(
        reverse("funds:staff_ask_more_info", args=[application.pk]), {"text": request_text}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.MORE_INFO
    message = Message.objects.get(application=application)
    assert (message.kind, message.from_fund, message.text, message.author) == (
        MessageKind.INFO_REQUEST,
        True,
        request_text,
        manager,
    )
    assert ApplicationEvent.objects.get(application=application).transition == "ask_more_info"
    [email] = mail.outbox
    assert email.to == [application.contact_email]
    assert application.number in email.subject
    assert request_text in email.body  # the plain text, not HTML-escaped
    [(html, _mimetype)] = email.alternatives
    assert "Stuur de offerte van het podium &amp; geluid mee." in html
    link = settings.WAGTAILADMIN_BASE_URL + reverse("funds:application", args=[application.pk])
    assert link in email.body
    assert link in html


def test_an_empty_request_is_refused_on_its_field(client, manager):
    application = application_in(ApplicationStatus.SUBMITTED)
    english(client, manager)
    response = client.post(
        reverse("funds:staff_ask_more_info", args=[application.pk]), {"text": "   "}, follow=True
    )
    content = response.content.decode()
    assert "This field is required." in content
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not Message.objects.exists()
    assert not mail.outbox


def test_a_refused_request_keeps_what_was_written(client, manager):
    """Asking for more information on a decided application is refused; the text stays."""
    application = application_in(ApplicationStatus.GRANTED)
    english(client, manager)
    response = client.post(
        reverse("funds:staff_ask_more_info", args=[application.pk]),
        {"text": "Waar is de begroting?"},
        follow=True,
    )
    content = response.content.decode()
    assert "This is not possible while the application is “Granted”." in content
    assert not Message.objects.exists()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.GRANTED


# --- Assigning reviewers --------------------------------------------------------------------------


def test_assigning_is_limited_to_the_rounds_committee(client, application, manager, settings):
    settings.LANGUAGE_CODE = "en"
    # Names of their own: a random one could also be, say, the applicant's, and be on the page.
    member = reviewer(email="commissielid@voorbeeld.test", first_name="Mirjam", last_name="Lid")
    # A reviewer, but not in this round's committee.
    outsider = reviewer(first_name="Olaf", last_name="Buitenstaander")
    # In the committee, but not in the reviewer role.
    not_a_reviewer = UserFactory(first_name="Nina", last_name="Geenrol")
    other_round = RoundPageFactory(parent=application.round.get_parent())
    elsewhere = reviewer(first_name="Evert", last_name="Elders")
    add_to_committee(application.round, member, not_a_reviewer)
    add_to_committee(other_round, elsewhere)

    panel = staff_page(client, manager, application).content.decode()
    assert member.get_full_name() in panel
    for absent in (outsider, not_a_reviewer, elsewhere):
        assert absent.get_full_name() not in panel

    url = reverse("funds:staff_assign_reviewer", args=[application.pk])
    for refused in (outsider, not_a_reviewer, elsewhere):
        response = client.post(url, {"reviewer": refused.pk}, follow=True)
        assert "Choose a member of this round&#x27;s committee who is not assigned." in (
            response.content.decode()
        )
    assert not ReviewAssignment.objects.exists()
    assert not mail.outbox

    response = client.post(url, {"reviewer": member.pk})
    assert response.status_code == 302
    assignment = ReviewAssignment.objects.get(application=application)
    assert (assignment.reviewer, assignment.assigned_by, assignment.has_conflict) == (
        member,
        manager,
        None,
    )
    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.subject == "A new application to review"
    review_link = settings.WAGTAILADMIN_BASE_URL + reverse("funds:review", args=[assignment.pk])
    assert review_link in email.body
    # No applicant data in the email.
    for personal in (
        application.project_title,
        application.organisation_name,
        application.contact_name,
        application.number,
    ):
        assert personal not in email.body
        assert personal not in email.subject

    # Assigned once: no longer offered, and a second time is refused.
    client.post(url, {"reviewer": member.pk})
    assert ReviewAssignment.objects.count() == 1
    # The new reviewer sees it in their list, to declare first.
    english(client, member)
    listed = client.get(reverse("funds:review_list")).content.decode()
    assert "Declare a possible conflict of interest" in listed


def test_no_assigning_once_decided(client, manager):
    application = application_in(ApplicationStatus.REJECTED)
    member = reviewer()
    add_to_committee(application.round, member)
    english(client, manager)
    response = client.post(
        reverse("funds:staff_assign_reviewer", args=[application.pk]),
        {"reviewer": member.pk},
        follow=True,
    )
    assert "Reviewers can be assigned only while the application is being handled." in (
        response.content.decode()
    )
    assert not ReviewAssignment.objects.exists()


def test_withdrawing_an_assignment(client, application, manager):
    open_one = assign(application, reviewer())
    done = assign(application, reviewer(), has_conflict=False)
    score_as(client, done, [8, 6, 4])
    english(client, manager)
    client.post(reverse("funds:staff_unassign_reviewer", args=[application.pk, open_one.pk]))
    assert not ReviewAssignment.objects.filter(pk=open_one.pk).exists()
    response = client.post(
        reverse("funds:staff_unassign_reviewer", args=[application.pk, done.pk]), follow=True
    )
    assert "This reviewer has submitted a review; it stays part of the assessment." in (
        response.content.decode()
    )
    assert ReviewAssignment.objects.filter(pk=done.pk).exists()
    # An assignment of another application cannot be reached through this one.
    stranger = assign(application_in(ApplicationStatus.IN_REVIEW), reviewer())
    response = client.post(
        reverse("funds:staff_unassign_reviewer", args=[application.pk, stranger.pk])
    )
    assert response.status_code == 404
    assert ReviewAssignment.objects.filter(pk=stranger.pk).exists()


# --- Internal notes and messages -----------------------------------------------------------------


def test_internal_notes_stay_internal(client, application, manager, settings):
    settings.LANGUAGE_CODE = "en"  # the email is in the portal's language
    cleared = assign(application, reviewer(), has_conflict=False)
    undeclared = assign(application, reviewer())
    english(client, manager)
    client.post(
        reverse("funds:staff_add_note", args=[application.pk]),
        {"text": "Notitie van de fondsbeheerder"},
    )
    client.post(
        reverse("funds:staff_send_message", args=[application.pk]),
        {"text": "Bericht aan de aanvrager"},
    )
    english(client, cleared.reviewer)
    client.post(
        reverse("funds:review_note", args=[cleared.pk]), {"text": "Notitie van een beoordelaar"}
    )
    notes = ("Notitie van de fondsbeheerder", "Notitie van een beoordelaar")
    message = Message.objects.get(application=application)
    assert (message.kind, message.from_fund) == (MessageKind.MESSAGE, True)

    # Managers and cleared reviewers read the notes.
    staff = staff_page(client, manager, application).content.decode()
    assert all(note in staff for note in notes)
    assert "Bericht aan de aanvrager" in staff
    english(client, cleared.reviewer)
    review_page = client.get(reverse("funds:review", args=[cleared.pk])).content.decode()
    assert all(note in review_page for note in notes)
    assert "Bericht aan de aanvrager" not in review_page

    # A reviewer who has not declared yet does not.
    english(client, undeclared.reviewer)
    declaration = client.get(reverse("funds:review", args=[undeclared.pk])).content.decode()
    assert not any(note in declaration for note in notes)

    # The applicant never does, wherever they look.
    english(client, application.applicant)
    overview = reverse("funds:application", args=[application.pk])
    for url in (reverse("mijn:dashboard"), overview):
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert not any(note in content for note in notes)
    # The message to the applicant is there, and it reached them by email too.
    assert "Bericht aan de aanvrager" in client.get(overview).content.decode()
    [email] = [m for m in mail.outbox if "A message about your application" in m.subject]
    assert email.to == [application.contact_email]
    assert application.number in email.subject
    assert "Bericht aan de aanvrager" in email.body
    assert overview in email.body


def test_an_empty_note_keeps_the_page_and_shows_the_error(client, application, manager):
    cleared = assign(application, reviewer(), has_conflict=False)
    english(client, cleared.reviewer)
    response = client.post(reverse("funds:review_note", args=[cleared.pk]), {"text": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    english(client, manager)
    response = client.post(
        reverse("funds:staff_add_note", args=[application.pk]), {"text": ""}, follow=True
    )
    assert "This field is required." in response.content.decode()
    assert not application.internal_notes.exists()


# --- The reviewer's list --------------------------------------------------------------------------


def assignments_in_every_state(member, count):
    """`count` assignments of one reviewer over three rounds, in every state of the work."""
    rounds = [RoundPageFactory() for _ in range(3)]
    states = [None, True, False]
    statuses = [
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.GRANTED,
    ]
    made = []
    for n in range(count):
        application = application_in(statuses[n % 3], round=rounds[n % 3])
        made.append(assign(application, member, has_conflict=states[(n // 3) % 3]))
    return made


def test_the_review_list_groups_by_round_with_what_is_left_to_do(client):
    member = reviewer()
    assignments_in_every_state(member, 9)
    english(client, member)
    content = client.get(reverse("funds:review_list")).content.decode()
    assert content.count("<h2") >= 3
    for todo in (
        "Declare a possible conflict of interest",
        "Nothing: conflict of interest declared",
        "Score the application",
        "Wait: the review has not started yet",
        "Nothing: the assessment is closed",
    ):
        assert todo in content
    other = assign(application_in(ApplicationStatus.IN_REVIEW), reviewer())
    assert other.application.project_title not in content


def test_the_review_list_has_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    member = reviewer()
    made = assignments_in_every_state(member, 3)
    english(client, member)
    url = reverse("funds:review_list")
    client.get(url)  # warm caches (site, settings) like any later request
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    queries_for_three = len(few)  # counted now: every request empties Django's query log

    made += assignments_in_every_state(member, 27)
    for assignment in made[::4]:
        if assignment.has_conflict is False and (
            assignment.application.status == ApplicationStatus.IN_REVIEW
        ):
            assessment.save_review(
                assignment,
                member,
                scores={c.pk: (5, "") for c in criteria(assignment.application)},
                comment="",
                submit=True,
            )
    with django_assert_max_num_queries(queries_for_three):
        response = client.get(url)
    assert len(response.context["assignments"]) == 30
    assert response.content.decode().count('href="/beoordelen/') >= 20


# --- What a cleared reviewer reads ----------------------------------------------------------------


def test_a_cleared_reviewer_reads_answers_files_and_budget_but_no_contact_or_bank_details(
    client, application
):
    round_page = application.round
    round_page.questions = [
        ("short_text", {"label": "Wie doen er mee?", "required": True}),
        ("file", {"label": "Een tekening van het podium", "required": False}),
    ]
    round_page.save()
    round_page.refresh_from_db()
    text_block, file_block = list(round_page.questions)
    plan = Attachment.objects.create(
        application=application,
        kind=AttachmentKind.PLAN,
        file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf"),
        original_name="projectplan.pdf",
        content_type="application/pdf",
        size=13,
    )
    drawing = Attachment.objects.create(
        application=application,
        kind=AttachmentKind.QUESTION,
        question_id=file_block.id,
        file=ContentFile(b"%PDF-1.4 tekening", name="tekening.pdf"),
        original_name="podium.pdf",
        content_type="application/pdf",
        size=17,
    )
    application.answers = {
        text_block.id: {"label": "Wie doen er mee?", "type": "short_text", "value": "Het koor"},
        file_block.id: {"label": "Een tekening van het podium", "type": "file", "value": "x.pdf"},
        "weg": {"label": "Een vraag die later verviel", "type": "short_text", "value": "Oud"},
    }
    application.save()
    assignment = assign(application, reviewer(), has_conflict=False)
    english(client, assignment.reviewer)

    content = client.get(reverse("funds:review", args=[assignment.pk])).content.decode()
    for shown in (
        "Wie doen er mee?",
        "Het koor",
        "Een vraag die later verviel",
        "Oud",
        reverse("funds:attachment", args=[application.pk, plan.pk]),
        reverse("funds:attachment", args=[application.pk, drawing.pk]),
        reverse("funds:application_pdf", args=[application.pk]),
        "Podium en geluid",
        "€ 1,500.00",  # requested, in English notation for this test
        application.target_group,
    ):
        assert shown in content, shown
    for hidden in (
        application.contact_email,
        application.contact_phone,
        application.street_address,
        application.payee_iban,
    ):
        assert hidden not in content, hidden
    assert (
        client.get(reverse("funds:attachment", args=[application.pk, drawing.pk])).status_code
        == 200
    )
