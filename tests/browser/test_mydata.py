"""Mijn gegevens in Chromium: a person finds their data from Mijn portaal, downloads it, asks
for a correction and for erasure, and their browser talks to no host but the portal's."""

import json
from pathlib import Path

from playwright.sync_api import expect

from portal.models import User
from privacy.models import DataSubjectRequest, RequestKind

EMAIL = "marieke@voorbeeld.test"


def test_my_data_download_correction_and_erasure(
    page, live_server, transactional_db, log_in_as, external_requests
):
    from tests.factories.portal import UserFactory
    from tests.factories.schools import SchoolFactory, SchoolMembershipFactory

    person = UserFactory(first_name="Marieke", last_name="Verhoeven", email=EMAIL)
    SchoolMembershipFactory(school=SchoolFactory(name="OBS De Vlinder"), user=person)
    log_in_as(EMAIL)

    page.goto("/mijn/")
    page.locator('main a[href="/mijn/gegevens/"]').click()
    expect(page).to_have_url(f"{live_server.url}/mijn/gegevens/")
    main = page.get_by_role("main")
    expect(main.locator("#purpose-accounts")).to_be_visible()
    expect(main.locator("#purpose-fonds-cultuureducatie")).to_be_visible()
    expect(main).to_contain_text("OBS De Vlinder")

    with page.expect_download() as download:
        main.locator('a[href="/mijn/gegevens/export.json"]').click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["person"]["email"] == EMAIL

    main.locator('a[href="/mijn/gegevens/verzoek/correctie/"]').click()
    page.locator("#id_explanation").fill("Mijn nieuwe adres is Assendorperstraat 1, 8012 DA")
    main.locator("form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/mijn/gegevens/")
    expect(page.locator(".alert-success")).to_be_visible()
    assert DataSubjectRequest.objects.filter(user=person, kind=RequestKind.CORRECTION).exists()

    page.goto("/mijn/gegevens/verwijderen/")
    expect(main.locator("#erasure-ends")).to_contain_text("OBS De Vlinder")
    expect(main.locator("#erasure-deleted")).to_be_visible()
    page.locator("#id_confirm").check()
    main.locator("form button[type=submit]").click()
    expect(page.locator(".alert-info")).to_be_visible()
    assert DataSubjectRequest.objects.filter(user=person, kind=RequestKind.ERASURE).exists()
    assert User.objects.filter(email=EMAIL).exists()  # the privacy officer executes it later

    assert external_requests == []
