"""Run the scenarios through Django's test client and report timings and query counts."""

import gc
import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.scenarios import FLOOR, SCENARIOS, Scenario
from portal.models import User

WARMUP_REQUESTS = 3
RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_OUTPUT = RESULTS_DIR / "latest.json"


class ScenarioFailed(Exception):
    pass


@dataclass
class Measurement:
    name: str
    path: str
    timings_ms: list[float]
    queries: int

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95_ms(self) -> float:
        if len(self.timings_ms) < 2:
            return self.timings_ms[0]
        return statistics.quantiles(self.timings_ms, n=20, method="inclusive")[18]


def select(only: str | None) -> list[Scenario]:
    """The scenarios to run: all of them, or one (plus the floor, which every row needs)."""
    if only is None:
        return list(SCENARIOS)
    names = [scenario.name for scenario in SCENARIOS]
    if only not in names:
        raise SystemExit(f"Unknown scenario {only!r}; there are: {', '.join(names)}")
    return [s for s in SCENARIOS if s.name in (only, FLOOR)]


def measure(scenario: Scenario, runs: int) -> Measurement:
    client = Client()
    if scenario.user is not None:
        user = User.objects.filter(email=scenario.user).first()
        if user is None:
            raise ScenarioFailed(f"{scenario.name}: no user {scenario.user} in the bench database")
        client.force_login(user)
    path = scenario.path
    if scenario.setup is not None:
        # A setup may return the path, for pages whose address holds an id.
        path = scenario.setup(client) or path

    def get():
        try:
            response = client.get(path)
        except Exception as error:
            raise ScenarioFailed(
                f"{scenario.name}: GET {path} raised {type(error).__name__}: {error}"
            ) from error
        if response.status_code != 200:
            raise ScenarioFailed(
                f"{scenario.name}: GET {path} answered {response.status_code}, not 200"
            )
        return response

    for _ in range(WARMUP_REQUESTS):
        get()
    # Queries are counted on a request of their own: capturing them costs time. Count them
    # now: the captured list is read lazily from connection.queries, which the next request
    # clears.
    with CaptureQueriesContext(connection) as captured:
        get()
    queries = len(captured)
    timings = []
    gc.collect()  # not the garbage of earlier scenarios
    for _ in range(runs):
        started = time.perf_counter()
        get()
        timings.append((time.perf_counter() - started) * 1000)
    return Measurement(scenario.name, path, timings, queries)


def run(scenarios: list[Scenario], runs: int) -> list[Measurement]:
    # The floor first, so that the rows printed as they finish can show their ratio.
    ordered = sorted(scenarios, key=lambda scenario: scenario.name != FLOOR)
    measured = {}
    for scenario in ordered:
        measured[scenario.name] = measurement = measure(scenario, runs)
        floor = measured[FLOOR].p50_ms
        print(
            f"  {scenario.name:<24} p50 {measurement.p50_ms:8.2f} ms  "
            f"({measurement.p50_ms / floor:.1f}x floor)",
            flush=True,
        )
    return [measured[scenario.name] for scenario in scenarios]


def rows(measurements: list[Measurement], scale: int) -> list[dict]:
    floor = next(m for m in measurements if m.name == FLOOR).p50_ms
    return [
        {
            "name": m.name,
            "scale": scale,
            "requests": len(m.timings_ms),
            "p50_ms": round(m.p50_ms, 2),
            "p95_ms": round(m.p95_ms, 2),
            "queries": m.queries,
            "floor_p50_ms": round(floor, 2),
        }
        for m in measurements
    ]


def write_json(result_rows: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"scenarios": result_rows}, indent=2) + "\n")


def table(result_rows: list[dict]) -> str:
    header = ("scenario", "scale", "requests", "p50 ms", "p95 ms", "queries", "floor p50", "/floor")
    lines = [
        (
            row["name"],
            str(row["scale"]),
            str(row["requests"]),
            f"{row['p50_ms']:.2f}",
            f"{row['p95_ms']:.2f}",
            str(row["queries"]),
            f"{row['floor_p50_ms']:.2f}",
            f"{row['p50_ms'] / row['floor_p50_ms']:.1f}" if row["floor_p50_ms"] else "-",
        )
        for row in result_rows
    ]
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(header))]

    def fmt(cells):
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest])

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([fmt(header), rule, *(fmt(cells) for cells in lines)])
