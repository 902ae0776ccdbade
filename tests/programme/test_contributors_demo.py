"""The demo has contributors in every stage, and their pages answer for the demo's logins."""

import pytest
from django.core.management import call_command
from django.db.models import Q

from portal.demo import email
from portal.models import User
from programme.models import Contribution, ContributionStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_contributors_in_every_stage_and_their_pages_answer(client):
    call_command("load_demo", quiet_logins=True)
    bas = User.objects.get(email=email("bijdrager"))
    # Bas's own contributions, and the one he is invited to (not yet accepted).
    of_bas = Contribution.objects.filter(Q(contributor=bas) | Q(invitations__email=bas.email))
    stages = set(of_bas.values_list("status", flat=True))
    assert stages == set(ContributionStatus.values) - {ContributionStatus.CANCELLED}
    before = Contribution.objects.count()
    call_command("load_demo", quiet_logins=True)
    assert Contribution.objects.count() == before

    client.force_login(bas)
    assert "Mijn optredens en activiteiten" in client.get("/mijn/").text
    for contribution in Contribution.objects.filter(contributor=bas):
        assert client.get(contribution.get_absolute_url()).status_code == 200
    client.force_login(User.objects.get(email=email("programmamaker")))
    for url in ["/mijn/programma/planning/", "/mijn/programma/bijdragers/", "/admin/"]:
        assert client.get(url).status_code == 200, url
    for contribution in Contribution.objects.all():
        assert client.get(contribution.get_staff_url()).status_code == 200
        assert (
            client.get(f"/mijn/programma/activiteiten/{contribution.activity_id}/").status_code
            == 200
        )
