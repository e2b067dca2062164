"""Compatibility shim for WeasyPrint 70.0: keep SARA AM (ำ) in the PDF's text layer.

The bug (written up for upstream in docs/weasyprint-sara-am.md): WeasyPrint builds each font's
ToUnicode map from Pango's clusters, one text per glyph id, first use wins
(``weasyprint/draw/text.py``, "Create mapping between glyphs and Unicode codepoints"). Thai
fonts draw SARA AM (U+0E33) as two glyphs, NIKHAHIT (U+0E4D) and SARA AA (U+0E32), in one
cluster: the first glyph gets the empty string, the second the whole cluster "ำ" — or "า" when
the SARA AA glyph was first met on its own. pdftotext then reads ตำบล as ตาบล.

Marks show the same flaw: when HarfBuzz reorders or merges the marks of one cluster (ทุ่ง:
SARA U and MAI EK, the latter as the positioned variant ``uni0E48.low``), the texts land on the
wrong glyphs and คุณ extracts as ค่ณ.

The fix, applied just before the font dictionaries are written: every glyph that draws one Thai
character, according to the font itself (its cmap, else its glyph name ``uniXXXX[.suffix]``),
maps to that character. ตำบล then extracts as ต + ํ + า + บล, which is NFKC-equal to the source
text (U+0E33's compatibility decomposition is U+0E4D U+0E32).

That alone still extracts ตำบล as ต ํ า บ ล (NIKHAHIT + SARA AA): equal only after NFKC, so a
viewer's search, PyMuPDF and copy-paste give ดําเนินการ. Second part: every drawn SARA AM — the
NIKHAHIT glyph, an optional tone mark drawn between (น้ำ draws น ํ ้ า), and the SARA AA glyph —
goes in a marked-content span ``/Span <</ActualText (ำ)>> BDC … EMC`` carrying the logical text
(the tone mark first, then U+0E33), so extraction gives ดำเนินการ and น้ำ exactly as typed. Marks
of one cluster drawn out of their logical order (ทุ่ง: MAI EK, then SARA U) get a span with the
canonical (NFC) order the same way.

Third part, not a bug but a missing feature (docs/thai-justification.md): ``text-align:
justify`` on Thai text spreads a line's spare space evenly between its grapheme clusters, the
way Word's ``thaiDistribute`` does, instead of only at U+0020 (Thai has few spaces: WeasyPrint
leaves most Thai lines ragged and opens gaps of 13 pt at the one space of another). The line
breaks are WeasyPrint's; only the advances of the drawn glyphs grow (``distribute_line``).

Pinned to the WeasyPrint version it was written against: ``install()`` refuses another
version, so an upgrade makes the tests fail loudly instead of silently doing nothing.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from functools import lru_cache

SHIM_VERSION = "70.0"
SARA_AM = "\u0e33"

_installed = False


_UNI_NAME = re.compile(r"^uni([0-9A-F]{4})(?:\.[A-Za-z0-9_.]+)?$")


def _private(codepoint: int) -> bool:
    return 0xE000 <= codepoint <= 0xF8FF


@lru_cache(maxsize=32)
def _glyph_characters(digest: str, content: bytes, index: int) -> dict[int, str]:
    """glyph id → the one character it draws, from the font itself: its cmap, else its glyph
    name (``uni0E48.low`` draws U+0E48). Private-use code points are ignored."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
    characters: dict[int, str] = {}
    for glyph_id, name in enumerate(font.getGlyphOrder()):
        match = _UNI_NAME.match(name)
        if match and not _private(int(match[1], 16)):
            characters[glyph_id] = chr(int(match[1], 16))
    for codepoint, name in sorted((font.getBestCmap() or {}).items()):
        if not _private(codepoint):
            characters.setdefault(font.getGlyphID(name), chr(codepoint))
    return characters


def fix_to_unicode(font) -> int:
    """Repair the Thai glyphs of ``font.to_unicode`` in place; returns how many changed.

    Only glyphs that draw one Thai character are touched (U+0E00–U+0E7F); Latin ligatures and
    everything else keep what WeasyPrint recorded."""
    content = font.file_content
    digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
    characters = _glyph_characters(digest, content, font.index)
    changed = 0
    for glyph, text in font.to_unicode.items():
        character = characters.get(glyph)
        if character is None or not "\u0e00" <= character <= "\u0e7f":
            continue
        if text != character:
            font.to_unicode[glyph] = character
            changed += 1
    return changed


_NIKHAHIT, _SARA_AA = "\u0e4d", "\u0e32"
_TONES = frozenset("\u0e48\u0e49\u0e4a\u0e4b")
# Thai marks drawn on a base: above/below vowels, tone marks, THANTHAKHAT and the like.
_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a") | frozenset(
    chr(c) for c in range(0x0E47, 0x0E4F)
)
# One TJ operand: hex glyph strings and the numbers (kerning) between them.
_TJ_TOKEN = re.compile(r"<([0-9a-fA-F]*)>|(-?[0-9.]+(?:e-?[0-9]+)?)")


