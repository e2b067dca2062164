"""Every message a person can meet is Thai: Django's own validation messages come from Django's
Thai catalogue where it has them and from ours (locale/th) where it does not."""

import gettext
import re
from pathlib import Path

import django
import pytest
from django import forms
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
DJANGO = Path(django.__file__).parent
# Where Django keeps the messages of validation (validators, form and model fields, formsets).
SOURCES = (
    "core/validators.py",
    "forms/fields.py",
    "forms/models.py",
    "forms/formsets.py",
    "forms/forms.py",
    "forms/utils.py",
    "db/models/fields/__init__.py",
    "db/models/fields/related.py",
    "db/models/base.py",
)
# Field descriptions for the admin's documentation, not messages to a person.
NOT_MESSAGES = re.compile(
    r"^(IPv4|IPv6|IPv4 or IPv6|IPv4 address|URL|:|Raw binary data|"
    r"String \(unlimited\)|Positive big integer|Universally unique "
    r"identifier|%\(from\)s-%\(to\)s relationships?)$"
)
THAI = re.compile(r"[\u0e00-\u0e7f]")


def _unquote(block: str) -> str:
    return "".join(re.findall(r'"(.*)"', block)).replace('\\"', '"').replace("\\n", "\n")


def _django_messages():
    english = (DJANGO / "conf/locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    for block in english.split("\n\n"):
        refs = re.findall(r"^#: (.*)$", block, re.M)
        if not any(source in ref for ref in refs for source in SOURCES):
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if msgid and "msgctxt" not in block:
            plural = re.search(r'^msgid_plural ((?:".*"\n?)+)', block, re.M)
            yield _unquote(msgid.group(1)), _unquote(plural.group(1)) if plural else None


def test_every_validation_message_of_django_is_thai():
    english = []
    with translation.override("th"):
        for msgid, plural in _django_messages():
            if not msgid or NOT_MESSAGES.match(msgid):
                continue
            text = translation.ngettext(msgid, plural, 2) if plural else translation.gettext(msgid)
            if not THAI.search(text):
                english.append(msgid)
    assert english == [], f"{len(english)} messages still in English"


@pytest.mark.parametrize(
    ("field", "value", "thai"),
    [
        (forms.CharField(max_length=5), "ก" * 20, "กรอกได้ไม่เกิน 5 ตัวอักษร (กรอกไว้ 20 ตัวอักษร)"),
        (forms.CharField(), "ก\x00ข", "อักขระที่ใช้ไม่ได้"),
        (forms.DecimalField(decimal_places=2), "2.555", "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
        (forms.DateField(), "2568-02-30", "กรุณา"),
    ],
)
def test_the_probes_english_messages_are_thai_now(field, value, thai):
    with translation.override("th"), pytest.raises(forms.ValidationError) as error:
        field.clean(value)
    assert thai in error.value.messages[0]


def test_the_compiled_catalogue_says_what_the_po_says():
    po = (ROOT / "locale/th/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    with (ROOT / "locale/th/LC_MESSAGES/django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for block in po.split("\n\n")[1:]:
        msgid = _unquote(re.search(r'^msgid ((?:".*"\n?)+)', block, re.M).group(1))
        msgstr = _unquote(re.search(r"^msgstr(?:\[0\])? ((?:\".*\"\n?)+)", block, re.M).group(1))
        assert compiled.gettext(msgid) == msgstr, msgid
