"""The EIT survey QR code (SVG) and its A4 poster (PDF), from the organisation's survey URL.

The QR code is made by ``segno`` (pure Python, no image library): error correction level M,
the standard four-module quiet zone, dark on white so that it scans on any background.
"""

from __future__ import annotations

import io

import segno
from django.template.loader import render_to_string

from organisations.models import Organisation
from reports.documents import pdf as rendering


def qr_svg(url: str, *, title: str = "") -> bytes:
    """The QR code of ``url`` as a standalone SVG document that scales (a viewBox, no size)."""
    qr = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    qr.save(
        out,
        kind="svg",
        scale=10,
        border=4,
        dark="#000",
        light="#fff",
        title=title or None,
        xmldecl=False,
        omitsize=True,
        encoding="utf-8",
    )
    return out.getvalue()


def poster_pdf(organisation: Organisation) -> bytes:
    """An A4 page with the organisation's name, the QR code of its EIT survey and the URL.

    Precondition: ``organisation.eit_survey_url`` is set. Printed by the documents' pipeline
    (``reports.documents.pdf``: its fonts, its fetcher that reads nothing outside the project, its
    text-layer fix), so the poster's Thai is searchable and copyable like the reports'."""
    svg = qr_svg(organisation.eit_survey_url).decode()
    html = render_to_string(
        "reports/print/eit_poster.html", {"organisation": organisation, "qr_svg": svg}
    )
    return rendering.html_to_pdf(html, "eit-poster")
