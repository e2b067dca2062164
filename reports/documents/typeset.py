"""Thai typesetting of the print HTML, on text only (tags and attributes are left as they are).

* ``keep_whole(html, places)``: "พ.ศ. ๒๕๖๘" and the organisation's place names after ตำบล /
  อำเภอ / จังหวัด ("ตำบลนาทอน", "จังหวัดสตูล") in ``<span class="nowrap">``, so that a line
  never breaks inside them ("พ.ศ. / ๒๕๖๘", "จังหวัด / สตูล"). Pango ignores U+2060 WORD
  JOINER inside Thai (measured: "ตำบลนาทอ / น" with a joiner between every letter), a nowrap
  span it keeps. Also our words that libthai's dictionary cuts as compounds (``WHOLE_WORDS``:
  "หน่วย / งาน", "ดัง / กล่าว", "ประจำ / ปี") though an officer reads each as one word.
* ``split_text(text, limit)``: a cell's text cut into pieces of at most about ``limit``
  characters, at a line end, a space or a Thai word boundary (Pango's, the ones its lines break
  at), never inside a URL or a Latin word: the print tables give each piece a row of its own
  ("(ต่อ)"), because WeasyPrint repeats a table's header row only where a row ends, never inside
  a row that runs over pages.
"""

from __future__ import annotations

import re

from ita_portal.long_words import breakable

_PARTS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_UNTOUCHED = re.compile(r"<(textarea|script|style|title|select|svg)\b", re.I)
_YEAR = r"พ\.ศ\.(?:\s|&nbsp;|\u00a0)*[๐-๙0-9]{4}"
_THAI = re.compile(r"[\u0e00-\u0e7f]")
# Words of our documents that libthai breaks inside (measured in the PDFs: หน่วย|งาน, ดัง|กล่าว,
# ประจำ|ปี) while an officer reads each as one word; each is kept on one line.
WHOLE_WORDS = (
    "หน่วยงาน",
    "ดังกล่าว",
    "ประจำปี",
    "งบประมาณ",
    "ดำเนินการ",
    "ดำเนินงาน",
    "เรียบร้อย",
    "ผู้รับผิดชอบ",
    "ข้อเสนอแนะ",
    "ประชาสัมพันธ์",
    # measured in the hostile PDFs of issue #15: ระยะ|เวลา, ปฏิบัติ|งาน
    "ระยะเวลา",
    "ปฏิบัติงาน",
)
# Not when a following vowel or a mark goes on the word's last letter (another word then).
_WORD_END = r"(?![\u0e30-\u0e3a\u0e45\u0e47-\u0e4e])"


def _on_text(html: str, change) -> str:
    out = []
    closing = None
    for index, part in enumerate(_PARTS.split(html)):
        if index % 2:
            if closing is None and (start := _UNTOUCHED.match(part)):
                closing = f"</{start.group(1).lower()}"
            elif closing is not None and part.lower().startswith(closing):
                closing = None
            out.append(part)
        elif closing is None and part:
            out.append(change(part))
        else:
            out.append(part)
    return "".join(out)


