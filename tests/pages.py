"""Reading a page's HTML as its text reads: without the spans that let long words break."""

import re

_LONG_SPAN = re.compile(r'<span class="ita-long">([^<]*)</span>')


def unwrapped(html: str) -> str:
    """``html`` without ``ita_portal.long_words``' spans, so a URL reads with its neighbours."""
    return _LONG_SPAN.sub(r"\1", html)
