"""Latency and throughput of the portal's busiest pages as the number of organisations grows.

For each level (default 1, 100 and 2,000 organisations, seeded by bench/seed.py) gunicorn
serves the portal on loopback with 2×cores+1 workers and 50 virtual coordinators (threads
of this script, each with a keep-alive connection and the session of a random organisation;
no locust or other load tool needed) read its pages for a bounded time, each one a page and
then 1–2 seconds of thinking:

* ``progress``: the staff progress page of the plan (/o/<org>/progress/2570/)
* ``readiness``: the OIT readiness page (/o/<org>/oit/2570/readiness/)
* ``public``: the public page of the organisation's published FY2570 measures plan
  (/p/<org>/2570/reports/plan/: the report's HTML body rendered from its frozen snapshot),
  read anonymously, as the public reads it (bench/seed.py publishes one for every bench
  organisation)
* ``public_pdf``: the stored PDF of that report (/p/<org>/2570/reports/plan/v1/pdf/), its own
  file for every organisation

It prints p50/p95 and requests per second for every page and level, then a short saturation
run (20 users, no think time) for the throughput ceiling, and one user alone without think
time (each page's own time, without queueing: on a machine shared with other work the 50-user
figures mostly measure the queue), each with the ratio p95(largest)/p95(1), and the machine's
load average around each level. At the largest level it EXPLAINs the slowest queries of each
page and names any sequential scan. At the smallest and the largest level it times `migrate`
re-applying the newest migration of each of our apps (bench/migrate.py).
"""

import argparse
import http.client
import math
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, setup

# (name, path, read with the coordinator's session)
PAGES = [
    ("progress", "/o/{slug}/progress/2570/", True),
    ("readiness", "/o/{slug}/oit/2570/readiness/", True),
    ("public", "/p/{slug}/2570/reports/plan/", False),
    ("public_pdf", "/p/{slug}/2570/reports/plan/v1/pdf/", False),
]
# p95 targets of issue #9 at 50 users and 2,000 organisations, and of the ratio
TARGETS = {"progress": 800, "public": 300}
RATIO_TARGET = 1.3
PY = sys.executable
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "ita_portal.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not answer")


def targets(level: int, sample: int) -> dict:
    from django.test import Client
    from django_scopes import scopes_disabled

    from organisations.models import Organisation, User

    with scopes_disabled():
        slugs = list(
            Organisation.objects.filter(slug__startswith="bench")
            .order_by("slug")
            .values_list("slug", flat=True)[:level]
        )
    chosen = random.Random(level).sample(  # noqa: S311 - a repeatable sample, not a secret
        slugs, min(sample, len(slugs))
    )
    organisations = []
    for slug in chosen:
        client = Client()
        client.force_login(User.objects.get(username=f"{slug}_coordinator"))
        organisations.append({"slug": slug, "session": client.cookies["sessionid"].value})
    return {"organisations": organisations}


def available_pages(slug: str, session: str, port: int) -> list[tuple[str, str, bool]]:
    pages = []
    for name, path, staff in PAGES:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path.format(slug=slug)}",
            headers={"Cookie": f"sessionid={session}"} if staff else {},
        )
        size = 0
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                status = response.status
                size = len(response.read())
        except urllib.error.HTTPError as error:
            status = error.code
        if status == 200:
            pages.append((name, path, staff))
            print(f"  page {name} ({path}): {size / 1024:.0f} KiB", flush=True)
        else:
            print(f"  page {name} ({path}) answers {status}: not measured", flush=True)
    return pages


def virtual_user(
    port: int, data: dict, seed: int, deadline: float, think: tuple[float, float], out: list
) -> None:
    """One coordinator: a keep-alive connection with the session of one organisation, reading
    a random page of it (public pages without the session), then thinking for a random time in
    `think` seconds, until the deadline.
    Appends (page name, milliseconds, HTTP status or 0 for a broken connection) to `out`."""
    rng = random.Random(seed)  # noqa: S311 - load spread, not security
    target = rng.choice(data["organisations"])
    session = {"Cookie": f"sessionid={target['session']}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < deadline:
        name, path, staff = rng.choice(data["pages"])
        start = time.perf_counter()
        try:
            connection.request(
                "GET", path.format(slug=target["slug"]), headers=session if staff else {}
            )
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            status = 0
        out.append((name, (time.perf_counter() - start) * 1000, status))
        pause = rng.uniform(*think)
        if pause:
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
    connection.close()


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `share` of them at or
    below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def run_load(port: int, data: dict, users: int, seconds: int, think: tuple[float, float]) -> dict:
    """`users` virtual users (threads) for `seconds`; per page and "Aggregated": request and
    failure counts, p50/p95 in ms and requests per second over the run."""
    samples: list[tuple[str, float, int]] = []
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=virtual_user, args=(port, data, i, deadline, think, samples))
        for i in range(users)
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    by_page: dict[str, list[tuple[float, int]]] = {}
    for name, ms, status in samples:
        by_page.setdefault(name, []).append((ms, status))
        by_page.setdefault("Aggregated", []).append((ms, status))
    return {
        name: {
            "count": len(rows),
            "failures": sum(1 for _, status in rows if status != 200),
            "p50": percentile([ms for ms, _ in rows], 0.50),
            "p95": percentile([ms for ms, _ in rows], 0.95),
            "rps": len(rows) / elapsed,
        }
        for name, rows in by_page.items()
    }


