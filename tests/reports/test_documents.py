"""The documents as a reader gets them: every kind of the demo organisation rendered to PDF once
per module, its text extracted (pdfplumber, pdftotext) and checked for content, order, Thai
digits, page numbers, word cuts, fonts and SARA AM."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import unicodedata

import pdfplumber
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope
from PIL import Image

from ita_portal import thai
from organisations.models import FiscalYear, User
from reports.documents import kinds as documents
from reports.documents import pdf as rendering
from reports.documents.content import EVIDENCE_KINDS, evidence_groups
from reports.documents.snapshot import approval_blocks, build_snapshot, chain_data, report_snapshot
from reports.models import ApprovalChain, ChainStep, Decision, Memo, Report

from .demo_nathon import nathon_rolled_back
from .wordcut import word_cuts

# (database access for every test: the module fixture `rendered` reads the demo data, and run
# alone a test without the mark would find no test database; one xdist worker renders the
# module's documents, instead of each worker rendering them all)
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("documents")]

APPROVERS = ["nathon_head_palad", "nathon_deputy", "nathon_palad", "nathon_mayor"]
MEMO_BODY = """เรื่องเดิม

ตามที่องค์การบริหารส่วนตำบลนาทอน ได้ดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน \
ของหน่วยงานภาครัฐ (ITA) ประจำปี ๒๕๖๘ จำนวน ๗ มาตรการ

ข้อเท็จจริง

สำนักปลัดองค์การบริหารส่วนตำบลนาทอน ได้ดำเนินการจัดทำรายงานผลการดำเนินการ \
เรียบร้อยแล้ว รายละเอียดตามเอกสารแนบท้ายนี้"""


def _signature() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 90), "white").save(buffer, "PNG")
    return default_storage.save("signatures/test-head-palad.png", ContentFile(buffer.getvalue()))


def _memo_report(org, coordinator) -> Report:
    """A FY2568 round-12 results report in review (the demo's round-6 report is in review
    too): numbered memo, four approvers, the first two have approved (the first with a
    signature image)."""
    fiscal_year = FiscalYear.objects.get(year=2568)
    chain, created = ApprovalChain.objects.get_or_create(organisation=org, kind="results")
    for order, username in enumerate(APPROVERS if created else []):
        user = User.objects.get(username=username)
        ChainStep.objects.create(
            organisation=org,
            chain=chain,
            order=order,
            position=user.memberships.get(organisation=org).position,
            signer=user,
        )
    report = Report.objects.create(
        organisation=org,
        fiscal_year=fiscal_year,
        kind="results",
        round=12,
        title="รายงานผลการดำเนินการ รอบ ๑๒ เดือน",
        drafter=coordinator,
        status="in_review",
        review_round=1,
        chain=chain_data(chain),
    )
    Memo.objects.create(
        organisation=org,
        report=report,
        division_line="สำนักปลัด องค์การบริหารส่วนตำบลนาทอน โทร ๐-๗๔๗๘-๓๔๓๕",
        subject="รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        addressee="นายกองค์การบริหารส่วนตำบลนาทอน",
        body=MEMO_BODY,
        number=12,
        date=dt.date(2025, 5, 20),
    )
    head = User.objects.get(username=APPROVERS[0])
    head.signature.name = _signature()
    head.save()
    for step, username in enumerate(APPROVERS[:2]):
        Decision.objects.create(
            organisation=org,
            report=report,
            review_round=1,
            step=step,
            decided_by=User.objects.get(username=username),
            value="approve",
            decided_at=timezone.make_aware(dt.datetime(2025, 5, 21 + step, 10, 0)),
        )
    return report


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """{kind: (snapshot, pdf bytes)} for every document kind of นาทอน, rendered once."""
    out = {}
    with nathon_rolled_back(django_db_blocker) as (org, coordinator):
        report = _memo_report(org, coordinator)
        snapshot = report_snapshot(report)
        out["memo"] = (snapshot, approval_blocks(report))
        cases = {
            "plan": (2568, None),
            "progress": (2568, 6),
            "results": (2568, 12),
            "tables": (2570, None),
            "book": (2570, None),
        }
        for kind, (year, round_) in cases.items():
            transient = documents.transient_report(
                organisation=org,
                fiscal_year=FiscalYear.objects.get(year=year),
                kind=kind,
                round_=round_,
                drafter=coordinator,
            )
            out[kind] = (build_snapshot(transient), approval_blocks(transient))
        pdfs = {
            kind: (snap, rendering.render_pdf(snap, blocks, kind=kind))
            for kind, (snap, blocks) in out.items()
        }
        # The report as the executives read it: the memo, then the results document.
        snap, blocks = out["memo"]
        pdfs["report"] = (snap, rendering.render_pdf(snap, blocks, with_memo=True))
    return pdfs


KINDS = ["memo", "plan", "progress", "results", "tables", "book"]


def _pages(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        # In content-stream order: sorting by position would put a Thai mark after the next
        # letter (เรื่อง → เร่อื ง). Text flow adds spaces between glyphs; _squash drops them.
        return [page.extract_text(use_text_flow=True) or "" for page in document.pages]


def _squash(text: str) -> str:
    """NFKC without whitespace: lines joined the way a reader reads them."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _in_order(text: str, needles: list[str]) -> None:
    haystack, position = _squash(text), 0
    for needle in needles:
        found = haystack.find(_squash(needle), position)
        assert found >= 0, f"{needle!r} missing after position {position}"
        position = found + len(_squash(needle))


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_with_page_numbers_from_page_two(rendered, kind):
    _snapshot, pdf = rendered[kind]
    assert pdf.startswith(b"%PDF")
    pages = _pages(pdf)
    if kind == "book":  # numbered from the memo, after the cover, foreword and contents
        assert len(_printed(pages)) < len(pages)
        return
    assert "- ๑ -" not in pages[0]
    if len(pages) > 1:
        assert "- ๒ -" in pages[1]


