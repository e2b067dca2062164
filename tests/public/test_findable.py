"""The public site findable (issue 18): /sitemap.xml lists the public pages and nothing
unpublished; every public page carries a description and the tags a shared link shows."""

import re
from html import unescape

import pytest
from django_scopes import scope

from reports.enums import ReportKind, ReportStatus
from reports.links import report_url

from .factories import report_in_state

LOC = re.compile(r"<loc>(.*?)</loc>")


def _meta(page: str, attribute: str, name: str) -> str:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
    assert match, f"no {name} on the page"
    return unescape(match.group(1))


def test_the_sitemap_lists_public_pages_and_nothing_unpublished(client, nathon, oit_year):
    published = report_in_state(nathon, year=2568, kind=ReportKind.RESULTS)
    draft_correction = report_in_state(
        nathon,
        year=2568,
        kind=ReportKind.RESULTS,
        version=2,
        supersedes=published,
        status=ReportStatus.IN_REVIEW,
    )
    in_review = report_in_state(
        nathon, year=2569, kind=ReportKind.PLAN, status=ReportStatus.APPROVED
    )
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = LOC.findall(response.content.decode())
    base = "http://testserver"
    assert f"{base}/p/nathon/" in urls
    assert f"{base}/p/nathon/2568/" in urls
    assert f"{base}{report_url(published)}".replace("&", "&amp;") in urls
    assert f"{base}/p/nathon/{oit_year.year}/oit/" in urls
    with scope(organisation=nathon):
        assert f"{base}{report_url(draft_correction, version=True)}" not in urls
        assert not [url for url in urls if "/p/nathon/2569/" in url], in_review
    # Every address in it answers 200 to an anonymous visitor.
    for url in urls:
        assert client.get(url.removeprefix(base).replace("&amp;", "&")).status_code == 200, url


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/", "หน่วยงานภาครัฐ"),
        ("/p/nathon/", "องค์การบริหารส่วนตำบลนาทอน อำเภอทุ่งหว้า จังหวัดสตูล"),
        ("/p/nathon/2568/", "ปีงบประมาณ พ.ศ. ๒๕๖๘"),
    ],
)
def test_every_public_page_describes_itself(client, nathon, path, says):
    report_in_state(nathon, year=2568, kind=ReportKind.RESULTS)
    page = client.get(path).content.decode()
    description = _meta(page, "name", "description")
    assert says in description
    assert _meta(page, "property", "og:description") == description
    title = unescape(re.search(r"<title>(.*?)</title>", page).group(1))
    assert title.startswith(_meta(page, "property", "og:title"))


def test_a_shared_report_shows_its_title_and_organisation(client, nathon):
    report = report_in_state(nathon, year=2568, kind=ReportKind.RESULTS)
    page = client.get(report_url(report)).content.decode()
    assert _meta(page, "property", "og:title") == report.title
    assert _meta(page, "property", "og:type") == "article"
    description = _meta(page, "name", "description")
    assert description.startswith(f"{report.title} ขององค์การบริหารส่วนตำบลนาทอน เผยแพร่เมื่อ ")


def test_the_oit_pages_describe_their_year(client, nathon, oit_year):
    year = oit_year.year
    page = client.get(f"/p/nathon/{year}/oit/").content.decode()
    assert "ข้อมูลเปิดเผยต่อสาธารณะ (OIT) ขององค์การบริหารส่วนตำบลนาทอน" in _meta(
        page, "name", "description"
    )
