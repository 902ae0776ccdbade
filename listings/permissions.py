"""Who may do what with a provider. Every listings view and queryset goes through `policy`."""

from listings.models import Provider, ProviderInvitation, ProviderMembership, ProviderRole
from portal.permissions import MembershipPolicy


class ProviderPolicy(MembershipPolicy):
    organisation_model = Provider
    membership_model = ProviderMembership
    invitation_model = ProviderInvitation
    manager_roles = frozenset({ProviderRole.BEHEERDER})
    # Both roles keep the organisation's profile (and, later, its offers) up to date.
    editor_roles = frozenset({ProviderRole.BEHEERDER, ProviderRole.REDACTEUR})


policy = ProviderPolicy()
