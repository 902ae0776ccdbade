"""Staff two-factor authentication: available to everyone, enforceable for staff by a setting."""

import pytest
from allauth.mfa.models import Authenticator

from portal.roles import Role
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return UserFactory(groups=[Role.EDITOR])


def test_without_the_setting_staff_reach_the_admin_without_2fa(client, settings, editor):
    settings.PORTAL_REQUIRE_STAFF_2FA = False
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_with_the_setting_staff_without_2fa_are_sent_to_set_it_up(client, settings, editor):
    settings.PORTAL_REQUIRE_STAFF_2FA = True
    client.force_login(editor)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/account/2fa/totp/activate/"
    # allauth first asks for the password again, then shows the authenticator set-up.
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0].startswith("/account/reauthenticate/")
    page = client.post(page.redirect_chain[-1][0], {"password": "Cultuur-demo-2026"}, follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="code"' in html
    assert "Authenticator-app" in html or "authenticator" in html.lower()


def test_with_the_setting_staff_with_2fa_get_in(client, settings, editor):
    settings.PORTAL_REQUIRE_STAFF_2FA = True
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_the_setting_does_not_touch_people_without_admin_access(client, settings):
    settings.PORTAL_REQUIRE_STAFF_2FA = True
    client.force_login(UserFactory())
    assert client.get("/mijn/").status_code == 200
    # The admin itself refuses them (no access), it does not ask for 2FA.
    response = client.get("/admin/")
    assert response["Location"] != "/account/2fa/totp/activate/"


def test_totp_login_asks_for_a_code(client, editor):
    Authenticator.objects.create(
        user=editor, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    response = client.post(
        "/account/login/", {"login": editor.email, "password": "Cultuur-demo-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/2fa/authenticate/"
    # Not logged in until the code is given.
    assert client.get("/mijn/").status_code == 302
