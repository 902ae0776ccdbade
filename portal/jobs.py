"""The core's periodic jobs; imported by the run_periodic command through the app registry."""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from portal.models.invitations import invitation_models
from portal.periodic import periodic_job


@periodic_job("clear_sessions", every=timedelta(days=1), description="Delete expired sessions")
def clear_sessions():
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


@periodic_job(
    "delete_old_invitations",
    every=timedelta(days=1),
    description="Delete invitations (and the address they went to) 30 days after they ended",
)
def delete_old_invitations():
    cutoff = timezone.now() - timedelta(days=30)
    deleted = 0
    for model in invitation_models.values():
        count, _ = model.objects.filter(expires_at__lt=cutoff).delete()
        deleted += count
    return f"{deleted} deleted"


@periodic_job(
    "prune_task_results",
    every=timedelta(days=1),
    description="Delete results of background tasks that finished more than 14 days ago",
)
def prune_task_results():
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return "not using the database task backend"
    call_command("prune_db_task_results", min_age_days=14, verbosity=0)
    return "pruned"
