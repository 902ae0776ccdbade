"""The cookie choice: the banner's two buttons post here, and /cookies/ lets a visitor change it."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView

from privacy.cookies import ACCEPT, REJECT, CookieConsent, record_choice


def consent_for(request) -> CookieConsent:
    """The request's CookieConsent (from the middleware), or a new one."""
    consent = getattr(request, "cookie_consent", None)
    if consent is None:
        consent = request.cookie_consent = CookieConsent(request)
    return consent


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class CookieSettingsView(TemplateView):
    """GET: which cookies the portal sets and the visitor's choice; POST: accept or reject."""

    template_name = "privacy/cookies/settings.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(consent=consent_for(self.request), **kwargs)

    def post(self, request, *args, **kwargs):
        choice = request.POST.get("choice")
        response = redirect(safe_next(request, request.path))
        if choice in (ACCEPT, REJECT) and consent_for(request).enabled:
            record_choice(request, response, given=choice == ACCEPT)
        return response