def test_memo_prints_its_fields_and_the_four_approvals_in_chain_order(rendered):
    _snapshot, pdf = rendered["memo"]
    pages = _pages(pdf)
    text = "\n".join(pages)
    _in_order(
        text,
        [
            "บันทึกข้อความ",
            "ส่วนราชการ",
            "สำนักปลัด องค์การบริหารส่วนตำบลนาทอน โทร ๐-๗๔๗๘-๓๔๓๕",
            "ที่",
            "สต ๓๒๓๐๑/๑๒",
            "วันที่",
            "๒๐ พฤษภาคม ๒๕๖๘",
            "เรื่อง",
            "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            "เรียน นายกองค์การบริหารส่วนตำบลนาทอน",
            "เรื่องเดิม",
            "จำนวน ๗ มาตรการ",
            "จึงเรียนมาเพื่อโปรดพิจารณา",
            "ว่าที่ร้อยตรีหญิง........................................",  # seed 001: the rank
            "(นิตยา สันหลี่)",
            "นิติกรปฏิบัติการ",
            "ความเห็นหัวหน้าสำนักปลัด",
            "☑ เห็นควรอนุมัติ",
            "☐ ไม่เห็นควรอนุมัติ เนื่องจาก",
            "(นางซาริต้า เต็นหลี่)",
            "๒๑ พฤษภาคม ๒๕๖๘",
            "ความเห็นรองปลัดองค์การบริหารส่วนตำบลนาทอน",
            "☑ เห็นควรอนุมัติ",
            "(นางสาวสรวิทย์ ตาเดอีน)",
            "๒๒ พฤษภาคม ๒๕๖๘",
            "ความเห็นปลัดองค์การบริหารส่วนตำบลนาทอน",
            "☐ เห็นควรอนุมัติ",
            "(นายสุริยนต์ อยู่ล้าย)",
            "ความเห็นนายกองค์การบริหารส่วนตำบลนาทอน",
            "☐ ทราบ/อนุมัติ ดำเนินการในส่วนที่เกี่ยวข้องต่อไป",
            "☐ ไม่อนุมัติ เนื่องจาก",
            "(นายเอกชัย หลงขาว)",
        ],
    )
    assert len(pages) >= 2
    assert "- ๒ -" in pages[1]


