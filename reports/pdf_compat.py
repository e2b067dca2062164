"""Compatibility shim for WeasyPrint 70.0: keep SARA AM (ำ) in the PDF's text layer.

The bug (written up for upstream in docs/weasyprint-sara-am.md): WeasyPrint builds each font's
ToUnicode map from Pango's clusters, one text per glyph id, first use wins
(``weasyprint/draw/text.py``, "Create mapping between glyphs and Unicode codepoints"). Thai
fonts draw SARA AM (U+0E33) as two glyphs, NIKHAHIT (U+0E4D) and SARA AA (U+0E32), in one
cluster: the first glyph gets the empty string, the second the whole cluster "ำ" — or "า" when
the SARA AA glyph was first met on its own. pdftotext then reads ตำบล as ตาบล.

The fix, applied just before the font dictionaries are written: a glyph whose recorded text is
empty, or is SARA AM, but which the font's own cmap maps to one character, takes that
character. ตำบล then extracts as ต + ํ + า + บล, which is NFKC-equal to the source text (U+0E33's
compatibility decomposition is U+0E4D U+0E32).

Pinned to the WeasyPrint version it was written against: ``install()`` refuses another
version, so an upgrade makes the tests fail loudly instead of silently doing nothing.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache

SHIM_VERSION = "70.0"
SARA_AM = "\u0e33"

_installed = False


@lru_cache(maxsize=32)
def _reverse_cmap(digest: str, content: bytes, index: int) -> dict[int, int]:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
    cmap = font.getBestCmap() or {}
    reverse: dict[int, int] = {}
    for codepoint, name in sorted(cmap.items()):
        reverse.setdefault(font.getGlyphID(name), codepoint)
    return reverse


def fix_to_unicode(font) -> int:
    """Repair ``font.to_unicode`` in place; returns how many glyphs were changed."""
    suspicious = [g for g, text in font.to_unicode.items() if text in ("", SARA_AM)]
    if not suspicious:
        return 0
    content = font.file_content
    digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
    reverse = _reverse_cmap(digest, content, font.index)
    changed = 0
    for glyph in suspicious:
        codepoint = reverse.get(glyph)
        if codepoint is not None and chr(codepoint) != font.to_unicode[glyph]:
            font.to_unicode[glyph] = chr(codepoint)
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
            f"reports.pdf_compat was written for WeasyPrint {SHIM_VERSION}, found "
            f"{weasyprint.__version__}: check whether upstream fixed SARA AM and update the shim"
        )
    original = weasy_pdf.build_fonts_dictionary

    def build_fonts_dictionary(pdf, fonts, compress, subset, options):
        for font in fonts.values():
            fix_to_unicode(font)
        return original(pdf, fonts, compress, subset, options)

    weasy_pdf.build_fonts_dictionary = build_fonts_dictionary
    _installed = True