def keep_whole(html: str, places: list[str] = (), names: list[str] = ()) -> str:
    """``html`` with "พ.ศ. <year>", "ตำบล/อำเภอ/จังหวัด<place>" (the ``places`` given: the
    organisation's sub-district, district and province), each of ``WHOLE_WORDS`` and each of
    word of the proper ``names`` given (the organisation's divisions: "กอง / คลัง") in a nowrap
    span."""
    places = sorted({p.strip() for p in places if p and p.strip() and len(p.strip()) <= 20})
    # A name's words, each (the line may break at a name's spaces), short enough for the
    # narrowest column (ผู้รับผิดชอบ, 2.6 cm: about 12 letters of Laksaman at 10.6 pt).
    words = {*WHOLE_WORDS, *(w for n in names for w in (n or "").split() if 2 < len(w) <= 12)}
    alternatives = [_YEAR]
    if places:
        alternatives.append(
            # "ส่วนตำบลนาทอน" with its ส่วน: the organisation's name breaks after องค์การบริหาร
            r"(?:ส่วน)?(?:ตำบล|อำเภอ|จังหวัด)\s?(?:" + "|".join(re.escape(n) for n in places) + r")"
        )
    # The longest first: "กองคลัง" before a shorter word it starts with.
    ordered = sorted(words, key=len, reverse=True)
    alternatives.append("(?:" + "|".join(map(re.escape, ordered)) + ")" + _WORD_END)
    pattern = re.compile("|".join(alternatives))

    def nowrap(match: re.Match) -> str:
        # What is kept whole between Thai letters also gets a ZERO WIDTH SPACE on each side:
        # WeasyPrint finds no break where a nowrap span meets Thai text, so the line could not
        # break before or after it and ran out of its cell (measured: "การดำเนินงานของ
        # หน่วยงาน" across the next column), or took the word before it along ("ส่วน" went to
        # the next line with "ตำบลนาทอน", leaving a justified line 60 pt short); Pango breaks
        # at U+200B and draws nothing for it, so the text layer has no trace of it.
        text, start, end = match.string, match.start(), match.end()
        before = "\u200b" if _THAI.match(text[start - 1 : start]) else ""
        after = "\u200b" if _THAI.match(text[end : end + 1]) else ""
        return f'{before}<span class="nowrap">{match[0]}</span>{after}'

    return _on_text(html, lambda text: pattern.sub(nowrap, text))


def typeset(html: str, places: list[str] = (), names: list[str] = ()) -> str:
    """The print HTML's text fixes: ๆ never starts a line, names and years kept whole, long URLs
    and Latin words breakable inside their cell (``ita_portal.long_words``)."""
    html = html.replace(" ๆ", "\u00a0ๆ")
    return breakable(keep_whole(html, places, names))


def division_names(data) -> list[str]:
    """Every division named in a snapshot's content ("divisions" lists, "division" texts)."""
    found = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "divisions" and isinstance(value, list):
                found.update(v for v in value if isinstance(v, str))
            elif key == "division" and isinstance(value, str):
                found.add(value)
            else:
                found.update(division_names(value))
    elif isinstance(data, list):
        for value in data:
            found.update(division_names(value))
    return sorted(found)


def _breaks(text: str) -> list[tuple[int, int]]:
    """(position, rank) where ``text`` may be cut: 3 after a line end, 2 after a space, 1 at a
    Thai word boundary between two Thai letters."""
    from weasyprint.text.line_break import get_log_attrs

    attributes = get_log_attrs(text, "th")
    found = []
    for position in range(1, len(text)):
        before, after = text[position - 1], text[position]
        if before == "\n":
            found.append((position, 3))
        elif before.isspace() and not after.isspace():
            found.append((position, 2))
        elif (
            _THAI.match(before)
            and _THAI.match(after)
            and attributes[position].is_line_break
            and not attributes[position].is_white
        ):
            found.append((position, 1))
    return found


def split_text(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most about ``limit`` characters (see the module's docstring);
    one piece when it is short enough, none when it is empty."""
    text = (text or "").strip()
    if not text:
        return []
    if len(text) <= limit * 1.25:
        return [text]
    breaks = _breaks(text)
    pieces, start = [], 0
    while len(text) - start > limit * 1.25:
        window = [(p, r) for p, r in breaks if start + limit // 2 < p <= start + limit]
        if not window:
            window = [(p, r) for p, r in breaks if start < p <= start + limit]
        if not window:  # one unbreakable run (a URL): cut after it
            later = [p for p, _ in breaks if p > start + limit]
            if not later:
                break
            cut = later[0]
        else:
            best = max(r for _, r in window)
            cut = max(p for p, r in window if r == best)
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    rest = text[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces
