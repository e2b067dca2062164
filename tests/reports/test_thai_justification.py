"""Thai distributed justification (issue #15, Word's thaiDistribute): in the memo's body
paragraphs every line but the last ends at the right margin, the spare space spread evenly
between grapheme clusters (never between a consonant and its marks), the last line left
aligned; the line breaks and the text layer are those of the left-aligned rendering. Checked
from the PDF (pdfplumber for positions, PyMuPDF for the text, without normalisation), against
the same HTML printed left aligned."""

from __future__ import annotations

import io
import re

import pdfplumber
import pymupdf
import pytest

from reports.documents import pdf as rendering
from reports.documents import weasyprint_patches

from .hostile import LATIN, SENTENCE, URL
from .justified import (
    AT_MARGIN,
    LEFT_ALIGNED_CSS,
    added_gaps,
    lines,
    paragraph_lines,
    right_margin,
    squash,
)

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "ตามที่องค์การบริหารส่วนตำบลนาทอน ได้เข้ารับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
    "ของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ ซึ่งการเปิดเผยข้อมูล (OIT) กำหนดให้หน่วยงาน"
    "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "สำนักปลัด ได้ดำเนินการจัดทำรายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
    "ภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ รอบ ๑๒ เดือน เรียบร้อยแล้ว รายละเอียดตามเอกสารแนบท้ายนี้",
    # Tone marks on SARA AM, stacked marks, Latin words and digits among the Thai.
    "ผู้ใหญ่บ้านทุ่งน้ำต่ำได้ค้ำประกันการจัดซื้อจัดจ้าง ญี่ปุ่น ผ่านระบบ e-GP ตามพระราชบัญญัติ" + SENTENCE * 2,
    # A long URL and Latin word: the line before each is cut short and must not be torn apart.
    SENTENCE + f"ดูที่ {URL} และ {LATIN} " + SENTENCE,
    "จึงเรียนมาเพื่อโปรดทราบ",
]
# The largest space justification may add between two clusters (pt).
MAX_GAP = weasyprint_patches.MAX_CLUSTER_SPACING


def _snapshot() -> dict:
    return {
        "organisation": {
            "name": "องค์การบริหารส่วนตำบลนาทอน",
            "subdistrict": "นาทอน",
            "district": "ทุ่งหว้า",
            "province": "สตูล",
        },
        "report": {"kind": "results", "title": "รายงานผลการดำเนินการ", "fiscal_year": 2568},
        "memo": {
            "number_text": "สต ๓๒๓๐๑/๑",
            "division_line": "สำนักปลัด องค์การบริหารส่วนตำบลนาทอน",
            "subject": "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            "addressee": "นายกองค์การบริหารส่วนตำบลนาทอน",
            "paragraphs": ["เรื่องเดิม", *PARAGRAPHS],
            "drafter": {"name": "นางสาวนิตยา สันหลี่", "position": "นิติกรปฏิบัติการ", "signature": ""},
        },
        "content": {},
    }


@pytest.fixture(scope="module")
def memo(django_db_setup, django_db_blocker):
    """(justified PDF, the same memo left aligned)."""
    with django_db_blocker.unblock():
        html = rendering.render_html(_snapshot(), [], kind="memo")
    left = html.replace("</head>", f"<style>{LEFT_ALIGNED_CSS}</style></head>", 1)
    return rendering.html_to_pdf(html, "memo"), rendering.html_to_pdf(left, "memo")


def test_every_line_but_a_paragraphs_last_ends_at_the_right_margin(memo):
    justified, natural = memo
    natural_paragraphs = paragraph_lines(lines(natural), PARAGRAPHS)
    for paragraph, unjustified in zip(
        paragraph_lines(lines(justified), PARAGRAPHS), natural_paragraphs, strict=True
    ):
        *inner, last = paragraph
        for line, before in zip(inner, unjustified, strict=False):
            margin = right_margin(justified, line.page)
            if abs(line.x1 - margin) > AT_MARGIN:
                # Cut short by a long URL or word that went on: left as it is, not torn apart.
                assert margin - before.x1 > 40, line.text
                assert line.x1 == pytest.approx(before.x1, abs=0.05), line.text
            assert line.x0 == pytest.approx(before.x0, abs=0.05), line.text  # starts in place
        assert right_margin(justified, last.page) - last.x1 > AT_MARGIN, last.text
        assert last.x1 == pytest.approx(unjustified[-1].x1, abs=0.05)  # left aligned


def test_most_lines_are_filled(memo):
    """The paragraphs' inner lines fill the measure (all but those before the URL and the Latin
    word, which go on lines of their own)."""
    justified, _natural = memo
    inner = [line for p in paragraph_lines(lines(justified), PARAGRAPHS) for line in p[:-1]]
    filled = [line for line in inner if right_margin(justified, line.page) - line.x1 < AT_MARGIN]
    assert len(inner) >= 12
    assert len(filled) >= len(inner) - 3


def test_justifying_never_moves_a_line_break(memo):
    justified, natural = memo
    assert [squash(line.text) for line in lines(justified)] == [
        squash(line.text) for line in lines(natural)
    ]


