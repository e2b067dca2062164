"""One pipeline for every document: a snapshot → HTML (templates + print CSS) → WeasyPrint PDF.

API (other parts call these):

* ``render_html(snapshot, approvals, *, kind=None, with_memo=False) -> str``: a full HTML
  document for print (``with_memo``: the memo and its approval blocks first);
* ``render_fragment(snapshot, approvals, *, kind=None, with_memo=False) -> str``: the same
  document's body, to embed in a web page that extends ``base.html`` (staff preview, public
  page);
* ``render_pdf(snapshot, approvals, *, kind=None, with_memo=False) -> bytes``;
* ``render_report_pdf(report) -> bytes``: the report's snapshot and approval blocks, memo first;
* ``html_to_pdf(html, label) -> bytes``: another page of ours (the EIT poster), same limits.

``kind`` defaults to ``snapshot["report"]["kind"]``; ``kind="memo"`` renders the cover memo
alone. Each kind's body template is named in ``kinds.DOCUMENTS`` (the minutes add one line);
every body is wrapped by ``reports/print/base_print.html``.

WeasyPrint only reads what ``document_resource`` serves: the project's static files, media files and
the font files of ``FONT_FILES``, under the fictitious origin ``DOCUMENT_ORIGIN``. No
``file://``, no outside URL (a link typed by a user prints as text, it is never fetched).

A memo page that continues prints the first words of the next page at its foot
("/ความเห็นรองปลัด..."), in one layout: ``install_continuations`` fills the named string
``ita-continuation`` that ``print.css`` puts in the memo pages' bottom-right margin, once the
pages are laid out and before WeasyPrint makes their margin boxes.
The whole rendering runs in a forked child process under a time limit
(``DOCUMENT_RENDER_TIMEOUT`` seconds, default 120) and a memory limit (``DOCUMENT_RENDER_MEMORY_MB``
above the parent's address space, default 500).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import logging
import mimetypes
import multiprocessing
import os
import posixpath
import re
import resource
import signal
import time
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import get_template, render_to_string

from ita_portal import thai
from organisations.models import SiteEmblem
from reports.documents import weasyprint_patches as pdf_compat
from reports.documents.kinds import DOCUMENTS
from reports.documents.typeset import division_names, typeset

logger = logging.getLogger(__name__)

DOCUMENT_ORIGIN = "https://documents.ita-portal.invalid"
BASE_URL = DOCUMENT_ORIGIN + "/"

# Fonts the documents use, by the name in /fonts/<name>: Debian packages (see the Makefile).
FONT_FILES = {
    "Laksaman.ttf": "/usr/share/fonts/truetype/tlwg/Laksaman.ttf",
    "Laksaman-Bold.ttf": "/usr/share/fonts/truetype/tlwg/Laksaman-Bold.ttf",
    "Laksaman-Italic.ttf": "/usr/share/fonts/truetype/tlwg/Laksaman-Italic.ttf",
    "Laksaman-BoldItalic.ttf": "/usr/share/fonts/truetype/tlwg/Laksaman-BoldItalic.ttf",
    "DejaVuSans.ttf": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
}

BASE_TEMPLATE = "reports/print/base_print.html"

# Pages of these named pages print the first words of the next page at their foot.
CONTINUATION_PAGES = {"memo"}


class RenderError(Exception):
    """The document could not be rendered (time limit, unknown kind)."""


# ---------------------------------------------------------------------------------------------
# HTML


def _iso(value):
    if not value:
        return None
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _context(snapshot: dict, approvals: list[dict], kind: str, *, for_print: bool) -> dict:
    memo = dict(snapshot.get("memo") or {})
    memo["date_text"] = thai.thai_date(_iso(memo.get("date")))
    blocks = []
    for block in approvals or []:
        blocks.append({**block, "date_text": thai.thai_date(_iso(block.get("date")))})
    report = snapshot.get("report") or {}
    return {
        "snapshot": snapshot,
        "organisation": snapshot.get("organisation") or {},
        "report": report,
        "memo": memo,
        "approvals": blocks,
        "content": snapshot.get("content") or {},
        "kind": kind,
        "for_print": for_print,
        "fiscal_year_text": thai.thai_digits(report.get("fiscal_year", "")),
        "body_template": DOCUMENTS[kind].template,
        "emblem": SiteEmblem.current_name() if for_print else "",
    }


def _typeset(html: str) -> str:
    """The web page's Thai typesetting fix: ๆ never starts a line (its space does not break).
    The print HTML has more (``reports.documents.typeset.typeset``)."""
    return html.replace(" ๆ", "\u00a0ๆ")


def _kind(snapshot: dict, kind: str | None) -> str:
    kind = kind or (snapshot.get("report") or {}).get("kind")
    if kind not in DOCUMENTS:
        raise RenderError(f"ไม่มีแม่แบบเอกสารประเภท {kind!r}")
    return kind


# Kinds whose document already prints the memo (the memo itself, the annual book).


def render_html(
    snapshot: dict, approvals: list[dict], *, kind: str | None = None, with_memo: bool = False
) -> str:
    """The full HTML document that WeasyPrint prints; ``with_memo`` puts the memo with its
    approval blocks in front of the document (a report going round the executives)."""
    kind = _kind(snapshot, kind)
    context = _context(snapshot, approvals, kind, for_print=True)
    context["with_memo"] = with_memo and not DOCUMENTS[kind].memo_inside
    organisation = context["organisation"]
    places = [organisation.get(key) for key in ("subdistrict", "district", "province")]
    names = division_names(snapshot.get("content"))
    return typeset(render_to_string(BASE_TEMPLATE, context), places, names)


def render_fragment(
    snapshot: dict, approvals: list[dict], *, kind: str | None = None, with_memo: bool = False
) -> str:
    """The document's body for a web page (no <html>, no print-only parts such as the cover's
    page numbers; images of private evidence are named, not shown); ``with_memo`` as in
    ``render_html``."""
    kind = _kind(snapshot, kind)
    context = _context(snapshot, approvals, kind, for_print=False)
    context["with_memo"] = with_memo and not DOCUMENTS[kind].memo_inside
    return _typeset(render_to_string("reports/print/fragment.html", context))


@lru_cache(maxsize=8)
def design_digest(templates: tuple[str, ...], stylesheets: tuple[str, ...]) -> str:
    """A short digest of templates and static stylesheets as deployed: a stored or cached
    rendering is named by it, so that a new design never serves an old rendering."""
    digest = hashlib.sha256()
    for name in templates:
        digest.update(Path(get_template(name).origin.name).read_bytes())
    for name in stylesheets:
        digest.update(Path(finders.find(name)).read_bytes())
    return digest.hexdigest()[:16]


# The templates and the stylesheets of the documents (reports/templates/reports/print/).
PRINT_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
PRINT_STYLESHEETS = ("reports/print.css", "reports/minutes.css")


def design_templates() -> tuple[str, ...]:
    """Every print template, by its template name ("reports/print/memo.html")."""
    folder = PRINT_TEMPLATES / "reports" / "print"
    return tuple(sorted(f"reports/print/{path.name}" for path in folder.glob("*.html")))


def documents_design() -> str:
    """``design_digest`` of every print template and stylesheet. (It read a folder that the
    architecture's move had emptied, so a changed template kept serving cached renderings.)"""
    return design_digest(design_templates(), PRINT_STYLESHEETS)


# ---------------------------------------------------------------------------------------------
# The URL fetcher


def _safe_path(path: str) -> str | None:
    """A relative path without '..', absolute parts or backslashes; None when unsafe."""
    path = unquote(path)
    if "\\" in path or "\x00" in path:
        return None
    normal = posixpath.normpath(path)
    if normal.startswith(("/", "..")) or normal in {".", ""}:
        return None
    return normal


def _static_file(path: str) -> Path | None:
    found = finders.find(path)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / path
        if candidate.is_file():
            return candidate
    return None


def document_resource(url: str) -> tuple[bytes, str]:
    """(content, MIME type) of /static/…, /media/… or /fonts/<known font> of
    ``DOCUMENT_ORIGIN``; ValueError for anything else (other hosts, schemes, paths)."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != DOCUMENT_ORIGIN:
        raise ValueError(f"URL not served to documents: {url[:200]}")
    path = parts.path
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    if path.startswith("/fonts/"):
        name = path.removeprefix("/fonts/")
        if name not in FONT_FILES:
            raise ValueError(f"unknown font {name!r}")
        return Path(FONT_FILES[name]).read_bytes(), "font/ttf"
    if path.startswith(static_prefix):
        relative = _safe_path(path.removeprefix(static_prefix))
        file = _static_file(relative) if relative else None
        if file is None:
            raise ValueError(f"no static file {path!r}")
        mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return file.read_bytes(), mime
    if path.startswith(media_prefix):
        relative = _safe_path(path.removeprefix(media_prefix))
        if relative is None or not default_storage.exists(relative):
            raise ValueError(f"no media file {path!r}")
        with default_storage.open(relative, "rb") as handle:
            data = handle.read()
        return data, mimetypes.guess_type(relative)[0] or "application/octet-stream"
    raise ValueError(f"URL not served to documents: {url[:200]}")


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class DocumentFetcher(URLFetcher):
        """WeasyPrint's fetcher limited to ``document_resource``: no network, no file://."""

        def fetch(self, url, headers=None):
            data, mime = document_resource(url)
            return URLFetcherResponse(url, data, {"Content-Type": mime})

    return DocumentFetcher(allowed_protocols=("https",))


# ---------------------------------------------------------------------------------------------
# The limits


def _timeout() -> float:
    return float(settings.DOCUMENT_RENDER_TIMEOUT)


# ---------------------------------------------------------------------------------------------
# PDF


def _first_words(page_box) -> str:
    """The first words of a laid-out page's text (at least 12 characters, cut where a word
    ends, by Pango's Thai word boundaries: the ones its lines break at), as a continuation line
    writes them."""
    from weasyprint.text.line_break import get_log_attrs

    text = ""

    def walk(box):
        nonlocal text
        if text:
            return
        if getattr(box, "text", "").strip():
            text = box.text.strip()
            return
        for child in getattr(box, "children", []) or []:
            walk(child)

    walk(page_box)
    if not text:
        return ""
    first = text.split()[0]
    attributes = get_log_attrs(first, "th")  # attributes[i]: the position before character i
    ends = (end for end in range(12, len(first)) if attributes[end].is_word_end)
    return first[: next(ends, len(first))]


def _continuation_lines(page_boxes) -> list[str]:
    """For each laid-out page: "/first words of the next page..." when both are pages of one
    of ``CONTINUATION_PAGES``, else ""."""
    names = [getattr(box.page_type, "name", "") or "" for box in page_boxes]
    lines = []
    for index, name in enumerate(names):
        words = ""
        if name in CONTINUATION_PAGES and index + 1 < len(names) and names[index + 1] == name:
            words = _first_words(page_boxes[index + 1])
        lines.append(f"/{words}..." if words else "")
    return lines


CONTINUATION_STRING = "ita-continuation"
_continuations_installed = False


def install_continuations() -> None:
    """Wrap WeasyPrint's pagination (``weasyprint.layout.make_all_pages``, 70.0, pinned with
    ``pdf_compat``) so that, once every page is laid out, page N's value of the named string
    ``ita-continuation`` is its continuation line. WeasyPrint makes the margin boxes after
    pagination (for ``counter(pages)``), so ``content: string(ita-continuation)`` in a margin
    box reads it: no second layout. Idempotent."""
    global _continuations_installed
    if _continuations_installed:
        return
    pdf_compat.install()  # refuses a WeasyPrint version other than the pinned one
    from weasyprint import layout

    original = layout.make_all_pages

    def make_all_pages(context, root_box, html, pages):
        made = list(original(context, root_box, html, pages))
        store = context.string_set[CONTINUATION_STRING]
        store.clear()
        for number, line in enumerate(_continuation_lines(made), start=1):
            store[number] = [line]
        return made

    layout.make_all_pages = make_all_pages
    _continuations_installed = True


_PAGE_RANGE = re.compile(r"^(\S+)-(\S+)$")
_page_ranges_installed = False


def install_page_ranges() -> None:
    """The contents' page ranges: ``a.range::after`` prints the first and the last page of a
    part ("๕-๗", print.css); wrap WeasyPrint's ``compute_content_list`` (70.0, pinned with
    ``pdf_compat``) so that a range of one page prints that page alone ("๕"). The numbers
    come from WeasyPrint's own target pass, so this costs no second layout. Idempotent."""
    global _page_ranges_installed
    if _page_ranges_installed:
        return
    pdf_compat.install()
    from weasyprint.formatting_structure import boxes, build

    original = build.compute_content_list

    def compute_content_list(content_list, parent_box, *args, **kwargs):
        made = original(content_list, parent_box, *args, **kwargs)
        element = getattr(parent_box, "element", None)
        if (
            made
            and len(made) == 1
            and isinstance(made[0], boxes.TextBox)
            and element is not None
            and "range" in (element.get("class") or "").split()
            and (pages := _PAGE_RANGE.match(made[0].text))
            and pages[1] == pages[2]
        ):
            made[0].text = pages[1]
        return made

    build.compute_content_list = compute_content_list
    _page_ranges_installed = True


_fonts = None  # this process's weasyprint FontConfiguration, made by warm_up()


def _fonts_usable() -> bool:
    """WeasyPrint keeps the @font-face files in a temporary folder, which a long-lived worker
    may see cleaned away (systemd-tmpfiles): then the configuration must be made again."""
    return _fonts is not None and (_fonts._folder is None or _fonts._folder.exists())


def _document(html: str):
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher())
    return document.render(font_config=_fonts)


