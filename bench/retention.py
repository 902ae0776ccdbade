"""`python -m bench.retention [--rows N]`: time `apply_retention` on N expired access-log rows.

Fills the bench database with N access-log entries whose retention has passed (one INSERT ...
SELECT, no Python loop) and a few thousand recent ones that must stay, then runs
`apply_retention` in a child process and measures its wall time and peak memory (the child's
maximum resident set size). Checks that exactly the expired rows are gone, prints the result and
writes bench/results/retention.json: {"rows", "seconds", "peak_rss_mb", "database"}. Exits 1 when
the check fails or the peak memory reaches the limit (300 MB).

Uses portal.settings.bench. On SQLite its own file, var/bench-retention.sqlite3 (so it never
touches the scenarios' var/bench.sqlite3, and runs beside them); BENCH_DATABASE_URL picks another
database, e.g. PostgreSQL, whose access log is emptied first.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from datetime import timedelta
from pathlib import Path

DEFAULT_ROWS = 1_000_000
KEPT_ROWS = 5_000
MEMORY_LIMIT_MB = 300
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results" / "retention.json"
SQLITE_FILE = "bench-retention.sqlite3"

INSERT_SQL = {
    # n = 1..count, each row a second earlier than the one before.
    "sqlite": """
        WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %s)
        INSERT INTO privacy_accesslogentry
            (at, user_id, purpose, action, content_type_id, object_id, count)
        SELECT datetime(%s, '-' || n || ' seconds'), NULL, %s, 'view', %s, CAST(n AS TEXT), 1
        FROM seq
    """,
    "postgresql": """
        INSERT INTO privacy_accesslogentry
            (at, user_id, purpose, action, content_type_id, object_id, count)
        SELECT %s::timestamptz - n * interval '1 second', NULL, %s, 'view', %s, n::text, 1
        FROM generate_series(1, %s) AS n
    """,
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.retention",
        description="Time apply_retention on N expired access-log rows (see bench/README.md).",
    )
    parser.add_argument(
        "--rows", type=int, default=DEFAULT_ROWS, help=f"expired rows (default {DEFAULT_ROWS:,})"
    )
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON result"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.bench"
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django
    from django.conf import settings

    django.setup()
    if not os.environ.get("BENCH_DATABASE_URL"):
        # Before the first connection: the handler reads DATABASES when first used.
        settings.DATABASES["default"]["NAME"] = settings.BASE_DIR / "var" / SQLITE_FILE


def run_child() -> int:
    """What is measured: the command, exactly as cron or an operator runs it."""
    from django.core.management import call_command

    call_command("apply_retention")
    return 0


def prepare(rows: int) -> None:
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from bench import generator
    from privacy.models import AccessLogEntry, Purpose

    is_sqlite = connection.vendor == "sqlite"
    if is_sqlite:
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        generator._remove_sqlite_file()
    generator.migrate(fresh=is_sqlite)
    started = time.perf_counter()
    retention = Purpose.objects.get(code="toegangslog").retention_days
    now = timezone.now()
    with transaction.atomic():
        AccessLogEntry.objects.all()._raw_delete(AccessLogEntry.objects.db)
        insert(rows, now - timedelta(days=retention + 1))
        insert(KEPT_ROWS, now - timedelta(days=10))
    generator.settle(is_sqlite)
    print(
        f"Inserted {rows:,} expired and {KEPT_ROWS:,} recent access-log entries "
        f"({generator.describe_database()}) in {time.perf_counter() - started:.1f} s.",
        flush=True,
    )


def insert(count: int, newest) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from portal.models import User

    content_type = ContentType.objects.get_for_model(User).pk
    newest = connection.ops.adapt_datetimefield_value(newest)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(INSERT_SQL["sqlite"], [count, newest, "accounts", content_type])
        else:
            cursor.execute(INSERT_SQL["postgresql"], [newest, "accounts", content_type, count])


def measure() -> tuple[float, float, str]:
    """Run the command in a child process: (seconds, peak RSS in MB, its output)."""
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-m", "bench.retention", "--child"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    seconds = time.perf_counter() - started
    if child.returncode:
        sys.stderr.write(child.stdout + child.stderr)
        raise SystemExit(f"apply_retention failed with exit code {child.returncode}")
    # ru_maxrss: kilobytes on Linux; the largest of the children waited for (there is one).
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb, child.stdout


def remaining() -> tuple[int, int]:
    """(access-log entries left, of which past retention)."""
    from django.utils import timezone

    from privacy.models import AccessLogEntry, Purpose

    retention = Purpose.objects.get(code="toegangslog").retention_days
    cutoff = timezone.now() - timedelta(days=retention)
    return AccessLogEntry.objects.count(), AccessLogEntry.objects.filter(at__lt=cutoff).count()


def main(argv=None) -> int:
    args = parse_args(argv)
    setup_django()
    if args.child:
        return run_child()
    from django.db import connection

    prepare(args.rows)
    print("Running apply_retention in a child process ...", flush=True)
    seconds, peak_mb, output = measure()
    print(output.rstrip())
    left, expired = remaining()
    result = {
        "rows": args.rows,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "database": connection.vendor,
    }
    print(
        f"\n{args.rows:,} expired rows on {connection.vendor}: {result['seconds']} s, "
        f"peak memory {result['peak_rss_mb']} MB (limit {MEMORY_LIMIT_MB} MB); "
        f"{left:,} entries left, {expired} of them expired."
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Wrote {args.output}")
    failures = []
    if (left, expired) != (KEPT_ROWS, 0):
        failures.append(f"expected {KEPT_ROWS} recent entries left and 0 expired")
    if peak_mb >= MEMORY_LIMIT_MB:
        failures.append(f"peak memory {peak_mb:.0f} MB is over the limit")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