def _sara_am_spans(text: str, characters: dict[int, str]) -> list[tuple[str, str | None]]:
    """Split one TJ operand (``<0106013b0124>-21.5<0137>…``) into pieces: ``(operand, None)`` for
    plain glyphs, ``(operand, actual)`` for a drawn SARA AM whose logical text is ``actual``.

    Glyphs are 4 hex digits (WeasyPrint's Identity-H CID fonts)."""
    items: list[tuple[str, int | None]] = []  # ("0106", gid) or ("-21.5", None)
    for match in _TJ_TOKEN.finditer(text):
        if match[1] is not None:
            hexes = match[1]
            items.extend(
                (hexes[i : i + 4], int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4)
            )
        else:
            items.append((match[2], None))

    def char(k: int) -> str | None:
        gid = items[k][1]
        return None if gid is None else characters.get(gid)

    spans: list[tuple[int, int, str]] = []  # item range [start, end) and its actual text
    k = 0
    while k < len(items):
        if char(k) == _NIKHAHIT:
            j, tone = k + 1, ""
            while j < len(items) and items[j][1] is None:
                j += 1
            if j < len(items) and char(j) in _TONES:
                tone = char(j)
                j += 1
                while j < len(items) and items[j][1] is None:
                    j += 1
            if j < len(items) and char(j) == _SARA_AA:
                spans.append((k, j + 1, tone + SARA_AM))
                k = j + 1
                continue
        if char(k) in _MARKS:
            # Marks drawn in another order than the logical one (ทุ่ง draws MAI EK, then SARA U).
            j, marks, end = k, "", k
            while j < len(items) and (items[j][1] is None or char(j) in _MARKS):
                if items[j][1] is not None:
                    marks += char(j)
                    end = j + 1
                j += 1
            logical = unicodedata.normalize("NFC", marks)
            if len(marks) > 1 and logical != marks and _NIKHAHIT not in marks:
                spans.append((k, end, logical))
                k = end
                continue
        k += 1
    if not spans:
        return [(text, None)]

    def operand(part: list[tuple[str, int | None]]) -> str:
        out, open_hex = [], False
        for token, gid in part:
            if gid is None:
                if open_hex:
                    out.append(">")
                    open_hex = False
                elif out:  # two numbers in a row (an empty <> was between): keep them apart
                    out.append(" ")
                out.append(token)
            else:
                if not open_hex:
                    out.append("<")
                    open_hex = True
                out.append(token)
        if open_hex:
            out.append(">")
        return "".join(out)

    pieces: list[tuple[str, str | None]] = []
    last = 0
    for start, end, actual in spans:
        if start > last:
            pieces.append((operand(items[last:start]), None))
        pieces.append((operand(items[start:end]), actual))
        last = end
    if last < len(items):
        pieces.append((operand(items[last:]), None))
    return pieces


def _utf16_hex(text: str) -> str:
    return "FEFF" + text.encode("utf-16-be").hex().upper()


def _install_actual_text(stream_class) -> None:
    """Wrap the page stream's ``show_text``: a drawn SARA AM goes in an ActualText span."""
    original_show_text = stream_class.show_text

    def show_text(self, text):
        font_hash = (self._current_font or (None,))[0]
        font = next((f for f in self._fonts.values() if f.hash == font_hash), None)
        if font is None or font.bitmap or not isinstance(text, str):
            return original_show_text(self, text)
        characters = getattr(font, "_ita_characters", None)
        if characters is None:  # once per font, not per line: hashing the file costs
            digest = hashlib.md5(font.file_content, usedforsecurity=False).hexdigest()
            characters = font._ita_characters = _glyph_characters(
                digest, font.file_content, font.index
            )
        for operand, actual in _sara_am_spans(text, characters):
            if actual is None:
                original_show_text(self, operand)
            else:
                self.stream.append(f"/Span <</ActualText <{_utf16_hex(actual)}>>> BDC".encode())
                original_show_text(self, operand)
                self.stream.append(b"EMC")

    stream_class.show_text = show_text


# ---------------------------------------------------------------------------------------------
# Thai distributed justification


_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_THAI_TEXT = re.compile(r"[\u0e01-\u0e5b]")
# The largest space added between two clusters (pt): wider, and the line is left unjustified.
# A memo line holds ~90 clusters and lacks at most a word (~40 pt): 0.2–0.5 pt.
MAX_CLUSTER_SPACING = 1.5
_PX_PER_PT = 4 / 3  # WeasyPrint lays out in CSS pixels


