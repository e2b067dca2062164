"""Writes about organisations and their people."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ita_portal import thai
from ita_portal.errors import ServiceError

from .models import FiscalYear, Organisation


def fiscal_year_create(*, organisation: Organisation, year: int) -> FiscalYear:
    """Open fiscal year ``year`` (พ.ศ.) for the organisation.

    Raises ServiceError when the organisation already has it. Runs in its own transaction;
    precondition: inside ``scope(organisation=organisation)``.
    """
    try:
        with transaction.atomic():
            return FiscalYear.objects.create(organisation=organisation, year=year)
    except IntegrityError:
        raise ServiceError(f"ปีงบประมาณ พ.ศ. {thai.thai_digits(year)} มีอยู่แล้วในหน่วยงานนี้") from None


def organisation_eit_survey_set(*, organisation: Organisation, url: str) -> Organisation:
    """Set (or clear, with "") the address of the organisation's EIT survey.

    The public site turns it into the QR code and the poster at once; no other side effect."""
    organisation.eit_survey_url = url.strip()
    organisation.save(update_fields=["eit_survey_url"])
    return organisation
