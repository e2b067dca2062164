"""The crosswalk between two frameworks: which item of one is which item of the other.

Item numbers move between frameworks (the NACC renumbers almost every year), so items are
matched, in this order: the same role among the items the portal produces
(``produced_by_portal``); the same title, ignoring spaces; then the most similar title and
components above ``COMPONENT_SIMILARITY``. What matches nothing is listed. The copy-forward
(last year → this year), the move of a fiscal year to a newer framework and the operator's
comparison of a new framework with the previous one all use ``match``.

``compare`` says, for the operator, what changed: items unchanged, renumbered, changed (with
a diff of their components), new and removed, merges, and where the portal's items are.
Pure functions over ``ItemView``s: no database here.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from .enums import PortalRole

MATCH_TITLE = "ชื่อข้อตรงกัน"
MATCH_COMPONENTS = "องค์ประกอบใกล้เคียงกัน"
MATCH_ROLE = "รายงานที่ระบบจัดทำ"
COMPONENT_SIMILARITY = 0.6
# A component of a removed item counts as found in another item when this similar.
MERGE_SIMILARITY = 0.8

_SPACE = re.compile(r"\s+")


def normal(text: str) -> str:
    """The text without spaces and case, for comparing what people typed."""
    return _SPACE.sub("", text).lower()


@dataclass(frozen=True)
class ItemView:
    """What an item says, from the database or from a file."""

    number: str
    label: str
    title: str
    components: tuple[str, ...]
    sub_indicator: str = ""
    sub_indicator_title: str = ""
    group_title: str = ""
    default_responsible: str = ""
    produced_by_portal: str = ""
    pk: int | None = None

    @property
    def role_label(self) -> str:
        return PortalRole(self.produced_by_portal).label if self.produced_by_portal else ""


def view_of(item, components: Sequence[str] | None = None) -> ItemView:
    """The view of an OitItem (its ``ordered_components`` prefetched, or ``components``)."""
    if components is None:
        components = [component.text for component in item.ordered_components]
    sub = item.sub_indicator if item.sub_indicator_id else None
    return ItemView(
        number=item.number,
        label=item.label,
        title=item.title,
        components=tuple(components),
        sub_indicator=sub.code if sub else "",
        sub_indicator_title=sub.title if sub else "",
        group_title=item.group_title,
        default_responsible=item.default_responsible,
        produced_by_portal=item.produced_by_portal,
        pk=item.pk,
    )


def _similarity(a: ItemView, b: ItemView) -> float:
    title = difflib.SequenceMatcher(None, normal(a.title), normal(b.title)).ratio()
    body = difflib.SequenceMatcher(
        None, normal(" ".join(a.components)), normal(" ".join(b.components))
    ).ratio()
    return 0.4 * title + 0.6 * body


@dataclass
class Match:
    """``pairs`` are (index in old, index in new, how), in the new framework's order."""

    pairs: list[tuple[int, int, str]]
    unmatched_old: list[int]
    unmatched_new: list[int]


def match(old: Sequence[ItemView], new: Sequence[ItemView]) -> Match:
    """Which item of ``new`` each item of ``old`` became (see the module's docstring)."""
    free = dict.fromkeys(range(len(new)))  # ordered set of the new items not yet taken
    by_role = {view.produced_by_portal: j for j, view in enumerate(new) if view.produced_by_portal}
    by_title: dict[str, list[int]] = {}
    for j, view in enumerate(new):
        by_title.setdefault(normal(view.title), []).append(j)
    pairs: list[tuple[int, int, str]] = []
    pending: list[int] = []
    for i, view in enumerate(old):
        role = view.produced_by_portal
        if role and role in by_role:
            candidates, how = [by_role[role]], MATCH_ROLE
        else:
            candidates, how = by_title.get(normal(view.title), []), MATCH_TITLE
        candidates = [j for j in candidates if j in free]
        if candidates:
            del free[candidates[0]]
            pairs.append((i, candidates[0], how))
        else:
            pending.append(i)
    unmatched_old = []
    for i in pending:
        scored = sorted(
            ((_similarity(old[i], new[j]), j) for j in free), key=lambda p: p[0], reverse=True
        )
        if scored and scored[0][0] >= COMPONENT_SIMILARITY:
            del free[scored[0][1]]
            pairs.append((i, scored[0][1], MATCH_COMPONENTS))
        else:
            unmatched_old.append(i)
    pairs.sort(key=lambda pair: pair[1])
    return Match(pairs=pairs, unmatched_old=unmatched_old, unmatched_new=list(free))


# ---------------------------------------------------------------------------------------------
# The operator's comparison


UNCHANGED = "unchanged"
RENUMBERED = "renumbered"
CHANGED = "changed"
NEW = "new"
REMOVED = "removed"


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True)
class ComponentDiff:
    """One line of the component diff: ``same``, ``added``, ``removed`` or ``changed`` (then
    the segments mark what was deleted from the old text and inserted into the new)."""

    op: str
    old: tuple[Segment, ...] = ()
    new: tuple[Segment, ...] = ()


@dataclass
class ItemChange:
    kind: str
    old: ItemView | None
    new: ItemView | None
    how: str = ""
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)
    components: list[ComponentDiff] = field(default_factory=list)
    merged: list[ItemView] = field(default_factory=list)  # merged from / into

    @property
    def components_changed(self) -> bool:
        return any(diff.op != "same" for diff in self.components)