def _extends_cluster(character: str) -> bool:
    """Whether ``character`` belongs to the cluster before it: a combining mark (Thai vowels
    above and below, tone marks) or SARA AM, whose NIKHAHIT sits on the consonant before it
    (Unicode's grapheme rules make it a SpacingMark; Pango 1.50 puts a cursor position there)."""
    return character == SARA_AM or unicodedata.category(character) in ("Mn", "Mc", "Me")


def cluster_gaps(text: str) -> list[int]:
    """UTF-8 byte offsets of ``text`` where a gap goes: the end of the last visible character
    before each grapheme cluster but the first. Zero-width characters (the ZERO WIDTH SPACEs
    typeset puts around our words) neither start a cluster nor take a gap."""
    gaps, position, visible_end = [], 0, None
    for character in text:
        size = len(character.encode())
        if character in _ZERO_WIDTH:
            pass
        elif _extends_cluster(character) and visible_end is not None:
            visible_end = position + size
        else:
            if visible_end is not None:
                gaps.append(visible_end)
            visible_end = position + size
        position += size
    return gaps


def _widen_run(glyph_item, gaps: frozenset[int], spacing: int, carry: float) -> float:
    """Add ``spacing`` Pango units to the advance of the last glyph of each cluster of one run
    that ends at one of ``gaps``; returns the rounding carried to the next run.

    WeasyPrint writes a glyph's advance as the font's width plus a correction in whole
    thousandths of an em, cut towards zero (``int(kerning)``, draw/text.py): a glyph widened by
    an arbitrary amount would be drawn up to a thousandth short (0.01 pt), ~0.5 pt over a line
    of 90 gaps, and the next box (drawn at its exact place) would jump. So each widened advance
    is rounded to what WeasyPrint draws exactly, the difference carried to the next gap."""
    import math

    from weasyprint.text.ffi import FROM_UNITS, ffi, pango
    from weasyprint.text.fonts import get_pango_font_key

    item, glyphs = glyph_item.item, glyph_item.glyphs
    count, clusters = glyphs.num_glyphs, glyphs.log_clusters
    font = item.analysis.font
    font_size = get_pango_font_key(font)[2]
    scale = 1000 * FROM_UNITS / font_size  # Pango units → thousandths of an em
    ink, logical = ffi.new("PangoRectangle *"), ffi.new("PangoRectangle *")
    for i in range(count):
        end = item.length if i == count - 1 else clusters[i + 1]
        if end == clusters[i] or item.offset + end not in gaps:
            continue
        geometry = glyphs.glyphs[i].geometry
        glyph = glyphs.glyphs[i].glyph
        ideal = geometry.width + spacing
        if glyph == pango.PANGO_GLYPH_EMPTY or glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:
            geometry.width = ideal
            continue
        pango.pango_font_get_glyph_extents(font, glyph, ink, logical)
        font_width = round(logical.width * scale)  # what WeasyPrint puts in the font's /W
        offset = geometry.x_offset / font_size
        correction = font_width + offset - (ideal - carry) * scale  # WeasyPrint's "kerning"
        if correction <= 0:  # int() cuts towards zero: land just below a whole number
            whole = math.floor(correction)
            width = math.ceil((font_width + offset - whole) / scale)
        else:
            whole = math.ceil(correction)
            width = math.floor((font_width + offset - whole) / scale)
        carry += width - ideal
        geometry.width = width
    return carry


def _install_cluster_spacing(layout_class) -> None:
    """A layout with ``ita_cluster_gaps`` (byte offsets, ``cluster_gaps``) and
    ``ita_cluster_spacing`` (Pango units) gets that much more advance on the last glyph of each
    cluster ending at one of the offsets, when its first line is read (as drawing reads it).
    Only advances change: a mark keeps its place on its base, glyphs and their order stay."""
    from weasyprint.text.ffi import ffi

    original_get_first_line = layout_class.get_first_line

    def get_first_line(self):
        first_line, index = original_get_first_line(self)
        spacing = getattr(self, "ita_cluster_spacing", 0)
        if spacing and getattr(self, "_ita_spaced", None) is not self.layout:
            self._ita_spaced = self.layout  # once per Pango layout (reactivate makes a new one)
            run, carry = first_line.runs, 0.0
            while run != ffi.NULL:
                if not run.data.item.analysis.level % 2:  # right to left: not in our documents
                    carry = _widen_run(run.data, self.ita_cluster_gaps, spacing, carry)
                run = run.next
        return first_line, index

    layout_class.get_first_line = get_first_line


def _text_boxes(box):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


_INVISIBLE = " " + "".join(_ZERO_WIDTH)


