"""The cookie banner in Chromium: Reject loads nothing from the analytics server, Accept loads its
script; both buttons look the same; no choice, no script."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.test_accessibility import axe_blocking_violations

MIDDLEWARE = "privacy.middleware.CookieConsentMiddleware"

pytestmark = pytest.mark.skipif(
    MIDDLEWARE not in settings.MIDDLEWARE,
    reason=f"{MIDDLEWARE} is not in MIDDLEWARE (portal/settings/base.py) yet",
)

# A real script, served by the live server under a second host name: to the browser it is
# another origin, like a self-hosted Matomo, and we can see whether it is asked for.
SCRIPT_PATH = "/static/vendor/bootstrap-5.3.8/js/bootstrap.bundle.min.js"


@pytest.fixture
def analytics_url(live_server):
    from wagtail.models import Site

    from privacy.models import PrivacySettings

    other_host = live_server.url.replace("localhost", "127.0.0.1")
    assert other_host != live_server.url
    url = f"{other_host}{SCRIPT_PATH}"
    PrivacySettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"analytics_enabled": True, "analytics_script_url": url},
    )
    return url


def ledger():
    from privacy.models import ConsentRecord

    return list(ConsentRecord.objects.order_by("at", "pk").values_list("topic", "given"))


def test_reject_loads_nothing_and_accept_loads_the_script(
    page, live_server, analytics_url, external_requests
):
    page.goto("/", wait_until="networkidle")
    banner = page.locator("#cookie-banner")
    expect(banner).to_be_visible()
    accept = banner.locator("button[value=accept]")
    reject = banner.locator("button[value=reject]")
    expect(accept).to_be_visible()
    expect(reject).to_be_visible()

    # Equal prominence: the same look, the same height, on the same line.
    style = (
        "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color, "
        "getComputedStyle(b).fontSize, getComputedStyle(b).fontWeight, b.offsetHeight, b.offsetTop]"
    )
    assert accept.evaluate(style) == reject.evaluate(style)
    assert axe_blocking_violations(page, context="#cookie-banner") == []
    assert external_requests == []  # nothing before a choice

    reject.click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("#cookie-banner")).to_have_count(0)
    page.reload(wait_until="networkidle")
    assert external_requests == []
    assert ledger() == [("analytics", False)]

    # Changing one's mind on the cookie settings page.
    page.goto("/cookies/")
    page.locator("button[value=accept]").click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(f"{live_server.url}/cookies/")
    page.goto("/", wait_until="networkidle")
    expect(page.locator(f'script[src="{analytics_url}"]')).to_have_count(1)
    assert analytics_url in external_requests
    assert {re.sub(r"\?.*", "", url) for url in external_requests} == {analytics_url}
    assert ledger() == [("analytics", False), ("analytics", True)]


def test_without_a_choice_the_script_never_loads(page, analytics_url, external_requests):
    for path in ("/", "/account/login/", "/cookies/"):
        page.goto(path, wait_until="networkidle")
    expect(page.locator("script[src*='127.0.0.1']")).to_have_count(0)
    assert external_requests == []
    assert ledger() == []
