"""The public newsletter pages: subscribe, confirm from the mail, unsubscribe from any mail.

No account is needed. The links in the mails carry signed tokens, never an address.
"""

from allauth.core import ratelimit
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from privacy import newsletter
from privacy.forms_newsletter import SubscribeForm
from privacy.models import ConsentText, NewsletterList, Purpose
from privacy.purposes import NIEUWSBRIEVEN

INVALID_LINK = _("This link is not valid. Perhaps it was copied incompletely.")
EXPIRED_LINK = _(
    "This link has expired: a confirmation link works for 7 days. Subscribe again and use the "
    "link in the new email."
)


def _base_url(request):
    return request.build_absolute_uri("/")


def invalid_link(request, error):
    expired = isinstance(error, newsletter.ExpiredToken | newsletter.SubscriberGone)
    message = EXPIRED_LINK if expired else INVALID_LINK
    return render(request, "privacy/newsletter/invalid_link.html", {"message": message}, status=400)


class SubscribeView(FormView):
    form_class = SubscribeForm
    template_name = "privacy/newsletter/subscribe.html"

    def dispatch(self, request, *args, **kwargs):
        self.consent_text = ConsentText.current(newsletter.CONSENT_TOPIC)
        return super().dispatch(request, *args, **kwargs)

    def available(self):
        return (
            self.consent_text is not None and NewsletterList.objects.filter(is_active=True).exists()
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "consent_text": self.consent_text}

    def get_initial(self):
        user = self.request.user
        return {"email": user.email} if user.is_authenticated else {}

    def get(self, request, *args, **kwargs):
        if not self.available():
            return render(request, "privacy/newsletter/unavailable.html", status=503)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.available():
            return render(request, "privacy/newsletter/unavailable.html", status=503)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        purpose = Purpose.objects.filter(code=NIEUWSBRIEVEN).first()
        return super().get_context_data(purpose=purpose, **kwargs)

    def form_valid(self, form):
        # Nobody can flood someone's mailbox with confirmation mails: over the limit (per
        # address and per visitor, settings.ACCOUNT_RATE_LIMITS) nothing is sent, and the
        # page says the same as always.
        if not ratelimit.consume(
            self.request, action="newsletter_subscribe", key=form.cleaned_data["email"].lower()
        ):
            return redirect("newsletter:check_email")
        newsletter.request_subscription(
            form.cleaned_data["email"],
            list(form.cleaned_data["newsletters"]),
            self.consent_text,
            language=self.request.LANGUAGE_CODE,
            base_url=_base_url(self.request),
        )
        return redirect("newsletter:check_email")


class CheckEmailView(TemplateView):
    """Shown after subscribing, whatever the address: it reveals nothing about who subscribed."""

    template_name = "privacy/newsletter/check_email.html"


class ConfirmView(View):
    """The link from the confirmation mail: a page with one button, so that a mail scanner
    following links cannot subscribe anyone."""

    template_name = "privacy/newsletter/confirm.html"

    def dispatch(self, request, token):
        try:
            self.confirmation = newsletter.read_confirm_token(token)
        except newsletter.InvalidToken as error:
            return invalid_link(request, error)
        return super().dispatch(request, token)

    def get(self, request, token):
        return render(request, self.template_name, {"confirmation": self.confirmation})

    def post(self, request, token):
        newsletter.confirm(self.confirmation)
        return redirect("newsletter:confirmed")


class ConfirmedView(TemplateView):
    template_name = "privacy/newsletter/confirmed.html"


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """The link in every newsletter mail. GET shows one button; POST unsubscribes from all.

    The POST also comes from mail clients' one-click unsubscribe (RFC 8058), without a CSRF
    token: the signed token in the address is the authorisation, so CSRF is off for this view
    only. Nothing but unsubscribing can be done with it.
    """

    template_name = "privacy/newsletter/unsubscribe.html"

    def dispatch(self, request, token):
        try:
            self.subscriber = newsletter.read_unsubscribe_token(token)
        except newsletter.SubscriberGone:
            # Nothing is left of the subscription: the person gets no newsletter from us.
            return render(request, self.template_name, {"done": True})
        except newsletter.InvalidToken as error:
            return invalid_link(request, error)
        return super().dispatch(request, token)

    def get(self, request, token):
        return render(
            request,
            self.template_name,
            {"already": self.subscriber.unsubscribed_at is not None, "done": False},
        )

    def post(self, request, token):
        newsletter.unsubscribe(self.subscriber)
        return render(request, self.template_name, {"done": True})
