"""`manage.py check` fails when a model holds personal data that no purpose in the register
covers; the project itself passes."""

import os
import subprocess
import sys
from pathlib import Path

from django.core import checks

from privacy.checks import looks_personal

ROOT = Path(__file__).resolve().parents[2]


def manage_check(settings_module):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_project_declares_all_its_personal_data():
    errors = [e for e in checks.run_checks(tags=["privacy"]) if e.is_serious()]
    assert errors == []


def test_check_fails_on_a_model_with_undeclared_personal_fields():
    result = manage_check("tests.privacy.undeclared.settings")
    assert result.returncode != 0
    output = result.stderr
    assert "(privacy.E001) undeclared.Volunteer.phone looks like personal data" in output
    assert "(privacy.E001) undeclared.Volunteer.notes looks like personal data" in output
    assert "shoe_size" not in output
    assert "(privacy.E002) undeclared.Prospect declares purpose 'marketing-lists'" in output
    assert "(privacy.E007) undeclared.Grant.applicant is personal data that cannot be" in output


def test_what_looks_personal():
    from listings.models import Provider
    from privacy.models import AccessLogEntry
    from schools.models import School

    assert looks_personal(School._meta.get_field("email"), project_app=True)
    assert looks_personal(School._meta.get_field("postcode"), project_app=True)
    assert not looks_personal(School._meta.get_field("brin"), project_app=True)
    assert not looks_personal(Provider._meta.get_field("is_public"), project_app=True)
    # In the portal's own apps a link to someone's account is personal data too.
    assert looks_personal(AccessLogEntry._meta.get_field("user"), project_app=True)


def test_every_app_of_the_project_is_checked_as_one_and_no_library_is():
    """A link to an account counts as personal data in the portal's own apps: every app in the
    project's folder is one, also an app added later (the programme once was left out)."""
    from django.apps import apps

    from privacy.checks import is_project_app

    ours = {config.label for config in apps.get_app_configs() if is_project_app(config)}
    assert ours == {
        "portal",
        "privacy",
        "schools",
        "listings",
        "funds",
        "volunteers",
        "payments",
        "programme",
    }