def _continuations(pages: list[str]) -> dict[int, str]:
    """{index of a page: the words of its "/first words..." foot line}."""
    feet = {}
    for index, page in enumerate(pages):
        lines = page.strip().splitlines()
        if lines and lines[-1].startswith("/") and lines[-1].endswith("..."):
            feet[index] = lines[-1][1:-3]
    return feet


@pytest.mark.parametrize("kind", ["memo", "report"])
def test_a_memo_page_that_continues_ends_with_the_next_pages_first_words(rendered, kind):
    """The memo alone, and the memo in front of its document (where the foot line is found
    by laying out the memo first): page one ends with the first words of page two, and no
    other page has a foot line (the memo's last page, the document's pages)."""
    _snapshot, pdf = rendered[kind]
    pages = _pages(pdf)
    if kind == "report":
        assert len(pages) > 3 and _squash("รายงานผลการดำเนินการ") in _squash(pages[2])
    feet = _continuations(pages)
    assert list(feet) == [0]
    first_line = next(line for line in pages[1].splitlines() if line.strip() and "-" not in line)
    assert _squash(first_line).startswith(_squash(feet[0]))


def test_an_approval_block_is_never_split_across_pages(rendered):
    """Each page holds as many block headings as signers' names: no block starts on one page
    and ends on the next."""
    _snapshot, pdf = rendered["memo"]
    names = ["(นางซาริต้า", "(นางสาวสรวิทย์", "(นายสุริยนต์", "(นายเอกชัย"]
    for page in _pages(pdf):
        body = "\n".join(line for line in page.splitlines() if not line.startswith("/"))
        squashed = _squash(body)
        assert squashed.count("ความเห็น") == sum(_squash(n) in squashed for n in names), page


def test_the_signature_image_is_printed(rendered):
    _snapshot, pdf = rendered["memo"]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert sum(len(page.images) for page in document.pages) >= 2  # Garuda + signature


def test_the_plan_lists_every_measure_and_step_in_order(rendered):
    snapshot, pdf = rendered["plan"]
    measures = snapshot["content"]["measures"]
    assert len(measures) == 7
    needles = []
    for measure in measures:
        needles.append(f"{measure['number_text']}. {measure['title']}")
        needles.extend(f"{step['label']} {step['text']}" for step in measure["steps"])
    _in_order("\n".join(_pages(pdf)), needles)


def test_progress_prints_outputs_and_the_evidence_by_measure(rendered):
    """The evidence under a numbered heading per measure (seed 000): its service-time figure
    with the หมายเหตุ, its photo, its links."""
    snapshot, pdf = rendered["progress"]
    text = "\n".join(_pages(pdf))
    groups = snapshot["content"]["evidence"]["groups"]
    first = groups[0]
    assert first["images"] and first["links"] and first["figures"]
    figure = first["figures"][0]
    _in_order(
        text,
        [
            "รอบ ๖ เดือน",
            "ผลการดำเนินการ (output)",
            "หลักฐานการดำเนินการ",
            f"{first['number_text']}. {first['title']}",
            f"* {figure['service']} เดิม ๑๕ {figure['unit']} ปรับลดเหลือ ๘ {figure['unit']}",
            f"หมายเหตุ : {figure['note']}",
            f"ภาพที่ ๑ {first['images'][0]['caption']}",
            first["links"][0]["caption"],
            first["links"][0]["url"],
        ],
    )
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert any(page.images for page in document.pages[1:])  # the evidence photo


