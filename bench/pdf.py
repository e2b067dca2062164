"""Time and peak memory of our PDF pipeline, beside plain WeasyPrint on the same HTML.

Three documents of the demo (``manage.py load_demo``), as ``manage.py render_report`` makes them:

* ``book``: นาทอน's annual report of FY2570 (cover, foreword, contents, memo, plan, results,
  indicator and OIT tables);
* ``book40``: the same book for an organisation with three times the measures (the demo's
  measures and their results listed three times, numbered on): about 40 pages, the size issue
  #9 sets its target for;
* ``memo``: the results report's cover memo alone (with its approval blocks; it continues on a
  second page, so it prints a continuation line).

Each is rendered in its own child process, two ways:

* ``pipeline``: ``reports.documents.pdf.render_pdf`` as the task worker calls it: the templates
  (``render_html``), one layout (the continuation lines are filled in between pagination and
  the margin boxes), the text-layer shim (``reports/pdf_compat.py``), all in a forked
  grandchild under the time and memory limits;
* ``plain``: the same HTML (``render_html``, made before the clock starts) laid out by
  ``weasyprint.HTML(string=html, base_url=…, url_fetcher=…).write_pdf()``: nothing of ours
  but the resource fetcher, without which the stylesheets and fonts would not load at all
  (it only reads files: the project's static files and the Thai fonts).

Each child first warms up the way its renderer's process would (timed apart: ``warm-up``): the
pipeline with ``rendering.warm_up()``, which the task worker runs when it starts (WeasyPrint,
the fonts, the shims); plain WeasyPrint by printing a one-line page with the same stylesheet
and fonts. Then it renders the document twice ("first" and "again"). Seconds are measured in
the child (Django and WeasyPrint imported before). The peak is the child's maximum resident
set size (``os.wait4``'s rusage, which on Linux includes the forked grandchildren it waited
for): the whole process, Python, Django, WeasyPrint and the document. Pages come from
``pdfinfo``. The median time of ``--repeat`` runs is printed, with the largest peak. Last, one
run of the real command ``manage.py render_report --kind book`` (a fresh process: Django's
start, the warm-up and the database reads included).

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
DOCUMENTS = ["book", "book40", "memo"]
VARIANTS = {"pipeline": "our pipeline", "plain": "plain WeasyPrint"}
TARGET_PAGES, TARGET_SECONDS, TARGET_MIB, TARGET_RATIO = 40, 10.0, 500, 1.2
MIB = 1024 * 1024


def rss_now() -> int:
    """This process's resident set size in bytes (Linux /proc)."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)[1]) * 1024


def more_measures(snapshot: dict, times: int) -> dict:
    """The book of an organisation with ``times`` the measures: each list of measures
    repeated, numbered on."""
    from ita_portal import thai

    content = snapshot["content"]
    for part in ("plan", "results"):
        measures = json.loads(json.dumps(content[part]["measures"] * times))
        for number, measure in enumerate(measures, start=1):
            measure.update(number=number, number_text=thai.thai_digits(number))
        content[part]["measures"] = measures
    return snapshot


