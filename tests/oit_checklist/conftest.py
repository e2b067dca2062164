"""Fixtures of the OIT checklist tests: นาทอน's current fiscal year with the demo checklist
(the FY2566 framework), and frameworks written on the fly for other assessment years."""

from pathlib import Path

import pytest
from django.utils import timezone
from django_scopes import scope

from ita_portal import thai
from oit_checklist.demo import FRAMEWORK_FILE
from oit_checklist.models import ItemStatus
from organisations.models import FiscalYear

SHIPPED = FRAMEWORK_FILE.read_text(encoding="utf-8")
HEADER, *ROWS = SHIPPED.splitlines()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def this_year(nathon) -> FiscalYear:
    with scope(organisation=nathon):
        return FiscalYear.objects.select_related("framework").get(
            year=thai.fiscal_year_of(timezone.localdate())
        )


@pytest.fixture
def status_of(nathon, this_year):
    """``status_of(title)``: นาทอน's status of the item with that title this year."""

    def find(title: str, fiscal_year: FiscalYear | None = None) -> ItemStatus:
        with scope(organisation=nathon):
            return ItemStatus.objects.select_related("item", "division").get(
                fiscal_year=fiscal_year or this_year, item__title=title
            )

    return find


def fields(row: str) -> list[str]:
    return row.split("\t")


def framework_text(year: int, rows: list[list[str]]) -> str:
    return "\n".join([HEADER, *("\t".join([str(year), *row[1:]]) for row in rows)]) + "\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
