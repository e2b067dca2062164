"""A new organisation: made from the template of its type (``org_templates/<kind>.toml``).

The templates are data an operator may edit; ``template_for()`` checks a file whole when it is
first read (every chain position and every position's division must be in the file).
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from ita_portal import thai

from .enums import OrganisationKind
from .models import Division, FiscalYear, Organisation, Position, User

TEMPLATES = Path(__file__).resolve().parent / "org_templates"

# The organisation's fields an operator gives (the form, the CSV file), in the CSV's order.
ORGANISATION_FIELDS = [
    "kind",
    "name",
    "short_name",
    "slug",
    "address",
    "subdistrict",
    "district",
    "province",
    "postcode",
    "phone",
    "email",
    "website",
    "document_prefix",
]


@dataclass(frozen=True)
class OrgTemplate:
    kind: str
    name_prefix: str
    divisions: tuple[str, ...]
    positions: tuple[tuple[str, str], ...]  # (title with {name}, division or "")
    chain: tuple[str, ...]  # position titles, first approver to last

    def local_name(self, name: str) -> str:
        """นาทอน of องค์การบริหารส่วนตำบลนาทอน."""
        return name.removeprefix(self.name_prefix).strip()

    def position_titles(self, name: str) -> list[tuple[str, str]]:
        local = self.local_name(name)
        return [(title.replace("{name}", local), division) for title, division in self.positions]

    def chain_titles(self, name: str) -> list[str]:
        local = self.local_name(name)
        return [title.replace("{name}", local) for title in self.chain]


@functools.cache
def template_for(kind: str) -> OrgTemplate:
    """The template of ``kind`` (an OrganisationKind value). Raises ValueError on a bad file."""
    path = TEMPLATES / f"{OrganisationKind(kind).value}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    divisions = tuple(data["divisions"])
    positions = tuple((p["title"], p.get("division", "")) for p in data["positions"])
    titles = {title for title, _ in positions}
    for title, division in positions:
        if division and division not in divisions:
            raise ValueError(f"{path.name}: position {title!r} names unknown division {division!r}")
    for title in data["chain"]:
        if title not in titles:
            raise ValueError(f"{path.name}: chain position {title!r} is not among the positions")
    return OrgTemplate(kind, data["name_prefix"], divisions, positions, tuple(data["chain"]))


def organisation_create(*, actor: User | None, today=None, **fields) -> Organisation:
    """Create an organisation from the template of its ``kind``: its divisions, positions,
    an approval chain for every report kind (each step goes to whoever holds the position) and
    the current fiscal year, on the newest published OIT framework of its agency type if one
    is loaded.

    ``fields`` are ORGANISATION_FIELDS, already validated (forms.OrganisationForm or the CSV
    import). One transaction; the caller invites the first coordinator.
    """
    # reports sits above organisations; a new organisation's default chains are the one place
    # where the tenant root reaches up, at creation.
    from oit_checklist.enums import agency_type_of
    from oit_checklist.selectors import framework_newest
    from reports.services import chains_create_default

    template = template_for(fields["kind"])
    today = today or timezone.localdate()
    with transaction.atomic():
        organisation = Organisation.objects.create(**fields)
        with scope(organisation=organisation):
            divisions = {
                name: Division.objects.create(organisation=organisation, name=name, order=order)
                for order, name in enumerate(template.divisions, start=1)
            }
            positions = {
                title: Position.objects.create(
                    organisation=organisation, title=title, division=divisions.get(division)
                )
                for title, division in template.position_titles(organisation.name)
            }
            chain = [positions[title] for title in template.chain_titles(organisation.name)]
            chains_create_default(organisation=organisation, positions=chain)
            FiscalYear.objects.create(
                organisation=organisation,
                year=thai.fiscal_year_of(today),
                framework=framework_newest(agency_type=agency_type_of(organisation.kind)),
            )
    return organisation
