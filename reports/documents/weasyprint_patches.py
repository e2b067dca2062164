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


def install() -> None:
    """Wrap WeasyPrint's font dictionary builder once (idempotent)."""
    global _installed
    if _installed:
        return
    import weasyprint
    from weasyprint import pdf as weasy_pdf
    from weasyprint.pdf import stream as weasy_stream

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
    _installed = True
