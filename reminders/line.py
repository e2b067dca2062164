"""The LINE Messaging API, push endpoint only (``POST {LINE_API_BASE_URL}/v2/bot/message/push``).

The base URL is a setting so that tests talk to a stub on 127.0.0.1 and never to LINE. The
digest's id goes in ``X-Line-Retry-Key`` so that LINE delivers a retried push only once.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

from django.conf import settings

MAX_TEXT = 5000  # LINE's limit for one text message


class LineError(RuntimeError):
    pass


def push_text(*, access_token: str, to: str, text: str, retry_key: uuid.UUID) -> None:
    body = json.dumps(
        {"to": to, "messages": [{"type": "text", "text": text[:MAX_TEXT]}]}, ensure_ascii=False
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (the URL is our setting, https or loopback)
        f"{settings.LINE_API_BASE_URL}/v2/bot/message/push",
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {access_token}",
            "Content-Type": "application/json; charset=utf-8",
            "X-Line-Retry-Key": str(retry_key),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.LINE_API_TIMEOUT) as answer:  # noqa: S310
            answer.read()
    except urllib.error.HTTPError as error:
        if error.code == 409:  # the retry key was accepted before: delivered already
            return
        raise LineError(f"LINE ตอบ {error.code}") from error
    except OSError as error:
        raise LineError(f"ติดต่อ LINE ไม่ได้: {error}") from error
