"""Delete or anonymise personal data whose purpose ended longer ago than its retention.

Also runs daily as the periodic job "apply_retention" (privacy/jobs.py). Safe to interrupt and
to run again: a second run changes nothing.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from privacy import retention
from privacy.models import Purpose


class ProgressBar:
    """A one-line text bar on a terminal, redrawn with a carriage return."""

    WIDTH = 40

    def __init__(self, out, total: int):
        self.out, self.total, self.done = out, total, 0
        self.shown_at = 0.0

    def __call__(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.shown_at >= 0.1 or self.done >= self.total:
            self.shown_at = now
            self.draw()

    def draw(self) -> None:
        share = min(self.done / self.total, 1) if self.total else 1
        filled = round(share * self.WIDTH)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.out.write(f"\r[{bar}] {share:4.0%} {self.done}/{self.total}", ending="")
        self.out.flush()

    def finish(self) -> None:
        self.draw()
        self.out.write("")


class Command(BaseCommand):
    help = (
        "Delete or anonymise the personal data whose purpose ended longer ago than the "
        "retention in the register; keep what is under legal hold."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would happen; change nothing."
        )
        parser.add_argument("--purpose", metavar="CODE", help="Only this purpose of the register.")

    def handle(self, *args, **options):
        code, dry_run = options["purpose"], options["dry_run"]
        if code and not Purpose.objects.filter(code=code).exists():
            raise CommandError(f"Unknown purpose {code!r}; see `manage.py privacy_register`.")
        steps = retention.plan(code)
        if dry_run:
            tallies = retention.count(steps)
        elif self.stdout.isatty():
            bar = ProgressBar(self.stdout, sum(t.total for t in retention.count(steps)))
            tallies = retention.apply(steps, progress=bar)
            bar.finish()
        else:
            tallies = retention.apply(steps)
        self.print_summary(tallies, dry_run)

    def print_summary(self, tallies, dry_run: bool) -> None:
        if dry_run:
            self.stdout.write("Dry run: nothing was changed. Records that would be changed:")
        by_purpose: dict[str, list] = {}
        for tally in tallies:
            by_purpose.setdefault(tally.purpose, []).append(tally)
        row = "  {:<38} {:>10} {:>10} {:>11}"
        for code, rows in by_purpose.items():
            self.stdout.write(self.style.MIGRATE_HEADING(code))
            self.stdout.write(row.format("model", "deleted", "anonymised", "legal hold"))
            for tally in rows:
                self.stdout.write(
                    row.format(tally.model, tally.deleted, tally.anonymised, tally.held)
                )
        self.stdout.write(f"Total: {retention.summary_line(tallies)}.")