def test_a_snapshot_taken_before_the_evidence_was_grouped_still_prints_it(rendered):
    """A report submitted before the grouping keeps flat lists in its frozen snapshot: its
    evidence prints whole, without the measures' headings."""
    snapshot, _pdf = rendered["progress"]
    groups = snapshot["content"]["evidence"]["groups"]
    flat = {kind: [x for g in groups for x in g[kind]] for kind in EVIDENCE_KINDS}
    old = {**snapshot, "content": {**snapshot["content"], "evidence": flat}}
    text = _squash("\n".join(_pages(rendering.render_pdf(old, [], kind="progress"))))
    assert _squash(f"ภาพที่ ๑ {flat['images'][0]['caption']}") in text
    assert _squash(flat["links"][0]["url"]) in text
    assert _squash(f"{groups[0]['number_text']}. {groups[0]['title']}การลดระยะเวลา") not in text


def test_tables_print_indicators_one_to_eight_and_oit_items_by_sub_indicator(rendered):
    snapshot, pdf = rendered["tables"]
    text = "\n".join(_pages(pdf))
    content = snapshot["content"]
    numbers = [line["indicator"]["number"] for line in content["indicator_lines"]]
    assert numbers and set(numbers) <= set(range(1, 9))
    assert len(content["oit"]) > 3
    needles = ["ยังไม่ได้ดำเนินการ", "ดำเนินการ"]
    for group in content["oit"]:
        needles.append(group["title"])
        needles.extend(item["title"] for item in group["items"][:2])
    _in_order(text, needles)


def _printed(pages: list[str]) -> dict[int, str]:
    """{printed page number: its text}: the body is numbered from the memo's first page (which,
    like every memo's, prints no number); the front matter before it has no numbers."""
    memo = next(i for i, page in enumerate(pages) if page.lstrip().startswith("บันทึกข้อความ"))
    assert not any(re.search(r"- [๐-๙]+ -", page) for page in pages[: memo + 1])
    printed = {}
    for number, page in enumerate(pages[memo:], start=1):
        if number > 1:
            assert f"- {thai.thai_digits(number)} -" in page, number
        printed[number] = page
    return printed


def _contents_entries(pdf: bytes) -> list[tuple[str, tuple[int, int]]]:
    """[(entry squashed, (first page, last page))] as the contents print them ("๕-๗" or "๕"):
    the numbers are the words of the right-hand column, an entry the words to their left
    since the number above."""
    entries = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages[:8]:  # after the cover and the foreword
            words = page.extract_words(use_text_flow=True)
            if not words or words[0]["text"] != "สารบัญ":
                continue
            right = max(word["x1"] for word in words)
            numbers = [
                w
                for w in words
                if w["x1"] > right - 2 and re.fullmatch(r"[๐-๙]+(-[๐-๙]+)?", w["text"])
            ]
            # below the header row (สารบัญ, เรื่อง / หน้า) that each page of the contents repeats
            above = next(w["bottom"] for w in words if w["text"] == "หน้า") + 1
            for number in numbers:
                text = "".join(
                    w["text"]
                    for w in words
                    if w not in numbers and above < w["bottom"] <= number["bottom"] + 1
                )
                pages = [int(thai.arabic_digits(n)) for n in number["text"].split("-")]
                entries.append((_squash(text), (pages[0], pages[-1])))
                above = number["bottom"] + 1
    return entries


def test_the_books_contents_give_each_part_and_measure_its_pages(rendered):
    """Every entry's first page holds its title; a measure's last page holds its last step (in
    the results) or its last evidence (the evidence part); a range of one page prints that page
    alone."""
    snapshot, pdf = rendered["book"]
    pages = _pages(pdf)
    printed = _printed(pages)
    content = snapshot["content"]
    results = content["results"]
    groups = evidence_groups(results["evidence"])
    parts = {
        "บันทึกข้อความและความเห็นของผู้บริหาร": "บันทึกข้อความ",
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน": "ผลการประเมินคุณธรรมและความโปร่งใส",
        "ตารางความก้าวหน้าการเปิดเผยข้อมูลสาธารณะ (OIT)": "ตารางความก้าวหน้าการเปิดเผยข้อมูลสาธารณะ",
        f"รายงานการประชุม {content['minutes']['title']}": "รายงานการประชุม",
    }
    measures = {f"{m['number_text']}. {m['title']}": m for m in results["measures"]}
    listed = _contents_entries(pdf)
    # the first entry of a title (a measure's evidence comes later under the same title)
    entries = {
        title: next(r for t, r in listed if t == _squash(title)) for title in [*parts, *measures]
    }
    for title, heading in parts.items():
        assert _squash(heading) in _squash(printed[entries[title][0]]), title
    ranges = 0
    for title, measure in measures.items():
        first, last = entries[title]
        assert _squash(title) in _squash(printed[first]), title
        last_step = measure["steps"][-1]["text"][-40:]
        assert _squash(last_step) in _squash(printed[last]), (title, last)
        ranges += last > first
    assert ranges  # the demo's long measures cover two pages: the check saw a real range
    assert groups and groups[0]["title"]
    for group in groups:
        title = _squash(f"{group['number_text']}. {group['title']}")
        first, _last = [r for t, r in listed if t == title][-1]
        page = _squash(printed[first])
        assert _squash("หลักฐานการดำเนินการ") in page and _squash(group["title"]) in page