def test_the_space_goes_between_clusters_evenly_and_never_inside_one(memo):
    """On each justified line every gap between two clusters grew by the same amount, at most
    MAX_GAP; a mark (tone mark, vowel above or below, SARA AM's NIKHAHIT) kept its place on its
    consonant."""
    justified, natural = memo
    pairs = zip(
        paragraph_lines(lines(justified), PARAGRAPHS),
        paragraph_lines(lines(natural), PARAGRAPHS),
        strict=True,
    )
    spread = 0
    for paragraph, before in pairs:
        for line, unjustified in zip(paragraph, before, strict=True):
            gaps = added_gaps(line, unjustified)
            inside = [gap for gap, in_cluster in gaps if in_cluster]
            between = [gap for gap, in_cluster in gaps if not in_cluster]
            assert all(abs(gap) < 0.02 for gap in inside), line.text
            assert max(between) <= MAX_GAP
            if max(between) > 0.02:
                spread += 1
                # Evenly: WeasyPrint draws advances in thousandths of an em (0.01 pt).
                assert max(between) - min(between) < 0.05, line.text
    assert spread >= 10


def test_the_text_layer_is_the_typed_text(memo):
    """Search and copy find what was typed: PyMuPDF's text of the body, not normalised, is the
    paragraphs' text (SARA AM as U+0E33, marks in typed order), whitespace aside."""
    justified, natural = memo

    def text(pdf: bytes) -> str:
        with pymupdf.open(stream=pdf, filetype="pdf") as document:
            return "".join(page.get_text() for page in document)

    squashed = re.sub(r"\s+", "", text(justified))
    for paragraph in PARAGRAPHS:
        assert re.sub(r"\s+", "", paragraph) in squashed
    # The added space makes no word break or space of its own for a reader.
    assert text(justified) == text(natural)


def test_bold_links_and_nowrap_spans_are_spread_with_their_line():
    """A paragraph with bold words, a link and nowrap spans ("พ.ศ. ๒๕๖๘"): its lines still end
    at the margin, and the link's clickable area covers the link's words where they are drawn."""
    body = (
        "องค์การบริหารส่วนตำบลนาทอนได้<b>เผยแพร่ข้อมูลข่าวสาร</b>ผ่าน"
        '<a href="https://www.nathon.go.th/ita">เว็บไซต์ของหน่วยงาน</a>ตลอดปีงบประมาณ '
        '<span class="nowrap">พ.ศ. ๒๕๖๘</span> และจัดทำรายงานผลการดำเนินการ<b>ทุกไตรมาส</b>'
        "เพื่อให้ประชาชนในพื้นที่ได้รับทราบข้อมูลอย่างทั่วถึงและตรวจสอบการดำเนินงานได้"
    )
    page = (
        '<!doctype html><html lang="th"><head><link rel="stylesheet" '
        'href="/static/reports/print.css">{style}</head><body><div class="memo-body">'
        f"<p>{body}</p></div></body></html>"
    )
    justified = rendering.html_to_pdf(page.format(style=""), "links")
    natural = rendering.html_to_pdf(
        page.format(style=f"<style>{LEFT_ALIGNED_CSS}</style>"), "links"
    )
    found = lines(justified)
    assert [squash(line.text) for line in found] == [squash(line.text) for line in lines(natural)]
    assert len(found) >= 2
    for line in found[:-1]:
        assert line.x1 == pytest.approx(right_margin(justified, line.page), abs=AT_MARGIN)
    with pdfplumber.open(io.BytesIO(justified)) as document:
        (link,) = document.pages[0].hyperlinks
        chars = document.pages[0].chars
    drawn = [c for c in chars if squash(c["text"])]  # as squash counts them
    start = "".join(squash(c["text"]) for c in drawn).index(squash("เว็บไซต์ของหน่วยงาน"))
    words = drawn[start : start + len(squash("เว็บไซต์ของหน่วยงาน"))]
    assert link["uri"] == "https://www.nathon.go.th/ita"
    assert link["x0"] <= words[0]["x0"] + 0.5
    assert link["x1"] >= max(c["x1"] for c in words) - 0.5


def test_the_gaps_fall_after_whole_clusters():
    """UTF-8 offsets: after ตำ, บ, ล and the space; none inside น้ำ, none at a ZERO WIDTH SPACE."""
    assert weasyprint_patches.cluster_gaps("ตำบล น้ำ") == [6, 9, 12, 13]
    assert weasyprint_patches.cluster_gaps("ก\u200bข") == [3]


def test_a_sara_am_span_keeps_two_numbers_apart():
    """Where WeasyPrint draws an empty glyph (a ZERO WIDTH SPACE, widened by the justification)
    it writes ``<>`` between two numbers; the ActualText split must not glue them into one
    ("0" and "12.5" made "012.5", and "0" and "126.9…" a number poppler refused)."""
    characters = {1: "ต", 2: "\u0e4d", 3: "\u0e32"}
    pieces = weasyprint_patches._sara_am_spans("<0001>-7<>12.5<00020003>", characters)
    assert pieces == [("<0001>-7 12.5", None), ("<00020003>", "ำ")]
