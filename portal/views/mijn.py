from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, UpdateView
from wagtail import hooks

from portal.forms import ProfileForm
from portal.models.invitations import invitation_models

DASHBOARD_HOOK = "portal_dashboard_sections"


class DashboardView(LoginRequiredMixin, TemplateView):
    """Mijn portaal: a person's organisations, invitations and everything later apps add.

    Apps add a section with `@hooks.register("portal_dashboard_sections")`: a function of the
    request returning `{"order", "template", ...context}` or None.
    """

    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        invitations = [
            invitation
            for model in invitation_models.values()
            for invitation in model.objects.for_user(user)
            .select_related(model.organisation_field)
            .order_by("-created_at")
        ]
        sections = [
            section
            for hook in hooks.get_hooks(DASHBOARD_HOOK)
            if (section := hook(self.request)) is not None
        ]
        sections.sort(key=lambda section: section.get("order", 100))
        return super().get_context_data(invitations=invitations, sections=sections, **kwargs)


class ProfileView(LoginRequiredMixin, UpdateView):
    """Name and links to the account's email, password, two-factor and deletion pages."""

    form_class = ProfileForm
    template_name = "portal/profile.html"
    success_url = reverse_lazy("mijn:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your details have been saved."))
        return super().form_valid(form)