def _line_plan(line) -> dict[int, tuple[bool, list[int]]]:
    """For each text box of ``line`` (by id): whether a gap goes before it (it follows another
    box with visible text) and the byte offsets of the gaps inside it (``cluster_gaps``). The
    line's trailing spaces get none: a space WeasyPrint leaves at the end of a line (before a
    nowrap span that went on) hangs past the margin, invisible."""
    texts = list(_text_boxes(line))
    visible = [box for box in texts if box.text.strip(_INVISIBLE)]
    plan = {id(box): (False, []) for box in texts}
    for number, box in enumerate(visible):
        gaps = cluster_gaps(box.text) if getattr(box, "pango_layout", None) else []
        if number == len(visible) - 1:
            end = len(box.text.rstrip(_INVISIBLE).encode())
            gaps = [gap for gap in gaps if gap < end]
        plan[id(box)] = (number > 0, gaps)
    return plan


def _distribute(box, spacing: int, x_advance: float, plan: dict) -> float:
    """Move and widen ``box`` and what it holds for ``spacing`` Pango units at the gaps of
    ``plan`` (WeasyPrint's ``add_word_spacing``, per cluster instead of per space); returns the
    x advance after it."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.ffi import FROM_UNITS

    if isinstance(box, boxes.TextBox):
        before, gaps = plan[id(box)]
        if before:
            x_advance += spacing * FROM_UNITS
        box.position_x += x_advance
        if gaps:
            layout = box.pango_layout
            layout.ita_cluster_gaps = frozenset(gaps)
            layout.ita_cluster_spacing = spacing
            box.width += len(gaps) * spacing * FROM_UNITS
            x_advance += len(gaps) * spacing * FROM_UNITS
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _distribute(child, spacing, x_advance, plan)
        box.width += x_advance - before
    else:  # an atomic inline (an image): moved, not widened
        box.translate(x_advance, 0)
    return x_advance


def distribute_line(line, extra_width: float) -> bool | None:
    """Thai distributed justification of one laid-out line (Word's ``thaiDistribute``): its
    spare ``extra_width`` spread evenly between its grapheme clusters, the first starting at
    the left edge, the last ending at the right edge. Line breaks are not touched (only the
    advances of the drawn glyphs grow). None when the line holds no Thai text but spaces
    (Latin words: WeasyPrint's justification then applies); False, and the line left aligned
    as it is, when a gap would be wider than ``MAX_CLUSTER_SPACING`` (a line cut short by a
    long URL or word that went to the next line: spreading its space would tear it apart)."""
    from weasyprint.text.ffi import TO_UNITS

    texts = [box.text for box in _text_boxes(line)]
    if not any(_THAI_TEXT.search(text) for text in texts) and any(" " in t for t in texts):
        return None  # Latin words: WeasyPrint's justification, at their spaces
    plan = _line_plan(line)
    gaps = sum(before + len(inside) for before, inside in plan.values())
    if not gaps or extra_width / gaps > MAX_CLUSTER_SPACING * _PX_PER_PT:
        return False
    _distribute(line, round(extra_width / gaps * TO_UNITS), 0, plan)
    return True


def _install_distributed_justification(inline) -> None:
    """``text-align: justify`` on Thai text spreads a line's spare space between its clusters
    (``distribute_line``); WeasyPrint's own justification (space only at U+0020) stays for
    lines without Thai."""
    original_justify_line = inline.justify_line

    def justify_line(context, line, extra_width):
        if distribute_line(line, extra_width) is None:
            original_justify_line(context, line, extra_width)

    justify_line.__wrapped__ = original_justify_line  # bench/justify.py compares with it
    inline.justify_line = justify_line


def install() -> None:
    """Wrap WeasyPrint's font dictionary builder, the page stream's ``show_text``, the text
    layout's first line and the line justification, once (idempotent)."""
    global _installed
    if _installed:
        return
    import weasyprint
    from weasyprint import pdf as weasy_pdf
    from weasyprint.layout import inline as weasy_inline
    from weasyprint.pdf import stream as weasy_stream
    from weasyprint.text import line_break as weasy_line_break

    if weasyprint.__version__ != SHIM_VERSION:
        raise RuntimeError(
            f"reports.documents.weasyprint_patches was written for WeasyPrint {SHIM_VERSION}, "
            f"found {weasyprint.__version__}: check whether upstream fixed SARA AM and update "
            "the shim"
        )
    original = weasy_pdf.build_fonts_dictionary

    def build_fonts_dictionary(pdf, fonts, compress, subset, options):
        for font in fonts.values():
            fix_to_unicode(font)
        return original(pdf, fonts, compress, subset, options)

    weasy_pdf.build_fonts_dictionary = build_fonts_dictionary
    _install_actual_text(weasy_stream.Stream)
    _install_cluster_spacing(weasy_line_break.Layout)
    _install_distributed_justification(weasy_inline)
    _installed = True
