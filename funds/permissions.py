"""Who may do what with a fund application. Every funds view and queryset goes through here.

- The applicant sees and edits their own applications (404 for anyone else's).
- A reviewer sees an application only when it is assigned to them and they declared no
  conflict of interest; before declaring they see only what they need to judge a conflict.
- Fund managers (the role named by the fund's purpose in the register) screen, decide and pay.
"""

from django.db.models import Q
from django.http import Http404

from funds.models import PURPOSE, Application, ReviewAssignment, SpendingStatus
from portal.roles import Role
from privacy.access import staff_can_see
from privacy.purposes import FONDS_CULTUUREDUCATIE
from schools.models import SchoolMembership, SchoolRole
from schools.permissions import policy as school_policy


def _manages(user, purpose) -> bool:
    """In the fund manager's role and under the fund's purpose; asked once per request (the
    answer is kept on the user object: several checks run on every dashboard)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_manages_fund", None)
    if cache is None:
        cache = {}
        user._manages_fund = cache  # on the user behind request.user's lazy object
    if purpose not in cache:
        in_role = user.is_superuser or user.groups.filter(name=Role.FUND_MANAGER).exists()
        cache[purpose] = in_role and staff_can_see(user, purpose)
    return cache[purpose]


def is_fund_manager(user) -> bool:
    """A fund manager of the Fonds Buurtcultuur en Amateurkunst."""
    return _manages(user, PURPOSE)


def is_applicant(user, application: Application) -> bool:
    return getattr(user, "is_authenticated", False) and application.applicant_id == user.pk


def assignment_of(user, application: Application) -> ReviewAssignment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return ReviewAssignment.objects.filter(application=application, reviewer=user).first()


def may_review(user) -> bool:
    """A reviewer works under the fund's purpose: the register names the Beoordelaar role
    (and the fund manager's, who may be assigned too). Anyone else has no reviewer pages."""
    return getattr(user, "is_authenticated", False) and staff_can_see(user, PURPOSE)


def can_read_as_reviewer(user, application: Application) -> bool:
    """Assigned, declared no conflict, and still in a role the fund's purpose names."""
    if not may_review(user):
        return False
    assignment = assignment_of(user, application)
    return assignment is not None and assignment.has_conflict is False


def can_view(user, application: Application) -> bool:
    return (
        is_applicant(user, application)
        or is_fund_manager(user)
        or can_read_as_reviewer(user, application)
    )


def visible_applications(user):
    """Applications this person may open: their own, the cleared assigned ones, or all for a
    fund manager."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    if is_fund_manager(user):
        return Application.objects.all()
    return Application.objects.filter(
        Q(applicant=user) | Q(assignments__reviewer=user, assignments__has_conflict=False)
    ).distinct()


def get_own_or_404(user, pk) -> Application:
    """The applicant's own application; 404 for any other (nobody learns which ids exist)."""
    application = Application.objects.of_applicant(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def get_visible_or_404(user, pk) -> Application:
    application = visible_applications(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


# --- Fonds Cultuureducatie: a school's budget and its spending requests -------------------------
# Who may do what is decided by the person's membership of the school (schools.permissions):
#   directie, cultuurcoördinator: see the budget, draft, submit, withdraw;
#   vakdocent: see the budget and propose (a proposal goes to the coordinator), not submit;
#   the school's authorised person (directie, or a member the directie authorised): approve or
#   return a submitted request, never one they drafted or submitted themselves (four eyes).

SCHOOL_DRAFTER_ROLES = frozenset({SchoolRole.DIRECTIE, SchoolRole.CULTUURCOORDINATOR})


def school_membership(user, school) -> SchoolMembership | None:
    return school_policy.membership(user, school)


def may_see_budget(user, school) -> bool:
    return school_membership(user, school) is not None


def may_draft_spending(user, school) -> bool:
    membership = school_membership(user, school)
    return membership is not None and membership.role in SCHOOL_DRAFTER_ROLES


def may_propose_spending(user, school) -> bool:
    """Anyone of the school may put a request on paper; only drafters may submit it."""
    return school_membership(user, school) is not None


def is_school_approver(user, school) -> bool:
    membership = school_membership(user, school)
    return membership is not None and (
        membership.role == SchoolRole.DIRECTIE or membership.may_approve_spending
    )


def may_approve_for_school(user, request) -> bool:
    """The four-eyes rule: an authorised person who neither drafted nor submitted it."""
    return is_school_approver(user, request.school) and user.pk not in {
        request.created_by_id,
        request.submitted_by_id,
    }


def may_authorise_approvers(user, school) -> bool:
    membership = school_membership(user, school)
    return membership is not None and membership.role == SchoolRole.DIRECTIE


def may_edit_spending(user, request) -> bool:
    if not request.is_editable:
        return False
    if may_draft_spending(user, request.school):
        return True
    # A vakdocent keeps their own proposal until a drafter has taken it up.
    return (
        request.status == SpendingStatus.PROPOSED
        and request.created_by_id == user.pk
        and school_membership(user, request.school) is not None
    )


def is_education_fund_manager(user) -> bool:
    """A fund manager of the Fonds Cultuureducatie (the role its purpose names)."""
    return _manages(user, FONDS_CULTUUREDUCATIE)


def may_answer_booking(user, booking) -> bool:
    """A member of the offer's provider (either role) answers the school's booking."""
    from listings.permissions import policy as provider_policy

    return provider_policy.can_view(user, booking.offer.provider)


def may_book(user, school) -> bool:
    """Booking commits money once accepted: the school's drafters book; a vakdocent proposes."""
    return may_draft_spending(user, school)
