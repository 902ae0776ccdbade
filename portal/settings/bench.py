"""Benchmarks: `make bench` (python -m bench). Never use these settings on a server.

Production-like where it matters for timings (DEBUG off, cached template loader), with its own
database so that the generated data never mixes with the development database: SQLite at
var/bench.sqlite3, or any database given by BENCH_DATABASE_URL (e.g. PostgreSQL).
"""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
SECRET_KEY = "bench-only-insecure-key-not-for-production-use-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

BENCH_SQLITE_PATH = BASE_DIR / "var" / "bench.sqlite3"
if os.environ.get("BENCH_DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["BENCH_DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # As in base.py: Dutch full text on PostgreSQL.
        WAGTAILSEARCH_BACKENDS = {
            "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "dutch"}
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BENCH_SQLITE_PATH,
            # The same connection options as the embedded default in base.py.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "CONN_MAX_AGE": 0,
        }
    }

# The generator creates thousands of accounts; the hash is computed once, but logins in
# scenarios should not measure a deliberately slow hasher either.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "bench-media"

# The bench URLs are the portal's plus the "floor": a bare view returning a constant page.
ROOT_URLCONF = "bench.urls"

# load_demo (used by the generator) runs only where this is set.
DEMO_PASSWORD = "bench-password-2026"  # noqa: S105

# A fixed key for the generated (made-up) data only; production takes FIELD_ENCRYPTION_KEYS from
# the environment. Encryption stays on, so its cost is part of what is measured.
FIELD_ENCRYPTION_KEYS = ["YmVuY2gtb25seS1maWVsZC1rZXktbm90LWZvci1wcm8="]
