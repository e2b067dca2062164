"""Demo data of the reports app for อบต.นาทอน.

Reports: the approval chains, the FY2567 results report published with all four approvals, the
FY2568 results report in review (approved by หัวหน้าสำนักปลัด, waiting for รองปลัด), so a new user
sees every state. Precondition: scopes disabled, organisations and measures demo loaded.

Minutes: นาทอน's preparation meeting of the current fiscal year.

The meeting is seed 003's (อบต.คำบก, FY2564) told for นาทอน: the same agenda, the same
deficiencies item by item (mapped onto the FY2566 framework that นาทอน's year uses; the one item
that framework no longer has, การเสริมสร้างวัฒนธรรมองค์กร, is typed as last year's text), the
same calendar (internal deadline before Songkran). The people are นาทอน's demo people where the
seeds name them (ปลัด in the chair, the นิติกร recording) and seed 003's attendees for the rest.
Idempotent: a second run leaves an existing meeting (and whatever people changed) alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django_scopes import scope, scopes_disabled

from ita_portal import thai
from measures.demo import load_reported_copy
from oit_checklist.models import OitItem
from organisations import selectors as org_selectors
from organisations.models import Division, FiscalYear, Membership, Organisation, Position, User
from reports import services
from reports.enums import DecisionForm, DecisionValue, ReportKind, ReportStatus
from reports.minutes import services as minutes_services
from reports.models import ApprovalChain, ChainStep, Report
from reports.models.minutes import DEFAULT_MEETING_TITLE, AttendeeKind, Meeting

CHAIN = [
    ("หัวหน้าสำนักปลัด", "nathon_head_palad"),
    ("รองปลัดองค์การบริหารส่วนตำบลนาทอน", "nathon_deputy"),
    ("ปลัดองค์การบริหารส่วนตำบลนาทอน", "nathon_palad"),
    ("นายกองค์การบริหารส่วนตำบลนาทอน", "nathon_mayor"),
]


def load_demo_reports(*, render_pdfs: bool = True) -> None:
    """``render_pdfs=False`` leaves the FY2567 report approved with its publication queued for
    the worker (the test suite's default: rendering takes seconds)."""
    nathon = Organisation.objects.get(slug="nathon")
    with scope(organisation=nathon):
        _chains(nathon)
        coordinator = Membership.objects.get(user__username="nathon_coordinator")
        signers = [User.objects.get(username=username) for _title, username in CHAIN]
        if not Report.objects.filter(fiscal_year__year=2567).exists():
            year = load_reported_copy(nathon, 2567, round_=12)
            report = services.report_create(
                membership=coordinator, fiscal_year=year, kind=ReportKind.RESULTS, round_=12
            )
            services.report_submit(report=report, membership=coordinator)
            for signer in signers:
                services.report_decide(report=report, user=signer, value=DecisionValue.APPROVE)
        approved = Report.objects.filter(fiscal_year__year=2567, status=ReportStatus.APPROVED)
        if render_pdfs and approved.exists():  # also when a run without PDFs left it approved
            services.report_publish(report=approved.get(), user=coordinator.user)
        if not Report.objects.filter(fiscal_year__year=2568).exists():
            year = FiscalYear.objects.get(year=2568)
            report = services.report_create(
                membership=coordinator, fiscal_year=year, kind=ReportKind.RESULTS, round_=6
            )
            services.report_submit(report=report, membership=coordinator)
            services.report_decide(report=report, user=signers[0], value=DecisionValue.APPROVE)


def _chains(organisation: Organisation) -> None:
    positions = {p.title: p for p in Position.objects.all()}
    for kind in ReportKind:
        chain, created = ApprovalChain.objects.get_or_create(organisation=organisation, kind=kind)
        if not created:
            continue
        for order, (title, username) in enumerate(CHAIN, start=1):
            ChainStep.objects.create(
                organisation=organisation,
                chain=chain,
                order=order,
                position=positions[title],
                signer=User.objects.get(username=username),
                form=DecisionForm.TICK,
            )


PALAD = ("นายสุริยนต์ อยู่ล้าย", "ปลัดองค์การบริหารส่วนตำบลนาทอน")
RECORDER = ("ว่าที่ร้อยตรีหญิง นิตยา สันหลี่", "นิติกรปฏิบัติการ")

PRESENT = [
    PALAD,
    ("นางสาวสัญญาภักดิ์ คล่องดี", "ผู้อำนวยการกองคลัง"),
    ("นางซาริต้า เต็นหลี่", "หัวหน้าสำนักปลัด"),
    RECORDER,
    ("นายศิริโรจน์ ศรีหาวงค์", "นักทรัพยากรบุคคลชำนาญการ"),
    ("จ.ส.อ.วิเชียร ทวีผล", "นักวิเคราะห์นโยบายและแผนชำนาญการ"),
    ("นายอนุชา ศรีสวัสดิ์", "นักวิชาการเงินและบัญชีปฏิบัติการ"),
]
ABSENT = [("นางสาวสรวิทย์ ตาเดอีน", "รองปลัดองค์การบริหารส่วนตำบลนาทอน", "ติดราชการ")]
GUESTS = [("นายเสริมศักดิ์ ปากหวาน", "พนักงานจ้างเหมาบริการดูแลเว็บไซต์หน่วยงาน")]

# (item number in the framework or None, typed item, problem, division, deadline (month, day))
DEFICIENCIES = [
    (
        "02",
        "",
        "องค์ประกอบข้อมูลไม่ครบถ้วน ขาดช่องทางการติดต่อโดยตรงถึงผู้บริหารหน่วยงาน "
        "ให้ระบุหมายเลขโทรศัพท์ของผู้บริหารบนเว็บไซต์",
        "สำนักปลัด",
        (1, 15),
    ),
    ("09", "", "ใช้ URL ของเว็บไซต์ ไม่ใช่ URL ของ Facebook", "สำนักปลัด", (1, 15)),
    (
        "18",
        "",
        "ไม่มี URL ต้องเผยแพร่ในหัวข้อหรือตำแหน่งที่สามารถเข้าถึงและสืบค้นข้อมูลได้โดยง่าย "
        "ผ่าน URL บนเว็บไซต์หลักของหน่วยงานโดยตรง",
        "สำนักปลัด",
        (2, 28),
    ),
    ("13", "", "ไม่มีรายละเอียดสรุปผลการดำเนินงาน", "สำนักปลัด", (3, 31)),
    (
        "11",
        "",
        "แผนไม่ครอบคลุมระยะเวลาบังคับใช้ในปีงบประมาณที่ประเมิน",
        "สำนักปลัด",
        (3, 31),
    ),
    (
        "12",
        "",
        "นำแผนการดำเนินงานโครงการมาตอบ ไม่ใช่รายงานผลการใช้จ่ายงบประมาณ",
        "กองคลัง",
        (4, 9),
    ),
    (
        "23",
        "",
        "นโยบายการบริหารทรัพยากรบุคคลที่ประกาศใช้ไม่ได้ประกาศจากผู้บริหารสูงสุดหรือผู้บริหารที่ได้รับมอบหมาย",
        "สำนักปลัด",
        (2, 28),
    ),
    (
        "24",
        "",
        "ข้อมูลที่นำมาตอบไม่สอดคล้องกับนโยบายการบริหารทรัพยากรบุคคลของหน่วยงาน",
        "สำนักปลัด",
        (4, 9),
    ),
    (
        "29",
        "",
        "ไม่มีข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบประจำปี",
        "สำนักปลัด",
        (4, 9),
    ),
    (
        "34",
        "",
        "ไม่มีข้อมูลรายละเอียดของผลการประเมิน เช่น เหตุการณ์ความเสี่ยงและระดับของความเสี่ยง "
        "มาตรการและการดำเนินการในการบริหารจัดการความเสี่ยง",
        "สำนักปลัด",
        (3, 31),
    ),
    (
        None,
        "ข้อ ๐๓๘ การเสริมสร้างวัฒนธรรมองค์กร (กรอบการประเมินเดิม)",
        "ข้อมูลไม่ได้แสดงกฎหมายที่เกี่ยวข้องกับการดำเนินงานของหน่วยงานโดยตรง",
        "สำนักปลัด",
        (2, 28),
    ),
    (
        "43",
        "",
        "ไม่ได้แสดงผลการดำเนินการตามมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใส",
        "สำนักปลัด",
        (4, 9),
    ),
]


def _agenda(year: int) -> dict[str, str]:
    y = thai.thai_digits(year)
    last = thai.thai_digits(year - 1)
    return {
        "agenda_1": (
            "๑.๑ ความสำคัญและความเป็นมาของการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
            "ของหน่วยงานภาครัฐ (Integrity and Transparency Assessment : ITA) "
            "ซึ่งคณะรัฐมนตรีมีมติกำหนดให้ส่วนราชการและหน่วยงานภาครัฐทุกหน่วยงานเข้าร่วมการประเมิน "
            "เพื่อยกระดับผลการประเมินให้ผ่านเกณฑ์ คือ ได้คะแนนในระดับ A ค่าคะแนน ๘๕ คะแนนขึ้นไป\n\n"
            f"๑.๒ คำสั่งองค์การบริหารส่วนตำบลนาทอน เรื่อง มอบหมายหน้าที่ผู้รับผิดชอบการประเมิน"
            f"คุณธรรมและความโปร่งใสในการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น (ITA) "
            f"ประจำปีงบประมาณ พ.ศ. {y}"
        ),
        "resolution_1": "รับทราบ",
        "agenda_2": "-ไม่มี-",
        "resolution_2": "",
        "agenda_3": "-ไม่มี-",
        "resolution_3": "",
        "agenda_4": (
            f"๔.๑ การเตรียมความพร้อมเข้ารับการประเมิน ITA ควบคู่กับการศึกษาและวิเคราะห์ผล"
            f"การประเมินของปีงบประมาณ พ.ศ. {last} เพื่อกำหนดแนวทางในการปรับปรุงและแก้ไข"
            f"ข้อบกพร่องให้ดีขึ้น\n\n"
            f"นิติกรปฏิบัติการ (ผู้ดูแลระบบ ITAS) เสนอที่ประชุมว่า จากรายงานการวิเคราะห์ผล"
            f"การประเมิน ITA ขององค์การบริหารส่วนตำบลนาทอน ประจำปีงบประมาณ พ.ศ. {last} "
            f"แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) พบข้อบกพร่องที่ต้องแก้ไขพัฒนาให้ดีขึ้น "
            f"รายข้อ ผู้รับผิดชอบ และกำหนดแล้วเสร็จ ดังตารางต่อไปนี้"
        ),
        "agenda_4_after": (
            f"๔.๒ ปฏิทินการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {y} ผู้รับผิดชอบแต่ละข้อนำเข้าข้อมูล"
            f"ให้แล้วเสร็จภายในวันที่ ๙ เมษายน {y} ก่อนเทศกาลสงกรานต์ เพื่อเผื่อเวลาให้ผู้บริหาร"
            f"ตรวจสอบและอนุมัติข้อมูลก่อนระบบของสำนักงาน ป.ป.ช. ปิดรับในวันที่ ๓๐ เมษายน {y}"
        ),
        "resolution_4": "รับทราบ พร้อมไปดำเนินการปรับปรุงแก้ไขตามกำหนด",
        "agenda_5": "-ไม่มี-",
        "resolution_5": "",
    }


@transaction.atomic
def load_minutes_demo() -> None:
    """นาทอน's preparation meeting of the current fiscal year, unless it already has one."""
    with scopes_disabled():  # demo loading: find the organisation outside any scope
        organisation = Organisation.objects.filter(slug="nathon").first()
    if organisation is None:
        return
    with scope(organisation=organisation):
        fiscal_year = org_selectors.fiscal_year_current(organisation=organisation)
        if fiscal_year is None or Meeting.objects.filter(fiscal_year=fiscal_year).exists():
            return
        ce = thai.ce_year(fiscal_year.year)
        framework = minutes_services.meeting_framework(fiscal_year=fiscal_year)
        items = (
            {item.number: item for item in OitItem.objects.filter(framework=framework)}
            if framework
            else {}
        )
        divisions = {d.name: d for d in Division.objects.all()}
        deficiencies = []
        for number, typed, problem, division, (month, day) in DEFICIENCIES:
            item = items.get(number) if number else None
            if number and item is None:
                typed = f"ข้อ {thai.thai_digits(number)}"
            deficiencies.append(
                {
                    "item": item,
                    "item_text": typed,
                    "problem": problem,
                    "division": divisions[division],
                    "deadline": dt.date(ce, month, day),
                }
            )
        minutes_services.meeting_save(
            organisation=organisation,
            fiscal_year=fiscal_year,
            meeting=None,
            fields={
                "title": DEFAULT_MEETING_TITLE,
                "number": f"๑/{thai.thai_digits(fiscal_year.year)}",
                # Early in the fiscal year, as in seed 003's calendar.
                "date": dt.date(ce - 1, 11, 17),
                "start_time": dt.time(9, 30),
                "place": "ห้องประชุมองค์การบริหารส่วนตำบลนาทอน",
                "chair_name": PALAD[0],
                "chair_position": PALAD[1],
                "closing_time": dt.time(12, 0),
                "recorder_name": RECORDER[0],
                "recorder_position": RECORDER[1],
                "checker_name": PALAD[0],
                "checker_position": PALAD[1],
                **_agenda(fiscal_year.year),
            },
            attendees={
                AttendeeKind.PRESENT: [{"name": n, "position": p} for n, p in PRESENT],
                AttendeeKind.ABSENT: [
                    {"name": n, "position": p, "note": note} for n, p, note in ABSENT
                ],
                AttendeeKind.GUEST: [{"name": n, "position": p} for n, p in GUESTS],
            },
            deficiencies=deficiencies,
        )
