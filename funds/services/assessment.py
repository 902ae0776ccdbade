"""Assessment: the fund manager's screening, reviewers and their conflict-of-interest
declarations, scores per weighted criterion, internal notes and messages to the applicant.

Views stay thin and call these functions. A status change goes through `funds.workflow.apply`
(screening); everything else here leaves the status as it is. A refusal is an AssessmentError
(or the workflow's TransitionError) with a message for the person.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funds import permissions, workflow
from funds.models import (
    PURPOSE,
    Application,
    ApplicationEvent,
    AssessmentCriterion,
    AttachmentKind,
    BudgetLineKind,
    FundPage,
    InternalNote,
    Message,
    MessageKind,
    Review,
    ReviewAssignment,
    ReviewScore,
    RoundPage,
)
from funds.models import ApplicationStatus as S
from funds.services import applying
from portal.emails import send_templated_email
from portal.roles import Role
from privacy.access import log_access

CONFLICT_DECLARED = "conflict_declared"  # ApplicationEvent.transition of a declared conflict
# Labels of the activity-log steps that are not status transitions (for the staff history).
# They are internal: the applicant's history should leave them out.
EVENT_LABELS = {CONFLICT_DECLARED: gettext_lazy("Conflict of interest declared by a reviewer")}

# While these, the fund manager may assign reviewers; scoring only while in review.
ASSIGNABLE_STATUSES = (S.SUBMITTED, S.MORE_INFO, S.IN_REVIEW)
SCORABLE_STATUS = S.IN_REVIEW

TWO_PLACES = Decimal("0.01")


class AssessmentError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- Who ---------------------------------------------------------------------------------------


def may_review(user) -> bool:
    """Whether this person has reviewer pages at all (funds.permissions decides)."""
    return permissions.may_review(user)


def may_write_note(user, application: Application) -> bool:
    """Internal notes: fund managers and reviewers who declared no conflict."""
    return permissions.is_fund_manager(user) or permissions.can_read_as_reviewer(user, application)


def log_reviewer_read(user, application: Application) -> None:
    """Every look by a reviewer at an applicant's data is in the access log (ids only)."""
    log_access(user, model=Application, purpose=PURPOSE, object_id=application.pk)


# --- The reviewer's list -------------------------------------------------------------------------


class Todo:
    DECLARE = "declare"
    BLOCKED = "blocked"
    WAITING = "waiting"
    SCORE = "score"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CLOSED = "closed"


def todo_of(assignment: ReviewAssignment) -> str:
    """What the reviewer still has to do for this assignment (needs `review` selected)."""
    if assignment.has_conflict is None:
        return Todo.DECLARE
    if assignment.has_conflict:
        return Todo.BLOCKED
    review = getattr(assignment, "review", None)
    if review is not None and review.submitted_at:
        return Todo.SUBMITTED
    status = assignment.application.status
    if status in (S.SUBMITTED, S.MORE_INFO):
        return Todo.WAITING
    if status != SCORABLE_STATUS:
        return Todo.CLOSED
    return Todo.DRAFT if review is not None else Todo.SCORE


def reviewer_assignments(user) -> list[ReviewAssignment]:
    """The person's assignments grouped by round (newest round first), each with `todo` and its
    round's `fund_title`. A fixed number of queries, however many assignments."""
    assignments = list(
        ReviewAssignment.objects.of_reviewer(user)
        .select_related("application__round", "review")
        .order_by(
            "-application__round__closes_at", "application__round_id", "application__number", "pk"
        )
    )
    rounds = {a.application.round_id: a.application.round for a in assignments}
    fund_titles = fund_titles_of(rounds.values())
    for assignment in assignments:
        assignment.todo = todo_of(assignment)
        assignment.fund_title = fund_titles.get(assignment.application.round_id, "")
    return assignments


def fund_titles_of(rounds) -> dict[int, str]:
    """{round id: its fund's title}, in one query."""
    rounds = list(rounds)
    if not rounds:
        return {}
    parent_paths = {r.pk: r.path[: -RoundPage.steplen] for r in rounds}
    titles = dict(
        FundPage.objects.filter(path__in=set(parent_paths.values())).values_list("path", "title")
    )
    return {pk: titles.get(path, "") for pk, path in parent_paths.items()}


