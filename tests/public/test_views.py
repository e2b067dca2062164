"""The public site as an anonymous visitor sees it (issue 8)."""

import hashlib
import re

import pytest
from django.core.files.base import ContentFile
from django_scopes import scope

from measures.models import Measure
from oit_checklist.models import Evidence, ItemStatus
from organisations.models import Organisation, User
from reports.enums import ReportKind, ReportStatus

from .factories import report_in_state


def _text(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------------------------
# The portal's home page


def test_home_lists_organisations_by_province_and_district(client, nathon, naok):
    page = _text(client.get("/"))
    assert "จังหวัดสตูล" in page
    assert "อำเภอทุ่งหว้า" in page
    assert page.index(nathon.name) > page.index("อำเภอทุ่งหว้า")
    assert f'href="/p/{nathon.slug}/"' in page
    assert f'href="/p/{naok.slug}/"' in page


def test_home_search_finds_by_district_and_says_when_nothing_matches(client, nathon, naok):
    page = _text(client.get("/", {"q": "  นาทอน "}))
    assert f'href="/p/{nathon.slug}/"' in page
    assert f'href="/p/{naok.slug}/"' not in page
    assert "ผลการค้นหา “นาทอน”: ๑ หน่วยงาน" in page
    page = _text(client.get("/", {"q": "เชียงใหม่"}))
    assert "ไม่พบหน่วยงานที่ตรงกับ “เชียงใหม่”" in page


def test_home_search_too_long_is_a_thai_message(client, demo):
    response = client.get("/", {"q": "ก" * 101})
    assert response.status_code == 400
    assert "คำค้นยาวเกินไป" in _text(response)


def test_logged_in_person_still_reaches_the_dashboard(client_of, coordinator):
    response = client_of(coordinator).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/o/nathon/"


@pytest.mark.parametrize("count", [5, 50])
def test_home_query_count_is_constant(client, demo, count, django_assert_max_num_queries):
    Organisation.objects.bulk_create(
        Organisation(
            name=f"องค์การบริหารส่วนตำบลทดสอบ{i}",
            kind="sao",
            slug=f"test-{i}",
            district="เมืองสตูล",
            province="สตูล",
        )
        for i in range(count)
    )
    with django_assert_max_num_queries(2):
        page = _text(client.get("/"))
    assert page.count("องค์การบริหารส่วนตำบลทดสอบ") == count


# ---------------------------------------------------------------------------------------------
# An organisation


def test_organisation_page_shows_contacts_reports_by_year_and_the_qr(
    client, nathon, results_2568, unpublished
):
    first, second = results_2568
    plan = report_in_state(nathon, year=2570, kind=ReportKind.PLAN)
    page = _text(client.get("/p/nathon/"))
    assert nathon.name in page
    assert "อำเภอทุ่งหว้า จังหวัดสตูล" in page
    assert "ปีงบประมาณ พ.ศ. ๒๕๗๐" in page
    assert page.index("ปีงบประมาณ พ.ศ. ๒๕๗๐") < page.index("ปีงบประมาณ พ.ศ. ๒๕๖๘")
    assert plan.title in page
    assert second.pdf_sha256 in page
    assert first.pdf_sha256 not in page  # the older version is linked, not listed as current
    assert "ฉบับที่ ๑" in page
    assert "/p/nathon/2568/reports/results/v1/?round=12" in page
    for report in unpublished.values():
        assert report.title not in page
    assert 'src="/p/nathon/eit/qr.svg"' in page


def test_organisation_page_filters_by_year_and_kind(client, nathon, results_2568):
    plan = report_in_state(nathon, year=2570, kind=ReportKind.PLAN)
    results = results_2568[1]
    page = _text(client.get("/p/nathon/", {"year": "2568"}))
    assert results.title in page and plan.title not in page
    page = _text(client.get("/p/nathon/", {"kind": "plan"}))
    assert plan.title in page and results.title not in page
    page = _text(client.get("/p/nathon/", {"year": "๒๕๗๐", "kind": "results"}))
    assert "ไม่มีรายงานที่ตรงกับตัวกรอง" in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "68"}, "ปีงบประมาณต้องเป็นปี พ.ศ. ๔ หลัก"),
        ({"year": "2025"}, "ปีงบประมาณต้องเป็นปี พ.ศ. ๔ หลัก"),
        ({"year": "'; drop"}, "ปีงบประมาณต้องเป็นปี พ.ศ. ๔ หลัก"),
        ({"kind": "secret"}, "ไม่มีประเภทรายงานนี้"),
    ],
)
def test_a_wrong_filter_is_a_thai_message(client, results_2568, params, message):
    response = client.get("/p/nathon/", params)
    assert response.status_code == 400
    page = _text(response)
    assert message in page
    assert results_2568[1].title in page  # the unfiltered list is still there