@dataclass
class PortalFlag:
    role: str
    label: str
    old: ItemView | None
    new: ItemView | None


@dataclass
class Comparison:
    old_count: int
    new_count: int
    unchanged: list[ItemChange]
    renumbered: list[ItemChange]
    changed: list[ItemChange]
    new: list[ItemChange]
    removed: list[ItemChange]
    portal: list[PortalFlag]

    @property
    def has_previous(self) -> bool:
        return self.old_count > 0

    @property
    def portal_missing(self) -> list[PortalFlag]:
        return [flag for flag in self.portal if flag.new is None]


_FIELDS = (
    ("title", "ข้อมูล"),
    ("sub_indicator", "ตัวชี้วัดย่อย"),
    ("group_title", "หัวข้อย่อย"),
    ("default_responsible", "ผู้รับผิดชอบ"),
)


def _clusters(text: str) -> list[str]:
    """Characters with their combining marks (Thai vowels above and below, tone marks), so
    that a diff never cuts a mark from its consonant."""
    clusters: list[str] = []
    for character in text:
        if clusters and unicodedata.category(character) in {"Mn", "Mc", "Me"}:
            clusters[-1] += character
        else:
            clusters.append(character)
    return clusters


def _segments(old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """What was deleted from ``old`` and inserted into ``new``. Runs of fewer than three equal
    characters between changes count as changed, so that the marks cover words, not letters."""
    a, b = _clusters(old), _clusters(new)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    left: list[Segment] = []
    right: list[Segment] = []

    def add(side: list[Segment], text: str, changed: bool):
        if not text:
            return
        if side and side[-1].changed == changed:
            side[-1] = Segment(side[-1].text + text, changed)
        else:
            side.append(Segment(text, changed))

    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        short = op == "equal" and i2 - i1 < 3 and 0 < index < len(opcodes) - 1
        changed = op != "equal" or short
        add(left, "".join(a[i1:i2]), changed)
        add(right, "".join(b[j1:j2]), changed)
    return tuple(left), tuple(right)


def component_diff(old: Sequence[str], new: Sequence[str]) -> list[ComponentDiff]:
    """Component by component: kept, added, removed, or changed (old and new text marked)."""
    diffs: list[ComponentDiff] = []
    matcher = difflib.SequenceMatcher(
        None, [normal(text) for text in old], [normal(text) for text in new], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            diffs += [ComponentDiff("same", old=(Segment(text, False),)) for text in old[i1:i2]]
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            left, right = _segments(old[i1 + k], new[j1 + k])
            diffs.append(ComponentDiff("changed", old=left, new=right))
        diffs += [
            ComponentDiff("removed", old=(Segment(text, True),)) for text in old[i1 + pairs : i2]
        ]
        diffs += [
            ComponentDiff("added", new=(Segment(text, True),)) for text in new[j1 + pairs : j2]
        ]
    return diffs


def _found_in(component: str, other: ItemView) -> bool:
    text = normal(component)
    if text in normal(" ".join(other.components)):
        return True
    return any(
        difflib.SequenceMatcher(None, text, normal(candidate)).ratio() >= MERGE_SIMILARITY
        for candidate in other.components
    )


def compare(old: Sequence[ItemView], new: Sequence[ItemView]) -> Comparison:
    """What ``new`` changes against ``old`` (empty when there is no previous framework)."""
    found = match(old, new)
    result = Comparison(
        old_count=len(old),
        new_count=len(new),
        unchanged=[],
        renumbered=[],
        changed=[],
        new=[],
        removed=[],
        portal=[],
    )
    by_new: dict[int, ItemChange] = {}
    for i, j, how in found.pairs:
        a, b = old[i], new[j]
        fields = [
            (label, getattr(a, name), getattr(b, name))
            for name, label in _FIELDS
            if normal(getattr(a, name)) != normal(getattr(b, name))
        ]
        if a.produced_by_portal != b.produced_by_portal:
            fields.append(("จัดทำโดยระบบ", a.role_label or "ไม่ใช่", b.role_label or "ไม่ใช่"))
        change = ItemChange(kind=UNCHANGED, old=a, new=b, how=how, fields=fields)
        change.components = component_diff(a.components, b.components)
        if a.number != b.number or a.label != b.label:
            change.kind = RENUMBERED
            result.renumbered.append(change)
        elif fields or change.components_changed:
            change.kind = CHANGED
            result.changed.append(change)
        else:
            result.unchanged.append(change)
        by_new[j] = change
    for j in found.unmatched_new:
        by_new[j] = ItemChange(kind=NEW, old=None, new=new[j])
        result.new.append(by_new[j])
    for i in found.unmatched_old:
        removal = ItemChange(kind=REMOVED, old=old[i], new=None)
        into = next(
            (
                j
                for j, view in enumerate(new)
                if all(_found_in(text, view) for text in old[i].components)
            ),
            None,
        )
        if into is not None:  # its components live on in another item: a merge
            removal.merged = [new[into]]
            by_new[into].merged.append(old[i])
        result.removed.append(removal)
    for role in PortalRole:
        before = next((view for view in old if view.produced_by_portal == role), None)
        after = next((view for view in new if view.produced_by_portal == role), None)
        if before or after:
            result.portal.append(
                PortalFlag(role=role.value, label=role.label, old=before, new=after)
            )
    return result
