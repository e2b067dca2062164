"""Thai formatting, checked against what the seeds print."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone

from ita_portal import thai


def test_digits_both_ways():
    assert thai.thai_digits("ที่ สต 32301 / วันที่ 20") == "ที่ สต ๓๒๓๐๑ / วันที่ ๒๐"
    assert thai.arabic_digits("ข้อ ๐๔๓ ปี ๒๕๖๖") == "ข้อ 043 ปี 2566"
    assert thai.thai_digits(2568) == "๒๕๖๘"
    assert thai.thai_digits(None) == ""


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        (
            "ดูที่ https://www.nathon.go.th/news/2569/%E0%B8%82%E0%B9%88 ภายใน 15 วัน",
            "ดูที่ https://www.nathon.go.th/news/2569/%E0%B8%82%E0%B9%88 ภายใน ๑๕ วัน",
        ),
        ("เว็บไซต์ www.nathon.go.th/ita/2568 ข้อ 9.1", "เว็บไซต์ www.nathon.go.th/ita/2568 ข้อ ๙.๑"),
        ("nathon.go.th/news/12 (ข่าว 3 รายการ)", "nathon.go.th/news/12 (ข่าว ๓ รายการ)"),
        (
            "อีเมล nitikorn2568@nathon.go.th โทร 081-234-5678",
            "อีเมล nitikorn2568@nathon.go.th โทร ๐๘๑-๒๓๔-๕๖๗๘",
        ),
        ("ไฟล์ รายงาน2569.pdf และ scan_01.jpg 2 ไฟล์", "ไฟล์ รายงาน2569.pdf และ scan_01.jpg ๒ ไฟล์"),
        ("รหัส ITA-2570 ข้อ O12 คะแนน 98.27", "รหัส ITA-2570 ข้อ O12 คะแนน ๙๘.๒๗"),
        ("ครั้งที่ 1/2568 เวลา 09:30 น. พ.ศ.2568", "ครั้งที่ ๑/๒๕๖๘ เวลา ๐๙:๓๐ น. พ.ศ.๒๕๖๘"),
    ],
)
def test_digits_of_urls_emails_file_names_and_codes_are_kept(typed, printed):
    assert thai.thai_digits(typed) == printed


def test_dates_as_the_memo_prints_them():
    # Seed 001: "วันที่ ๒๐ พฤษภาคม ๒๕๖๘".
    assert thai.thai_date(dt.date(2025, 5, 20)) == "๒๐ พฤษภาคม ๒๕๖๘"
    assert thai.thai_date(dt.date(2025, 5, 20), "short") == "๒๐ พ.ค. ๖๘"
    assert thai.thai_date(dt.date(2024, 1, 10)) == "๑๐ มกราคม ๒๕๖๗"


def test_aware_datetime_is_dated_in_bangkok():
    # 17:30 UTC on 19 May is 00:30 on 20 May in Bangkok: the decision is dated the 20th.
    moment = dt.datetime(2025, 5, 19, 17, 30, tzinfo=dt.UTC)
    assert thai.thai_date(moment) == "๒๐ พฤษภาคม ๒๕๖๘"
    assert timezone.get_current_timezone_name() == "Asia/Bangkok"


def test_fiscal_year_of_a_date():
    assert thai.fiscal_year_of(dt.date(2025, 9, 30)) == 2568
    assert thai.fiscal_year_of(dt.date(2025, 10, 1)) == 2569
    assert thai.fiscal_year_of(dt.date(2024, 10, 1)) == 2568
    assert thai.fiscal_year_bounds(2568) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))


def test_round_bounds():
    assert thai.round_bounds(2566, thai.Round.SIX_MONTHS) == (
        dt.date(2022, 10, 1),
        dt.date(2023, 3, 31),
    )
    assert thai.round_bounds(2566, 12) == (dt.date(2022, 10, 1), dt.date(2023, 9, 30))
    assert thai.Round.SIX_MONTHS.label == "รอบ ๖ เดือน"
    assert thai.Round.TWELVE_MONTHS.label == "รอบ ๑๒ เดือน"


def test_periods_as_the_seeds_write_them():
    # Seed 000 (FY2564): "ม.ค. ๖๔ ถึง เม.ย. ๖๔".
    assert thai.period_text(2564, 1, 4) == "ม.ค. ๖๔ ถึง เม.ย. ๖๔"
    # Seed 001 (FY2568): "ก.พ. - ก.ย. พ.ศ. ๒๕๖๘".
    assert thai.period_text(2568, 2, 9, "dash") == "ก.พ. - ก.ย. พ.ศ. ๒๕๖๘"
    # A whole fiscal year.
    assert thai.period_text(2566, 10, 9) == "ตลอดปีงบประมาณ"
    assert thai.period_text(2566, 10, 9, whole_year_as_text=False) == "ต.ค. ๖๕ ถึง ก.ย. ๖๖"
    # Across the turn of the calendar year the dash style names both years.
    assert thai.period_text(2566, 11, 2, "dash") == "พ.ย. พ.ศ. ๒๕๖๕ - ก.พ. พ.ศ. ๒๕๖๖"


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="ends before it starts"):
        thai.period_text(2568, 3, 11)  # March to the November before it


def test_numbers():
    assert thai.thai_number(98.27) == "๙๘.๒๗"
    assert thai.thai_number(Decimal("85"), 2) == "๘๕.๐๐"
    assert thai.thai_number(1234.5, 1) == "๑,๒๓๔.๕"


def test_template_filters_need_no_load():
    rendered = Template(
        "{{ d|thai_date }} | {{ d|thai_date:'short' }} | {{ n|thai_number }} | {{ y|thai_digits }}"
    ).render(Context({"d": dt.date(2025, 5, 20), "n": 98.27, "y": 2568}))
    assert rendered == "๒๐ พฤษภาคม ๒๕๖๘ | ๒๐ พ.ค. ๖๘ | ๙๘.๒๗ | ๒๕๖๘"


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("ม.ค. ๖๔ ถึง เม.ย. ๖๔", (1, 4, 2564)),  # seed 000
        ("ก.พ. - ก.ย. พ.ศ. ๒๕๖๘", (2, 9, 2568)),  # seed 001: the year written once
        ("ก.พ. - มี.ค. พ.ศ. ๒๕๖๘", (2, 3, 2568)),
        ("ต.ค. ๖๕ ถึง ก.ย. ๖๖", (10, 9, 2566)),  # seed 002
        ("ตลอดปีงบประมาณ", (10, 9, None)),
        ("ปีงบประมาณ พ.ศ. ๒๕๖๖", (10, 9, 2566)),  # seed 004
        ("พ.ย. พ.ศ. ๒๕๖๕ - ก.พ. พ.ศ. ๒๕๖๖", (11, 2, 2566)),
        ("พ.ย. - ก.พ. 2566", (11, 2, 2566)),  # November of the calendar year before
        ("มกราคม - มีนาคม 2568", (1, 3, 2568)),
        ("มค.-มีค. 68", (1, 3, 2568)),
        ("เม.ย. 64", (4, 4, 2564)),
        ("๑ ต.ค. ๖๕ - ๓๑ มี.ค. ๖๖", (10, 3, 2566)),
    ],
)
def test_periods_read_back_into_months(text, months):
    assert thai.read_period(text) == months


def test_every_period_we_write_reads_back():
    for start in range(1, 13):
        for end in range(1, 13):
            if thai.fiscal_month_index(start) > thai.fiscal_month_index(end):
                continue
            for style in ("to", "dash"):
                text = thai.period_text(2570, start, end, style)
                assert thai.read_period(text)[:2] == (start, end), text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ก.ย. ๖๓ ถึง ต.ค. ๖๓", "ช่วงเวลาคร่อมสองปีงบประมาณ"),  # seed 000: before the year began
        ("เม.ย. ๖๔ ถึง ม.ค. ๖๔", "เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น"),
        ("ตามแผนการดำเนินงาน", "ไม่พบชื่อเดือน"),
    ],
)
def test_a_period_that_cannot_be_read_says_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        thai.read_period(text)