def test_contents_that_run_over_a_page_say_so_and_go_on_under_their_heading(rendered):
    """A book of 40 measures: the contents take two pages, the first ends with "(ต่อ)", the
    second starts again with สารบัญ and เรื่อง / หน้า, and the last has no "(ต่อ)"."""
    snapshot, _pdf = rendered["book"]
    results = snapshot["content"]["results"]
    many = [  # each with its first step only: the contents are what is looked at
        {**m, "number": n, "number_text": thai.thai_digits(n), "steps": m["steps"][:1]}
        for n, m in enumerate(results["measures"] * 6, start=1)
    ][:40]
    content = {**snapshot["content"], "results": {**results, "measures": many}}
    pdf = rendering.render_pdf({**snapshot, "content": content}, [], kind="book")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = [page.extract_text(use_text_flow=True) or "" for page in document.pages[:8]]
    contents = [page for page in pages if page.startswith("สารบัญ")]
    assert len(contents) == 2
    first, second = (page.strip().splitlines() for page in contents)
    assert first[-1].strip() == "(ต่อ)"
    assert [_squash(line) for line in second[:2]] == ["สารบัญ", _squash("เรื่อง หน้า")]
    assert "(ต่อ)" not in second[-1]
    assert _squash(f"๔๐. {many[-1]['title']}") in _squash(contents[1])


def test_the_book_cover_prints_phone_and_fax_on_one_line_when_they_are_one_number(rendered):
    snapshot, pdf = rendered["book"]
    organisation = snapshot["organisation"]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        cover = _squash(document.pages[0].extract_text(use_text_flow=True))
    assert _squash(f"โทร. {thai.thai_digits(organisation['phone'])}") in cover
    assert _squash(f"โทรสาร {thai.thai_digits(organisation['fax'])}") in cover
    one = {**organisation, "fax": organisation["phone"]}
    html = rendering.render_html({**snapshot, "organisation": one}, [], kind="book")
    assert f"<p>โทร./โทรสาร {thai.thai_digits(organisation['phone'])}</p>" in html
    assert "<p>โทรสาร" not in html


def test_the_book_prints_the_preparation_minutes(rendered):
    snapshot, pdf = rendered["book"]
    minutes = snapshot["content"]["minutes"]
    assert minutes["has_meeting"]
    text = "\n".join(_pages(pdf))
    _in_order(
        text,
        [
            "ตารางความก้าวหน้าการเปิดเผยข้อมูลสาธารณะ",
            "รายงานการประชุม",
            minutes["title"],
            minutes["date_text"],
            "ระเบียบวาระที่ ๑",
        ],
    )


@pytest.mark.parametrize("kind", KINDS)
def test_every_number_is_written_in_thai_digits(rendered, kind):
    _snapshot, pdf = rendered[kind]
    for page in _pages(pdf):
        without_urls = re.sub(r"\S*(https?://|www\.)\S*", "", page)
        assert not re.search(r"[0-9]", without_urls), page


@pytest.mark.parametrize("kind", KINDS)
def test_no_line_break_cuts_a_word(rendered, kind):
    _snapshot, pdf = rendered[kind]
    assert word_cuts(pdf) == []


