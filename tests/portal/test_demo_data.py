"""The demo data loads twice without change, and every page it creates answers 200."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from listings.models import Provider, ProviderMembership
from portal.demo import DEMO_LOGINS, email
from portal.models import User
from schools.models import School, SchoolMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", quiet_logins=True)


def counts():
    return (
        User.objects.count(),
        School.objects.count(),
        SchoolMembership.objects.count(),
        Provider.objects.count(),
        ProviderMembership.objects.count(),
        Page.objects.count(),
    )


def test_demo_data_is_idempotent(demo):
    before = counts()
    call_command("load_demo", quiet_logins=True)
    assert counts() == before
    assert School.objects.count() == 10
    assert Provider.objects.count() == 9  # 8 providers, and the organisation (own programme)
    assert len({s.school_type for s in School.objects.all()}) == 4
    assert School.objects.values("wijk").distinct().count() >= 8


def check_every_role_has_a_demo_login(demo, client):
    for login, *_rest in DEMO_LOGINS:
        assert client.login(email=email(login), password="Cultuur-demo-2026"), login
        client.logout()


def check_every_demo_page_answers_200(demo, client):
    urls = [page.url for page in Page.objects.live().specific() if page.depth > 1]
    urls += [provider.get_absolute_url() for provider in Provider.objects.public()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    # Mijn portaal and the organisation pages, for every demo login.
    for login, *_rest in DEMO_LOGINS:
        user = User.objects.get(email=email(login))
        client.force_login(user)
        member_urls = ["/mijn/", "/mijn/account/", "/mijn/gegevens/verwijderen/"]
        member_urls += [m.school.get_member_url() for m in user.schools_schoolmembership_set.all()]
        member_urls += [
            m.provider.get_member_url() for m in user.listings_providermembership_set.all()
        ]
        for url in member_urls:
            response = client.get(url)
            assert response.status_code == 200, (login, url)


def check_admin_opens_for_the_demo_admin_and_staff(demo, client):
    for login in ["beheer", "fondsbeheerder", "moderator", "redacteur", "privacy"]:
        client.force_login(User.objects.get(email=email(login)))
        assert client.get("/admin/").status_code == 200, login


def check_demo_member_of_three_organisations(demo, client):
    client.force_login(User.objects.get(email=email("icc")))
    html = client.get("/mijn/").content.decode()
    for name in ["OBS De Regenboog", "CBS Het Kompas", "Schrijfwerkplaats Woordenrijk"]:
        assert name in html


def check_demo_admin_logs_in_through_the_form_and_reaches_the_admin(demo, client):
    response = client.post(
        "/account/login/?next=/admin/",
        {"login": email("beheer"), "password": "Cultuur-demo-2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Cultuurportaal" in response.content.decode()


def check_the_programme_with_a_full_activity_and_one_whose_sign_ups_retention_removes(demo, client):
    from io import StringIO

    from programme.models import ProgrammeActivityPage, SignUp, SignupTally

    activities = ProgrammeActivityPage.objects.all()
    assert activities.count() == 20
    full = activities.get(slug="demo-lezing-hanzestad")
    assert full.signups.filter(status="waiting").count() == 3
    client.force_login(User.objects.get(email=email("programmamaker")))
    for activity in activities:
        for url in (f"/mijn/programma/{activity.pk}/", activity.url):
            assert client.get(url).status_code == 200, url
    for url in ["/mijn/programma/", "/mijn/programma/rapportage/", "/mijn/"]:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/programma/aanmelden/{full.pk}/").status_code == 200
    ended = activities.get(slug="demo-archief")
    assert ended.signups.count() == 6
    call_command("apply_retention", "--purpose", "programma-deelnemers", stdout=StringIO())
    assert not SignUp.objects.filter(activity=ended).exists()
    assert SignupTally.objects.get(activity=ended).attended == 4


def test_the_demo(demo, client):
    """The checks above on one load of the demo (loading it takes ~20 s): each starts logged
    out."""
    for check, needs_client in (
        (check_every_role_has_a_demo_login, True),
        (check_every_demo_page_answers_200, True),
        (check_admin_opens_for_the_demo_admin_and_staff, True),
        (check_demo_member_of_three_organisations, True),
        (check_demo_admin_logs_in_through_the_form_and_reaches_the_admin, True),
        (check_the_programme_with_a_full_activity_and_one_whose_sign_ups_retention_removes, True),
    ):
        client.logout()
        if needs_client:
            check(demo, client)
        else:
            check(demo)
