"""Who is responsible: the text of a ผู้รับผิดชอบ cell matched to the organisation's divisions.

Thai has no spaces between words and a narrow table column breaks a name anywhere
("ทุกส่วน / ราชการ"), so names are compared with every space and line break taken out. A cell
may name several divisions ("สำนักปลัด/ กองคลัง", "สำนักปลัด, กองคลัง"), everyone ("ทุกกอง",
"ทุกส่วนราชการ", "ทุกสำนัก/กอง"), a division followed by the organisation's name
("กองคลังเทศบาลตำบลนาคำ"), or a section of a division that the portal does not know
("งานนิติการ/สำนักปลัดเทศบาล"): what matches nothing is returned as an unknown name, for the
coordinator to map to a division, create, or leave out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Everyone: "ทุก" and what follows it, longest first.
_EVERYONE = sorted(
    [
        "ทุกส่วนราชการ",
        "ทุกสำนัก/กอง",
        "ทุกกอง/สำนัก",
        "ทุกสำนักกอง",
        "ทุกสำนัก",
        "ทุกกอง",
        "ทุกส่วนงาน",
        "ทุกหน่วยงาน",
        "ทุกฝ่าย",
        "ทุกงาน",
        "ทุกส่วน",
    ],
    key=len,
    reverse=True,
)
# Words for the organisation itself: when one follows a division, the rest of the name up to
# the next separator is the organisation's ("กองคลังเทศบาลตำบลนาคำ").
_ORGANISATION_WORDS = [
    "องค์การบริหารส่วนตำบล",
    "องค์การบริหารส่วนจังหวัด",
    "เทศบาลตำบล",
    "เทศบาลเมือง",
    "เทศบาลนคร",
    "เทศบาล",
    "อบต.",
    "อบจ.",
    "ทต.",
    "ทม.",
]
# What is left between names and means nothing on its own.
_FILLER = {"และ", "กับ", "ร่วมกับ", "หรือ", "โดย", "-", "ฯลฯ", "ฯ", ".", "(", ")", "()", "ทุก"}
_SEPARATORS = "/,，;、+|\n"
_LABEL = re.compile(r"^\s*(?:\(\s*[0-9๐-๙]{1,2}\s*\)|[0-9๐-๙]{1,2}\s*[.)])\s*")


def squeeze(text: str) -> str:
    """``text`` without spaces, tabs and zero-width characters: the form names are compared in."""
    return re.sub(r"[\s\u200b\u200c\u200d\ufeff]+", "", text)


def _aliases(name: str) -> list[str]:
    """The ways a document writes the division ``name`` (all squeezed)."""
    full = squeeze(name)
    aliases = {full}
    if full.startswith("สำนักปลัด"):
        rest = full[len("สำนักปลัด") :]
        aliases |= {"สำนักงานปลัด" + rest, "สำนักปลัด", "สำนักงานปลัด"}
    # "กองการศึกษา ศาสนาและวัฒนธรรม" is written "กองการศึกษาฯ" or "กองการศึกษา".
    first_word = squeeze(name.split()[0]) if name.split() else ""
    if first_word != full and len(first_word) >= 5:
        aliases |= {first_word + "ฯ", first_word}
    if full.endswith("ฯ"):
        aliases.add(full[:-1])
    return sorted(aliases, key=len, reverse=True)


# Abbreviations written on their own ("สป."), taken only as a whole name, never inside a word.
_ABBREVIATIONS = {"สป.": "สำนักปลัด", "สป": "สำนักปลัด"}


@dataclass
class Unknown:
    key: str  # the squeezed name: the same unknown name anywhere in the file is one choice
    text: str  # as the file writes it, spaces kept


@dataclass
class Match:
    division_ids: list[int] = field(default_factory=list)
    everyone: bool = False
    unknown: list[Unknown] = field(default_factory=list)

    @property
    def found_anything(self) -> bool:
        return bool(self.division_ids or self.everyone)


class DivisionMatcher:
    """Matches responsible texts against ``divisions`` [(id, name), …] (the active divisions of
    the organisation, in their order); ``organisation_names`` are the organisation's own names
    (ชื่อเต็ม, ชื่อย่อ), left out wherever they appear."""

    def __init__(self, divisions: list[tuple[int, str]], organisation_names: list[str] = ()):
        self.divisions = divisions
        self.all_ids = [pk for pk, _name in divisions]
        candidates: list[tuple[str, int]] = []
        for pk, name in divisions:
            candidates.extend((alias, pk) for alias in _aliases(name))
        # An alias two divisions share ("กองการศึกษา" of two กองการศึกษา…) names neither.
        owners: dict[str, set[int]] = {}
        for alias, pk in candidates:
            owners.setdefault(alias, set()).add(pk)
        self.names = sorted(
            ((alias, next(iter(pks))) for alias, pks in owners.items() if len(pks) == 1),
            key=lambda pair: len(pair[0]),
            reverse=True,
        )
        by_name = {squeeze(name): pk for pk, name in divisions}
        self.abbreviations = {
            abbr: by_name[target]
            for abbr, target in _ABBREVIATIONS.items()
            if target in by_name and abbr not in owners
        }
        self.organisation_words = sorted(
            {squeeze(n) for n in organisation_names if n} | set(_ORGANISATION_WORDS),
            key=len,
            reverse=True,
        )

    def match(self, text: str) -> Match:
        """The divisions ``text`` names. A line break inside a name ("ทุกส่วน" / "ราชการ") is
        only where a narrow column wrapped it; a line that starts with a number ("๒.กองคลัง")
        starts another name."""
        joined = ""
        for line in (text or "").split("\n"):
            label = _LABEL.match(line)
            if label and joined:
                joined += "/"
            joined += line[label.end() :] if label else line
        result = Match()
        self._match_line(joined, result)
        return result

    def _match_line(self, line: str, result: Match) -> None:
        # Squeezed characters with the position of each in the line, to give unknown names back
        # as written.
        chars = [(c, i) for i, c in enumerate(line) if not re.match(r"[\s\u200b-\u200d\ufeff]", c)]
        squeezed = "".join(c for c, _ in chars)
        unknown_from: int | None = None
        position = 0

        def flush(end: int) -> None:
            nonlocal unknown_from
            if unknown_from is None:
                return
            key = squeezed[unknown_from:end].strip(".-()")
            if key and key not in _FILLER:
                written = line[chars[unknown_from][1] : chars[end - 1][1] + 1]
                written = re.sub(r"\s+", " ", written).strip(" /,.-")
                if key not in {u.key for u in result.unknown}:
                    result.unknown.append(Unknown(key=key, text=written))
            unknown_from = None

        while position < len(squeezed):
            rest = squeezed[position:]
            if rest[0] in _SEPARATORS:
                flush(position)
                position += 1
                continue
            everyone = next((w for w in _EVERYONE if rest.startswith(w)), None)
            if everyone:
                flush(position)
                result.everyone = True
                position += len(everyone)
                continue
            organisation = next((w for w in self.organisation_words if rest.startswith(w)), None)
            if organisation:
                flush(position)
                position += len(organisation)
                while position < len(squeezed) and squeezed[position] not in _SEPARATORS:
                    position += 1  # the organisation's place name: "…เทศบาลตำบลนาคำ"
                continue
            name = next(((a, pk) for a, pk in self.names if rest.startswith(a)), None)
            if name:
                flush(position)
                if name[1] not in result.division_ids:
                    result.division_ids.append(name[1])
                position += len(name[0])
                continue
            abbreviation = self._abbreviation(squeezed, position)
            if abbreviation:
                flush(position)
                length, pk = abbreviation
                if pk not in result.division_ids:
                    result.division_ids.append(pk)
                position += length
                continue
            if unknown_from is None:
                unknown_from = position
            position += 1
        flush(len(squeezed))

    def _abbreviation(self, squeezed: str, position: int) -> tuple[int, int] | None:
        if position and squeezed[position - 1] not in _SEPARATORS:
            return None
        for abbr, pk in sorted(self.abbreviations.items(), key=lambda p: -len(p[0])):
            end = position + len(abbr)
            if squeezed.startswith(abbr, position) and (
                end == len(squeezed) or squeezed[end] in _SEPARATORS
            ):
                return len(abbr), pk
        return None

    def ids_of(self, match: Match) -> list[int]:
        """The divisions a match names, in the organisation's order (everyone: all of them)."""
        chosen = set(self.all_ids) if match.everyone else set(match.division_ids)
        return [pk for pk in self.all_ids if pk in chosen]