def assignment_for_reviewer_or_404(user, pk) -> ReviewAssignment:
    """The person's own assignment with this id; 404 for any other."""
    assignment = (
        ReviewAssignment.objects.of_reviewer(user)
        .select_related("application__round")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


# --- Conflict of interest ----------------------------------------------------------------------


def declare(assignment: ReviewAssignment, user, *, has_conflict: bool, explanation: str = ""):
    """The reviewer's declaration, once and for good. A conflict blocks them for this
    application and is written to the application's activity log."""
    with transaction.atomic():
        locked = (
            ReviewAssignment.objects.select_for_update()
            .select_related("application")
            .get(pk=assignment.pk)
        )
        if locked.reviewer_id is None or locked.reviewer_id != user.pk:
            raise AssessmentError(_("This application is not assigned to you."))
        if locked.declared:
            raise AssessmentError(_("You have already made your declaration for this application."))
        locked.has_conflict = has_conflict
        locked.conflict_declared_at = timezone.now()
        locked.conflict_explanation = explanation.strip() if has_conflict else ""
        locked.save(update_fields=["has_conflict", "conflict_declared_at", "conflict_explanation"])
        if has_conflict:
            ApplicationEvent.record(locked.application, user, CONFLICT_DECLARED)
    return locked


# --- Scores ------------------------------------------------------------------------------------


def criteria_of(application: Application) -> list[AssessmentCriterion]:
    return list(AssessmentCriterion.objects.filter(round_id=application.round_id))


def review_of(assignment: ReviewAssignment) -> Review | None:
    return Review.objects.filter(assignment=assignment).prefetch_related("scores").first()


def save_review(
    assignment: ReviewAssignment,
    user,
    *,
    scores: dict[int, tuple[int | None, str]],
    comment: str,
    submit: bool,
) -> Review:
    """Keep the reviewer's scores ({criterion id: (score or None, comment)}) and overall
    comment as a draft, or submit them: then the review is fixed, its weighted score kept and
    the application's average, spread and count brought up to date."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=assignment.application_id)
        locked = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
        if (
            locked.reviewer_id is None
            or locked.reviewer_id != user.pk
            or locked.has_conflict is not False
        ):
            raise AssessmentError(_("You may not score this application."))
        if application.status != SCORABLE_STATUS:
            raise AssessmentError(_("Scoring is possible only while the application is in review."))
        review, _created = Review.objects.get_or_create(assignment=locked)
        if review.submitted_at:
            raise AssessmentError(_("Your review has been submitted and can no longer be changed."))
        criteria = {c.pk for c in criteria_of(application)}
        existing = {s.criterion_id: s for s in review.scores.all()}
        for criterion_id, (score, note) in scores.items():
            if criterion_id not in criteria:
                continue
            current = existing.get(criterion_id)
            if score is None:
                if current is not None:
                    current.delete()
                    del existing[criterion_id]
                continue
            if current is None:
                existing[criterion_id] = ReviewScore.objects.create(
                    review=review, criterion_id=criterion_id, score=score, comment=note.strip()
                )
            elif (current.score, current.comment) != (score, note.strip()):
                current.score, current.comment = score, note.strip()
                current.save(update_fields=["score", "comment"])
        review.comment = comment.strip()
        if submit:
            if criteria - set(existing):
                raise AssessmentError(_("Give every criterion a score before you submit."))
            review.submitted_at = timezone.now()
            review.weighted_score = review.compute_weighted_score()
        review.save()
        if submit:
            update_application_scores(application)
    return review


def mean(values) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return (sum(values, Decimal("0")) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def update_application_scores(application: Application) -> None:
    """average_score: the mean of the submitted reviews' weighted scores; score_spread: highest
    minus lowest; review_count: how many were submitted. Kept on the application for fast
    lists."""
    scores = list(
        Review.objects.filter(
            assignment__application=application,
            submitted_at__isnull=False,
            weighted_score__isnull=False,
        ).values_list("weighted_score", flat=True)
    )
    Application.objects.filter(pk=application.pk).update(
        average_score=mean(scores),
        score_spread=(max(scores) - min(scores)) if scores else None,
        review_count=len(scores),
    )


# --- The fund manager --------------------------------------------------------------------------


def screen_complete(application: Application, user) -> Application:
    """Complete: the review starts (the applicant is told)."""
    return workflow.apply(application, "start_review", user)


def ask_more_info(application: Application, user, text: str) -> Application:
    """Incomplete: the request goes to the applicant as a message and by email."""
    text = text.strip()

    def work(locked):
        Message.objects.create(
            application=locked,
            kind=MessageKind.INFO_REQUEST,
            author=user,
            from_fund=True,
            text=text,
        )

    return workflow.apply(
        application, "ask_more_info", user, work=work, notify_context={"request_text": text}
    )


def committee_candidates(application: Application):
    """Members of the round's committee in the reviewer role, not yet assigned to it."""
    assigned = ReviewAssignment.objects.filter(
        application=application, reviewer__isnull=False
    ).values("reviewer_id")
    return (
        get_user_model()
        .objects.filter(
            committee_rounds=application.round_id,
            groups__name=Role.REVIEWER,
            is_active=True,
        )
        .exclude(pk__in=assigned)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def assign_reviewer(application: Application, reviewer, by) -> ReviewAssignment:
    if application.status not in ASSIGNABLE_STATUSES:
        raise AssessmentError(
            _("Reviewers can be assigned only while the application is being handled.")
        )
    if not committee_candidates(application).filter(pk=reviewer.pk).exists():
        raise AssessmentError(
            _("Only members of this round's committee who are not assigned yet can be assigned.")
        )
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(
                application=application, reviewer=reviewer, assigned_by=by
            )
    except IntegrityError as error:
        raise AssessmentError(_("This reviewer is already assigned.")) from error
    # Nothing about the applicant: just that there is something to review, and where.
    send_templated_email(
        "funds_review_assigned",
        {
            "review_url": settings.WAGTAILADMIN_BASE_URL
            + reverse("funds:review", args=[assignment.pk]),
            "list_url": settings.WAGTAILADMIN_BASE_URL + reverse("funds:review_list"),
        },
        to=[reviewer.email],
    )
    return assignment


def unassign_reviewer(assignment: ReviewAssignment) -> None:
    """Take an assignment back, unless it holds a declared conflict (which blocks the reviewer
    for good) or a submitted review (which is part of the assessment)."""
    if assignment.has_conflict:
        raise AssessmentError(
            _(
                "A reviewer who declared a conflict of interest stays on record and cannot be "
                "removed."
            )
        )
    if Review.objects.filter(assignment=assignment, submitted_at__isnull=False).exists():
        raise AssessmentError(
            _("This reviewer has submitted a review; it stays part of the assessment.")
        )
    assignment.delete()


def add_note(application: Application, user, text: str) -> InternalNote:
    if not may_write_note(user, application):
        raise AssessmentError(_("You may not write notes on this application."))
    return InternalNote.objects.create(application=application, author=user, text=text.strip())


def send_message(application: Application, user, text: str) -> Message:
    if not permissions.is_fund_manager(user):
        raise AssessmentError(_("You may not send messages about this application."))
    if application.status == S.DRAFT:
        raise AssessmentError(_("The application has not been submitted yet."))
    message = Message.objects.create(
        application=application,
        kind=MessageKind.MESSAGE,
        author=user,
        from_fund=True,
        text=text.strip(),
    )
    from funds.notifications import notify_applicant

    notify_applicant(application, "funds_message", {"message_text": message.text})
    return message


# --- What the fund manager sees ----------------------------------------------------------------


@dataclass
class ReviewerRow:
    assignment: ReviewAssignment
    review: Review | None
    # One cell per criterion of the round, in order: the score of a submitted review, or None.
    cells: list = field(default_factory=list)

    @property
    def submitted(self) -> bool:
        return self.review is not None and self.review.submitted_at is not None

    @property
    def comments(self) -> list:
        """(criterion, comment) of a submitted review where the reviewer wrote one."""
        return [(c["criterion"], c["comment"]) for c in self.cells if c and c["comment"]]


@dataclass
class Overview:
    criteria: list
    rows: list
    criterion_averages: list
    average_score: Decimal | None
    score_spread: Decimal | None
    review_count: int


def overview(application: Application) -> Overview:
    """The assignments with each reviewer's declaration and submitted scores per criterion,
    with the averages per criterion and the application's average and spread."""
    criteria = criteria_of(application)
    assignments = list(
        application.assignments.select_related("reviewer", "assigned_by", "review")
        .prefetch_related("review__scores")
        .order_by("assigned_at", "pk")
    )
    per_criterion = defaultdict(list)
    rows = []
    for assignment in assignments:
        review = getattr(assignment, "review", None)
        row = ReviewerRow(assignment=assignment, review=review)
        scores = {}
        if review is not None and review.submitted_at:
            scores = {s.criterion_id: s for s in review.scores.all()}
        for criterion in criteria:
            score = scores.get(criterion.pk)
            if score is None:
                row.cells.append(None)
                continue
            per_criterion[criterion.pk].append(Decimal(score.score))
            row.cells.append(
                {"criterion": criterion, "score": score.score, "comment": score.comment}
            )
        rows.append(row)
    return Overview(
        criteria=criteria,
        rows=rows,
        criterion_averages=[mean(per_criterion[c.pk]) for c in criteria],
        average_score=application.average_score,
        score_spread=application.score_spread,
        review_count=application.review_count,
    )


def notes_of(application: Application):
    return application.internal_notes.select_related("author").order_by("created_at", "pk")


def messages_of(application: Application):
    return application.messages.select_related("author").order_by("created_at", "pk")


# --- The application as a reviewer reads it ----------------------------------------------------


def application_for_reviewer(application: Application) -> dict:
    """Everything a cleared reviewer reads: budget lines, attachments and the answers to the
    round's questions (as the applicant's pages show them: the label as answered, removed
    questions last), fetched once."""
    prefetch_related_objects([application], "budget_lines", "attachments")
    lines = application.budget_lines.all()
    attachments = list(application.attachments.all())
    return {
        "costs": [line for line in lines if line.kind == BudgetLineKind.COST],
        "income": [line for line in lines if line.kind != BudgetLineKind.COST],
        "totals": application.budget_totals(),
        "attachments": [a for a in attachments if a.kind != AttachmentKind.QUESTION],
        "answers": applying.answer_rows(application, attachments),
    }
