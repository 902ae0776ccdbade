"""The volunteers' periodic jobs (found by `manage.py run_periodic` through autodiscovery).

- Unconfirmed registrations are deleted after 7 days: nobody ever saw them.
- Coordinators are reminded, once per person, before retention deletes a stopped person's data
  (so they can record a reason the register allows to keep them), and weekly of VOGs that are
  three years old.
Retention itself is the privacy app's daily job: the models declare `ended` (volunteers/models).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from portal.emails import send_templated_email
from portal.periodic import periodic_job
from privacy.models import Purpose
from volunteers import queries, registration
from volunteers.models import Status
from volunteers.programmes import PROGRAMMES, VOORLEESEXPRESS


def delete_unconfirmed(now=None) -> int:
    moment = (now or timezone.now()) - registration.UNCONFIRMED_KEPT
    deleted = 0
    for programme in PROGRAMMES.values():
        count, _per_model = programme.model.objects.unconfirmed_before(moment).delete()
        deleted += count
    return deleted


def coordinators(programme):
    purpose = Purpose.objects.filter(code=programme.purpose).first()
    if purpose is None:
        return []
    users = get_user_model().objects.filter(is_active=True, groups__in=purpose.roles.all())
    return sorted(set(users.values_list("email", flat=True)))


def send_reminders() -> dict:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    sent = {}
    for programme in PROGRAMMES.values():
        people = programme.model.objects.confirmed()
        due = people.filter(
            queries.deletion_due_soon(programme), retention_reminded_at__isnull=True
        )
        deletions = due.count()
        vogs = 0
        if programme.code == VOORLEESEXPRESS:
            vogs = (
                people.exclude(status=Status.STOPPED)
                .filter(vog_issued_on__lte=queries.vog_expired_before())
                .count()
            )
        if not (deletions or vogs):
            continue
        list_url = base + reverse("volunteers:list", kwargs={"programme": programme})
        recipients = coordinators(programme)
        if recipients:
            send_templated_email(
                "volunteers_reminders",
                {
                    "programme": programme.name,
                    "deletions": deletions,
                    "vogs": vogs,
                    "deletions_url": f"{list_url}?attention=retention",
                    "vogs_url": f"{list_url}?attention=vog",
                },
                to=recipients,
            )
            due.update(retention_reminded_at=timezone.now())
        sent[programme.code] = (deletions, vogs)
    return sent


@periodic_job(
    "volunteers_delete_unconfirmed",
    every=timedelta(days=1),
    description="Delete VoorleesExpress and Taalpunt registrations not confirmed within 7 days",
)
def delete_unconfirmed_job():
    return f"{delete_unconfirmed()} deleted"


@periodic_job(
    "volunteers_coordinator_reminders",
    every=timedelta(days=7),
    description="Remind coordinators of data about to be deleted and of VOGs three years old",
)
def reminders_job():
    sent = send_reminders()
    return ", ".join(f"{code}: {d} deletions, {v} VOGs" for code, (d, v) in sorted(sent.items()))