def render_pdf(
    snapshot: dict, approvals: list[dict], *, kind: str | None = None, with_memo: bool = False
) -> bytes:
    """The PDF of ``snapshot``, made in a child process under the time limit and the memory
    limit (``DOCUMENT_RENDER_MEMORY_MB``)."""
    kind = _kind(snapshot, kind)
    return html_to_pdf(render_html(snapshot, approvals, kind=kind, with_memo=with_memo), kind)


def html_to_pdf(html: str, label: str) -> bytes:
    """A full HTML document of ours (its stylesheets and fonts read through our fetcher) as
    PDF, under the same limits as every document; ``label`` names it in the log."""
    return _isolated(_print, html, label)


def _print(html: str, kind: str) -> bytes:
    started = time.monotonic()
    document = _document(html)
    pdf = document.write_pdf()
    logger.info(
        "rendered %s: %d pages, %.2f s", kind, len(document.pages), time.monotonic() - started
    )
    return pdf


def _memory_limit() -> int:
    return int(settings.DOCUMENT_RENDER_MEMORY_MB)


# A page with our stylesheet, every face of our fonts and the tick boxes: what it loads and
# caches (fonts, their text-layer maps, shaping) is then shared by every forked child.
WARM_UP_HTML = (
    '<!doctype html><html lang="th"><head><link rel="stylesheet" href="/static/reports/print.css">'
    '</head><body><section class="memo"><h1>บันทึกข้อความ</h1><p>ตำบล <b>ตำบล</b> <i>ตำบล</i> '
    '<b><i>ตำบล</i></b> <span class="box">☐ ☑</span> ๑๒๓</p></section></body></html>'
)