def test_unknown_or_inactive_organisation_is_404(client, nathon):
    assert client.get("/p/nowhere/").status_code == 404
    Organisation.objects.filter(pk=nathon.pk).update(is_active=False)
    assert client.get("/p/nathon/").status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_organisation_page_query_count_is_constant(
    client, nathon, count, django_assert_max_num_queries
):
    previous = None
    for version in range(1, count + 1):
        previous = report_in_state(
            nathon, year=2568, kind=ReportKind.PLAN, version=version, supersedes=previous
        )
    with django_assert_max_num_queries(5):
        page = _text(client.get("/p/nathon/"))
    older_links = re.findall(r'href="/p/nathon/2568/reports/plan/v\d+/"', page)
    assert len(older_links) == count - 1


# ---------------------------------------------------------------------------------------------
# A report: stable URL, versions, PDF


def test_stable_url_shows_the_newest_version_and_links_the_older(client, results_2568):
    first, second = results_2568
    page = _text(client.get("/p/nathon/2568/reports/results/"))
    assert second.pdf_sha256 in page
    assert "ฉบับที่ ๒" in page
    assert 'href="/p/nathon/2568/reports/results/v1/?round=12"' in page
    assert 'href="/p/nathon/2568/reports/results/v2/pdf/?round=12"' in page

    old = _text(client.get("/p/nathon/2568/reports/results/v1/", {"round": "12"}))
    assert first.pdf_sha256 in old
    assert "ฉบับนี้มีฉบับแก้ไขแล้ว" in old


def test_a_published_body_is_rendered_once_and_each_version_keeps_its_own(
    client, nathon, django_assert_max_num_queries
):
    """The second visit reads neither the snapshot nor the decisions (3 queries: the
    organisation, the rounds, the versions) and shows the same body. A measure renamed and a
    correction published after the first version's body was kept: the newest shows the new
    name, the first version still its own."""
    first = report_in_state(nathon, year=2568, kind=ReportKind.PLAN)
    url = "/p/nathon/2568/reports/plan/"
    page = _text(client.get(url))
    with scope(organisation=nathon):
        measure = Measure.objects.filter(plan__fiscal_year__year=2568).order_by("order").first()
    assert measure.title in page
    with django_assert_max_num_queries(3):
        assert _text(client.get(url)) == page
    old_title = measure.title
    measure.title = "มาตรการเปิดเผยข้อมูลที่แก้ไขชื่อแล้ว"
    measure.save()
    second = report_in_state(nathon, year=2568, kind=ReportKind.PLAN, version=2, supersedes=first)
    newest = _text(client.get(url))
    assert measure.title in newest and second.pdf_sha256 in newest
    old = _text(client.get("/p/nathon/2568/reports/plan/v1/"))
    assert old_title in old and measure.title not in old


def test_rounds_of_a_progress_report(client, nathon):
    six = report_in_state(nathon, year=2568, kind=ReportKind.PROGRESS, round_=6)
    twelve = report_in_state(nathon, year=2568, kind=ReportKind.PROGRESS, round_=12)
    page = _text(client.get("/p/nathon/2568/reports/progress/"))
    assert twelve.pdf_sha256 in page  # the latest round without ?round=
    assert 'href="/p/nathon/2568/reports/progress/?round=6"' in page
    page = _text(client.get("/p/nathon/2568/reports/progress/", {"round": "๖"}))
    assert six.pdf_sha256 in page
    response = client.get("/p/nathon/2568/reports/progress/", {"round": "7"})
    assert response.status_code == 400
    assert "รอบการรายงานต้องเป็น ๖ หรือ ๑๒ เดือน" in _text(response)


def test_html_view_reads_the_frozen_snapshot(client, nathon, results_2568):
    second = results_2568[1]
    memo_subject = second.snapshot["report"]["title"]
    Organisation.objects.filter(pk=nathon.pk).update(document_prefix="สต ๙๙๙๙๙")
    page = _text(client.get("/p/nathon/2568/reports/results/"))
    assert memo_subject in page
    assert "สต ๙๙๙๙๙" not in page  # a later change does not reach a published report


def test_pdf_is_the_stored_file_with_its_sha256_thai_name_and_immutable_caching(
    client, results_2568
):
    second = results_2568[1]
    url = "/p/nathon/2568/reports/results/v2/pdf/?round=12"
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == second.pdf_sha256
    assert len(body) == second.pdf_size
    assert response["Content-Type"] == "application/pdf"
    assert response["ETag"] == f'"{second.pdf_sha256}"'
    assert "immutable" in response["Cache-Control"] and "public" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert "%E0%B8" in disposition  # Thai letters, percent-encoded (RFC 5987)

    again = client.get(url, HTTP_IF_NONE_MATCH=f'"{second.pdf_sha256}"')
    assert again.status_code == 304

    newest = client.get("/p/nathon/2568/reports/results/pdf/")
    assert newest.status_code == 302
    assert newest["Location"] == url


