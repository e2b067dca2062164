"""Long URLs and Latin words wrap inside their box instead of widening a table.

A URL typed into a step (300 characters without a space) made a plan table 1,850 px wide in a
1,116 px box. ``overflow-wrap: anywhere`` on every table cell would fix that, but it lets the
browser shrink a column below a Thai word's width and then cuts the word (มาตรกา|ร): Thai has no
spaces, so the whole cell would become breakable anywhere. Instead every run of
``MIN_LENGTH`` or more characters that are neither spaces nor Thai, in the text of an HTML page,
is put in ``<span class="ita-long">`` (``overflow-wrap: anywhere`` in portal.css): only that run
may break between any two characters, and the Thai words around it keep their width.

The text of ``textarea``, ``script``, ``style``, ``title``, ``select`` and ``svg`` is left as it
is (a span there would be text or be dropped), and so is every tag and attribute.
"""

from __future__ import annotations

import re

MIN_LENGTH = 20
_PARTS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_LONG = re.compile(rf"[^\s<>\u0e00-\u0e7f]{{{MIN_LENGTH},}}")
_UNTOUCHED = re.compile(r"<(textarea|script|style|title|select|svg)\b", re.I)


def breakable(html: str) -> str:
    """``html`` with each long run of non-Thai, non-space characters in its text in a span."""
    out = []
    closing = None  # the end tag of the element whose text is left alone
    for index, part in enumerate(_PARTS.split(html)):
        if index % 2:  # a tag or a comment
            if closing is None and (start := _UNTOUCHED.match(part)):
                closing = f"</{start.group(1).lower()}"
            elif closing is not None and part.lower().startswith(closing):
                closing = None
            out.append(part)
        elif closing is None and part:
            out.append(_LONG.sub(r'<span class="ita-long">\g<0></span>', part))
        else:
            out.append(part)
    return "".join(out)


class LongWordsMiddleware:
    """Applies ``breakable`` to every HTML page the portal answers with."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.get("Content-Encoding")
        ):
            charset = response.charset or "utf-8"
            response.content = breakable(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
