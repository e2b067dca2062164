"""The public site: what a citizen (or the assessor) reads without logging in.

URLs (``reports/public_urls.py``, under ``/p/<slug:org>/``; the portal's home page ``/`` lists
the organisations):

* ``/p/<org>/``: the organisation, its published reports by fiscal year (``?year=`` and
  ``?kind=`` filter them), the EIT QR code;
* ``/p/<org>/<year>/``: one fiscal year's published reports and its OIT index link;
* ``/p/<org>/<year>/reports/<kind>/``: the stable URL of a report: the newest published
  version. Progress and results reports have a round: ``?round=6`` or ``?round=12``; without it
  the latest round published. ``…/<kind>/pdf/`` redirects to the newest version's PDF;
* ``/p/<org>/<year>/reports/<kind>/v<version>/`` and ``…/v<version>/pdf/``: one version, for
  ever (the PDF is immutable: ETag = its SHA-256);
* ``/p/<org>/<year>/oit/`` and ``/p/<org>/<year>/oit/<item>/`` (the item's number in the year's
  framework, 1 … 43), ``…/<item>/evidence/<evidence>/``: the OIT disclosure index;
* ``/p/<org>/privacy/``, ``/p/<org>/website-policy/``: the organisation's privacy notice and
  website policy (the coordinator's text, or the template of ``organisations.policies``);
  ``/p/<org>/sitemap/``: every public page of the organisation (แผนผังเว็บไซต์);
  ``/p/<org>/accessibility/``: the accessibility statement (คำประกาศการเข้าถึง);
* ``/p/<org>/eit/qr.svg`` and ``/p/<org>/eit/poster.pdf``: the EIT survey QR code (the poster
  is rendered once by the task worker and then served from storage, see
  ``reports.documents.previews``).

What is public is decided in ``public.selectors`` (its docstring states the rules); these
views only parse, call and render. A published PDF is served from storage, never rendered.
"""

from __future__ import annotations

import hashlib
import re

from django import forms
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from ita_portal import thai
from ita_portal.storage import file_response
from organisations.models import Organisation
from organisations.policies import policy_text
from public import selectors
from reports.documents import poster as eit
from reports.documents import previews
from reports.documents.pdf import documents_design, render_fragment
from reports.documents.snapshot import approval_blocks
from reports.enums import ROUND_KINDS, ReportKind
from reports.links import report_url
from reports.models import Report
from reports.tasks import render_eit_poster

# How long a shared cache may keep a page that can change (a new publication, a new review).
PAGE_MAX_AGE = 300
# A versioned PDF never changes.
IMMUTABLE_MAX_AGE = 365 * 24 * 3600
# How long the cache keeps a published version's rendered body (it never changes).
BODY_CACHE_SECONDS = 7 * 24 * 3600


# ---------------------------------------------------------------------------------------------
# Caching


def _cache_headers(request, response, *, max_age=PAGE_MAX_AGE, last_modified=None, etag=None):
    """ETag (given, or the body's hash), Last-Modified for immutable content, Cache-Control
    (public for anonymous visitors; private for the staff, whose pages carry their name), and
    304 when the visitor's copy is still good."""
    if etag is None:
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
    response["ETag"] = etag
    timestamp = None
    if last_modified is not None:
        timestamp = int(last_modified.timestamp())
        response["Last-Modified"] = http_date(timestamp)
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
        if max_age == IMMUTABLE_MAX_AGE:
            patch_cache_control(response, immutable=True)
    return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)


def _page(request, template, context, *, status=200, **cache):
    response = render(request, template, context, status=status)
    if status != 200:
        return response
    return _cache_headers(request, response, **cache)


# ---------------------------------------------------------------------------------------------
# Parameters (validated; a wrong value is a Thai message, never a 500)


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label="ค้นหาหน่วยงาน",
        required=False,
        max_length=100,
        error_messages={"max_length": "คำค้นยาวเกินไป กรุณาพิมพ์ไม่เกิน ๑๐๐ ตัวอักษร"},
    )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())