def test_pdf_of_an_old_version_stays_downloadable(client, results_2568):
    first = results_2568[0]
    response = client.get("/p/nathon/2568/reports/results/v1/pdf/", {"round": "12"})
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == first.pdf_sha256


def test_pages_answer_304_to_a_conditional_get(client, results_2568):
    for url in ["/p/nathon/", "/p/nathon/2568/", "/p/nathon/2568/reports/results/", "/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"], url
        etag = response["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304, url
    report = client.get("/p/nathon/2568/reports/results/")
    assert report["Last-Modified"]
    since = client.get(
        "/p/nathon/2568/reports/results/", HTTP_IF_MODIFIED_SINCE=report["Last-Modified"]
    )
    assert since.status_code == 304


def test_staff_get_private_pages(client_of, coordinator, results_2568):
    response = client_of(coordinator).get("/p/nathon/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_unknown_kind_is_404(client, results_2568):
    assert client.get("/p/nathon/2568/reports/secret/").status_code == 404


# ---------------------------------------------------------------------------------------------
# OIT


def test_oit_index_lists_sub_indicators_and_items_in_order(client, oit_year):
    page = _text(client.get(f"/p/nathon/{oit_year.year}/oit/"))
    assert "9.1".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) in page
    first = page.index("ข้อ ๐๑")
    assert first < page.index("ข้อ ๐๒") < page.index("ข้อ ๐๔๓")
    assert "https://www.nathon.go.th/about/structure" in page
    assert "แผนผังโครงสร้างส่วนราชการ.pdf" in page
    assert "ยังไม่มีข้อมูล" in page  # items without data are shown as such


def test_oit_item_page_shows_components_urls_and_evidence(client, oit_year):
    page = _text(client.get(f"/p/nathon/{oit_year.year}/oit/1/"))
    assert "https://www.nathon.go.th/about/structure" in page
    assert "องค์ประกอบด้านข้อมูล" in page
    match = re.search(r'href="(/p/nathon/\d+/oit/1/evidence/\d+/)"', page)
    assert match
    response = client.get(match.group(1))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["X-Content-Type-Options"] == "nosniff"

    empty = _text(client.get(f"/p/nathon/{oit_year.year}/oit/6/"))
    assert "ยังไม่มีข้อมูล" in empty
    assert client.get(f"/p/nathon/{oit_year.year}/oit/99/").status_code == 404


def test_evidence_attached_after_the_review_is_not_public(client, nathon, oit_year):
    with scope(organisation=nathon):
        status = ItemStatus.objects.get(fiscal_year=oit_year, item__number="03")
        later = Evidence(
            organisation=nathon,
            item_status=status,
            original_name="คำสั่งที่ยังไม่ตรวจ.pdf",
            content_type="application/pdf",
            size=9,
            uploaded_by=User.objects.get(username="nathon_staff_palad"),
        )
        later.file.save("later.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        later.save()
    page = _text(client.get(f"/p/nathon/{oit_year.year}/oit/3/"))
    assert "คำสั่งที่ยังไม่ตรวจ.pdf" not in page
    url = f"/p/nathon/{oit_year.year}/oit/3/evidence/{later.pk}/"
    assert client.get(url).status_code == 404


def test_oit_of_a_year_without_review_is_404(client, nathon, oit_year):
    assert client.get(f"/p/nathon/{oit_year.year - 1}/oit/").status_code == 404
    assert client.get(f"/p/nathon/{oit_year.year - 1}/oit/1/").status_code == 404


def test_oit_index_query_count(client, oit_year, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get(f"/p/nathon/{oit_year.year}/oit/").status_code == 200


def test_staff_names_are_not_shown(client, nathon, oit_year):
    with scope(organisation=nathon):
        names = [u.full_name for u in User.objects.filter(memberships__organisation=nathon)]
    for url in ["/p/nathon/", f"/p/nathon/{oit_year.year}/oit/", f"/p/nathon/{oit_year.year}/"]:
        page = _text(client.get(url))
        for name in names:
            assert name not in page, (url, name)


def test_unpublished_report_kinds_answer_404(client, unpublished):
    for report in unpublished.values():
        assert client.get(f"/p/nathon/2569/reports/{report.kind}/").status_code == 404
    assert client.get("/p/nathon/2569/").status_code == 404
    assert ReportStatus.PUBLISHED not in {r.status for r in unpublished.values()}
