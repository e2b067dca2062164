"""Plain text a coordinator typed, shown as a page: ``{% load plain_text %}``.

``{{ text|text_blocks }}``: blocks separated by a blank line become paragraphs (a line break
inside a block stays one); a block of one short line that starts with a number and a full stop
(``๑. ผู้ที่เข้าชมเว็บไซต์``), as Thai official documents number their parts, becomes a heading
``<h2>``. ``{{ organisation.phone|tel_href }}``: the first number of a phone field as a
``tel:`` address (digits and +, the extension dropped).
"""

import re

from django import template
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe

from ita_portal import thai

register = template.Library()

_HEADING = re.compile(r"[0-9๐-๙]{1,2}\.\s+\S.{0,118}")


@register.filter
def text_blocks(text):
    blocks = [block.strip() for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n"))]
    parts = []
    for block in filter(None, blocks):
        if "\n" not in block and _HEADING.fullmatch(block):
            parts.append(format_html('<h2 class="h5 mt-4">{}</h2>', block))
        else:
            parts.append(mark_safe(linebreaks(block, autoescape=True)))  # noqa: S308 - escaped
    return format_html_join("\n", "{}", ((part,) for part in parts))


@register.filter
def tel_href(phone):
    first = thai.arabic_digits(phone or "").split(",")[0].split("ต่อ")[0]
    return "tel:" + "".join(c for c in first if c.isdigit() or c == "+")