class ReportFilterForm(forms.Form):
    year = forms.CharField(label="ปีงบประมาณ", required=False, max_length=10)
    kind = forms.ChoiceField(
        label="ประเภทรายงาน",
        required=False,
        choices=[("", "ทุกประเภท"), *ReportKind.choices],
        error_messages={"invalid_choice": "ไม่มีประเภทรายงานนี้ กรุณาเลือกจากรายการ"},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years

    def clean_year(self) -> int | None:
        raw = thai.arabic_digits(self.cleaned_data["year"].strip())
        if not raw:
            return None
        if not re.fullmatch(r"\d{4}", raw) or not 2560 <= int(raw) <= 2700:
            raise forms.ValidationError("ปีงบประมาณต้องเป็นปี พ.ศ. ๔ หลัก เช่น ๒๕๖๘")
        return int(raw)


def _round_param(request, kind: str) -> tuple[int | None, str]:
    """The ``?round=`` of a round kind: (6 or 12, "") or (None, a Thai message)."""
    raw = thai.arabic_digits(request.GET.get("round", "").strip())
    if kind not in ROUND_KINDS or not raw:
        return None, ""
    if raw not in {"6", "12"}:
        return None, "รอบการรายงานต้องเป็น ๖ หรือ ๑๒ เดือน"
    return int(raw), ""


def _bad_request(request, message: str):
    return render(request, "public/bad_request.html", {"message": message}, status=400)


# ---------------------------------------------------------------------------------------------
# The portal's home page and an organisation


@require_safe
def directory(request):
    """The portal's home page for visitors: organisations by province and district, with a
    search box."""
    form = DirectorySearchForm(request.GET or None)
    query = ""
    status = 200
    if form.is_bound:
        if form.is_valid():
            query = form.cleaned_data["q"]
        else:
            status = 400
    organisations = selectors.organisations_directory(query=query) if status == 200 else []
    context = {"form": form, "query": query, "organisations": organisations}
    return _page(request, "public/directory.html", context, status=status)


@require_safe
def organisation_home(request, org):
    organisation = request.organisation
    years = selectors.published_years()
    form = ReportFilterForm(request.GET or None, years=years)
    year = kind = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            year, kind = form.cleaned_data["year"], form.cleaned_data["kind"] or None
        else:
            status = 400
    context = {
        "form": form,
        "years": years,
        "kinds": ReportKind.choices,
        "filtered": bool(year or kind),
        "groups": selectors.reports_by_year(year=year, kind=kind),
        "oit_years": selectors.public_oit_years(),
        "organisation": organisation,
    }
    return _page(request, "public/organisation.html", context, status=status)


# ---------------------------------------------------------------------------------------------
# The pages every footer links: policies, the site map, the accessibility statement


def _policy(request, field: str):
    organisation = request.organisation
    context = {
        "title": str(Organisation._meta.get_field(field).verbose_name),
        "text": policy_text(organisation, field),
        "organisation": organisation,
    }
    return _page(request, "public/policy.html", context)


@require_safe
def privacy(request, org):
    return _policy(request, "privacy_notice")


@require_safe
def website_policy(request, org):
    return _policy(request, "website_policy")


@require_safe
def site_map(request, org):
    context = {
        "groups": selectors.reports_by_year(),
        "oit_years": selectors.public_oit_years(),
        "organisation": request.organisation,
    }
    return _page(request, "public/site_map.html", context)


@require_safe
def accessibility(request, org):
    return _page(request, "public/accessibility.html", {"organisation": request.organisation})


@require_safe
def year_home(request, org, year):
    groups = selectors.reports_by_year(year=year)
    oit = selectors.public_oit_year(year=year)
    if not groups and oit is None:
        raise Http404("ไม่มีข้อมูลที่เผยแพร่ของปีงบประมาณนี้")
    context = {"year": year, "entries": groups[0].entries if groups else [], "oit": oit}
    return _page(request, "public/year.html", context)


# ---------------------------------------------------------------------------------------------
# Reports


def _kind(kind: str) -> ReportKind:
    if kind not in ReportKind.values:
        raise Http404("ไม่มีประเภทรายงานนี้")
    return ReportKind(kind)


def _versions(request, year: int, kind: str):
    """(versions newest first, round, rounds published) of the report a URL names, or 404."""
    kind = _kind(kind)
    round_, message = _round_param(request, kind)
    if message:
        return None, message
    rounds = selectors.report_rounds(year=year, kind=kind)
    if kind in ROUND_KINDS and round_ is None:
        if not rounds:
            raise Http404("ยังไม่มีรายงานที่เผยแพร่")
        round_ = rounds[0]
    versions = selectors.report_versions(year=year, kind=kind, round_=round_)
    if not versions:
        raise Http404("ยังไม่มีรายงานที่เผยแพร่")
    return (versions, round_, rounds), ""


def _report_body(report: Report) -> str:
    """The report's HTML body, from its frozen snapshot: the same source as its PDF.

    A published version never changes (a correction is another version), so its body is made
    once and kept in the cache, named by the version, its PDF's SHA-256 and the documents'
    design (``documents_design``); a visit then reads neither the snapshot nor the chain nor
    the decisions."""
    key = f"public-report-body:{report.pk}:{report.pdf_sha256}:{documents_design()}"
    body = cache.get(key)
    if body is None:
        body = render_fragment(
            report.snapshot or {}, approval_blocks(report), kind=report.kind, with_memo=True
        )
        cache.set(key, body, BODY_CACHE_SECONDS)
    return body


def _render_report(request, versions, round_, rounds, report: Report):
    context = {
        "report": report,
        "versions": versions,
        "newest": versions[0],
        "round": round_,
        "rounds": rounds,
        "body": _report_body(report),
        "pdf_url": report_url(report, pdf=True),
        "year": report.fiscal_year.year,
    }
    return _page(request, "public/report.html", context, last_modified=report.published_at)


@require_safe
def report_newest(request, org, year, kind):
    found, message = _versions(request, year, kind)
    if message:
        return _bad_request(request, message)
    versions, round_, rounds = found
    return _render_report(request, versions, round_, rounds, versions[0])


@require_safe
def report_version(request, org, year, kind, version):
    found, message = _versions(request, year, kind)
    if message:
        return _bad_request(request, message)
    versions, round_, rounds = found
    report = next((r for r in versions if r.version == version), None)
    if report is None:
        raise Http404("ไม่พบฉบับนี้")
    return _render_report(request, versions, round_, rounds, report)


@require_safe
def report_newest_pdf(request, org, year, kind):
    found, message = _versions(request, year, kind)
    if message:
        return _bad_request(request, message)
    response = HttpResponseRedirect(report_url(found[0][0], pdf=True))
    patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    return response


def pdf_filename(report: Report) -> str:
    """The Thai file name a downloaded PDF gets: ประเภท ปีงบประมาณ รอบ ฉบับ."""
    parts = [report.get_kind_display(), f"ปีงบประมาณ {report.fiscal_year.year}"]
    if report.round:
        parts.append(f"รอบ {report.round} เดือน")
    if report.version > 1:
        parts.append(f"ฉบับที่ {report.version}")
    name = " ".join(parts)
    return re.sub(r'[\\/:*?"<>|]+', " ", name) + ".pdf"


@require_safe
def report_version_pdf(request, org, year, kind, version):
    """The stored PDF of one published version: never rendered here, immutable."""
    found, message = _versions(request, year, kind)
    if message:
        return _bad_request(request, message)
    report = next((r for r in found[0] if r.version == version), None)
    if report is None or not report.pdf or not report.pdf_sha256:
        raise Http404("ไม่พบไฟล์ PDF ของฉบับนี้")
    etag = quote_etag(report.pdf_sha256)
    timestamp = int(report.published_at.timestamp()) if report.published_at else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if not_modified is not None:
        response = not_modified
    else:
        response = file_response(
            report.pdf.storage,
            report.pdf.name,
            filename=pdf_filename(report),
            content_type="application/pdf",
        )
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, public=True, max_age=IMMUTABLE_MAX_AGE, immutable=True)
    return response


