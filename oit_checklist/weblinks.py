"""URLs given for OIT items: which website they are on, and what to warn about.

The assessor scores an item only by a URL on the unit's main website (seed 003: "ต้องเป็นการเข้าถึง
ผ่าน URL บนเว็บไซต์หลักของหน่วยงานโดยตรง"), except items that must point outside, such as the
Social Network item that must link the unit's Facebook page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

OFF_SITE = "ลิงก์นี้อยู่นอกเว็บไซต์หลักของหน่วยงาน ผู้ประเมินให้คะแนนเฉพาะ URL บนเว็บไซต์หลัก"
ON_SITE_BUT_OUTSIDE_EXPECTED = (
    "ข้อนี้ต้องลิงก์ไปยังหน้าภายนอกของหน่วยงาน (เช่น หน้า Facebook) ไม่ใช่หน้าบนเว็บไซต์หลัก"
)


def host_of(url: str) -> str:
    """The host name of ``url``, lower case and without a leading ``www.``."""
    host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def is_on_site(url: str, website: str) -> bool:
    """Whether ``url`` is on ``website`` (the same host or one of its sub-domains)."""
    site = host_of(website)
    host = host_of(url)
    return bool(site) and (host == site or host.endswith("." + site))


def url_warning(url: str, *, website: str, points_outside: bool) -> str:
    """The warning to show beside ``url``, or "" when there is nothing to say.

    Without a known main website nothing can be judged, so nothing is said."""
    if not website:
        return ""
    on_site = is_on_site(url, website)
    if points_outside and on_site:
        return ON_SITE_BUT_OUTSIDE_EXPECTED
    if not points_outside and not on_site:
        return OFF_SITE
    return ""
