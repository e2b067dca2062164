"""Time and peak memory of our PDF pipeline, beside plain WeasyPrint on the same HTML.

Two documents of the demo (``manage.py load_demo``), as ``manage.py render_report`` makes them:

* ``book``: นาทอน's annual report of FY2570 (memo, plan, results, indicator and OIT tables);
* ``memo``: the results report's cover memo alone (with its approval blocks).

Each is rendered in its own child process, twice over:

* ``pipeline``: ``reports.rendering.render_pdf`` as the task worker calls it: the templates
  (``render_html``), the layout, a second layout when a memo page continues on the next one
  (the "/first words..." line at its foot), the text-layer shim (``reports/pdf_compat.py``),
  all in a forked grandchild under the time and memory limits (the first call also warms the
  child up: WeasyPrint, the fonts, pythainlp's dictionary);
* ``plain``: the same HTML (``render_html``, made before the clock starts) laid out once by
  ``weasyprint.HTML(string=html, base_url=…, url_fetcher=…).write_pdf()``: nothing of ours
  but the resource fetcher, without which the stylesheets and fonts would not load at all
  (it only reads files: the project's static files and the Thai fonts).

Seconds are the rendering alone, measured in the child (Django and WeasyPrint imported
before): the first rendering of the process ("cold": the worker's first document, which also
loads pythainlp's dictionary and parses the fonts for the shim), then the same document again
in the same process ("warm": a worker that has rendered before). The peak is the child's
maximum resident set size (``os.wait4``'s rusage, which on Linux includes the forked
grandchildren it waited for) over both: the whole process, Python,
Django, WeasyPrint and the document. Pages come from ``pdfinfo``. The median
time of ``--repeat`` runs is printed, with the largest peak. Last, one run of the real command
``manage.py render_report --kind book`` (database reads and Django's start included).

    python bench/pdf.py [--repeat 3]        # through scripts/with-postgres.sh (make bench)
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, setup

ORG, YEAR = "nathon", 2570
DOCUMENTS = ["book", "memo"]
VARIANTS = {"pipeline": "our pipeline", "plain": "plain WeasyPrint"}
TARGET_PAGES, TARGET_SECONDS, TARGET_MIB, TARGET_RATIO = 40, 10.0, 500, 1.2
MIB = 1024 * 1024


def rss_now() -> int:
    """This process's resident set size in bytes (Linux /proc)."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)[1]) * 1024


def inputs(kind: str) -> dict:
    """The snapshot and approval blocks ``render_report --kind <kind>`` renders: the newest
    saved report of that kind, else a transient one of live data."""
    from django_scopes import scope

    from organisations.models import FiscalYear, Organisation
    from reports import documents
    from reports.snapshot import approval_blocks, report_snapshot

    organisation = Organisation.objects.get(slug=ORG)
    with scope(organisation=organisation):
        fiscal_year = FiscalYear.objects.get(year=YEAR)
        report = documents.latest_report(fiscal_year=fiscal_year, kind=kind, round_=None)
        if report is None:
            report = documents.transient_report(
                organisation=organisation,
                fiscal_year=fiscal_year,
                kind=kind,
                round_=None,
                drafter=documents.coordinator_of(organisation),
            )
        return {
            "kind": kind,
            "snapshot": report_snapshot(report),
            "approvals": approval_blocks(report),
        }


def child(variant: str, source: Path, out: Path) -> None:
    """Render one document one way, twice, and print {"seconds" (the first rendering),
    "warm" (the second, in the same process), "rss_before", "html_seconds"}."""
    setup()
    import weasyprint  # noqa: F401 - imported before the baseline, as in the worker

    from reports import rendering

    data = json.loads(source.read_text())
    snapshot, approvals, kind = data["snapshot"], data["approvals"], data["kind"]
    html_started = time.perf_counter()
    html = rendering.render_html(snapshot, approvals, kind=kind)
    html_seconds = time.perf_counter() - html_started
    before = rss_now()
    seconds = []
    for _ in range(2):  # the first rendering of a fresh process, then the same one again
        started = time.perf_counter()
        if variant == "pipeline":
            pdf = rendering.render_pdf(snapshot, approvals, kind=kind)
        else:
            from weasyprint import HTML

            pdf = HTML(
                string=html, base_url=rendering.BASE_URL, url_fetcher=rendering._fetcher()
            ).write_pdf()
        seconds.append(time.perf_counter() - started)
    out.write_bytes(pdf)
    print(
        json.dumps(
            {
                "seconds": seconds[0],
                "warm": seconds[1],
                "rss_before": before,
                "html_seconds": html_seconds,
            }
        )
    )


