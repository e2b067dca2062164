"""Staff PDF previews are made by the task worker, never inside a web request (issue #9: an
annual book takes seconds of CPU and a hundred MiB).

A preview is named by the SHA-256 of what it prints (snapshot, approval blocks, kind, memo or
not), so the same document is rendered once and any change (a decision, an edit of a draft)
names a new file. The page asks for the PDF; while it is not stored yet, the visitor gets a
waiting page that reloads itself, and the worker is asked once to render it.

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
from django.http import FileResponse
from django.shortcuts import render

from .snapshot import approval_blocks, build_snapshot, report_snapshot

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
            [self.snapshot, self.approvals, self.kind, self.with_memo],
            sort_keys=True,
            default=str,
            ensure_ascii=False,
        )
        return f"previews/{organisation}/{hashlib.sha256(data.encode()).hexdigest()}.pdf"


def of_report(report) -> Document:
    """A saved report as the executives read it: the memo with the decisions so far, then the
    document."""
    return Document(report_snapshot(report), approval_blocks(report), report.kind, True)


def of_draft(report, kind: str) -> Document:
    """A document kind of live data from a transient (unsaved) report: the staff preview."""
    return Document(build_snapshot(report), approval_blocks(report), kind, False)


def render_and_store(document: Document) -> str:
    """Runs in the worker."""
    from .rendering import render_pdf

    name = document.name
    if not default_storage.exists(name):
        pdf = render_pdf(
            document.snapshot, document.approvals, kind=document.kind, with_memo=document.with_memo
        )
        if not default_storage.exists(name):  # another worker may have been quicker
            default_storage.save(name, ContentFile(pdf))
    return name


def response(request, document: Document, *, enqueue, title: str, filename: str, back_url: str):
    """The stored PDF, or the waiting page (202) after asking the worker once."""
    name = document.name
    if default_storage.exists(name):
        pdf = FileResponse(
            default_storage.open(name, "rb"), content_type="application/pdf", filename=filename
        )
        pdf["Cache-Control"] = "private, no-store"
        pdf["X-Content-Type-Options"] = "nosniff"
        return pdf
    if cache.add(f"preview-asked:{name}", True, ASK_AGAIN_AFTER):
        enqueue()
    return render(
        request,
        "reports/preview_waiting.html",
        {"title": title, "back_url": back_url},
        status=202,
    )
