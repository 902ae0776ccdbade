from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, UpdateView

from listings.forms import ProviderProfileForm
from listings.models import Provider
from listings.permissions import policy
from portal.views.organisations import OrganisationMixin


class ProviderProfileEditView(OrganisationMixin, UpdateView):
    """Members edit their organisation's public profile ("Via een inlog ... zelf wijzigen")."""

    policy = policy
    form_class = ProviderProfileForm
    template_name = "listings/provider_profile_form.html"

    def get_object(self, queryset=None):
        if not self.policy.can_edit(self.request.user, self.organisation):
            raise PermissionDenied
        return self.organisation

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The profile has been saved."))
        return redirect(self.organisation.get_member_url())


class ProviderPublicView(DetailView):
    """The provider's public profile page."""

    template_name = "listings/provider_public.html"
    context_object_name = "provider"

    def get_object(self, queryset=None):
        return get_object_or_404(Provider.objects.public(), slug=self.kwargs["slug"])
