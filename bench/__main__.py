"""`python -m bench [--scale N] [--runs N] [--only NAME] [--keep-db]` (what `make bench` runs)."""

import argparse
import os
import sys
import time
import warnings
from pathlib import Path


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Fill the bench database and time each scenario (see bench/README.md).",
    )
    parser.add_argument(
        "--scale", type=positive_int, default=1, help="multiply the generated data (default 1)"
    )
    parser.add_argument(
        "--runs", type=positive_int, default=30, help="timed requests per scenario (default 30)"
    )
    parser.add_argument("--only", metavar="NAME", help="run this scenario only (and the floor)")
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="reuse the bench database if it already holds the data for this scale",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the JSON results (default bench/results/latest.json; "
        "with --only nothing is written unless --output is given)",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    # Always the bench settings: never measure (or fill) the development database by accident.
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.bench"
    # WhiteNoise warns that STATIC_ROOT (filled by collectstatic) is missing; the scenarios
    # request pages, not static files.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()

    from bench import generator, runner

    started = time.perf_counter()
    scenarios = runner.select(args.only)
    generator.prepare_database(args.scale, keep_db=args.keep_db)
    print(f"Running {len(scenarios)} scenarios, {args.runs} timed requests each:", flush=True)
    try:
        measurements = runner.run(scenarios, args.runs)
    except runner.ScenarioFailed as error:
        print(f"\nScenario failed: {error}", file=sys.stderr)
        return 1
    rows = runner.rows(measurements, args.scale)
    print()
    print(runner.table(rows))
    output = args.output or (None if args.only else runner.DEFAULT_OUTPUT)
    if output is not None:
        runner.write_json(rows, output)
        print(f"\nWrote {output}")
    print(f"Done in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
