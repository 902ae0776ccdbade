"""Accessibility basics: the keyboard path into a page, and axe-core's automated checks."""

import pytest
from playwright.sync_api import expect

ICC = "icc@demo.cultuurportaal.test"
BLOCKING_IMPACTS = {"serious", "critical"}


def test_first_tab_focuses_visible_skip_link_that_jumps_to_content(
    page, live_server, external_requests
):
    page.goto("/")

    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    expect(focused).to_have_count(1)
    assert focused.evaluate("element => element.matches('a.skip-link')")
    expect(focused).to_have_text("Naar de inhoud")
    box = focused.bounding_box()
    assert box is not None
    assert box["y"] >= 0, f"the focused skip link is off screen: {box}"
    assert box["height"] > 0
    assert box["width"] > 0

    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/#main")
    expect(page.locator(":focus")).to_have_id("main")
    assert external_requests == []


def axe_blocking_violations(page, context=None, rules=None):
    """axe-core's violations of impact serious or critical on the page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    results = Axe().run(page, context=context, options=options)
    return [
        f"{violation['id']} ({violation['impact']}) on {page.url}: {violation['help']} -- "
        + "; ".join(node["html"] for node in violation["nodes"])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


@pytest.fixture
def axe(demo_data):
    import axe_playwright_python

    return axe_playwright_python


# The pages people meet first, with the demo's content. One test for all of them: loading the
# demo takes longer than checking five pages.
AXE_PAGES = ["/", "/account/login/", "/nieuwsbrief/", "/privacy/", "/mijn/"]


def test_axe_finds_no_serious_or_critical_violations(
    axe, page, live_server, log_in_as, external_requests
):
    violations = []
    for path in AXE_PAGES:
        if path == "/mijn/":
            log_in_as(ICC)
        page.goto(path, wait_until="networkidle")
        expect(page).to_have_url(live_server.url + path)
        violations += axe_blocking_violations(page)

    assert violations == []
    assert external_requests == []
