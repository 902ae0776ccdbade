"""The one entry point for periodic jobs. Call it from cron or a systemd timer, e.g. every
15 minutes; each job runs when its interval has passed, once, whichever server calls first."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import autodiscover_modules

from portal.periodic import jobs as registry
from portal.periodic import run_due


class Command(BaseCommand):
    help = "Run the periodic jobs that are due (retention, reminders, clean-up)."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")
        parser.add_argument("--job", help="Run only this job.")
        parser.add_argument(
            "--force", action="store_true", help="Run even if the job is not due yet."
        )

    def handle(self, *args, **options):
        # Every app's jobs.py registers its jobs with @periodic_job.
        autodiscover_modules("jobs")
        if options["list"]:
            for job in sorted(registry.values(), key=lambda j: j.name):
                self.stdout.write(f"{job.name:<28} every {job.every}  {job.description}")
            return
        if options["job"] and options["job"] not in registry:
            raise CommandError(f"Unknown job {options['job']!r}; see --list.")
        failed = 0
        for job, ran, ok, summary in run_due(only=options["job"], force=options["force"]):
            if not ran:
                self.stdout.write(f"{job.name}: not due")
            elif ok:
                self.stdout.write(self.style.SUCCESS(f"{job.name}: done {summary}".rstrip()))
            else:
                failed += 1
                self.stdout.write(self.style.ERROR(f"{job.name}: failed ({summary})"))
        if failed:
            raise CommandError(f"{failed} periodic job(s) failed; see the log.")
