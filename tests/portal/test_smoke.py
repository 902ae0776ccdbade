import pytest


@pytest.mark.django_db
def test_home_page_is_dutch(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<html lang="nl">' in response.content


@pytest.mark.django_db
def test_mijn_redirects_anonymous_visitor_to_login(client):
    response = client.get("/mijn/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=/mijn/")