# ---------------------------------------------------------------------------------------------
# OIT


def _public_year(year: int) -> selectors.PublicYear:
    public = selectors.public_oit_year(year=year)
    if public is None:
        raise Http404("ดัชนีข้อมูล OIT ของปีงบประมาณนี้ยังไม่เผยแพร่")
    return public


@require_safe
def oit_index(request, org, year):
    public = _public_year(year)
    context = {
        "public": public,
        "year": year,
        "review": selectors.last_review(fiscal_year=public.fiscal_year),
        "groups": selectors.oit_index(public=public),
    }
    return _page(request, "public/oit_index.html", context)


@require_safe
def oit_item(request, org, year, item):
    public = _public_year(year)
    found = selectors.oit_item_by_number(public=public, number=item)
    if found is None:
        raise Http404("ไม่มีข้อนี้ในกรอบการประเมินของปีนี้")
    groups = selectors.oit_index(public=public, number=found.number)
    context = {
        "public": public,
        "year": year,
        "group": groups[0],
        "entry": groups[0].items[0],
        "item_no": item,
    }
    return _page(request, "public/oit_item.html", context)


@require_safe
def oit_evidence(request, org, year, item, evidence):
    """A published evidence file: an attachment under its Thai name, never sniffed."""
    public = _public_year(year)
    found = selectors.oit_item_by_number(public=public, number=item)
    if found is None:
        raise Http404
    file = selectors.published_evidence(public=public, item=found, evidence_id=evidence)
    if file is None:
        raise Http404("ไม่พบหลักฐานนี้")
    etag = quote_etag(
        hashlib.sha256(f"{file.pk}:{file.file.name}:{file.size}".encode()).hexdigest()
    )
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = file_response(
            file.file.storage,
            file.file.name,
            filename=file.original_name,
            content_type=file.content_type,
        )
    response["ETag"] = etag
    # Removed evidence must not linger for long in shared caches.
    patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    return response


