"""Who may do what with a provider and its offers. Every listings view and queryset goes
through `policy`."""

from django.http import Http404

from listings.models import (
    OfferPage,
    Provider,
    ProviderInvitation,
    ProviderMembership,
    ProviderRole,
)
from portal.permissions import MembershipPolicy


class ProviderPolicy(MembershipPolicy):
    organisation_model = Provider
    membership_model = ProviderMembership
    invitation_model = ProviderInvitation
    manager_roles = frozenset({ProviderRole.BEHEERDER})
    # Both roles keep the organisation's profile and its offers up to date.
    editor_roles = frozenset({ProviderRole.BEHEERDER, ProviderRole.REDACTEUR})
    offer_editor_roles = frozenset({ProviderRole.BEHEERDER, ProviderRole.REDACTEUR})

    # --- offers ------------------------------------------------------------------------------
    def can_edit_offers(self, user, provider) -> bool:
        return self.role(user, provider) in self.offer_editor_roles

    def offers_for(self, user, provider):
        """The provider's offers (every state), if this person may work on them; else none."""
        if not self.can_edit_offers(user, provider):
            return OfferPage.objects.none()
        return OfferPage.objects.filter(provider=provider)

    def get_offer_or_404(self, user, provider, offer_pk):
        """One of the provider's own offers, as its specific page; 404 for any other id, so
        that nobody learns which offers of other providers exist."""
        offer = self.offers_for(user, provider).filter(pk=offer_pk).first()
        if offer is None:
            raise Http404
        return offer.specific


policy = ProviderPolicy()
