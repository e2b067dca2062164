"""Staff PDF previews are made by the task worker, never inside a web request (issue #9: an
annual book takes seconds of CPU and a hundred MiB).

A preview is named by the SHA-256 of what it prints (snapshot, approval blocks, kind, memo or
not, ``rendering.documents_design()``), so the same document is rendered once and any change (a
decision, an edit of a draft, a new design) names a new file. The page asks for the PDF; while
it is not stored yet, the visitor gets a waiting page that reloads itself, and the worker is
asked once to render it.

The public EIT poster (``Poster``) goes the same way: rendered once per organisation name,
survey URL and design of its template and style sheet, then served from storage with an ETag.

Previews are a cache: ``manage.py cleanup_media`` counts them as orphans (no row refers to them)
and may delete them; they are made again when asked for.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag

from ita_portal.storage import file_response
from reports.documents.pdf import design_digest, documents_design, render_pdf
from reports.documents.snapshot import approval_blocks, build_snapshot, report_snapshot

ASK_AGAIN_AFTER = 120  # seconds before a waiting page may ask the worker again


@dataclass
class Document:
    snapshot: dict
    approvals: list
    kind: str
    with_memo: bool

    @property
    def name(self) -> str:
        organisation = (self.snapshot.get("organisation") or {}).get("slug", "")
        data = json.dumps(
            [self.snapshot, self.approvals, self.kind, self.with_memo, documents_design()],
            sort_keys=True,
            default=str,
            ensure_ascii=False,
        )
        return f"previews/{organisation}/{hashlib.sha256(data.encode()).hexdigest()}.pdf"

    def render(self) -> bytes:
        return render_pdf(self.snapshot, self.approvals, kind=self.kind, with_memo=self.with_memo)


@dataclass
class Poster:
    """The A4 poster of an organisation's EIT survey (``reports.documents.poster``), for the
    public site."""

    organisation: object  # organisations.Organisation, with eit_survey_url set

    @property
    def name(self) -> str:
        organisation = self.organisation
        data = json.dumps(
            [
                design_digest(("reports/print/eit_poster.html",), ("reports/eit_poster.css",)),
                organisation.eit_survey_url,
                organisation.name,
                organisation.locality,
            ],
            ensure_ascii=False,
        )
        digest = hashlib.sha256(data.encode()).hexdigest()
        return f"previews/{organisation.slug}/eit-poster-{digest}.pdf"

    def render(self) -> bytes:
        from reports.documents.poster import poster_pdf

        return poster_pdf(self.organisation)


def of_report(report) -> Document:
    """A saved report as the executives read it: the memo with the decisions so far, then the
    document."""
    return Document(report_snapshot(report), approval_blocks(report), report.kind, True)


def of_draft(report, kind: str) -> Document:
    """A document kind of live data from a transient (unsaved) report: the staff preview."""
    return Document(build_snapshot(report), approval_blocks(report), kind, False)


def render_and_store(document: Document | Poster) -> str:
    """Runs in the worker."""
    name = document.name
    if not default_storage.exists(name):
        pdf = document.render()
        if not default_storage.exists(name):  # another worker may have been quicker
            default_storage.save(name, ContentFile(pdf))
    return name


def response(
    request,
    document: Document | Poster,
    *,
    enqueue,
    title: str,
    filename: str,
    back_url: str,
    public_max_age: int | None = None,
):
    """The stored PDF, or the waiting page (202) after asking the worker once.

    Staff previews are private and shown inline. With ``public_max_age`` the PDF is a public
    download that caches may keep that long, with an ETag (the name already says what it
    prints), so that a visitor's second request is a 304."""
    name = document.name
    etag = quote_etag(hashlib.sha256(name.encode()).hexdigest()[:40])
    if public_max_age is not None:
        unchanged = get_conditional_response(request, etag=etag)
        if unchanged is not None:
            patch_cache_control(unchanged, public=True, max_age=public_max_age)
            return unchanged
    try:  # one round trip to the bucket, not an exists() and then a read
        pdf = file_response(
            default_storage,
            name,
            content_type="application/pdf",
            filename=filename,
            as_attachment=public_max_age is not None,
        )
    except FileNotFoundError:
        pass
    else:
        if public_max_age is None:
            pdf["Cache-Control"] = "private, no-store"
        else:
            pdf["ETag"] = etag
            patch_cache_control(pdf, public=True, max_age=public_max_age)
        return pdf
    if cache.add(f"preview-asked:{name}", True, ASK_AGAIN_AFTER):
        enqueue()
    waiting = render(
        request,
        "reports/preview_waiting.html",
        {"title": title, "back_url": back_url, "public": public_max_age is not None},
        status=202,
    )
    # Nobody may keep the waiting page for the PDF; a staff preview's is the person's own.
    waiting["Cache-Control"] = "no-store" if public_max_age is not None else "private, no-store"
    return waiting