def inputs(document: str) -> dict:
    """The snapshot and approval blocks ``render_report --kind <kind>`` renders: the newest
    saved report of that kind, else a transient one of live data."""
    if document == "book40":
        data = inputs("book")
        return {**data, "snapshot": more_measures(data["snapshot"], 3)}
    kind = document
    from django_scopes import scope

    from organisations.models import FiscalYear, Organisation
    from reports.documents import kinds as documents
    from reports.documents.snapshot import approval_blocks, report_snapshot

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
    """Warm up, then render one document one way twice; print {"warm_up", "seconds" (the
    first rendering), "again", "rss_before", "html_seconds"}."""
    setup()
    from weasyprint import HTML

    from reports.documents import pdf as rendering

    def plain(html: str) -> bytes:
        fetcher = rendering._fetcher()
        return HTML(string=html, base_url=rendering.BASE_URL, url_fetcher=fetcher).write_pdf()

    data = json.loads(source.read_text())
    snapshot, approvals, kind = data["snapshot"], data["approvals"], data["kind"]
    html_started = time.perf_counter()
    html = rendering.render_html(snapshot, approvals, kind=kind)
    html_seconds = time.perf_counter() - html_started
    started = time.perf_counter()
    if variant == "pipeline":
        rendering.warm_up()
    else:
        plain('<link rel="stylesheet" href="/static/reports/print.css"><p>ตำบล <b>ตำบล</b></p>')
    warm_up = time.perf_counter() - started
    before = rss_now()
    seconds = []
    for _ in range(2):
        started = time.perf_counter()
        if variant == "pipeline":
            pdf = rendering.render_pdf(snapshot, approvals, kind=kind)
        else:
            pdf = plain(html)
        seconds.append(time.perf_counter() - started)
    out.write_bytes(pdf)
    print(
        json.dumps(
            {
                "warm_up": warm_up,
                "seconds": seconds[0],
                "again": seconds[1],
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
        for document in DOCUMENTS:
            for variant in VARIANTS:
                out = work / f"{document}-{variant}.pdf"
                command = [sys.executable, __file__, "--child", variant]
                command += [str(work / f"{document}.json"), str(out)]
                wall, peak, text = run(command)
                figures = json.loads(text.strip().splitlines()[-1])
                figures.update(peak=peak, wall=wall, pages=pages_of(out))
                runs.setdefault((document, variant), []).append(figures)
                print(
                    f"  run {round_ + 1}: {document:<6} {VARIANTS[variant]:<16} "
                    f"warm-up {figures['warm_up']:5.2f} s, {figures['seconds']:6.2f} s, "
                    f"again {figures['again']:6.2f} s, {figures['pages']} pages, "
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
        f"{'document':<9}{'renderer':<18}{'pages':>6}{'warm-up':>8}{'first s':>8}{'again s':>8}"
        f"{'pages/s':>8}{'peak MiB':>9}{'MiB/page':>9}{'+MiB':>6}{'+MiB/page':>10}"
    )
    summary: dict[tuple[str, str], dict] = {}
    for (document, variant), rows in runs.items():
        figures = {
            name: statistics.median(row[name] for row in rows)
            for name in ("warm_up", "seconds", "again")
        }
        figures.update(
            pages=rows[0]["pages"],
            peak=max(row["peak"] for row in rows),
            grown=max(row["peak"] - row["rss_before"] for row in rows),
        )
        summary[document, variant] = figures
        pages = figures["pages"]
        print(
            f"{document:<9}{VARIANTS[variant]:<18}{pages:>6}{figures['warm_up']:>8.2f}"
            f"{figures['seconds']:>8.2f}{figures['again']:>8.2f}{pages / figures['seconds']:>8.2f}"
            f"{figures['peak'] / MIB:>9.0f}{figures['peak'] / MIB / pages:>9.1f}"
            f"{figures['grown'] / MIB:>6.0f}{figures['grown'] / MIB / pages:>10.1f}"
        )
    print(
        "(warm-up: the renderer's process getting ready, once: the worker does it when it "
        "starts; first s: its first document; again s: the same document again; +MiB: the "
        "peak above the process's size after the warm-up)"
    )
    html_seconds = statistics.median(row["html_seconds"] for row in runs["book", "plain"])
    print(
        f"book HTML from the templates (render_html, inside our pipeline's time): "
        f"{html_seconds:.2f} s"
    )
    for document in DOCUMENTS:
        ours, plain = summary[document, "pipeline"], summary[document, "plain"]
        first = ours["seconds"] / plain["seconds"]
        again = ours["again"] / plain["again"]
        memory = ours["peak"] / plain["peak"]
        print(
            f"overhead {document} (our pipeline / plain WeasyPrint): time ×{first:.2f} first, "
            f"×{again:.2f} again, peak memory ×{memory:.2f} (target ≤ {TARGET_RATIO}: "
            f"{'met' if max(first, again, memory) <= TARGET_RATIO else 'NOT met'})"
        )
    print(
        f"manage.py render_report --kind book (whole command, Django start and database reads "
        f"included): {command_pages} pages, {command_wall:.2f} s, peak {command_peak / MIB:.0f} MiB"
    )
    big = summary["book40", "pipeline"]
    time_verdict = "met" if big["seconds"] <= TARGET_SECONDS else "NOT met"
    memory_verdict = "met" if big["peak"] <= TARGET_MIB * MIB else "NOT met"
    print(
        f"target: a {TARGET_PAGES}-page annual report in ≤ {TARGET_SECONDS:.0f} s and ≤ "
        f"{TARGET_MIB} MiB in the worker: book40 has {big['pages']} pages, "
        f"{big['seconds']:.1f} s ({time_verdict}), "
        f"peak {big['peak'] / MIB:.0f} MiB ({memory_verdict})"
    )
    print(f"(the PDFs are in {work})")


if __name__ == "__main__":
    main()