def run(command: list[str]) -> tuple[float, int, str]:
    """Run a child; (wall seconds, peak RSS in bytes, stdout). Its own rusage, by os.wait4."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.PIPE)  # noqa: S603
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        errors = process.stderr.read().decode()
        process.stderr.close()
        output.seek(0)
        text = output.read().decode()
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{errors[-3000:]}")
    return wall, usage.ru_maxrss * 1024, text


def pages_of(pdf: Path) -> int:
    info = subprocess.run(  # noqa: S603
        ["pdfinfo", str(pdf)],  # noqa: S607 - poppler-utils (TEST_DEBS)
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("VARIANT", "INPUT", "OUTPUT"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    setup()
    work = Path(tempfile.mkdtemp(prefix="ita-bench-pdf-"))
    for kind in DOCUMENTS:
        (work / f"{kind}.json").write_text(json.dumps(inputs(kind), ensure_ascii=False))

    runs: dict[tuple[str, str], list[dict]] = {}
    for round_ in range(args.repeat):
        for kind in DOCUMENTS:
            for variant in VARIANTS:
                out = work / f"{kind}-{variant}.pdf"
                command = [sys.executable, __file__, "--child", variant]
                command += [str(work / f"{kind}.json"), str(out)]
                wall, peak, text = run(command)
                figures = json.loads(text.strip().splitlines()[-1])
                figures.update(peak=peak, wall=wall, pages=pages_of(out))
                runs.setdefault((kind, variant), []).append(figures)
                print(
                    f"  run {round_ + 1}: {kind:<4} {VARIANTS[variant]:<16} "
                    f"{figures['seconds']:6.2f} s, again {figures['warm']:6.2f} s, "
                    f"{figures['pages']} pages, "
                    f"peak {peak / MIB:.0f} MiB",
                    flush=True,
                )

    book_out = work / "book-command.pdf"
    command = [sys.executable, "manage.py", "render_report", "--org", ORG]
    command += ["--year", str(YEAR), "--kind", "book", "--out", str(book_out)]
    command_wall, command_peak, _ = run(command)
    command_pages = pages_of(book_out)

    print(
        f"\npdf: นาทอน FY{YEAR} (the demo), each rendering in its own process, "
        f"median of {args.repeat} runs, largest peak; {os.cpu_count()} cores shared"
    )
    print(
        f"{'document':<9}{'renderer':<18}{'pages':>6}{'seconds':>9}{'pages/s':>9}"
        f"{'warm s':>8}{'pages/s':>9}{'peak MiB':>10}{'MiB/page':>10}{'+MiB':>7}{'+MiB/page':>11}"
    )
    summary: dict[tuple[str, str], dict] = {}
    for (kind, variant), rows in runs.items():
        pages = rows[0]["pages"]
        seconds = statistics.median(row["seconds"] for row in rows)
        warm = statistics.median(row["warm"] for row in rows)
        peak = max(row["peak"] for row in rows)
        grown = max(row["peak"] - row["rss_before"] for row in rows)
        summary[kind, variant] = {
            "pages": pages,
            "seconds": seconds,
            "warm": warm,
            "peak": peak,
            "grown": grown,
        }
        print(
            f"{kind:<9}{VARIANTS[variant]:<18}{pages:>6}{seconds:>9.2f}{pages / seconds:>9.2f}"
            f"{warm:>8.2f}{pages / warm:>9.2f}{peak / MIB:>10.0f}{peak / MIB / pages:>10.1f}"
            f"{grown / MIB:>7.0f}{grown / MIB / pages:>11.1f}"
        )
    print(
        "(seconds: the process's first rendering; warm s: the same again in that process; "
        "+MiB: the peak above the process's size just before rendering)"
    )
    html_seconds = statistics.median(row["html_seconds"] for row in runs["book", "plain"])
    print(
        f"book HTML from the templates (render_html, inside our pipeline's time): "
        f"{html_seconds:.2f} s"
    )
    for kind in DOCUMENTS:
        ours, plain = summary[kind, "pipeline"], summary[kind, "plain"]
        ratio = ours["seconds"] / plain["seconds"]
        warm = ours["warm"] / plain["warm"]
        memory = ours["peak"] / plain["peak"]
        print(
            f"overhead {kind} (our pipeline / plain WeasyPrint): time ×{ratio:.2f} first, "
            f"×{warm:.2f} warm, peak memory ×{memory:.2f} (target ≤ {TARGET_RATIO}: "
            f"{'met' if max(ratio, warm) <= TARGET_RATIO else 'NOT met'})"
        )
    print(
        f"manage.py render_report --kind book (whole command, Django start and database reads "
        f"included): {command_pages} pages, {command_wall:.2f} s, peak {command_peak / MIB:.0f} MiB"
    )
    book = summary["book", "pipeline"]
    projected = book["seconds"] * TARGET_PAGES / book["pages"]
    extra_pages = max(0, TARGET_PAGES - book["pages"])
    projected_peak = (book["peak"] + book["grown"] / book["pages"] * extra_pages) / MIB
    time_verdict = "met" if projected <= TARGET_SECONDS else "NOT met"
    print(
        f"target: a {TARGET_PAGES}-page annual report ≤ {TARGET_SECONDS:.0f} s and ≤ "
        f"{TARGET_MIB} MiB: the demo's has {book['pages']} pages; projected linearly to "
        f"{TARGET_PAGES} pages {projected:.1f} s ({time_verdict}),"
        f" and peak {projected_peak:.0f} MiB "
        f"({'met' if projected_peak <= TARGET_MIB else 'NOT met'})"
    )
    print(f"(the PDFs are in {work})")


if __name__ == "__main__":
    main()
