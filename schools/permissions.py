"""Who may do what with a school. Every schools view and queryset goes through `policy`."""

from portal.permissions import MembershipPolicy
from schools.models import School, SchoolInvitation, SchoolMembership, SchoolRole


class SchoolPolicy(MembershipPolicy):
    organisation_model = School
    membership_model = SchoolMembership
    invitation_model = SchoolInvitation
    manager_roles = frozenset({SchoolRole.DIRECTIE, SchoolRole.CULTUURCOORDINATOR})
    editor_roles = frozenset({SchoolRole.DIRECTIE, SchoolRole.CULTUURCOORDINATOR})


policy = SchoolPolicy()
