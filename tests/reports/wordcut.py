"""The word-cut check of issue #6: every line break of a PDF falls between two Thai words.

Chars are read with PyMuPDF (MuPDF's text extraction, as viewers and search see the text) in
content-stream order and exactly as extracted, without normalisation: SARA AM must come out as
U+0E33 (the ActualText spans of reports.documents.weasyprint_patches), so a text layer that
spells ดำเนินการ as ดําเนินการ fails the check. They are and cut into *runs*, one per visual line
of one paragraph or table cell. A run continues the run on the line above it when their
horizontal extents overlap (same column) and the line gap is one line. The two texts are
joined, segmented into words with pythainlp (newmm), and the break must be a word boundary.

Pango breaks Thai with libthai's dictionary, which sometimes splits a compound that pythainlp
keeps whole (หน่วย|งาน, ประจำปี|งบประมาณ). Such a break still falls between two words, so it is
accepted when the text on each side ends / starts with a whole word of pythainlp's dictionary
(segmenting each side alone). A cut inside a word (ดำเนิ|นการ, หน่วยง|าน) fails both tests.
Breaks next to a space, digit, punctuation or Latin letter are always allowed; a line never
starts with a following or combining vowel, a tone mark or ๆ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pymupdf
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize

THAI_LETTER = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]")
# A line must never start with these: following vowels, above/below vowels, tone marks.
NEVER_FIRST = set("ะาำัิีึืฺุู็่้๊๋์ํ")


@dataclass
class Run:
    page: int
    top: float
    x0: float
    x1: float
    size: float
    chars: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)


def chars_of(page) -> list[dict]:
    """A PyMuPDF page's characters in content-stream order: text, x0, x1, top, size."""
    chars = []
    for block in page.get_text("rawdict", sort=False)["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                for char in span["chars"]:
                    x0, top, x1, _bottom = char["bbox"]
                    chars.append(
                        {"text": char["c"], "x0": x0, "x1": x1, "top": top, "size": span["size"]}
                    )
    return chars


def runs_of(pdf: bytes) -> list[Run]:
    runs: list[Run] = []
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        for number, page in enumerate(document, start=1):
            current: Run | None = None
            for char in chars_of(page):
                size = char["size"] or 10
                if current is not None:
                    same_line = abs(char["top"] - current.top) < 0.6 * size
                    last = current.chars[-1]
                    jump_left = char["x0"] < last["x0"] - 0.8 * size
                    jump_right = char["x0"] > last["x1"] + 1.2 * size
                    if not same_line or jump_left or jump_right:
                        runs.append(current)
                        current = None
                if current is None:
                    current = Run(number, char["top"], char["x0"], char["x1"], size)
                current.chars.append(char)
                current.x0 = min(current.x0, char["x0"])
                current.x1 = max(current.x1, char["x1"])
            if current is not None:
                runs.append(current)
    return runs


def _previous(run: Run, runs: list[Run]) -> Run | None:
    """The run on the line just above ``run`` in the same column, if any."""
    best = None
    for other in runs:
        if other.page != run.page or other is run:
            continue
        gap = run.top - other.top
        if not 0.8 * run.size < gap < 2.0 * run.size:
            continue
        if min(run.x1, other.x1) - max(run.x0, other.x0) <= 0:
            continue
        if best is None or gap < run.top - best.top:
            best = other
    return best


def _boundaries(text: str) -> set[int]:
    offsets, position = {0, len(text)}, 0
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        position += len(word)
        offsets.add(position)
    return offsets


def _between_words(head: str, tail: str) -> bool:
    """Each side, segmented alone, ends / starts with a dictionary word."""
    words = thai_words()
    last = word_tokenize(head, engine="newmm")[-1]
    first = word_tokenize(tail, engine="newmm")[0]
    return last in words and first in words


def word_cuts(pdf: bytes) -> list[str]:
    """Every line break that cuts a word, as 'page N: before|after'."""
    runs = runs_of(pdf)
    cuts = []
    for run in runs:
        above = _previous(run, runs)
        if above is None:
            continue
        before, after = above.text.rstrip(), run.text.lstrip()
        if not before or not after:
            continue
        if after[0] in NEVER_FIRST:
            cuts.append(f"page {run.page}: {before[-12:]}|{after[:12]}")
            continue
        if not (THAI_LETTER.match(before[-1]) and THAI_LETTER.match(after[0])):
            continue
        # The last words before the break and the first after it: enough context to segment.
        head = re.split(r"\s", before)[-1]
        tail = re.split(r"\s", after)[0]
        if len(head) + len(tail) == 0:
            continue
        if len(head) in _boundaries(head + tail) or _between_words(head, tail):
            continue
        cuts.append(f"page {run.page}: {head}|{tail}")
    return cuts
