"""``/sitemap.xml``: the public pages a search engine should find (issue 18). Only what the public
site itself shows: each active organisation's home, its years with a published report or a
public OIT index, the newest version of each published report and the OIT indexes, and the
pages its footer links (policies, site map, accessibility statement)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django_scopes import scope

from reports.links import report_url

from . import selectors

# The pages every public page's footer links (public/templates/public/_footer.html).
FOOTER_PAGES = ["privacy", "website_policy", "site_map", "accessibility"]


@dataclass(frozen=True)
class Page:
    location: str
    lastmod: dt.datetime | None = None


def public_pages() -> list[Page]:
    """Every public page worth indexing, organisation by organisation, each read inside that
    organisation's scope as the public views read it (so the sitemap lists nothing they would
    answer 404 for). A handful of queries per organisation."""
    pages: list[Page] = []
    for organisation in selectors.organisations_directory():
        org = organisation.slug
        pages.append(Page(reverse("public:organisation", kwargs={"org": org})))
        with scope(organisation=organisation):
            groups = selectors.reports_by_year()
            oit_years = selectors.public_oit_years()
        years = sorted({g.year for g in groups} | {p.fiscal_year.year for p in oit_years})
        for year in reversed(years):
            pages.append(Page(reverse("public:year", kwargs={"org": org, "year": year})))
        for group in groups:
            for entry in group.entries:
                pages.append(Page(report_url(entry.report), entry.report.published_at))
        for public in oit_years:
            kwargs = {"org": org, "year": public.fiscal_year.year}
            pages.append(Page(reverse("public:oit_index", kwargs=kwargs), public.reviewed_at))
        for name in FOOTER_PAGES:
            pages.append(Page(reverse(f"public:{name}", kwargs={"org": org})))
    return pages


class PublicSitemap(Sitemap):
    def items(self) -> list[Page]:
        return public_pages()

    def location(self, item: Page) -> str:
        return item.location

    def lastmod(self, item: Page) -> dt.datetime | None:
        return item.lastmod
