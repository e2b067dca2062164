"""Write locale/th/LC_MESSAGES/django.po: Thai for the messages of Django's validators, form
fields, formsets and model fields that Django's own Thai catalogue leaves in English (or lacks),
so that every validation message a person can meet is Thai. Django's catalogue is used for
everything it does translate (LOCALE_PATHS come first, so ours wins only for these).

Run after a Django upgrade: ``.venv/bin/python scripts/thai_django_messages.py`` and then
``msgfmt -o locale/th/LC_MESSAGES/django.mo locale/th/LC_MESSAGES/django.po``
(tests/ita_portal/test_thai_messages.py checks that the .mo says what the .po says).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# English msgid (and plural) → Thai. Thai has one plural form.
THAI = {
    "Enter a valid domain name.": "กรุณากรอกชื่อโดเมนให้ถูกต้อง",
    "Enter a valid integer.": "กรุณากรอกเป็นจำนวนเต็ม",
    "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.": (
        "กรุณากรอกชื่อในลิงก์ด้วยตัวอักษรภาษาอังกฤษ ตัวเลข ขีดล่าง หรือขีดกลางเท่านั้น"
    ),
    "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.": (
        "กรุณากรอกชื่อในลิงก์ด้วยตัวอักษร ตัวเลข ขีดล่าง หรือขีดกลางเท่านั้น"
    ),
    "Enter a valid %(protocol)s address.": "กรุณากรอกที่อยู่ %(protocol)s ให้ถูกต้อง",
    "Ensure this value is a multiple of step size %(limit_value)s.": (
        "ค่านี้ต้องเป็นผลคูณของ %(limit_value)s"
    ),
    "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, "
    "e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on.": (
        "ค่านี้ต้องเพิ่มทีละ %(limit_value)s เริ่มจาก %(offset)s เช่น %(offset)s, "
        "%(valid_value1)s, %(valid_value2)s"
    ),
    (
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
    ): "ข้อความสั้นเกินไป ต้องมีอย่างน้อย %(limit_value)d ตัวอักษร (กรอกไว้ %(show_value)d ตัวอักษร)",
    (
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    ): (
        "ข้อความยาวเกินไป กรอกได้ไม่เกิน %(limit_value)d ตัวอักษร (กรอกไว้ %(show_value)d ตัวอักษร) "
        "กรุณาย่อให้สั้นลง"
    ),
    (
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
    ): "ตัวเลขยาวเกินไป กรอกได้ไม่เกิน %(max)s หลัก",
    (
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
    ): "ทศนิยมได้ไม่เกิน %(max)s ตำแหน่ง",
    (
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
    ): "ตัวเลขหน้าจุดทศนิยมได้ไม่เกิน %(max)s หลัก",
    "File extension “%(extension)s” is not allowed. Allowed extensions are: "
    "%(allowed_extensions)s.": ("ไม่รับไฟล์นามสกุล “%(extension)s” รับเฉพาะ %(allowed_extensions)s"),
    "Null characters are not allowed.": "ข้อความมีอักขระที่ใช้ไม่ได้ (อักขระว่าง) กรุณาพิมพ์ใหม่",
    "%(model_name)s with this %(field_labels)s already exists.": (
        "มี%(model_name)sที่มี%(field_labels)sนี้อยู่แล้ว"
    ),
    "Value %(value)r is not a valid choice.": "ค่า %(value)r ไม่อยู่ในรายการที่เลือกได้",
    "%(field_label)s must be unique for %(date_field_label)s %(lookup_type)s.": (
        "%(field_label)s ต้องไม่ซ้ำกันใน%(date_field_label)s %(lookup_type)s เดียวกัน"
    ),
    "“%(value)s” value must be either True or False.": "ค่า “%(value)s” ต้องเป็นใช่หรือไม่ใช่",
    "“%(value)s” value must be either True, False, or None.": (
        "ค่า “%(value)s” ต้องเป็นใช่ ไม่ใช่ หรือว่าง"
    ),
    "“%(value)s” value must be either None, True or False.": (
        "ค่า “%(value)s” ต้องเป็นใช่ ไม่ใช่ หรือว่าง"
    ),
    "“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format.": (
        "วันที่ “%(value)s” ไม่ถูกต้อง กรุณาเลือกวันที่จากปฏิทิน"
    ),
    "“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date.": (
        "ไม่มีวันที่ “%(value)s” ในปฏิทิน กรุณาตรวจสอบวันที่"
    ),
    "“%(value)s” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] "
    "format.": "วันเวลา “%(value)s” ไม่ถูกต้อง",
    "“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an "
    "invalid date/time.": "ไม่มีวันเวลา “%(value)s” ในปฏิทิน",
    "“%(value)s” value must be a decimal number.": "ค่า “%(value)s” ต้องเป็นตัวเลข",
    "“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format.": (
        "ระยะเวลา “%(value)s” ไม่ถูกต้อง"
    ),
    "“%(value)s” value must be a float.": "ค่า “%(value)s” ต้องเป็นตัวเลข",
    "“%(value)s” value must be an integer.": "ค่า “%(value)s” ต้องเป็นจำนวนเต็ม",
    "“%(value)s” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format.": (
        "เวลา “%(value)s” ไม่ถูกต้อง กรุณากรอกเป็น ชั่วโมง:นาที เช่น ๐๙:๓๐"
    ),
    "“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time.": (
        "ไม่มีเวลา “%(value)s” กรุณาตรวจสอบเวลา"
    ),
    "“%(value)s” is not a valid UUID.": "“%(value)s” ไม่ใช่รหัสที่ถูกต้อง",
    "%(model)s instance with %(field)s %(value)r is not a valid choice.": (
        "ไม่พบ%(model)sที่มี%(field)s %(value)r กรุณาเลือกจากรายการ"
    ),
    "The number of days must be between {min_days} and {max_days}.": (
        "จำนวนวันต้องอยู่ระหว่าง {min_days} ถึง {max_days}"
    ),
    (
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
    ): "ชื่อไฟล์ยาวเกินไป ได้ไม่เกิน %(max)d ตัวอักษร (ชื่อนี้มี %(length)d ตัวอักษร) กรุณาเปลี่ยนชื่อไฟล์",
    "Enter a complete value.": "กรุณากรอกให้ครบทุกช่อง",
    "Enter a valid JSON.": "ข้อมูลไม่ถูกต้อง",
    "(Hidden field %(name)s) %(error)s": "(ช่องที่ซ่อนไว้ %(name)s) %(error)s",
    "ManagementForm data is missing or has been tampered with. Missing fields: "
    "%(field_names)s. You may need to file a bug report if the issue persists.": (
        "แบบฟอร์มไม่ครบ (ขาด %(field_names)s) กรุณาโหลดหน้านี้ใหม่แล้วกรอกอีกครั้ง"
    ),
    ("Please submit at most %(num)d form.", "Please submit at most %(num)d forms."): (
        "ส่งได้ไม่เกิน %(num)d รายการ"
    ),
    ("Please submit at least %(num)d form.", "Please submit at least %(num)d forms."): (
        "กรุณาส่งอย่างน้อย %(num)d รายการ"
    ),
    "The inline value did not match the parent instance.": (
        "ข้อมูลในแบบฟอร์มไม่ตรงกับรายการหลัก กรุณาโหลดหน้านี้ใหม่"
    ),
    "“%(pk)s” is not a valid value.": "“%(pk)s” ไม่ใช่ค่าที่ใช้ได้",
    "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be "
    "ambiguous or it may not exist.": (
        "เวลา %(datetime)s ไม่มีหรือกำกวมในเขตเวลา %(current_timezone)s กรุณาตรวจสอบเวลา"
    ),
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write() -> Path:
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Language: th\\n"',
        '"Plural-Forms: nplurals=1; plural=0;\\n"',
        "",
    ]
    for english, thai in THAI.items():
        if isinstance(english, tuple):
            lines += [
                f"msgid {_quote(english[0])}",
                f"msgid_plural {_quote(english[1])}",
                f"msgstr[0] {_quote(thai)}",
            ]
        else:
            lines += [f"msgid {_quote(english)}", f"msgstr {_quote(thai)}"]
        lines.append("")
    path = ROOT / "locale/th/LC_MESSAGES/django.po"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write())