def explain(slug: str, pages: list[tuple[str, str, bool]]) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from organisations.models import User

    staff = Client(HTTP_HOST="127.0.0.1")  # ALLOWED_HOSTS of the bench, not "testserver"
    staff.force_login(User.objects.get(username=f"{slug}_coordinator"))
    anonymous = Client(HTTP_HOST="127.0.0.1")
    for name, path, with_session in pages:
        client = staff if with_session else anonymous
        client.get(path.format(slug=slug))  # warm
        with CaptureQueriesContext(connection) as queries:
            client.get(path.format(slug=slug))
        timed = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        total = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(f"  {name}: {len(queries.captured_queries)} queries, {total:.1f} ms in SQL")
        for query in timed[:3]:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}")
                plan = [row[0] for row in cursor.fetchall()]
            seq = [line.strip() for line in plan if "Seq Scan" in line]
            took = plan[-1].strip()
            print(f"    {float(query['time']) * 1000:6.1f} ms  {sql[:110]}…")
            print(f"             {took}; {'; '.join(seq) if seq else 'index scans only'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--levels", default="1,100,2000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--saturation-seconds", type=int, default=None)
    parser.add_argument("--probe-seconds", type=int, default=10)
    args = parser.parse_args()
    if args.saturation_seconds is None:
        args.saturation_seconds = max(3, args.seconds // 2)
    setup()
    import logging

    import migrate as migrate_bench
    import seed

    # force_login() of the sampled coordinators would log one line each
    logging.getLogger("ita_portal.security").setLevel(logging.WARNING)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # the seed's one rendering
    from django.db import connection

    workers = 2 * (os.cpu_count() or 1) + 1
    port = free_port()
    server = start_gunicorn(port, workers)
    results: dict[int, dict] = {}
    saturation: dict[int, dict] = {}
    alone: dict[int, dict] = {}
    migrate_times: dict[int, dict] = {}
    levels = [int(level) for level in args.levels.split(",")]
    try:
        for level in levels:
            seeding = time.perf_counter()
            added = seed.seed(level)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(
                f"level {level} organisations ({added} added by bench/seed.py in "
                f"{time.perf_counter() - seeding:.1f} s)",
                flush=True,
            )
            if level in (levels[0], levels[-1]):
                migrate_times[level] = migrate_bench.reapply_newest()
                print("  " + migrate_bench.line(migrate_times[level]), flush=True)
            data = targets(level, sample=100)
            pages = available_pages(
                data["organisations"][0]["slug"], data["organisations"][0]["session"], port
            )
            data["pages"] = pages
            run_load(port, data, 10, 5, (0, 0))  # warm every worker's connection
            load_before = os.getloadavg()[0]
            results[level] = run_load(port, data, args.users, args.seconds, (1, 2))
            saturation[level] = run_load(port, data, 20, args.saturation_seconds, (0, 0))
            alone[level] = run_load(port, data, 1, args.probe_seconds, (0, 0))
            print(
                f"  machine load average (1 min): {load_before:.1f} before, "
                f"{os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores",
                flush=True,
            )
            for name, figures in sorted(results[level].items()):
                print(
                    f"  {name:<11} p50 {figures['p50']:6.0f} ms  p95 {figures['p95']:6.0f} ms  "
                    f"{figures['rps']:6.1f} req/s  ({figures['count']} requests, "
                    f"{figures['failures']} failed)  saturated: "
                    f"{saturation[level].get(name, {}).get('rps', 0):.1f} req/s, p95 "
                    f"{saturation[level].get(name, {}).get('p95', 0):.0f} ms; one user alone: "
                    f"p50 {alone[level].get(name, {}).get('p50', 0):.0f} ms, p95 "
                    f"{alone[level].get(name, {}).get('p95', 0):.0f} ms",
                    flush=True,
                )
        top = levels[-1]
        print(f"\nslowest queries at {top} organisations (EXPLAIN ANALYZE):")
        explain(targets(top, sample=1)["organisations"][0]["slug"], pages)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    first, last = levels[0], levels[-1]
    print(
        f"\nload: {args.users} users, 1–2 s think time, {args.seconds} s per level, "
        f"gunicorn {workers} workers on {os.cpu_count()} cores (loopback)"
    )
    for title, table in (
        (f"{args.users} users", results),
        ("one user alone, no think time (the pages' own time, without queueing)", alone),
    ):
        print(
            f"{'page':<11}"
            + "".join(f"{f'p50/p95@{lv}':>17}" for lv in levels)
            + f"{'ratio':>8}  (p95({last})/p95({first}), target ≤ {RATIO_TARGET}; {title})"
        )
        for name in sorted(table[last]):
            cells = "".join(
                f"{table[lv].get(name, {}).get('p50', 0):>8.0f}/"
                f"{table[lv].get(name, {}).get('p95', 0):>4.0f} ms"
                for lv in levels
            )
            base = table[first].get(name, {}).get("p95") or 0
            ratio = table[last][name]["p95"] / base if base else float("nan")
            verdict = "met" if ratio <= RATIO_TARGET else "NOT met"
            print(f"{name:<11}{cells}{ratio:>8.2f}  {verdict}")
    print(
        f"{'req/s':<11}"
        + "".join(
            f"{results[lv]['Aggregated']['rps']:>9.1f}/{saturation[lv]['Aggregated']['rps']:>5.1f}"
            + " " * 2
            for lv in levels
        )
        + "  (with think time / saturated, 20 users without)"
    )
    for level, figures in migrate_times.items():
        print(f"level {level}: {migrate_bench.line(figures)}")
    for name, target in TARGETS.items():
        if name in results[last]:
            p95 = results[last][name]["p95"]
            verdict = "met" if p95 <= target else "NOT met"
            print(
                f"target: {name} p95 ≤ {target} ms at {args.users} users and {last} "
                f"organisations: {p95:.0f} ms, {verdict}"
            )


if __name__ == "__main__":
    main()
