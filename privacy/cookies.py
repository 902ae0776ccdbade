"""Cookies: only functional ones by default; analytics only after the visitor agrees.

The visitor's choice lives in one functional cookie that holds a random visitor key and the
choice, signed so it cannot be forged; every choice is also appended to the consent ledger under
that key (never an IP address or anything else about the visitor).

- `analytics_active(request)`: the site owner enabled analytics and this visitor accepted.
- `record_choice(request, response, given)`: one click on Accept or Reject.
- `CookieConsent`: what templates read as `request.cookie_consent` (set by
  privacy.middleware.CookieConsentMiddleware): whether to show the banner, and the script to load.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from privacy.models import ConsentRecord, ConsentText, PrivacySettings
from privacy.models.register import duration_in_words

TOPIC = "analytics"
SOURCE = "cookie banner"
COOKIE_NAME = "cookie_consent"
COOKIE_SALT = "privacy.cookies.consent"
# Ask again after six months at most: a consent should not silently last for ever.
COOKIE_MAX_AGE = 180 * 24 * 3600
ACCEPT, REJECT = "accept", "reject"


@dataclass(frozen=True)
class Choice:
    key: str
    given: bool


def privacy_settings(request) -> PrivacySettings:
    return PrivacySettings.for_request(request)


def analytics_configured(request) -> bool:
    return privacy_settings(request).analytics_configured


def visitor_choice(request) -> Choice | None:
    """The choice in the visitor's cookie; None when there is none (or it was tampered with)."""
    value = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT)
    if not value:
        return None
    key, _sep, given = value.rpartition(":")
    if not key or given not in ("1", "0"):
        return None
    return Choice(key=key, given=given == "1")


def analytics_active(request) -> bool:
    """True when the analytics script may run for this visitor."""
    if not analytics_configured(request):
        return False
    choice = visitor_choice(request)
    return choice is not None and choice.given


def record_choice(request, response, given: bool) -> ConsentRecord:
    """Append the choice to the consent ledger and remember it in the visitor's cookie."""
    previous = visitor_choice(request)
    key = previous.key if previous else secrets.token_urlsafe(18)
    record = ConsentRecord.record(TOPIC, given, SOURCE, key=key)
    response.set_signed_cookie(
        COOKIE_NAME,
        f"{key}:{'1' if given else '0'}",
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE or request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return record


def csp_update(origin: str) -> dict[str, list[str]]:
    """What the content security policy must allow for the analytics script and its reports."""
    return {"script-src": [origin], "connect-src": [origin], "img-src": [origin]}


def _lasts(seconds: int | None) -> str:
    """A cookie's lifetime in words, rounded as people say it (364 days: one year)."""
    if seconds is None:
        return str(_("until you close your browser"))
    days = max(1, round(seconds / (24 * 3600)))
    if days >= 360:
        days = round(days / 365) * 365
    elif days >= 28:
        days = round(days / 30) * 30
    return duration_in_words(days)


def functional_cookies() -> list[dict]:
    """The cookies the portal sets when needed, whatever the settings, for the statement."""
    session_age = None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "purpose": _("Keeps you logged in, and remembers messages between two pages."),
            "lasts": _lasts(session_age),
        },
        {
            "name": settings.CSRF_COOKIE_NAME,
            "purpose": _("Protects the forms you send against forgery by other websites."),
            "lasts": _lasts(settings.CSRF_COOKIE_AGE),
        },
        {
            "name": settings.LANGUAGE_COOKIE_NAME,
            "purpose": _("Remembers the language you chose."),
            "lasts": _lasts(settings.LANGUAGE_COOKIE_AGE),
        },
        *_messages_cookie(),
    ]


def _messages_cookie() -> list[dict]:
    """Django keeps a message for the next page ("You are logged in") in a cookie, unless the
    messages are stored in the session."""
    storage = getattr(settings, "MESSAGE_STORAGE", "")
    if "cookie" not in storage and "fallback" not in storage:
        return []
    return [
        {
            "name": getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
            "purpose": _("Carries a message, such as 'you are logged in', to the next page."),
            "lasts": _("until the next page"),
        }
    ]


class CookieConsent:
    """`request.cookie_consent`: read by templates; asks the database only when a page uses it."""

    def __init__(self, request):
        self.request = request
        self.script_rendered = False

    @cached_property
    def settings(self) -> PrivacySettings:
        return privacy_settings(self.request)

    @cached_property
    def enabled(self) -> bool:
        return self.settings.analytics_configured

    @cached_property
    def choice(self) -> Choice | None:
        return visitor_choice(self.request)

    @property
    def chosen(self) -> bool:
        return self.choice is not None

    @property
    def given(self) -> bool:
        return self.enabled and self.chosen and self.choice.given

    @property
    def show_banner(self) -> bool:
        path = self.request.path_info
        return self.enabled and not self.chosen and not path.startswith(("/admin/", "/cookies/"))

    @cached_property
    def text(self) -> ConsentText | None:
        """The consent text the banner shows, the version recorded with the choice."""
        return ConsentText.current(TOPIC)

    @property
    def script_url(self) -> str:
        """The script to load, or ''. Reading it marks the response for the CSP extension."""
        if not self.given:
            return ""
        self.script_rendered = True
        return self.settings.analytics_script_url

    @property
    def origin(self) -> str:
        return self.settings.csp_origin

    def functional_cookies(self) -> list[dict]:
        cookies = functional_cookies()
        if self.enabled:
            cookies.append(
                {
                    "name": COOKIE_NAME,
                    "purpose": _("Remembers whether you accepted or rejected website analytics."),
                    "lasts": _lasts(COOKIE_MAX_AGE),
                }
            )
        return cookies
