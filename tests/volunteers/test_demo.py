"""The volunteers' demo data: every status, activities with attendance, and the coordinators'
pages answer 200 for the demo logins."""

import pytest
from django.core.management import call_command

from portal.demo import email
from portal.models import User
from volunteers.models import (
    Activity,
    Attendance,
    ReadingVolunteer,
    StatisticsRecord,
    Status,
    TaalpuntPerson,
)
from volunteers.registration import own_page_url

pytestmark = pytest.mark.django_db


def test_demo_volunteers_and_pages(client):
    call_command("load_demo", quiet_logins=True)
    call_command("load_demo", quiet_logins=True)  # idempotent
    assert ReadingVolunteer.objects.count() == 40
    participants = TaalpuntPerson.objects.filter(role="participant")
    assert participants.count() == 60
    statuses = {s for s, _label in Status.choices}
    assert set(ReadingVolunteer.objects.values_list("status", flat=True)) == statuses
    assert set(participants.values_list("status", flat=True)) == statuses - {
        Status.VOG_REQUESTED,
        Status.TRAINED,  # participants take part after the intake
    }
    assert Activity.objects.count() == 4 and Attendance.objects.exists()
    assert StatisticsRecord.objects.count() == participants.confirmed().count()

    for login, programme, model in [
        ("voorleesexpress", "voorleesexpress", ReadingVolunteer),
        ("taalpunt", "taalpunt", TaalpuntPerson),
    ]:
        client.force_login(User.objects.get(email=email(login)))
        urls = [f"/{programme}/coordinatie/", f"/{programme}/coordinatie/berichten/"]
        urls += [f"/{programme}/coordinatie/{p.pk}/" for p in model.objects.confirmed()[:15]]
        if programme == "taalpunt":
            urls += ["/taalpunt/coordinatie/activiteiten/", "/taalpunt/coordinatie/statistiek/"]
            urls += [f"/taalpunt/coordinatie/activiteiten/{a.pk}/" for a in Activity.objects.all()]
        for url in urls:
            assert client.get(url).status_code == 200, (login, url)
    client.logout()
    participant = participants.filter(status=Status.ACTIVE).first()
    assert client.get(own_page_url(participant, "")).status_code == 200
    for url in ["/voorleesexpress/aanmelden/", "/taalpunt/aanmelden/",
                "/taalpunt/aanmelden/deelnemer/", "/taalpunt/aanmelden/vrijwilliger/"]:  # fmt: skip
        assert client.get(url).status_code == 200
