"""Lines of a PDF as a reader measures them, for the Thai distributed justification (issue #15):
where each line starts and ends, and how much space justification added between two glyphs,
found by comparing the justified PDF with the same HTML printed left aligned (same glyphs, same
order: the justification changes only advances). Used by tests/reports/test_thai_justification.py
and bench/justify.py."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

import pdfplumber

CM = 72 / 2.54
# A line the justification fills ends this close to the right margin (pt).
AT_MARGIN = 1.0
# Text-align override: the same document, its justified paragraphs left aligned.
LEFT_ALIGNED_CSS = (
    ".memo-body p, .indent, .part-opening, .foreword > p, ul.plain li, ol.analysis li "
    "{ text-align: left !important; }"
)
NIKHAHIT, SARA_AA = "\u0e4d", "\u0e32"


@dataclass
class Line:
    page: int
    chars: list[dict]  # pdfplumber's, in content-stream order

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.chars)

    @property
    def x1(self) -> float:
        """Where the last visible glyph ends (a space WeasyPrint leaves at a line's end hangs
        past the margin, invisible)."""
        return max(c["x1"] for c in self.chars if c["text"].strip())


def squash(text: str) -> str:
    """Text to find a paragraph's lines by: NFKC (pdfminer reads SARA AM as NIKHAHIT + SARA
    AA), without whitespace and marks (pdfminer reads them in drawing order: น ํ ้ า)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Mn")


def lines(pdf: bytes) -> list[Line]:
    """Every line of text of every page, in content-stream order (a line ends where the next
    glyph is more than 4 pt higher or lower: WeasyPrint draws line by line)."""
    out: list[Line] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            current: list[dict] = []
            for char in page.chars:
                if current and abs(char["top"] - current[0]["top"]) > 4:
                    out.append(Line(number, current))
                    current = []
                current.append(char)
            if current:
                out.append(Line(number, current))
    return out


def paragraph_lines(all_lines: list[Line], paragraphs: list[str]) -> list[list[Line]]:
    """The lines of each paragraph of ``paragraphs`` (texts in reading order): consecutive
    lines whose texts, put together, make the paragraph."""
    out, index = [], 0
    for paragraph in paragraphs:
        target = squash(paragraph)
        while index < len(all_lines) and not target.startswith(squash(all_lines[index].text)):
            index += 1
        found, text = [], ""
        while index < len(all_lines) and text != target:
            text += squash(all_lines[index].text)
            if not target.startswith(text):
                break
            found.append(all_lines[index])
            index += 1
        assert text == target, f"paragraph not found in the PDF: {paragraph[:40]}"
        out.append(found)
    return out


def _in_cluster(chars: list[dict], k: int) -> bool:
    """Whether glyph ``k`` is drawn on the cluster before it: a mark (vowel above or below, tone
    mark, NIKHAHIT) or the SARA AA half of SARA AM (after NIKHAHIT and maybe a tone mark)."""
    text = chars[k]["text"]
    if unicodedata.category(text) == "Mn":
        return True
    if text == SARA_AA:
        j = k - 1
        while j >= 0 and chars[j]["text"] in "\u0e48\u0e49\u0e4a\u0e4b":
            j -= 1
        return j >= 0 and chars[j]["text"] == NIKHAHIT
    return False


def added_gaps(justified: Line, natural: Line) -> list[tuple[float, bool]]:
    """(space added before glyph k, whether glyph k belongs to the cluster before it) for every
    glyph but the first: the distance to the glyph before it, justified minus natural."""
    a, b = justified.chars, natural.chars
    assert [c["text"] for c in a] == [c["text"] for c in b]
    while a and not a[-1]["text"].strip():  # a space hanging at the line's end takes no gap
        a, b = a[:-1], b[:-1]
    return [
        ((a[k]["x0"] - a[k - 1]["x0"]) - (b[k]["x0"] - b[k - 1]["x0"]), _in_cluster(a, k))
        for k in range(1, len(a))
    ]


def right_margin(pdf: bytes, page: int, margin_cm: float = 2.0) -> float:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return float(document.pages[page - 1].width) - margin_cm * CM
