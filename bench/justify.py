"""Thai distributed justification (issue #15): what it does to the demo's documents, beside left
alignment and WeasyPrint's own ``text-align: justify`` (space only at U+0020).

Documents of นาทอน (``manage.py load_demo``): the results report's cover memo (FY2568, round 12),
the same memo with a 3-page hostile body (tests/reports/hostile.py's sentence, the 300-character
URL and the 60-letter Latin word), the measures plan, the minutes and the annual book (FY2570).
Each HTML is printed three ways in this process (warm: fonts and shims loaded first):

* ``left``: the justified paragraphs left aligned (tests/reports/justified.LEFT_ALIGNED_CSS);
* ``distribute``: as shipped, reports.documents.weasyprint_patches.distribute_line;
* ``justify``: WeasyPrint's own justification (the shim's wrapper undone).

For every line of the ``distribute`` and ``justify`` PDFs, paired with the same line of ``left``
(the line breaks are the same: checked), the space added before each glyph
(tests/reports/justified.added_gaps). Printed per document: lines moved by justification, lines
of justified paragraphs WeasyPrint's justify leaves ragged (no space on them), lines the shim
left aligned because a gap would pass MAX_CLUSTER_SPACING, the largest added gap of a line
(largest over the document and median over its justified lines), and the median time of
``--repeat`` renderings of each way.

    scripts/with-postgres.sh .venv/bin/python bench/justify.py [--repeat 5] [--keep DIR]

(migrates the database and loads the demo when they are missing; DATABASE_URL=sqlite:///… works
too).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, create_database, setup


def documents() -> dict[str, str]:
    """{name: print HTML}."""
    from django_scopes import scope, scopes_disabled

    from ita_portal.demo import load_all_demo
    from organisations.models import FiscalYear, Organisation
    from reports.documents import kinds
    from reports.documents import pdf as rendering
    from reports.documents.snapshot import approval_blocks, build_snapshot
    from tests.reports.hostile import LATIN, SENTENCE, URL

    with scopes_disabled():
        if not Organisation.objects.filter(slug="nathon").exists():
            load_all_demo(render_pdfs=False)
        organisation = Organisation.objects.get(slug="nathon")
    out = {}
    with scope(organisation=organisation):
        coordinator = kinds.coordinator_of(organisation)
        cases = {
            "memo": (2568, 12),
            "plan": (2570, None),
            "minutes": (2570, None),
            "book": (2570, None),
        }
        for kind, (year, round_) in cases.items():
            report = kinds.transient_report(
                organisation=organisation,
                fiscal_year=FiscalYear.objects.get(year=year),
                kind=kind,
                round_=round_,
                drafter=coordinator,
            )
            snapshot, blocks = build_snapshot(report), approval_blocks(report)
            out[kind] = rendering.render_html(snapshot, blocks, kind=kind)
            if kind == "memo":
                paragraphs = ["เรื่องเดิม"]
                for number in range(9):
                    text = SENTENCE * 3
                    if number == 3:
                        text = SENTENCE + f"ดูที่ {URL} และ {LATIN} " + SENTENCE
                    paragraphs.append(text.strip())
                    if number == 4:
                        paragraphs.append("ข้อเท็จจริง")
                memo = {**snapshot["memo"], "paragraphs": paragraphs}
                out["memo-hostile"] = rendering.render_html(
                    {**snapshot, "memo": memo}, blocks, kind="memo"
                )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the PDFs there")
    arguments = parser.parse_args()
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        create_database()  # a fresh cluster of scripts/with-postgres.sh has only `postgres`
    setup()
    sys.path.insert(0, str(ROOT))
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # nothing to do on a database already migrated
    from weasyprint import HTML
    from weasyprint.layout import inline

    from reports.documents import pdf as rendering
    from reports.documents import weasyprint_patches as shim
    from tests.reports.justified import AT_MARGIN, LEFT_ALIGNED_CSS, added_gaps, lines, squash

    rendering.warm_up()  # installs the shims
    distributed_justify_line = inline.justify_line
    capped = 0
    original_distribute = shim.distribute_line

    def counting_distribute(line, extra_width):
        nonlocal capped
        result = original_distribute(line, extra_width)
        capped += result is False
        return result

    shim.distribute_line = counting_distribute

    def render(html: str, way: str) -> tuple[bytes, float]:
        nonlocal capped
        inline.justify_line = (
            distributed_justify_line.__wrapped__ if way == "justify" else distributed_justify_line
        )
        if way == "left":
            html = html.replace("</head>", f"<style>{LEFT_ALIGNED_CSS}</style></head>", 1)
        seconds = []
        for _ in range(arguments.repeat):
            capped = 0
            started = time.perf_counter()
            pdf = HTML(
                string=html, base_url=rendering.BASE_URL, url_fetcher=rendering._fetcher()
            ).write_pdf(font_config=rendering._fonts)
            seconds.append(time.perf_counter() - started)
        inline.justify_line = distributed_justify_line
        return pdf, statistics.median(seconds)

    print(
        f"{'document':13} {'way':10} {'pages':>5} {'moved':>5} {'ragged':>6} {'capped':>6} "
        f"{'max gap':>7} {'median':>6} {'seconds':>7}"
    )
    for name, html in documents().items():
        results = {}
        for way in ("left", "distribute", "justify"):
            results[way] = render(html, way)
            if way == "distribute":
                capped_lines = capped
        left = lines(results["left"][0])
        if arguments.keep:
            arguments.keep.mkdir(parents=True, exist_ok=True)
            (arguments.keep / f"{name}-left.pdf").write_bytes(results["left"][0])
        moved_by = {}
        for way in ("distribute", "justify"):
            pdf, seconds = results[way]
            found = lines(pdf)
            if [squash(line.text) for line in found] != [squash(line.text) for line in left]:
                print(f"{name:13} {way:10} the line breaks differ from left alignment")
                continue
            moved, largest = set(), []
            for index, (line, before) in enumerate(zip(found, left, strict=True)):
                if abs(line.x1 - before.x1) > AT_MARGIN / 2:
                    moved.add(index)
                    if [c["text"] for c in line.chars] != [c["text"] for c in before.chars]:
                        # WeasyPrint's justify draws a lone space as space + ZWSP
                        gaps = [line.chars[-1]["x0"] - before.chars[-1]["x0"]]
                    else:
                        gaps = [gap for gap, inside in added_gaps(line, before) if not inside]
                    largest.append(max(gaps, default=0.0))
            moved_by[way] = moved
            if arguments.keep:
                arguments.keep.mkdir(parents=True, exist_ok=True)
                (arguments.keep / f"{name}-{way}.pdf").write_bytes(pdf)
            ragged = len(moved_by["distribute"] - moved) if way == "justify" else ""
            caps = capped_lines if way == "distribute" else ""
            print(
                f"{name:13} {way:10} {len({line.page for line in found}):>5} "
                f"{len(moved):>5} {ragged:>6} {caps:>6} {max(largest, default=0):>7.2f} "
                f"{statistics.median(largest) if largest else 0:>6.2f} {seconds:>7.3f}"
            )
        print(f"{name:13} {'left':10} {'':>42} {results['left'][1]:>7.3f}")


if __name__ == "__main__":
    main()
