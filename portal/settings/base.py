"""Settings shared by every environment. Secure by default: DEBUG is off here.

Environment-specific modules (dev, test, production, bench) import from this one and
change only what differs. Anything that varies per deployment is read from the environment.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PORTAL_DIR = BASE_DIR / "portal"

DEBUG = False

# Overridden by every concrete settings module; production refuses to start without one.
SECRET_KEY = os.environ.get("SECRET_KEY", "")

ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    # Our apps first, so their templates override those of the libraries.
    "portal",
    "privacy",
    "payments",
    "schools",
    "listings",
    "funds",
    "volunteers",
    "programme",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Forms and background work
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: in the admin, staff get the language of their admin profile.
    "portal.middleware.DutchFirstLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSP in this list, so its answer is ready before the CSP header is written.
    "privacy.middleware.CookieConsentMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        # With APP_DIRS and no explicit loaders, Django wraps the loaders in its cached loader.
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: embedded SQLite by default, any database by URL (PostgreSQL in CI and production).
DEFAULT_SQLITE_PATH = BASE_DIR / "var" / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DEFAULT_SQLITE_PATH}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; the timeout waits for locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "portal.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "mijn:dashboard"

# --- Accounts (django-allauth) -------------------------------------------------------------
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.SignupNameForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Brute-force protection: allauth counts failed logins per IP and per account in the cache
# (shared by all web servers through Redis or the database cache in production).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    # privacy/views/newsletter.py: confirmation mails per visitor and per address.
    "newsletter_subscribe": "10/h/ip,3/h/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cultuurportaal"

# Staff two-factor authentication: when on, staff who can reach the Wagtail admin must
# set up an authenticator app before they get in.
PORTAL_REQUIRE_STAFF_2FA = os.environ.get("PORTAL_REQUIRE_STAFF_2FA", "false").lower() == "true"

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS: list[Path] = []
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Files people upload for a purpose (application attachments, letters) go to "private": never
# under MEDIA_URL, only through views that check who may see them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FORMS_URLFIELD_ASSUME_HTTPS = True
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Cache ---------------------------------------------------------------------------------
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks (django-tasks) -------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Email ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cultuurportaal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20

# --- Security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# A visitor's browser talks to this server only: the content security policy forbids every
# other host for scripts, styles, images, fonts, frames and connections.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Messages ride in the session: no extra cookie (the statement lists only functional ones).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Forms ---------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Wagtail -------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Cultuurportaal"
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_USAGE_COUNT_ENABLED = False
# Editors' comments on pages would be free text about people outside any purpose.
WAGTAILADMIN_COMMENTS_ENABLED = False
WAGTAILEMBEDS_FINDERS: list[dict] = []
# No avatars from gravatar.com: the admin's browser talks to this server only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "csv", "txt"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL full text with Dutch stemming ("dansen" finds "dans"); SQLite's FTS5 has none,
    # the catalogue adds Dutch stems as prefixes on both (listings/catalogue.py).
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "dutch"

# --- Logging -------------------------------------------------------------------------------
# Nothing here logs request bodies or user identities; URLs carry no personal data by design.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Never at DEBUG, whatever "django" is set to: the template engine logs whole template
        # contexts (names, addresses) and the database logs query parameters.
        "django.template": {"level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        "portal": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Encryption at rest (privacy/crypto.py) ----------------------------------------------
# Fernet keys, newest first; production reads them from the environment.
FIELD_ENCRYPTION_KEYS = [
    key.strip() for key in os.environ.get("FIELD_ENCRYPTION_KEYS", "").split(",") if key.strip()
]

# --- The portal ----------------------------------------------------------------------------
PORTAL_INVITATION_VALID_DAYS = 14
