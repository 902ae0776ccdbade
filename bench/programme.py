"""`python -m bench.programme`: the "programme_signup" scenario (issue 8).

250 visitors sign up for one session with 200 places, 50 requests at a time (threads, each with
its own test client and database connection), through the real sign-up form
(POST /programma/aanmelden/<id>/). Checks that exactly 200 places are given and the other 50
sign-ups wait, in order (nobody who got a place signed up after someone who waits), and that the
anonymous counts agree; prints and writes bench/results/programme_signup.json:

    {"name": "programme_signup", "database", "requests", "concurrency", "places", "confirmed",
     "waiting", "errors", "p50_ms", "p95_ms", "max_ms", "seconds"}

Uses portal.settings.bench, on its own SQLite file (var/bench-programme.sqlite3) or the database
in BENCH_DATABASE_URL (e.g. PostgreSQL), whose programme sign-ups it empties first. Exits 1 when
the session is overbooked, a request failed or the counts disagree.
"""

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

PLACES = 200
REQUESTS = 250
CONCURRENCY = 50
SQLITE_FILE = "bench-programme.sqlite3"
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results" / "programme_signup.json"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.programme",
        description="Concurrent sign-ups for one session (see bench/README.md).",
    )
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    parser.add_argument("--places", type=int, default=PLACES)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    return parser.parse_args(argv)


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.bench"
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django
    from django.conf import settings

    django.setup()
    if not os.environ.get("BENCH_DATABASE_URL"):
        settings.DATABASES["default"]["NAME"] = settings.BASE_DIR / "var" / SQLITE_FILE


def prepare(places: int):
    """A fresh database (SQLite) or emptied sign-ups, and one activity with one session."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from bench import generator
    from programme.models import ProgrammeActivityPage, SignUp, SignupTally

    is_sqlite = connection.vendor == "sqlite"
    if is_sqlite:
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        generator._remove_sqlite_file()
    generator.migrate(fresh=is_sqlite)
    SignUp.objects.all().delete()
    SignupTally.objects.all().delete()
    ProgrammeActivityPage.objects.filter(slug="bench-aanmelden").delete()

    from tests.factories.programme import ActivityFactory, RoomFactory

    room = RoomFactory(name="Benchzaal", seats=places)
    start = timezone.now().replace(microsecond=0) + timedelta(days=7)
    activity = ActivityFactory(
        title="Bench: aanmelden",
        slug="bench-aanmelden",
        sessions=[(start, places)],
        sessions__room=room,
        max_places_per_signup=1,
    )
    generator.settle(is_sqlite)
    return activity


def post_signup(path: str, session_pk: int, n: int) -> tuple[float, int]:
    from django.db import connection
    from django.test import Client

    client = Client()
    started = time.perf_counter()
    try:
        response = client.post(
            path,
            {
                "session": session_pk,
                "name": f"Bezoeker {n}",
                "email": f"bezoeker{n}@bench-programma.test",
                "places": 1,
            },
        )
        status = response.status_code
    except Exception as error:  # counted and printed, the run fails
        print(f"request {n}: {type(error).__name__}", file=sys.stderr)
        status = 500
    finally:
        connection.close()
    return (time.perf_counter() - started) * 1000, status


# --- GET scenarios in bench/scenarios.py (the demo's programme, loaded by the generator) -------

STAFF_EMAIL = "programmamaker@demo.cultuurportaal.test"  # the demo's Programmamaker


def signup_form_path(client=None) -> str:
    """The sign-up form of the demo's full activity (its waiting list)."""
    from programme.models import ProgrammeActivityPage

    activity = ProgrammeActivityPage.objects.get(slug="demo-lezing-hanzestad")
    return f"/programma/aanmelden/{activity.pk}/"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main(argv=None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.db import connection

    from programme.models import SignUp, SignupStatus, SignupTally

    activity = prepare(args.places)
    session = activity.sessions.get()
    path = f"/programma/aanmelden/{activity.pk}/"
    database = connection.vendor
    connection.close()  # the threads open their own
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        results = list(pool.map(lambda n: post_signup(path, session.pk, n), range(args.requests)))
    seconds = time.perf_counter() - started
    latencies = [ms for ms, _status in results]
    errors = sum(1 for _ms, status in results if status != 302)

    rows = SignUp.objects.filter(session=session)
    confirmed = rows.filter(status=SignupStatus.CONFIRMED)
    waiting = rows.filter(status=SignupStatus.WAITING)
    tally = SignupTally.objects.get(session=session)
    last_confirmed = max(confirmed.values_list("created_at", flat=True), default=None)
    first_waiting = min(waiting.values_list("created_at", flat=True), default=None)
    result = {
        "name": "programme_signup",
        "database": database,
        "requests": args.requests,
        "concurrency": args.concurrency,
        "places": args.places,
        "confirmed": confirmed.count(),
        "waiting": waiting.count(),
        "errors": errors,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
        "seconds": round(seconds, 1),
    }
    print(json.dumps(result, indent=2))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Wrote {args.output}")

    failures = []
    expected_confirmed = min(args.places, args.requests - errors)
    if result["confirmed"] != expected_confirmed:
        failures.append(f"{result['confirmed']} places given, expected {expected_confirmed}")
    if errors:
        failures.append(f"{errors} requests failed")
    if (tally.places, tally.signups) != (result["confirmed"], rows.count()):
        failures.append("the anonymous counts disagree with the sign-ups")
    if last_confirmed and first_waiting and last_confirmed > first_waiting:
        failures.append("someone got a place after someone who waits")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
