"""Browser tests: Playwright (sync API) drives Debian's Chromium against the live server.

The browser is Debian's /usr/bin/chromium, never one that Playwright downloads (`playwright install`
is not used, nor the pytest-playwright plugin). Without it every test here is skipped with one
reason, which tests/conftest.py also prints in pytest's header. Every test gets a fresh browser
context, so no cookies or storage leak from one test into the next.

Each test runs against the transactional database behind `live_server`. The Site and HomePage that
the migrations create would be gone after the first such test's flush, so every browser test asks
for serialized rollback: Django restores the migrated rows before each test.
"""

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

BROWSER_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BROWSER_DIR.parent.parent / "test-results"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
SKIP_REASON = f"Browser tests skipped: {CHROMIUM} not found (Debian: apt-get install chromium)"
# Generous for a loaded 2-core CI machine; a hanging page still fails in seconds, not minutes.
TIMEOUT_MS = 15_000
# Schemes that never reach the network.
LOCAL_SCHEMES = {"data", "blob", "about"}


def chromium_missing():
    return not CHROMIUM.exists()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `browser`; skip them all when there is no Chromium.

    Runs before pytest's own `-m` selection, so `pytest -m "not browser"` leaves them out.
    """
    browser_items = [item for item in items if item.path.is_relative_to(BROWSER_DIR)]
    missing = chromium_missing()
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        if missing:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so the page fixture knows whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """Chromium for the whole session, started once the test database exists."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Between its calls Playwright's sync API leaves its event loop marked as running in this
    # thread. Django then keeps its database connections in a second, "async" store, so the
    # tests would get new connection objects: without the serialized contents that restore the
    # migrated rows, and, with SQLite in memory, not the connection the live server shares.
    # Put the connections this thread already has into that store too.
    existing = {alias: connections[alias] for alias in connections}
    # For the same reason Django would refuse every query ("You cannot call this from an async
    # context"). It is safe here: the loop only drives the browser, and our code runs
    # synchronously between its calls.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in existing.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _restore_migrated_rows(django_db_serialized_rollback):
    """Serialized rollback for every browser test (see the module docstring)."""


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context and page, with relative URLs resolved against the live server.

    The browser asks for English on purpose: the portal must be Dutch whatever the browser prefers.
    A failing test leaves a full-page screenshot in test-results/.
    """
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    in_flight = set()

    def started(sent):
        in_flight.add(sent)

    def ended(sent):
        in_flight.discard(sent)

    context.on("request", started)
    context.on("requestfinished", ended)
    context.on("requestfailed", ended)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        save_screenshot(page, request.node.nodeid)
    wait_until_no_requests(page, in_flight)
    context.close()


def save_screenshot(page, nodeid):
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / (re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid) + ".png")
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception as error:  # a screenshot must not hide the real failure
        print(f"Could not save a screenshot to {path}: {error}")
    else:
        print(f"Screenshot: {path}")


def wait_until_no_requests(page, in_flight, seconds=5):
    """Let the browser's last requests (a late favicon, say) finish before the test's teardown
    flushes the database: with SQLite in memory the live server shares the test's connection, and
    Django warns that queries from both threads at once can make tests fail at random."""
    deadline = time.monotonic() + seconds
    while in_flight and time.monotonic() < deadline:
        page.wait_for_timeout(50)


class RequestLog:
    """Every URL the browser context asked for, split into the live server's and other hosts'."""

    def __init__(self, server_url):
        server = urlsplit(server_url)
        self.origin = (server.scheme, server.netloc)
        self.urls = []
        self.external = []

    def record(self, request):
        url = request.url
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return
        self.urls.append(url)
        if (parts.scheme, parts.netloc) != self.origin:
            self.external.append(url)

    def paths(self):
        """Paths of the requests that went to the live server."""
        return [urlsplit(url).path for url in self.urls if url not in self.external]


@pytest.fixture
def request_log(page, live_server):
    log = RequestLog(live_server.url)
    # On the context, not the page: pop-ups, frames and workers count too.
    page.context.on("request", log.record)
    return log


@pytest.fixture
def external_requests(request_log):
    """The URLs of every request to a host other than the live server; tests assert it stays []."""
    return request_log.external


@pytest.fixture
def demo_data(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", quiet_logins=True)


@pytest.fixture
def demo_password(settings):
    return settings.DEMO_PASSWORD


@pytest.fixture
def log_in_as(page, live_server):
    """Log a person in without the login form: a session cookie from Django's test client."""

    def log_in(email):
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client

        client = Client()
        client.force_login(get_user_model().objects.get(email=email))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return log_in