# ---------------------------------------------------------------------------------------------
# The EIT survey QR code


def _survey_url(request) -> str:
    url = request.organisation.eit_survey_url
    if not url:
        raise Http404("หน่วยงานยังไม่ได้กำหนดลิงก์แบบสำรวจ EIT")
    return url


@require_safe
def eit_qr(request, org):
    url = _survey_url(request)
    etag = quote_etag(hashlib.sha256(f"qr:{url}".encode()).hexdigest()[:40])
    response = get_conditional_response(request, etag=etag)
    if response is None:
        svg = eit.qr_svg(url, title=f"QR code แบบสำรวจ EIT {request.organisation.name}")
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    return response


@require_safe
def eit_poster(request, org):
    """The A4 poster, rendered once by the task worker (``reports.documents.previews``): a
    waiting page that reloads itself until it is stored, then the stored file with an ETag."""
    organisation = request.organisation
    _survey_url(request)
    return previews.response(
        request,
        previews.Poster(organisation),
        enqueue=lambda: render_eit_poster.enqueue(organisation.pk),
        title=f"โปสเตอร์แบบสำรวจ EIT {organisation.name}",
        filename=f"โปสเตอร์แบบสำรวจ EIT {organisation.name}.pdf",
        back_url=reverse("public:organisation", kwargs={"org": organisation.slug}),
        public_max_age=PAGE_MAX_AGE,
    )
