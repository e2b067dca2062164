"""The DOCX and XLSX exports of every kind under the hostile content of issue #15 (3,000
characters in a cell, a long URL with digits, a 60-letter Latin word), read back with
python-docx and openpyxl the way Word and Excel would: the column grid equals the cells and
fits the page, long rows may split, the DOCX says what the PDF says in the same order, the URL
keeps its ASCII digits, numbers in a workbook are numbers shown in Thai digits."""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
import zipfile

import openpyxl
import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn

from .hostile import CASES, URL, hostile_documents

# One worker makes the hostile documents (tests/reports/hostile.py) for both modules.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("hostile")]

TWIPS_PER_CM = 567


@pytest.fixture(scope="module")
def exports(django_db_setup, django_db_blocker):
    """{kind: {"docx", "xlsx", "pdf"}} of นาทอน's documents with the hostile texts."""
    return hostile_documents(django_db_blocker)


def _document(data: bytes):
    return Document(io.BytesIO(data))


def _tables(document):
    """Every table of the body with the section it is in (its page's text width in twips)."""
    body = document.element.body
    sections = document.sections
    index = 0
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            yield child, sections[index]
        elif child.tag == qn("w:p") and child.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
            index += 1


@pytest.mark.parametrize("kind", list(CASES))
def test_every_tables_grid_equals_its_cells_and_fits_the_page(exports, kind):
    document = _document(exports[kind]["docx"])
    found = 0
    for table, section in _tables(document):
        found += 1
        text_width = (section.page_width - section.left_margin - section.right_margin) // 635
        grid = [int(col.get(qn("w:w"))) for col in table.iter(qn("w:gridCol"))]
        assert abs(sum(grid) - text_width) <= len(grid), (kind, grid, text_width)
        for row in table.iter(qn("w:tr")):
            cells = row.findall(qn("w:tc"))
            widths = [int(tc.find(qn("w:tcPr") + "/" + qn("w:tcW")).get(qn("w:w"))) for tc in cells]
            assert abs(sum(widths) - sum(grid)) <= len(grid), (kind, widths, grid)
    assert found or kind == "memo"


@pytest.mark.parametrize("kind", ["plan", "results", "tables", "book"])
def test_a_row_taller_than_a_page_may_split_and_the_header_repeats(exports, kind):
    document = _document(exports[kind]["docx"])
    long_rows = 0
    for table, _section in _tables(document):
        rows = table.findall(qn("w:tr"))
        assert rows[0].find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
        for row in rows[1:]:
            text = "".join(t.text or "" for t in row.iter(qn("w:t")))
            if len(text) > 2500:
                long_rows += 1
                assert row.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is None
    assert long_rows


def _docx_paragraphs(document) -> list[str]:
    """The body's paragraphs in reading order, those in table cells included."""
    out = [_text(paragraph) for paragraph in document.element.body.iter(qn("w:p"))]
    return [text for text in out if text.strip()]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return _squash(
            "".join(page.extract_text(use_text_flow=True) or "" for page in document.pages)
        )


_BOX = re.compile(r"^[☐☑] ")  # a tick-box line


def _text(element) -> str:
    """A paragraph's text, a line break or a tab read as a space."""
    return "".join(
        (node.text or "") if node.tag == qn("w:t") else " "
        for node in element.iter(qn("w:t"), qn("w:br"), qn("w:tab"))
    )


def _skipped(paragraph: str) -> bool:
    """Dotted lines to write on."""
    return "...." in paragraph


def _blocks(document) -> list[list[list[str]]]:
    """The body in reading order as blocks (a paragraph, or a table row), each a list of
    cells, each the list of its words."""
    blocks = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            rows = [[[child]]]
        elif child.tag == qn("w:tbl"):
            rows = [
                [tc.findall(".//" + qn("w:p")) for tc in tr.findall(qn("w:tc"))]
                for tr in child.findall(qn("w:tr"))
            ]
        else:
            continue
        for row in rows:
            cells = [
                [_squash(w) for p in cell if not _skipped(_text(p)) for w in _text(p).split()]
                for cell in row
            ]
            if any(cells):
                blocks.append([cell for cell in cells if cell])
    return blocks


