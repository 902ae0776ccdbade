"""Production: everything that varies per deployment comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, FIELD_ENCRYPTION_KEYS.
Optional: EMAIL_URL-style settings (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
EMAIL_USE_TLS), DEFAULT_FROM_EMAIL, MEDIA_ROOT, AWS_STORAGE_BUCKET_NAME (+ AWS_* for S3-compatible
object storage), REDIS_URL (shared cache), PORTAL_BASE_URL, PORTAL_REQUIRE_STAFF_2FA,
SECURE_HSTS_SECONDS, SECURE_SSL_REDIRECT.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, DEFAULT_SQLITE_PATH, STORAGES


def _require(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Production settings refuse to start without it "
            "(see README, 'Deploy on PostgreSQL')."
        )
    return value


DEBUG = False
SECRET_KEY = _require("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _require("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]

_require("DATABASE_URL")
FIELD_ENCRYPTION_KEYS = [
    k.strip() for k in _require("FIELD_ENCRYPTION_KEYS").split(",") if k.strip()
]
if str(DATABASES["default"].get("NAME")) == str(DEFAULT_SQLITE_PATH):
    raise ImproperlyConfigured("DATABASE_URL must point at the production database.")

# --- HTTPS and cookies ---------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# X_FRAME_OPTIONS stays SAMEORIGIN (base.py): Wagtail's live preview shows the page in a frame of
# the admin. Other sites cannot frame the portal (CSP frame-ancestors 'self' says the same).
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# --- Static files through WhiteNoise; media on disk or in S3-compatible object storage -------
STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _s3_options = {
        "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
    }
    # Any S3-compatible store (AWS, MinIO, Scaleway, OVH ...) shared by all web servers and
    # workers. Files are private: the portal serves them through signed, expiring URLs.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options}
    # Private files under their own prefix; the portal streams them after its own checks.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3_options, "location": "private"},
    }

# --- Cache: Redis when given, else the database, so every web server shares one -------------
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }

# --- Background tasks: stored in the database, run by `manage.py db_worker` ----------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Email ---------------------------------------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "false").lower() == "true"
