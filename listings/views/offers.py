"""Provider self-service: a provider's members list, create, edit, duplicate, withdraw, preview
and submit their organisation's offers, at /mijn/aanbieders/<pk>/aanbod/.

Every view finds the provider through the membership policy (404 for non-members) and the offer
through the provider's own offers (404 for another provider's offer, whatever the id).
Saving writes a revision; what the public sees changes only when a moderator approves.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from listings.forms_offers import offer_form_class
from listings.models import EducationOfferPage, LeisureOfferPage, OfferKind
from listings.moderation import OfferState, active_workflow_states, save_offer, transition
from listings.permissions import policy
from portal.views.organisations import OrganisationMixin

# The kind in the URL (Dutch, readable) → the page model and its catalogue.
KINDS = {
    "vrije-tijd": (LeisureOfferPage, OfferKind.LEISURE),
    "onderwijs": (EducationOfferPage, OfferKind.EDUCATION),
}


class ProviderOffersMixin(OrganisationMixin):
    """The provider (member only) and, for offer views, one of its offers."""

    policy = policy

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organisation = self.policy.get_for_member_or_404(request.user, kwargs["pk"])
        if not self.policy.can_edit_offers(request.user, self.organisation):
            raise Http404
        self.membership = None
        return View.dispatch(self, request, *args, **kwargs)

    def get_offer(self):
        return self.policy.get_offer_or_404(
            self.request.user, self.organisation, self.kwargs["offer_pk"]
        )

    def offers_url(self):
        return reverse("my_providers:offers", args=[self.organisation.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)


class OfferListView(ProviderOffersMixin, TemplateView):
    template_name = "listings/mijn/offer_list.html"

    def get_context_data(self, **kwargs):
        offers = list(
            self.policy.offers_for(self.request.user, self.organisation)
            .select_related("content_type", "latest_revision")
            .order_by("-latest_revision_created_at", "-pk")
        )
        states = active_workflow_states(offers)
        rows = [OfferState(offer, states.get(offer.pk)) for offer in offers]
        return super().get_context_data(rows=rows, kinds=KINDS, **kwargs)


class OfferChooseKindView(ProviderOffersMixin, TemplateView):
    template_name = "listings/mijn/offer_choose_kind.html"


class OfferFormMixin(ProviderOffersMixin):
    template_name = "listings/mijn/offer_form.html"

    def get_form(self, form_class, instance):
        """The offer form, bound on POST (with the uploaded image) and knowing whose it is."""
        kwargs = {"instance": instance, "provider": self.organisation, "user": self.request.user}
        if self.request.method == "POST":
            return form_class(self.request.POST, self.request.FILES, **kwargs)
        return form_class(**kwargs)

    def render_form(self, form, offer=None, state=None):
        return render(
            self.request,
            self.template_name,
            {
                "organisation": self.organisation,
                "form": form,
                "offer": offer,
                "state": state,
                "is_education": isinstance(form.instance, EducationOfferPage),
            },
        )

    def saved(self, offer):
        """After saving: submit too when the provider pressed "Save and submit"."""
        if "submit" in self.request.POST:
            try:
                transition(offer, "submit", self.request.user)
            except PermissionDenied:
                messages.info(self.request, _("The offer has been saved; it awaits moderation."))
            else:
                messages.success(
                    self.request,
                    _("The offer has been saved and submitted for moderation."),
                )
        else:
            messages.success(
                self.request,
                _("The offer has been saved as a draft. Submit it when it is ready."),
            )
        return HttpResponseRedirect(self.offers_url())


class OfferCreateView(OfferFormMixin, View):
    def setup_kind(self):
        try:
            self.model, self.kind = KINDS[self.kwargs["kind"]]
        except KeyError as missing:
            raise Http404 from missing

    def new_offer(self):
        return self.model(provider=self.organisation, title="", owner=self.request.user)

    def get(self, request, *args, **kwargs):
        self.setup_kind()
        form = self.get_form(offer_form_class(self.model), self.new_offer())
        return self.render_form(form)

    def post(self, request, *args, **kwargs):
        from listings.moderation import catalogue_page

        self.setup_kind()
        form = self.get_form(offer_form_class(self.model), self.new_offer())
        if not form.is_valid():
            return self.render_form(form)
        offer = form.save()
        save_offer(offer, request.user, parent=catalogue_page(self.kind))
        return self.saved(offer)


class OfferEditView(OfferFormMixin, View):
    def draft(self):
        self.offer = self.get_offer()
        self.state = OfferState.of(self.offer)
        return self.offer.get_latest_revision_as_object()

    def get(self, request, *args, **kwargs):
        draft = self.draft()
        form = self.get_form(offer_form_class(draft), draft)
        return self.render_form(form, self.offer, self.state)

    def post(self, request, *args, **kwargs):
        draft = self.draft()
        form = self.get_form(offer_form_class(draft), draft)
        if not form.is_valid():
            return self.render_form(form, self.offer, self.state)
        offer = form.save()
        save_offer(offer, request.user)
        return self.saved(offer)


class OfferActionView(ProviderOffersMixin, View):
    """POST only: one transition of the moderation table on one offer."""

    action = None
    done_message = ""

    def post(self, request, *args, **kwargs):
        offer = self.get_offer()
        try:
            transition(offer, self.action, request.user)
        except PermissionDenied:
            messages.error(request, _("That is not possible in the offer's current state."))
        else:
            messages.success(request, self.get_done_message())
        return HttpResponseRedirect(self.offers_url())

    def get_done_message(self):
        return {
            "submit": _("The offer has been submitted for moderation."),
            "withdraw": _("The offer has been withdrawn; it is no longer public."),
            "duplicate": _("A copy has been made as a draft."),
        }[self.action]


class OfferPreviewView(ProviderOffersMixin, View):
    """The latest revision as the public would see it, for the provider's members only."""

    def get(self, request, *args, **kwargs):
        offer = self.get_offer()
        draft = offer.get_latest_revision_as_object()
        mode = draft.default_preview_mode
        request.is_preview = True
        request.preview_mode = mode
        try:
            get_template(draft.get_template(request))
        except TemplateDoesNotExist:
            return render(
                request,
                "listings/mijn/offer_preview.html",
                {"organisation": self.organisation, "offer": draft},
            )
        response = draft.serve_preview(request, mode)
        response["X-Robots-Tag"] = "noindex"
        return response
