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

Pinned to the WeasyPrint version it was written against: ``install()`` refuses another
version, so an upgrade makes the tests fail loudly instead of silently doing nothing.
"""

from __future__ import annotations

import hashlib
import io
import re
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


def install() -> None:
    """Wrap WeasyPrint's font dictionary builder once (idempotent)."""
    global _installed
    if _installed:
        return
    import weasyprint
    from weasyprint import pdf as weasy_pdf

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
    _installed = True
