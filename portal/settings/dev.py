"""Local development: `make run`. Never use these settings on a server."""

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-not-for-production-use-0123456789abcdef"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
INTERNAL_IPS = ["127.0.0.1"]

# Mail goes to the terminal that runs `make run`, so sign-up and invitation links can be followed.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The demo logins printed by `make run` (manage.py load_demo). Only these settings define it;
# load_demo refuses to run where it is missing.
DEMO_PASSWORD = "Cultuur-demo-2026"

WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
MEDIA_ROOT = BASE_DIR / "var" / "media"

# A fixed key for local data only; production takes FIELD_ENCRYPTION_KEYS from the environment.
FIELD_ENCRYPTION_KEYS = ["ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE="]
