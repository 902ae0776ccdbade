import pytest
from django.core.cache import cache
from django.utils import translation

from tests.browser.conftest import SKIP_REASON, chromium_missing
from tests.factories.portal import UserFactory


def pytest_report_header(config):
    """One clear line when the browser tests cannot run here."""
    return SKIP_REASON if chromium_missing() else None


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_serialized_rollback"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark the tests that run in real transactions `transactional`.

    Such a test empties the database when it ends (only a later transactional test with
    serialized rollback puts the migrated rows back). In one process pytest-django runs them
    after all others; in several (pytest-xdist) it cannot, so `make test` runs them in a second
    pass: `-m "not transactional"`, then `-m transactional`. First among the hooks, so that
    pytest's `-m` sees the mark (and pytest-django's ordering the transaction).
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (marker is not None and marker.kwargs.get("transaction")) or (
            TRANSACTIONAL_FIXTURES & set(item.fixturenames)
        ):
            item.add_marker(pytest.mark.transactional)
            # Every one with serialized rollback: a plain flush re-runs post_migrate (our staff
            # groups, say), and the next test's restore of the migrated rows would then clash
            # with them; which test runs next on a process is xdist's choice.
            kwargs = {
                **(marker.kwargs if marker else {}),
                "transaction": True,
                "serialized_rollback": True,
            }
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(autouse=True)
def _portal_language():
    """Every test starts in the portal's own language (Dutch), whatever an earlier test's
    request or override left active in this thread; tests that read English switch to it."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    """Each test gets its own media folders and an empty cache (allauth's rate limits live
    there)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client
