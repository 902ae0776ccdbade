"""Bench data and scenario of the VoorleesExpress coordinator's list (issue 7):
"volunteers_coordinator_list", 5,000 confirmed volunteers, filtered by status and day part.

The volunteers are written with one bulk_create in the scenario's setup (they belong to this
scenario only); a second run finds them and adds nothing.
"""

from datetime import timedelta

from django.utils import timezone

from portal.demo import email
from portal.fields import Wijk
from volunteers.models import DAY_PARTS, Language, ReadingVolunteer, Status

VOLUNTEERS = 5_000
EMAIL_DOMAIN = "bench-voorlezers.test"
COORDINATOR_EMAIL = email("voorleesexpress")  # the demo's VoorleesExpress coordinator
LIST_PATH = "/voorleesexpress/coordinatie/?status=active&availability=tue_pm"

STATUSES = [s for s, _label in Status.choices if s != Status.UNCONFIRMED]
WIJKEN = [w for w, _label in Wijk.choices]
PARTS = [code for code, _label in DAY_PARTS]
LANGUAGES = [code for code, _label in Language.choices]


def create_volunteers(client=None) -> None:
    existing = ReadingVolunteer.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count()
    if existing >= VOLUNTEERS:
        return
    now = timezone.now()
    today = timezone.localdate()
    ReadingVolunteer.objects.bulk_create(
        [
            ReadingVolunteer(
                first_name=f"Voorlezer{n}",
                last_name=f"Bench{n:05d}",
                email=f"voorlezer{n}@{EMAIL_DOMAIN}",
                phone="06 12345678",
                postcode="8011 AB",
                wijk=WIJKEN[n % len(WIJKEN)],
                availability=[PARTS[n % len(PARTS)], PARTS[(n * 7 + 4) % len(PARTS)], "tue_pm"]
                if n % 3 == 0
                else [PARTS[n % len(PARTS)]],
                languages=["nl", LANGUAGES[n % len(LANGUAGES)]],
                motivation="Voorlezen is leuk.",
                status=STATUSES[n % len(STATUSES)],
                registered_at=now - timedelta(days=n % 700),
                confirmed_at=now - timedelta(days=n % 700),
                vog_received_on=today - timedelta(days=n % 1200),
                vog_issued_on=today - timedelta(days=n % 1200 + 3),
            )
            for n in range(existing, VOLUNTEERS)
        ],
        batch_size=1000,
    )
