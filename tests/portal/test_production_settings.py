"""Production settings read the environment, refuse to start without SECRET_KEY and pass
Django's deployment checklist without warnings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "pr0d-Only-Very-long-random-string-#9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1",
    "ALLOWED_HOSTS": "cultuurportaal.example.org",
    "DATABASE_URL": "postgres://portal:secret@db.example.org:5432/portal",
    "EMAIL_HOST": "smtp.example.org",
    "MEDIA_ROOT": "/srv/portal/media",
    "FIELD_ENCRYPTION_KEYS": "c2VjcmV0LWtleS1mb3ItdGhlLXByb2R1Y3Rpb24tdGU=",
}


def manage(*args, env):
    # Only what a server would have: nothing from this test run (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which --deploy rightly rejects).
    dropped = {*GOOD_ENV, "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_has_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=GOOD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "FIELD_ENCRYPTION_KEYS"]
)
def test_refuses_to_start_without_required_variables(missing):
    env = {k: v for k, v in GOOD_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_settings_come_from_the_environment():
    script = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'],"
        " s.ALLOWED_HOSTS, s.EMAIL_HOST, s.MEDIA_ROOT, s.CACHES['default']['BACKEND'],"
        " s.STORAGES['default']['BACKEND'], s.STORAGES['staticfiles']['BACKEND'],"
        " s.TASKS['default']['BACKEND'])"
    )
    result = manage("shell", "-c", script, env=GOOD_ENV)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "django.db.backends.postgresql db.example.org" in out
    assert "['cultuurportaal.example.org']" in out
    assert "smtp.example.org" in out
    assert "/srv/portal/media" in out
    assert "DatabaseCache" in out
    assert "FileSystemStorage" in out
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in out
    assert "django_tasks_db.DatabaseBackend" in out

    shared = {
        **GOOD_ENV,
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "AWS_STORAGE_BUCKET_NAME": "portal-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    }
    result = manage("shell", "-c", script, env=shared)
    assert result.returncode == 0, result.stderr
    assert "django_redis.cache.RedisCache" in result.stdout
    assert "storages.backends.s3.S3Storage" in result.stdout