def warm_up() -> None:
    """Load what every rendering needs (WeasyPrint, one font configuration with our fonts, their
    text-layer maps, shaping caches) into this process, once, so that each forked child starts
    warm instead of setting fonts up for every document. The task worker calls it when it
    starts (``manage.py db_worker``), so that its first document is as fast as the next."""
    global _fonts
    if _fonts_usable():
        return
    from weasyprint.text.fonts import FontConfiguration

    install_continuations()
    install_page_ranges()
    _fonts = FontConfiguration()
    _print(WARM_UP_HTML, "warm-up")


def _isolated(function, *args) -> bytes:
    """``function(*args)`` in a forked child: killed at the time limit, its address space capped
    at ``DOCUMENT_RENDER_MEMORY_MB`` above the parent's, so that a runaway document costs the
    worker neither its memory nor its life. Raises RenderError (Thai) when a limit is hit."""
    warm_up()
    receive, send = multiprocessing.Pipe(duplex=False)
    limit_bytes = _memory_limit() * 1024 * 1024
    resident = _resident()
    pid = os.fork()
    if pid == 0:  # the child: render, answer, and leave without running the parent's exit code
        try:
            receive.close()
            # What the parent made is never garbage here: the collector leaves it alone instead
            # of walking it (and copying every page it touches, copy-on-write).
            gc.freeze()
            resource.setrlimit(resource.RLIMIT_AS, (_address_space() + limit_bytes,) * 2)
            send.send(("ok", function(*args)))
        except MemoryError:
            send.send(("memory", ""))
        except BaseException as error:  # anything WeasyPrint raises goes back up, in Thai
            send.send(("error", f"{type(error).__name__}: {error}"))
        finally:
            os._exit(0)
    send.close()
    try:
        if not receive.poll(_timeout()):
            raise RenderError("การจัดทำเอกสาร PDF ใช้เวลานานเกินกำหนด")
        status, value = receive.recv()
    except EOFError:  # the child died without a word
        status, value = "died", ""
    finally:
        receive.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _, wait_status, usage = os.wait4(pid, 0)
    if status == "died":
        # Out of memory shows as SIGKILL (the kernel's out-of-memory killer), as an exit in
        # Python (a MemoryError while answering), or as a crash of the C code whose allocation
        # was refused (SIGSEGV, SIGABRT): the child then used much of its allowance. A crash of
        # a child that used little is the PDF engine's fault, not the document's size.
        number = os.WTERMSIG(wait_status) if os.WIFSIGNALED(wait_status) else None
        grew = usage.ru_maxrss * 1024 - resident
        if number is not None and number != signal.SIGKILL and grew < limit_bytes // 2:
            logger.error("the PDF renderer crashed (signal %s)", number)
            raise RenderError(
                "โปรแกรมจัดทำเอกสาร PDF ขัดข้องระหว่างทำงาน (สัญญาณ "
                f"{number}) กรุณาลองอีกครั้ง หากยังไม่ได้ แจ้งผู้ดูแลระบบ"
            )
        status = "memory"
    if status == "memory":
        raise RenderError("การจัดทำเอกสาร PDF ใช้หน่วยความจำเกินกำหนด เอกสารอาจยาวเกินไป")
    if status == "error":
        raise RenderError(f"จัดทำเอกสาร PDF ไม่ได้ ({value})")
    return value


def _address_space() -> int:
    """The process's virtual memory size in bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _resident() -> int:
    """The process's resident memory in bytes (Linux): what a forked child starts with."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def render_report_pdf(report) -> bytes:
    """A saved report as the executives read it and the public gets it: the memo with the
    decisions so far, then the document."""
    from reports.documents.snapshot import approval_blocks, report_snapshot

    return render_pdf(report_snapshot(report), approval_blocks(report), with_memo=True)