def test_the_word_cut_check_fails_on_a_pdf_that_breaks_anywhere(rendered):
    """Proof that the check can fail: the same plan with a break opportunity between every two
    Thai letters (a zero-width space; WeasyPrint's ``word-break: break-all`` leaves Thai to
    Pango's dictionary and changes nothing)."""
    from weasyprint import HTML

    snapshot, _pdf = rendered["plan"]
    html = rendering.render_html(snapshot, [], kind="plan")
    anywhere = re.sub("(?<=[\u0e01-\u0e2e])(?=[\u0e01-\u0e2e])", "\u200b", html)
    pdf = HTML(string=anywhere, base_url=rendering.BASE_URL, url_fetcher=rendering._fetcher())
    assert len(word_cuts(pdf.write_pdf())) > 10


@pytest.mark.parametrize("kind", KINDS)
def test_only_the_projects_fonts_are_embedded(rendered, kind, tmp_path):
    _snapshot, pdf = rendered[kind]
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run(
        ["/usr/bin/pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        assert "Type 3" not in line, line
        name = line.split()[0].split("+", 1)[-1]
        assert name.startswith(("ITA-Sarabun", "ITA-Boxes")), line
        assert " yes yes yes " in line, line  # embedded, subset, with a ToUnicode map


def test_documents_still_print_in_our_fonts_after_the_font_folder_is_cleaned_away(tmp_path):
    """The process keeps one font configuration, whose @font-face files live in a temporary
    folder; a long-lived worker may see it cleaned away (systemd-tmpfiles): the next document
    sets the fonts up again and prints in them."""
    rendering.warm_up()
    shutil.rmtree(rendering._fonts._folder)
    pdf = rendering.html_to_pdf(rendering.WARM_UP_HTML, "after-cleanup")
    path = tmp_path / "after.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run(
        ["/usr/bin/pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    names = {line.split()[0].split("+", 1)[-1] for line in lines}
    assert {"ITA-Sarabun", "ITA-Sarabun-Bold", "ITA-Boxes"} <= names, names
    assert rendering._fonts._folder.exists()


def test_pdftotext_keeps_sara_am(rendered, tmp_path):
    _snapshot, pdf = rendered["memo"]
    path = tmp_path / "memo.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = unicodedata.normalize("NFKC", text)
    for word in ["ตำบล", "จำนวน", "ดำเนินการ"]:
        assert unicodedata.normalize("NFKC", word) in text, word
    assert "ตาบล" not in text


# ---------------------------------------------------------------------------------------------
# The fetcher and the time limit


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://example.com/logo.png",
        f"{rendering.DOCUMENT_ORIGIN}/static/../../../etc/passwd",
        f"{rendering.DOCUMENT_ORIGIN}/media/../ita_portal/settings/base.py",
        f"{rendering.DOCUMENT_ORIGIN}/fonts/../../etc/passwd",
        f"{rendering.DOCUMENT_ORIGIN}/etc/passwd",
        "http://documents.ita-portal.invalid/static/reports/print.css",
    ],
)
def test_the_fetcher_serves_nothing_outside_static_media_and_fonts(url):
    with pytest.raises(ValueError):
        rendering.document_resource(url)


def test_the_fetcher_serves_the_print_css_and_the_fonts():
    css, mime = rendering.document_resource(f"{rendering.DOCUMENT_ORIGIN}/static/reports/print.css")
    assert mime == "text/css" and b"@font-face" in css
    font, mime = rendering.document_resource(f"{rendering.DOCUMENT_ORIGIN}/fonts/Laksaman.ttf")
    assert font[:4] == b"\x00\x01\x00\x00"


def test_a_user_typed_image_is_never_fetched(rendered):
    snapshot, _pdf = rendered["plan"]
    evil = {**snapshot, "content": {**snapshot["content"]}}
    evil["content"]["introduction"] = '<img src="https://example.com/x.png"> ตำบล'
    html = rendering.render_html(evil, [], kind="plan")
    assert '<img src="https://example.com' not in html  # escaped, printed as text


def test_rendering_stops_at_the_time_limit(rendered, settings):
    snapshot, _pdf = rendered["book"]
    settings.DOCUMENT_RENDER_TIMEOUT = 0.05
    with pytest.raises(rendering.RenderError, match="ใช้เวลานานเกินกำหนด"):
        rendering.render_pdf(snapshot, [], kind="book")


def test_a_runaway_document_stops_at_the_memory_limit_and_the_renderer_lives_on(settings):
    """20,000 paragraphs (several hundred pages) under a limit of 50 MiB of new memory: the
    child is refused in Thai; the process that asked (the worker) renders its next document."""
    settings.DOCUMENT_RENDER_MEMORY_MB = 50
    page = '<!doctype html><link rel="stylesheet" href="/static/reports/print.css">'
    with pytest.raises(rendering.RenderError, match="ใช้หน่วยความจำเกินกำหนด"):
        rendering.html_to_pdf(page + "<p>ตำบลนาทอน ดำเนินการ</p>" * 20_000, "runaway")
    pdf = rendering.html_to_pdf(page + "<p>ตำบลนาทอน ดำเนินการ</p>", "next")
    assert _squash("ตำบลนาทอน") in _squash(_pages(pdf)[0])


def _die_by(signal_number):
    import os

    os.kill(os.getpid(), signal_number)


def test_a_crash_of_the_renderer_is_not_called_too_much_memory():
    """A real child that dies of SIGSEGV (as a Pango crash would) is reported as a crash; one
    killed by SIGKILL (the kernel's out-of-memory killer) as too much memory."""
    import signal

    with pytest.raises(rendering.RenderError, match="ขัดข้องระหว่างทำงาน") as crash:
        rendering._isolated(_die_by, signal.SIGSEGV)
    assert "หน่วยความจำ" not in str(crash.value)
    with pytest.raises(rendering.RenderError, match="ใช้หน่วยความจำเกินกำหนด"):
        rendering._isolated(_die_by, signal.SIGKILL)


# ---------------------------------------------------------------------------------------------
# The command line


@pytest.mark.django_db
def test_render_report_writes_a_pdf_from_the_demo_data(demo, tmp_path):
    out = tmp_path / "plan.pdf"
    call_command("render_report", org="nathon", year=2568, kind="plan", out=out)
    assert out.read_bytes().startswith(b"%PDF")
    _in_order("\n".join(_pages(out.read_bytes())), ["๑. กระบวนการปฏิบัติงานที่โปร่งใส"])


TYPED_URL = "https://www.nathon.go.th/news/2569/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7"


def test_a_url_typed_in_a_step_keeps_its_digits_on_the_page_and_in_the_pdf(
    client_of, coordinator, nathon
):
    from measures.models import MeasureStep

    with scope(organisation=nathon):
        step = MeasureStep.objects.filter(measure__plan__fiscal_year__year=2568).first()
        step.text = f"ประชาสัมพันธ์ผ่านเว็บไซต์ {TYPED_URL} ภายใน 15 วัน"
        step.save(update_fields=["text"])
    page = client_of(coordinator).get("/o/nathon/reports/2568/preview/plan/").content.decode()
    # (in the span that lets it break inside its cell: ita_portal.long_words)
    assert f'ประชาสัมพันธ์ผ่านเว็บไซต์ <span class="ita-long">{TYPED_URL}</span> ภายใน ๑๕ วัน' in page
    with scope(organisation=nathon):
        transient = documents.transient_report(
            organisation=nathon,
            fiscal_year=FiscalYear.objects.get(year=2568),
            kind="plan",
            round_=None,
            drafter=coordinator,
        )
        pdf = rendering.render_pdf(
            build_snapshot(transient), approval_blocks(transient), kind="plan"
        )
    printed = _squash("\n".join(_pages(pdf)))
    assert _squash(f"ประชาสัมพันธ์ผ่านเว็บไซต์ {TYPED_URL} ภายใน ๑๕ วัน") in printed
