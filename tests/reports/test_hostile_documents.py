"""The documents under hostile content (issue #15): a step, an output, an approach and an OIT
item's progress of 3,000 characters carrying a 300-character URL with digits and a 60-letter
Latin word (tests/reports/hostile.py), in the demo organisation's plan, results, tables and
book. Checked from the PDF as
a reader sees it: the header row on every page a table covers, "(ต่อ)" where a row goes on, no
heading alone at a page's foot, no text across a column line or off the page, the URL with its
ASCII digits, no word cut, and "พ.ศ. ๒๕๖๘" / "ตำบลนาทอน" / "จังหวัดสตูล" never split."""

from __future__ import annotations

import io
import re
import unicodedata

import pdfplumber
import pymupdf
import pytest

from reports.documents import pdf as rendering
from reports.documents.typeset import keep_whole, split_text

from .hostile import FACEBOOK, LATIN, STEP, URL, hostile_documents
from .wordcut import runs_of, word_cuts

# One worker makes the hostile documents (tests/reports/hostile.py) for both modules.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("hostile")]

KINDS = ["plan", "results", "tables", "book"]


@pytest.fixture(scope="module")
def hostile_pdfs(django_db_setup, django_db_blocker):
    """{kind: (html, pdf)} of นาทอน's documents with the hostile texts."""
    made = hostile_documents(django_db_blocker)
    return {kind: (made[kind]["html"], made[kind]["pdf"]) for kind in KINDS}


# A marker of each hostile text and the header of the table it is printed in.
TABLES = {
    "ประเด็นยาวพิเศษ": ["มาตรการ/แนวทาง", "วิธีการดำเนินการ"],
    "ขั้นตอนยาวพิเศษ": ["มาตรการ/แนวทาง", "วิธีการดำเนินการ"],
    "ผลงานยาวพิเศษ": ["วิธีการดำเนินการ", "ผลการดำเนินการ (output)"],
    "แนวทางยาวพิเศษ": ["ตัวชี้วัด", "แนวทางในการยกระดับ"],
    "ความก้าวหน้ายาวพิเศษ": ["องค์ประกอบด้านข้อมูล", "ความก้าวหน้า"],
}
# A sentence of the hostile text's body, found on every page the text covers.
BODY = "ทราบถึงการดำเนินงาน"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _pages(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [_squash(page.extract_text(use_text_flow=True) or "") for page in document.pages]


def _part(html: str, marker: str) -> str:
    """The HTML of the table that carries ``marker``."""
    start = html.index(marker)
    return html[html.rindex("<table", 0, start) : html.index("</table>", start)]


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_a_long_row_covers_shows_the_tables_header(hostile_pdfs, kind):
    html, pdf = hostile_pdfs[kind]
    pages = _pages(pdf)
    checked = 0
    for marker, header in TABLES.items():
        if marker not in html:
            continue
        first = next(i for i, text in enumerate(pages) if _squash(marker) in text)
        # The pages from the marker's on that carry the text's body, up to the next table's.
        covered = [first]
        for index in range(first + 1, len(pages)):
            if _squash(BODY) not in pages[index] or any(
                _squash(m) in pages[index] for m in TABLES if m != marker
            ):
                break
            covered.append(index)
        assert len(covered) >= 2, f"{marker}: 3,000 characters fit one page?"
        for index in covered:
            for words in header:
                assert _squash(words) in pages[index], f"{kind} p{index + 1} lacks {words}"
        assert "(ต่อ)" in "".join(pages[i] for i in covered[1:])
        checked += 1
    assert checked


@pytest.mark.parametrize("kind", KINDS)
def test_no_page_ends_with_a_heading(hostile_pdfs, kind):
    """The last line of a page is never a heading (h2/h3) that its table follows on the next."""
    html, pdf = hostile_pdfs[kind]
    headings = [
        _squash(re.sub(r"<[^>]+>", "", text))
        for text in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, re.S)
    ]
    assert headings
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            chars = [c for c in page.chars if c["text"].strip()]
            if not chars:
                continue
            bottom = max(c["top"] for c in chars)
            last = [c for c in chars if c["top"] > bottom - 0.6 * c["size"]]
            text = _squash("".join(c["text"] for c in last))
            bold = all("Bold" in c["fontname"] for c in last)
            assert not (bold and len(text) > 6 and any(text in h for h in headings)), (
                f"{kind} p{number} ends with a heading: {text}"
            )


