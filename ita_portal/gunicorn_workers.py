"""gunicorn's worker with Thai error pages for the requests gunicorn refuses itself, before
Django sees them: a request line longer than ``limit_request_line`` (a URL of over 4,094
bytes: 414), too many or too large headers (431), a request it cannot read (400). gunicorn
writes a short English page there; this worker writes the same status with a Thai page.
gunicorn.conf.py makes it the worker class. Answers to requests that reach Django are Django's
(templates/4xx.html, 500.html)."""

from __future__ import annotations

from gunicorn import util
from gunicorn.http.errors import (
    InvalidHeader,
    InvalidHeaderName,
    InvalidHTTPVersion,
    InvalidRequestLine,
    InvalidRequestMethod,
    LimitRequestHeaders,
    LimitRequestLine,
)
from gunicorn.workers.sync import SyncWorker

PAGE = """<!doctype html>
<html lang="th">
<head><meta charset="utf-8"><title>{title} · ITA Portal</title></head>
<body>
<h1>{title}</h1>
<p>{text}</p>
<p><a href="/">กลับหน้าแรก</a></p>
</body>
</html>
"""

REFUSALS = [
    (
        LimitRequestLine,
        414,
        "URI Too Long",
        "ที่อยู่เว็บยาวเกินไป",
        "ที่อยู่ของหน้าที่ขอยาวเกินกว่าที่ระบบรับได้ กรุณาตรวจสอบลิงก์ที่ได้รับ หรือเริ่มจากหน้าแรกของระบบ",
    ),
    (
        LimitRequestHeaders,
        431,
        "Request Header Fields Too Large",
        "คำขอมีข้อมูลส่วนหัวมากเกินไป",
        "เบราว์เซอร์ส่งข้อมูลมากเกินกว่าที่ระบบรับได้ กรุณาล้างคุกกี้ของเว็บไซต์นี้แล้วลองอีกครั้ง",
    ),
    (
        (
            InvalidRequestLine,
            InvalidRequestMethod,
            InvalidHTTPVersion,
            InvalidHeader,
            InvalidHeaderName,
        ),
        400,
        "Bad Request",
        "คำขอไม่ถูกต้อง",
        "ระบบอ่านคำขอนี้ไม่ได้ กรุณาลองอีกครั้งจากหน้าแรกของระบบ",
    ),
]


def thai_error(exc) -> tuple[int, str, bytes] | None:
    for kinds, status, reason, title, text in REFUSALS:
        if isinstance(exc, kinds):
            return status, reason, PAGE.format(title=title, text=text).encode()
    return None


class ThaiSyncWorker(SyncWorker):
    def handle_error(self, req, client, addr, exc):
        answer = thai_error(exc)
        if answer is None:
            return super().handle_error(req, client, addr, exc)
        status, reason, body = answer
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        head = (
            f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        try:
            util.write_nonblock(client, head.encode("latin-1") + body)
        except Exception:
            self.log.debug("Failed to send error message.")
