"""The memo's header as the ระเบียบงานสารบรรณ sets it (issue #15), read from the demo's FY2568
round-6 report as printed: the labels ส่วนราชการ / ที่ / วันที่ / เรื่อง bold at the 20-pt size
(13.3 pt Laksaman), the values at 16 pt (10.6 pt), a dotted leader under every line of a wrapped
เรื่อง (measured on the rendered page), and the memo's เรื่อง the attachment's own title."""

import re

import pymupdf
import pytest
from django_scopes import scope

from reports.documents.pdf import render_report_pdf
from reports.enums import ReportKind
from reports.models import Report

pytestmark = pytest.mark.django_db
LABELS = ["ส่วนราชการ", "ที่", "วันที่", "เรื่อง"]
ZOOM = 3  # 216 dpi


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker):
    from organisations.models import Organisation

    with django_db_blocker.unblock():
        nathon = Organisation.objects.get(slug="nathon")
        with scope(organisation=nathon):
            report = Report.objects.get(fiscal_year__year=2568, kind=ReportKind.RESULTS)
            return render_report_pdf(report)


def _spans(page):
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", ()):
            yield from line["spans"]


def test_the_labels_are_bold_at_twenty_points_and_the_values_at_sixteen(printed):
    with pymupdf.open(stream=printed, filetype="pdf") as document:
        spans = list(_spans(document[0]))
    for label in LABELS:
        found = [s for s in spans if s["text"].strip() == label]
        assert found, label
        assert all(round(s["size"], 1) == 13.3 and "Bold" in s["font"] for s in found), label
    subject = next(s for s in spans if s["text"].startswith("รายงานความก้าวหน้า"))
    assert round(subject["size"], 1) == 10.6 and "Bold" not in subject["font"]


def _leader_under(pixmap, x0: float, x1: float, baseline: float) -> float:
    """The share of pixel columns from x0 to x1 with a dark pixel just under ``baseline``."""
    best = 0.0
    for y in range(int((baseline + 1.5) * ZOOM), int((baseline + 6) * ZOOM)):
        dark = sum(1 for x in range(int(x0 * ZOOM), int(x1 * ZOOM)) if pixmap.pixel(x, y)[0] < 128)
        best = max(best, dark / (int(x1 * ZOOM) - int(x0 * ZOOM)))
    return best


def test_every_line_of_the_wrapped_subject_stands_on_a_dotted_leader(printed):
    with pymupdf.open(stream=printed, filetype="pdf") as document:
        page = document[0]
        lines = []
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", ()):
                text = "".join(s["text"] for s in line["spans"])
                lines.append((text, line["spans"][0]["origin"][1], line["bbox"]))
        label = next(line for line in lines if line[0].strip() == "เรื่อง")
        addressee = next(line for line in lines if line[0].startswith("เรียน"))
        subject = [
            line
            for line in lines
            if label[1] - 2 <= line[1] < addressee[1] - 2 and line[0].strip() != "เรื่อง"
        ]
        assert len(subject) >= 2, subject  # the demo's เรื่อง wraps
        right = page.rect.width - 2 / 2.54 * 72  # the page's right margin (2 cm)
        pixmap = page.get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM), colorspace="gray")
        for text, baseline, bbox in subject:
            # Dotted, over the whole width of the value from its first letter to the margin.
            share = _leader_under(pixmap, bbox[0], right - 2, baseline)
            assert 0.3 < share < 0.8, (text, share)


def test_the_round_six_memo_carries_the_attachments_title(printed):
    with pymupdf.open(stream=printed, filetype="pdf") as document:
        memo = re.sub(r"\s+", "", document[0].get_text())
        attachment = re.sub(r"\s+", "", "".join(page.get_text() for page in document[1:]))
    title = "รายงานความก้าวหน้าการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    year = "ประจำปีงบประมาณพ.ศ.๒๕๖๘(รอบ๖เดือน)"
    assert "เรื่อง" + title + year in memo
    assert title + year in attachment
