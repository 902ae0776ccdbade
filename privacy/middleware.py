"""Cookie consent on every request, and the CSP opened for the analytics server only when the
page actually loads its script (after the visitor accepted)."""

from privacy.cookies import CookieConsent, csp_update


class CookieConsentMiddleware:
    """Sets `request.cookie_consent` for templates (base.html shows the banner and the script).

    Must come after csp.middleware.CSPMiddleware in MIDDLEWARE, so that on the way out it runs
    first and its `_csp_update` is in the response when the CSP header is built.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        consent = request.cookie_consent = CookieConsent(request)
        response = self.get_response(request)
        if consent.script_rendered and consent.origin:
            update = dict(getattr(response, "_csp_update", None) or {})
            for directive, sources in csp_update(consent.origin).items():
                update[directive] = [*update.get(directive, []), *sources]
            response._csp_update = update
        return response