def _column_lines(page) -> list[tuple[float, float, float]]:
    """(x, top, bottom) of the vertical rules of the tables on ``page`` (cell borders)."""
    return [
        (edge["x0"], edge["top"], edge["bottom"])
        for edge in page.edges
        if edge["orientation"] == "v" and edge["bottom"] - edge["top"] > 10
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_no_text_crosses_a_column_line_or_leaves_the_page(hostile_pdfs, kind):
    """No character lies across a cell border beside it (the URL runs into the next column)
    nor beyond the page's edges."""
    _html, pdf = hostile_pdfs[kind]
    crossings = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            rules = _column_lines(page)
            for char in page.chars:
                if char["x1"] > page.width - 20 or char["x0"] < 20:
                    crossings.append(f"p{number} off the page: {char['text']}")
                middle = (char["top"] + char["bottom"]) / 2
                for x, top, bottom in rules:
                    if top < middle < bottom and char["x0"] + 0.5 < x < char["x1"] - 0.5:
                        crossings.append(f"p{number} across x={x:.1f}: {char['text']}")
    assert crossings == []


@pytest.mark.parametrize("kind", KINDS)
def test_the_long_url_prints_whole_with_its_digits(hostile_pdfs, kind):
    _html, pdf = hostile_pdfs[kind]
    text = "".join(_pages(pdf))
    assert _squash(URL) in text
    assert _squash(LATIN) in text


@pytest.mark.parametrize("kind", KINDS)
def test_no_line_break_cuts_a_word_under_hostile_content(hostile_pdfs, kind):
    _html, pdf = hostile_pdfs[kind]
    assert word_cuts(pdf) == []


def test_the_book_cover_prints_the_phone_and_the_facebook_page(hostile_pdfs):
    _html, pdf = hostile_pdfs["book"]
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        cover = document[0].get_text()
    assert "โทร. ๐-๗๔๗๘-๓๔๓๕" in cover
    assert f"Facebook : {FACEBOOK}" in cover  # the address keeps its ASCII letters


@pytest.mark.parametrize("kind", ["results", "book"])
def test_the_results_open_with_a_paragraph_and_name_who_and_when(hostile_pdfs, kind):
    """As the seeds: "ตามที่ได้ดำเนินการวิเคราะห์ผลการประเมิน … ดังนี้" before the table, and the
    table's header has ผู้รับผิดชอบ and ระยะเวลาดำเนินการ beside each step."""
    _html, pdf = hostile_pdfs[kind]
    text = re.sub(r"\s+", "", _mupdf_text(pdf))
    opening = text.index("ตามที่ได้ดำเนินการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส")
    header = text.index("มาตรการ/แนวทางวิธีการดำเนินการผู้รับผิดชอบระยะเวลาดำเนินการผลการดำเนินการ", opening)
    assert "ดังนี้" in text[opening:header]
    # A step's period in its column ("ก.พ. - มี.ค. พ.ศ. ๒๕๖๘" or "ตลอดปีงบประมาณ").
    assert re.search(r"[ก-ฮ]\.[ก-ฮ]\.-[ก-ฮ]+\.[ก-ฮ]\.|ตลอดปีงบประมาณ", text[header:])


def _mupdf_text(pdf: bytes) -> str:
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        return "".join(page.get_text() for page in document)


@pytest.mark.parametrize("kind", KINDS)
def test_the_text_layer_gives_sara_am_and_marks_as_typed(hostile_pdfs, kind):
    """Search and copy find ดำเนินการ: PyMuPDF's text, not normalised, has U+0E33 and the marks of
    ทุ่ง in their typed order (fails without the ActualText spans: ดําเนินการ, ทุ่ง)."""
    _html, pdf = hostile_pdfs[kind]
    text = _mupdf_text(pdf)
    assert "ดำเนินการ" in text
    assert "อำเภอทุ่งหว้า" in re.sub(r"\s+", "", text)
    assert "\u0e4d\u0e32" not in text  # NIKHAHIT + SARA AA
    assert "\u0e48\u0e38" not in text  # MAI EK before SARA U


def test_a_tone_mark_on_sara_am_extracts_in_its_typed_order():
    words = "น้ำ ต่ำ ค้ำ ทุ่ง ผู้ใหญ่ ญี่ปุ่น ดำเนินการ สํ"
    html = rendering.WARM_UP_HTML.replace("ตำบล <b>", f"{words} <b>", 1)
    pdf = rendering.html_to_pdf(html, "marks")
    text = _mupdf_text(pdf).split()
    typed = unicodedata.normalize("NFC", words).split()
    assert text[1 : 1 + len(typed)] == typed  # after the memo's heading บันทึกข้อความ


# A line may not end with the first part of these and the next line start with the rest.
WHOLE = [
    "พ.ศ. ๒๕๖๘",
    "ตำบลนาทอน",
    "ส่วนตำบลนาทอน",
    "อำเภอทุ่งหว้า",
    "จังหวัดสตูล",
    # Our words libthai cuts as compounds (typeset.WHOLE_WORDS).
    "หน่วยงาน",
    "ประจำปี",
    "ดำเนินงาน",
    "ระยะเวลา",
    "ปฏิบัติงาน",
    # A division of นาทอน (typeset.division_names: the names the document prints).
    "กองคลัง",
]


@pytest.mark.parametrize("kind", KINDS)
def test_names_and_years_are_never_split_over_two_lines(hostile_pdfs, kind):
    from .wordcut import _previous

    _html, pdf = hostile_pdfs[kind]
    runs = runs_of(pdf)
    splits = []
    for run in runs:
        above = _previous(run, runs)
        if above is None:
            continue
        before, after = _squash(above.text), _squash(run.text)
        for words in WHOLE:
            whole = _squash(words)
            for cut in range(1, len(whole)):
                if before.endswith(whole[:cut]) and after.startswith(whole[cut:]):
                    splits.append(f"p{run.page}: {before[-10:]}|{after[:10]}")
    assert splits == []


def test_a_long_text_is_cut_at_spaces_and_thai_word_boundaries_never_in_a_url():
    pieces = split_text(STEP, 400)
    assert len(pieces) > 5
    assert "".join(pieces).replace(" ", "") == STEP.replace(" ", "")
    assert all(len(piece) <= 500 for piece in pieces)
    assert any(URL in piece for piece in pieces)
    for piece in pieces:  # no piece starts with a vowel or a mark that belongs to the last
        assert piece[0] not in "ะาำัิีึืฺุู็่้๊๋์ํ"
    assert split_text("สั้น", 400) == ["สั้น"]
    assert split_text("  ", 400) == []


def test_keep_whole_wraps_years_and_the_organisations_places_and_leaves_tags_alone():
    html = '<p title="พ.ศ. ๒๕๖๘">ตำบลนาทอน อำเภอทุ่งหว้า จังหวัดสตูล พ.ศ. ๒๕๖๘</p>'
    assert keep_whole(html, ["นาทอน", "ทุ่งหว้า", "สตูล"]) == (
        '<p title="พ.ศ. ๒๕๖๘"><span class="nowrap">ตำบลนาทอน</span> '
        '<span class="nowrap">อำเภอทุ่งหว้า</span> <span class="nowrap">จังหวัดสตูล</span> '
        '<span class="nowrap">พ.ศ. ๒๕๖๘</span></p>'
    )


LONG_NAME = "ว่าที่ร้อยตรีหญิงกัญญาณัฐพัชรินทร์ ศรีสวัสดิ์วงศ์ไพบูลย์สกุล"


def test_keep_whole_keeps_our_words_that_libthai_cuts():
    html = keep_whole("<p>ของหน่วยงาน ดังกล่าว ประจำปีงบประมาณ</p>")
    for word in ["หน่วยงาน", "ดังกล่าว", "ประจำปี", "งบประมาณ"]:
        assert f'<span class="nowrap">{word}</span>' in html, word
    # Not a word that only starts like one of ours (a mark or a vowel on its last letter).
    assert "nowrap" not in keep_whole("<p>ดังกล่าวี</p>")
    for word in ["ระยะเวลา", "ปฏิบัติงาน"]:
        assert f'<span class="nowrap">{word}</span>' in keep_whole(f"<p>{word}</p>"), word


def test_a_place_kept_whole_still_lets_the_line_break_before_it():
    """The organisation's name breaks after องค์การบริหาร, never inside ส่วนตำบลนาทอน."""
    html = keep_whole("<p>ขององค์การบริหารส่วนตำบลนาทอน</p>", ["นาทอน"])
    assert html == '<p>ขององค์การบริหาร\u200b<span class="nowrap">ส่วนตำบลนาทอน</span></p>'


def test_keep_whole_keeps_the_divisions_names_and_lets_the_line_break_around_them():
    html = keep_whole("<p>งานพัสดุกองคลังได้จัดทำ</p>", names=["กองคลัง", "สำนักปลัด"])
    assert html == '<p>งานพัสดุ\u200b<span class="nowrap">กองคลัง</span>\u200bได้จัดทำ</p>'


def test_a_long_name_breaks_between_its_words_never_inside_one():
    """A signer's name in a signature block narrower than the name: each word of it stays on
    one line (the line breaks at the space)."""
    from django.template.loader import render_to_string

    block = render_to_string(
        "reports/print/_signature.html",
        {"name": LONG_NAME, "position": "นักวิเคราะห์นโยบายและแผนปฏิบัติการ", "for_print": True},
    )
    html = (
        '<!doctype html><html lang="th"><head><link rel="stylesheet" '
        'href="/static/reports/print.css"><style>.narrow { width: 4.5cm; }</style></head>'
        f'<body><div class="narrow">{block}</div></body></html>'
    )
    pdf = rendering.html_to_pdf(html, "name test")
    lines = [_squash(run.text) for run in runs_of(pdf)]
    assert len(lines) >= 3  # the name took two lines
    for word in LONG_NAME.split():
        assert any(_squash(word) in line for line in lines), (word, lines)
