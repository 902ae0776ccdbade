"""Member management of an organisation, shared by schools and providers.

The concrete views in schools/views.py and listings/views.py set `policy` (their app's
MembershipPolicy) and a template; everything here goes through that policy.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from portal.emails import send_templated_email
from portal.models.invitations import InvitationError


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"))
    role = forms.ChoiceField(label=gettext_lazy("Role"))

    def __init__(self, *args, policy, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy
        self.organisation = organisation
        role_choices = policy.membership_model._meta.get_field("role").choices
        self.fields["role"].choices = [("", "---------"), *role_choices]
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user and self.policy.can_view(user, self.organisation):
            raise forms.ValidationError(_("This person is already a member."))
        return email


class OrganisationMixin(LoginRequiredMixin):
    policy = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organisation = self.policy.get_for_member_or_404(request.user, kwargs["pk"])
        self.membership = self.policy.membership(request.user, self.organisation)
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self):
        return self.organisation.get_member_url()

    def require_manager(self):
        if not self.policy.can_manage_members(self.request.user, self.organisation):
            raise PermissionDenied


class OrganisationDetailView(OrganisationMixin, TemplateView):
    """The organisation's page in Mijn portaal: its details, members and invitations."""

    def get_context_data(self, invite_form=None, **kwargs):
        policy = self.policy
        can_manage = policy.can_manage_members(self.request.user, self.organisation)
        members = (
            policy.membership_model.objects.filter(**{policy.organisation_field: self.organisation})
            .select_related("user")
            .order_by("role", "user__last_name", "user__first_name")
        )
        invitations = []
        if can_manage:
            invitations = (
                policy.invitation_model.objects.pending()
                .filter(**{policy.organisation_field: self.organisation})
                .order_by("-created_at")
            )
            invite_form = invite_form or InviteForm(policy=policy, organisation=self.organisation)
        return super().get_context_data(
            organisation=self.organisation,
            membership=self.membership,
            members=members,
            invitations=invitations,
            can_manage=can_manage,
            can_edit=policy.can_edit(self.request.user, self.organisation),
            invite_form=invite_form,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """The invite form on the same page: invite someone by email."""
        self.require_manager()
        form = InviteForm(request.POST, policy=self.policy, organisation=self.organisation)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(invite_form=form))
        invitation, raw_token = self.policy.invitation_model.create_for(
            self.organisation,
            form.cleaned_data["email"],
            form.cleaned_data["role"],
            invited_by=request.user,
        )
        send_templated_email(
            "invitation",
            {
                "invitation": invitation,
                "organisation": self.organisation,
                "inviter": request.user,
                "accept_url": request.build_absolute_uri(
                    reverse("invitation_accept", args=[raw_token])
                ),
            },
            to=[invitation.email],
        )
        messages.success(request, _("The invitation has been sent."))
        return HttpResponseRedirect(self.detail_url())


class RemoveMemberView(OrganisationMixin, View):
    def post(self, request, *args, **kwargs):
        membership = get_object_or_404(
            self.policy.membership_model,
            pk=kwargs["membership_pk"],
            **{self.policy.organisation_field: self.organisation},
        )
        leaving = membership.user_id == request.user.pk
        if not leaving:
            self.require_manager()
        if self.policy.is_last_manager(membership):
            messages.error(
                request,
                _(
                    "The last member who manages the members cannot be removed. "
                    "Invite a successor first."
                ),
            )
            return HttpResponseRedirect(self.detail_url())
        membership.delete()
        if leaving:
            messages.success(
                request, _("You are no longer a member of %(name)s.") % {"name": self.organisation}
            )
            return HttpResponseRedirect(reverse("mijn:dashboard"))
        messages.success(request, _("The member has been removed."))
        return HttpResponseRedirect(self.detail_url())


class RevokeInvitationView(OrganisationMixin, View):
    def post(self, request, *args, **kwargs):
        self.require_manager()
        invitation = get_object_or_404(
            self.policy.invitation_model,
            pk=kwargs["invitation_pk"],
            **{self.policy.organisation_field: self.organisation},
        )
        try:
            invitation.revoke()
        except InvitationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The invitation has been withdrawn."))
        return HttpResponseRedirect(self.detail_url())


def member_urlpatterns(policy, detail_view=OrganisationDetailView, template_name=None):
    """The URL patterns of an organisation's page in Mijn portaal, for one app's policy."""
    detail_kwargs = {"policy": policy}
    if template_name:
        detail_kwargs["template_name"] = template_name
    return [
        path("<int:pk>/", detail_view.as_view(**detail_kwargs), name="detail"),
        path(
            "<int:pk>/leden/<int:membership_pk>/verwijderen/",
            RemoveMemberView.as_view(policy=policy),
            name="remove_member",
        ),
        path(
            "<int:pk>/uitnodigingen/<int:invitation_pk>/intrekken/",
            RevokeInvitationView.as_view(policy=policy),
            name="revoke_invitation",
        ),
    ]
