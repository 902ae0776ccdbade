from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile


class DutchFirstLocaleMiddleware:
    """Dutch unless the visitor chose English with the language switch (a cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language header: the
    portal speaks Dutch first, and English only on request. In the admin, staff get the language
    they chose in their admin profile.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        if request.path.startswith("/admin/") and request.user.is_authenticated:
            # The whole admin response in the language of the person's admin profile (which
            # falls back to the one just chosen), messages stored for the next page included:
            # Wagtail itself switches only inside its views.
            language = UserProfile.get_for_user(request.user).get_preferred_language()
            translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class StaffTwoFactorMiddleware:
    """With PORTAL_REQUIRE_STAFF_2FA on, the Wagtail admin is closed to staff without 2FA.

    They are sent to set up an authenticator app first; afterwards every login asks for a code
    (django-allauth's MFA stage).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_REQUIRE_STAFF_2FA
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(request.user):
                messages.warning(
                    request,
                    _(
                        "Staff must use two-factor authentication. Set up an authenticator "
                        "app to continue to the admin."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
