"""Who may do what with a fund application. Every funds view and queryset goes through here.

- The applicant sees and edits their own applications (404 for anyone else's).
- A reviewer sees an application only when it is assigned to them and they declared no
  conflict of interest; before declaring they see only what they need to judge a conflict.
- Fund managers (the role named by the fund's purpose in the register) screen, decide and pay.
"""

from django.db.models import Q
from django.http import Http404

from funds.models import PURPOSE, Application, ReviewAssignment
from portal.roles import Role
from privacy.access import staff_can_see


def is_fund_manager(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_is_fund_manager", None)
    if cached is None:
        in_role = user.is_superuser or user.groups.filter(name=Role.FUND_MANAGER).exists()
        cached = in_role and staff_can_see(user, PURPOSE)
        user._is_fund_manager = cached
    return cached


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
