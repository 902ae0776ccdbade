from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from portal.models.invitations import InvitationError, find_invitation, invitation_models


def _invalid(request, message, status):
    return render(request, "portal/invitation_invalid.html", {"message": message}, status=status)


def _template(invitation, page):
    """The kind's own page (`answer_template`, `anonymous_template`), or the portal's."""
    return getattr(invitation, f"{page}_template", f"portal/invitation_{page}.html")


def _answer(request, invitation):
    """Apply the accept/decline button of the form; return where to go next."""
    try:
        if request.POST.get("action") == "decline":
            invitation.decline(request.user)
            messages.info(request, _("You have declined the invitation."))
            return HttpResponseRedirect(reverse("mijn:dashboard"))
        _membership, created = invitation.accept(request.user)
    except InvitationError as error:
        return _invalid(request, error.message, error.status)
    if hasattr(invitation, "welcome_message"):
        # A kind without membership (a contribution to the programme) says its own welcome.
        messages.success(request, invitation.welcome_message(created))
        return HttpResponseRedirect(invitation.next_url())
    if created:
        messages.success(
            request,
            _("Welcome! You are now a member of %(name)s.") % {"name": invitation.organisation},
        )
    else:
        messages.info(
            request,
            _("You were already a member of %(name)s.") % {"name": invitation.organisation},
        )
    return HttpResponseRedirect(invitation.organisation.get_member_url())


class InvitationView(View):
    """The page an invitation email links to. The raw token is only ever in that link."""

    def get_invitation(self):
        invitation = find_invitation(self.kwargs["token"])
        if invitation is None:
            raise InvitationError(
                _(
                    "This invitation link is not valid. Check that you copied the whole link "
                    "from the email, or ask the organisation for a new invitation."
                ),
                status=404,
            )
        invitation.check_usable()
        return invitation

    def get(self, request, token):
        try:
            invitation = self.get_invitation()
        except InvitationError as error:
            return _invalid(request, error.message, error.status)
        context = {"invitation": invitation, "organisation": invitation.organisation}
        if not request.user.is_authenticated:
            # The link reached this person at the invited address: signing up with that address
            # needs no second confirmation email.
            get_adapter(request).stash_verified_email(request, invitation.email)
            return render(request, _template(invitation, "anonymous"), context)
        if not invitation.is_addressed_to(request.user):
            return render(request, "portal/invitation_other_address.html", context, status=403)
        return render(request, _template(invitation, "answer"), context)

    @method_decorator(login_required)
    def post(self, request, token):
        try:
            invitation = self.get_invitation()
        except InvitationError as error:
            return _invalid(request, error.message, error.status)
        return _answer(request, invitation)


@method_decorator(login_required, name="dispatch")
class InvitationAnswerView(View):
    """Accept or decline from Mijn portaal, for invitations sent to a verified address."""

    def post(self, request, kind, pk):
        model = invitation_models.get(kind)
        if model is None:
            raise Http404
        invitation = model.objects.for_user(request.user).filter(pk=pk).first()
        if invitation is None:
            raise Http404
        return _answer(request, invitation)