@pytest.mark.parametrize("kind", list(CASES))
def test_the_docx_says_what_the_pdf_says_in_the_same_order(exports, kind):
    """Every word (a run between spaces) of the DOCX is in the PDF's text: paragraphs and
    table rows in order, the words of a cell in order. The cells of one row are each read
    from the row's start, since the PDF interleaves the cells of a row that it continues
    on the next page ("(ต่อ)"); a word the PDF splits over a continued row may be missed, two
    in a hundred."""
    pdf = _pdf_text(exports[kind]["pdf"])
    anchor, missed, total = 0, [], 0
    for block in _blocks(_document(exports[kind]["docx"])):
        starts = []
        for words in block:
            position = anchor
            for word in words:
                total += 1
                found = pdf.find(word, position)
                if found < 0:
                    missed.append(word)
                    continue
                if position == anchor:
                    starts.append(found)
                position = found + len(word)
        anchor = min(starts) if starts else anchor
    assert total and len(missed) <= max(3, total // 50), (kind, total, missed[:20])


@pytest.mark.parametrize("kind", ["tables", "book"])
def test_tick_boxes_list_not_done_before_done_as_the_seeds_do(exports, kind):
    paragraphs = _docx_paragraphs(_document(exports[kind]["docx"]))
    pairs = [
        (first, second)
        for first, second in itertools.pairwise(paragraphs)
        if _BOX.match(first)
        and _BOX.match(second)
        and {first[2:], second[2:]} == {"ดำเนินการ", "ยังไม่ได้ดำเนินการ"}
    ]
    assert pairs
    for not_done, done in pairs:
        assert (not_done[2:], done[2:]) == ("ยังไม่ได้ดำเนินการ", "ดำเนินการ")
        assert {not_done[0], done[0]} == {"☐", "☑"}


@pytest.mark.parametrize("kind", ["progress", "results"])
def test_the_progress_docx_carries_its_memos_title_and_each_steps_divisions(exports, kind):
    """Round 6 is ความก้าวหน้า, as its memo's เรื่อง says, round 12 ผลการดำเนินการ; the opening
    paragraph comes before the table and a step's divisions and period have their own columns
    (ผู้รับผิดชอบ, ระยะเวลาดำเนินการ), as the PDF prints them."""
    paragraphs = _docx_paragraphs(_document(exports[kind]["docx"]))
    title = {"progress": "รายงานความก้าวหน้า", "results": "รายงานผลการดำเนินการ"}[kind]
    assert paragraphs[0].startswith(title)
    assert paragraphs[3].startswith("ตามที่ได้ดำเนินการวิเคราะห์ผลการประเมิน")
    assert paragraphs[3].endswith("ดังนี้")
    assert "ผู้รับผิดชอบ" in paragraphs and "ระยะเวลาดำเนินการ" in paragraphs
    assert any(re.fullmatch(r"(กอง|สำนัก)[^()]*", p) for p in paragraphs)


@pytest.mark.parametrize("kind", ["plan", "results", "tables", "book"])
def test_the_long_url_keeps_its_ascii_digits(exports, kind):
    text = "\n".join(_docx_paragraphs(_document(exports[kind]["docx"])))
    assert URL in text
    book = openpyxl.load_workbook(io.BytesIO(exports[kind]["xlsx"]))
    cells = [
        str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value
    ]
    assert any(URL in value for value in cells)


def test_the_memo_header_sets_its_labels_at_20_points_with_dotted_leaders(exports):
    document = _document(exports["memo"]["docx"])
    labels = {}
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if run.text in ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง"):
                labels[run.text] = (run.font.size.pt, run.bold, paragraph)
    assert set(labels) == {"ส่วนราชการ", "ที่", "วันที่", "เรื่อง"}
    for size, bold, paragraph in labels.values():
        assert (size, bold) == (20, True)
        leaders = paragraph._p.findall(".//" + qn("w:tab"))
        assert any(tab.get(qn("w:leader")) == "dot" for tab in leaders)
    justified = [p for p in document.paragraphs if p._p.find(".//" + qn("w:jc")) is not None]
    assert any(
        p._p.find(".//" + qn("w:jc")).get(qn("w:val")) == "thaiDistribute" for p in justified
    )
    # The Garuda (its labelled placeholder until the site has one) and the drafter's signature.
    assert len(document.inline_shapes) == 2


def test_the_progress_docx_shows_the_evidence_photos(exports):
    document = _document(exports["progress"]["docx"])
    captions = [p for p in _docx_paragraphs(document) if p.startswith("ภาพที่ ")]
    assert captions and len(document.inline_shapes) == len(captions)


def test_the_book_has_a_table_of_contents_field(exports):
    xml = _document(exports["book"]["docx"]).element.xml
    assert 'TOC \\o "1-1"' in xml


def test_the_books_body_is_numbered_from_one_at_the_memo_and_the_front_matter_not(exports):
    document = _document(exports["book"]["docx"])
    front, body = document.sections[0], document.sections[1]
    assert "PAGE" not in front.header._element.xml
    assert "PAGE" in body.header._element.xml
    start = body._sectPr.find(qn("w:pgNumType"))
    assert start is not None and start.get(qn("w:start")) == "1"
    # the body's section begins with the memo: the first text after the front's last paragraph
    children = list(document.element.body.iterchildren())
    after = children[children.index(front._sectPr.getparent().getparent()) + 1 :]
    texts = ("".join(child.itertext()).strip() for child in after)
    assert next(text for text in texts if text).startswith("บันทึกข้อความ")


def _custom(xlsx: bytes) -> bool:
    """Whether any sheet fixes a row's height by hand."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return any(
            b'customHeight="1"' in archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


@pytest.mark.parametrize("kind", ["plan", "results", "book", "minutes"])
def test_numbers_in_the_workbook_are_numbers_shown_in_thai_digits(exports, kind):
    """Under a title row and the organisation's row: the numbers of the "ที่" and "ขั้นตอน"
    columns are numbers in Thai-digit formats; a row is as tall as its wrapped text, its
    height written as measured (no customHeight), so that it fits again when edited."""
    book = openpyxl.load_workbook(io.BytesIO(exports[kind]["xlsx"]))
    numbers = 0
    for sheet in book:
        assert sheet["A1"].value and sheet["A2"].value  # the title, the organisation
        header = [cell.value for cell in sheet[3]]
        for column, name in enumerate(header, start=1):
            if name not in ("ที่", "ขั้นตอน"):
                continue
            for (cell,) in sheet.iter_rows(min_row=4, min_col=column, max_col=column):
                if cell.value in (None, ""):
                    continue
                assert isinstance(cell.value, int), (sheet.title, cell.coordinate, cell.value)
                assert cell.number_format.startswith("[$-D00041E]"), cell.number_format
                numbers += 1
        tallest = max((d.height or 0 for n, d in sheet.row_dimensions.items() if n > 3), default=0)
        texts = [len(str(c.value or "")) for row in sheet.iter_rows(min_row=4) for c in row]
        if max(texts, default=0) > 2500:
            assert tallest > 400  # the 3,000-character row grows to dozens of lines
    assert numbers
    assert not _custom(exports[kind]["xlsx"])  # measured heights, fitted again when edited
