"""Demo plans from the seeds: อบต.นาทอน's FY2568 plan (seed 001: seven measures with their
steps and the 6-month results) copied forward into the current fiscal year with some early
progress, and อบต.นาออก's FY2567 plan (seed 002: its measures, IIT/EIT lines and score ๙๘.๒๗).
นาทอน's FY2569 also has a Word file of the FY2568 plan in seed 001's layout, read and waiting
for the coordinator's review (measures.plan_import)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document
from PIL import Image, ImageDraw

from ita_portal import thai
from organisations.models import Division, FiscalYear, Organisation, User

from . import services
from .enums import AnalysisKind, ImportStatus, ProgressStatus
from .indicators import load_indicators
from .models import Indicator, IndicatorLine, MeasurePlan, PlanImport, ServiceTimeFigure
from .plan_import.reading import read_docx

ALL = "ทุกส่วนราชการ"

# (title, indicator, [(step text, divisions, start month, end month, output of round 6)], outcome)
NATHON_2568 = [
    (
        "กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ",
        1,
        [
            (
                "ปรับปรุงคู่มือหรือมาตรฐานการปฏิบัติงาน โดยระบุขั้นตอนและระยะเวลาที่ใช้ในการปฏิบัติงานหรือการให้บริการ",
                ALL,
                2,
                3,
                "ให้ส่วนราชการทบทวน ปรับปรุงคู่มือการปฏิบัติงานและมาตรฐานการให้บริการ "
                "และนำไปประกาศในเว็บไซต์ของหน่วยงาน",
            ),
            (
                "กำชับให้เจ้าหน้าที่ผู้ปฏิบัติหรือให้บริการประชาชน ถือปฏิบัติตามคู่มือดังกล่าวโดยเคร่งครัด",
                ALL,
                2,
                3,
                "",
            ),
            (
                "ประชาสัมพันธ์หรือเผยแพร่คู่มือหรือมาตรฐานการปฏิบัติงานในช่องทางที่หลากหลาย "
                "เช่น ณ ที่ตั้งของหน่วยงาน ผ่านสื่อออนไลน์ของหน่วยงาน",
                "สำนักปลัด",
                2,
                3,
                "",
            ),
        ],
        "หน่วยงานมีความโปร่งใสในการปฏิบัติงาน และดำเนินการตามขั้นตอน ระยะเวลาที่กำหนดไว้อย่างเคร่งครัด เท่าเทียมกัน",
    ),
    (
        "การให้บริการและระบบ E-Service",
        8,
        [
            (
                "จัดทำ/ปรับปรุงคู่มือการให้บริการหรือแนวทางการปฏิบัติที่ผู้รับบริการหรือผู้มา"
                "ติดต่อกับหน่วยงานใช้เป็นข้อมูลในการขอรับบริการ โดยมีรายละเอียดของแต่ละงาน ดังนี้ "
                "(๑) ชื่องาน (๒) วิธีการขั้นตอนการให้บริการ (๓) ระยะเวลาแต่ละขั้นตอน "
                "(๔) ช่องทางให้บริการ เช่น สถานที่ ส่วนงานที่รับผิดชอบ E-service One Stop Service "
                "(๕) กฎหมายที่เกี่ยวข้อง",
                ALL,
                2,
                9,
                "มีการเผยแพร่ผลงานหรือข้อมูลการจัดกิจกรรม หรืองานต่าง ๆ ของ อบต.นาทอน",
            ),
            (
                "จัดให้มีการบริการในรูปแบบออนไลน์หรือ E-Service เพื่อลดการใช้ดุลยพินิจหรือ"
                "การเลือกปฏิบัติในภารกิจหรือบริการนั้น ๆ",
                "สำนักปลัด",
                2,
                9,
                "มีช่องบริการ E-service ผ่านเว็บไซต์ของหน่วยงาน และช่องทางปฏิสัมพันธ์กับ"
                "ผู้รับบริการและประชาชนทั่วไป (Q&A)",
            ),
        ],
        "ผู้รับบริการและประชาชนทั่วไป รับทราบและเข้าถึงข้อมูลขององค์กรได้ง่าย และสะดวกมากยิ่งขึ้น",
    ),
    (
        "ช่องทางและรูปแบบการประชาสัมพันธ์เผยแพร่ข้อมูลข่าวสารภาครัฐ",
        7,
        [
            (
                "มีการเผยแพร่และประชาสัมพันธ์ข้อมูลข่าวสาร ผ่านช่องทางที่หลากหลายและอำนวย"
                "ความสะดวกในการเข้าใช้งาน โดยดำเนินการปรับปรุงข้อมูลพื้นฐานในเว็บไซต์ของ"
                "หน่วยงานให้มีความครบถ้วน เป็นปัจจุบัน",
                "สำนักปลัด",
                2,
                9,
                "เจ้าหน้าที่ผู้ให้บริการทุกส่วนราชการแนะนำช่องทางการร้องเรียน การให้ข้อเสนอแนะ "
                "แก่ผู้มารับบริการอย่างต่อเนื่องตามช่องทางที่กำหนด เว็บไซต์ บอร์ดประชาสัมพันธ์",
            ),
        ],
        "สร้างความพึงพอใจให้แก่ผู้รับบริการได้ดี ทำให้การบริการมีประสิทธิภาพ และสร้าง"
        "ความเชื่อมั่น ความโปร่งใสในการให้บริการ",
    ),
    (
        "กระบวนการกำกับดูแลการใช้ทรัพย์สินของราชการ",
        4,
        [
            (
                "ปรับปรุงคู่มือกำหนดแนวทางปฏิบัติเกี่ยวกับการใช้ทรัพย์สินของราชการ โดยกำหนด"
                "ขั้นตอนในการขอยืมทรัพย์สินของทางราชการตามประเภทงานด้านต่าง ๆ ไว้ในคู่มือหรือ"
                "มาตรฐานการให้บริการ",
                "กองคลัง",
                2,
                9,
                "เผยแพร่ประชาสัมพันธ์คู่มือการใช้ทรัพย์สินของทางราชการผ่านเว็บไซต์ อบต.นาทอน",
            ),
            (
                "จัดให้มีการขออนุญาตในการยืมทรัพย์สินของราชการอย่างถูกต้อง",
                "กองคลัง",
                2,
                9,
                "มีการแจ้งเวียนคู่มือและทะเบียนคุมการยืมใช้ทรัพย์สินของทางราชการให้บุคลากรภายในหน่วยงานทราบ",
            ),
            ("จัดให้มีการตรวจสอบวัสดุและครุภัณฑ์ของหน่วยงานเป็นระยะ", "กองคลัง", 2, 9, ""),
        ],
        "การปฏิบัติเป็นไปในทางเดียวกันและเป็นการรักษาทรัพย์สินของทางราชการไม่ให้ชำรุด สูญหาย",
    ),
    (
        "กระบวนการสร้างความโปร่งใสในการใช้งบประมาณและการจัดซื้อจัดจ้าง",
        2,
        [
            (
                "จัดประชุมชี้แจงแผนการใช้จ่ายงบประมาณประจำปีให้แก่บุคลากรภายในหน่วยงาน "
                "หรืออาจจัดทำในสื่อประชาสัมพันธ์ในรูปแบบการสรุปข้อมูล",
                "กองคลัง",
                2,
                9,
                "กองคลังนำข้อมูลแผนการใช้จ่ายงบประมาณประจำปีงบประมาณ พ.ศ. ๒๕๖๘ และแผนการ"
                "จัดซื้อจัดจ้างหรือการจัดหาพัสดุ ลงเว็บไซต์หลักของหน่วยงาน",
            ),
            (
                "จัดให้บุคลากรภายในหน่วยงานได้มีส่วนร่วมในการจัดทำแผนการดำเนินงานและแผนการใช้จ่ายงบประมาณ",
                "สำนักปลัด",
                2,
                9,
                "สำนักปลัดนำข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. ๒๕๖๘ ลงเว็บไซต์หลักของหน่วยงาน",
            ),
            (
                "จัดให้มีการประเมินความเสี่ยงการทุจริตในประเด็นการเบิกจ่ายเงิน และกำหนดมาตรการ"
                "สำหรับการป้องกันการทุจริตจากการเบิกจ่ายเงินที่เป็นเท็จ ตลอดจนบังคับใช้จนเกิด"
                "ผลสัมฤทธิ์",
                "กองคลัง",
                2,
                9,
                "",
            ),
        ],
        "บุคลากรภายในหน่วยงานรับรู้การดำเนินการต่าง ๆ ที่เกี่ยวข้องกับแผนการใช้จ่ายงบประมาณ "
        "การจัดซื้อจัดจ้าง การตรวจรับพัสดุของหน่วยงานอย่างคุ้มค่า",
    ),
    (
        "กระบวนการควบคุม ตรวจสอบการใช้อำนาจและการบริหารงานบุคคล",
        3,
        [
            (
                "กำหนดนโยบายหรือแผนการบริหารทรัพยากรและพัฒนาทรัพยากรบุคคลที่มุ่งเน้นการแก้ไข"
                "ปัญหาข้างต้น และกำกับติดตามการขับเคลื่อนนโยบายหรือแผนดังกล่าวอย่างต่อเนื่อง",
                "สำนักปลัด",
                2,
                9,
                "ชี้แจงให้บุคลากรภายในรับทราบแนวปฏิบัติและการให้บริการแก่ผู้มาติดต่อราชการ",
            ),
            (
                "ประเมินความเสี่ยงการทุจริตที่อาจเกิดขึ้นจากการใช้อำนาจหรือการสั่งการของ"
                "ผู้บังคับบัญชา และกำหนดมาตรการจัดการความเสี่ยง และการดำเนินการตามมาตรการที่ได้"
                "กำหนดไว้",
                "สำนักปลัด",
                2,
                9,
                "ประชุมชี้แจงเรื่องการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงาน"
                "ภาครัฐ และทำความเข้าใจในการตอบตัวชี้วัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
            ),
        ],
        "สร้างวัฒนธรรมที่ดีให้เกิดขึ้นต่อองค์กร และทำให้ผู้รับบริการและผู้มีส่วนได้ส่วนเสียเกิดความประทับใจต่อหน่วยงาน",
    ),
    (
        "กลไกและมาตรการในการแก้ไขและป้องกันการทุจริตภายในหน่วยงาน",
        5,
        [
            (
                "เผยแพร่ช่องทางร้องเรียนเจ้าหน้าที่ของหน่วยงาน ผ่านช่องทางออนไลน์ โดยจัดให้มี"
                "มาตรการคุ้มครองและปกปิดข้อมูลผู้แจ้งเบาะแส",
                "สำนักปลัด",
                2,
                9,
                "จัดกิจกรรมวันต่อต้านคอร์รัปชันของ อบต.นาทอน",
            ),
            (
                "การกำหนดแผนปฏิบัติการป้องกันการทุจริต ที่มุ่งเน้นโครงการ/กิจกรรมที่เสริมสร้าง"
                "ความโปร่งใสในการปฏิบัติงานหรือการให้บริการ",
                "สำนักปลัด",
                2,
                9,
                "",
            ),
            (
                "มีการรายงานผลการดำเนินงานป้องกันการทุจริตประจำปีที่มีโครงการ/กิจกรรมเสริมสร้าง"
                "ความโปร่งใสในการปฏิบัติงานหรือการให้บริการให้สาธารณชนทราบด้วย",
                "สำนักปลัด",
                2,
                9,
                "",
            ),
        ],
        "พนักงานตระหนักถึงภัยของการทุจริต และสามารถคิดแยกแยะประโยชน์ส่วนตัวและประโยชน์"
        "ส่วนรวมได้ เพื่อเสริมสร้างวัฒนธรรมองค์กรในการดำเนินงานตามหลักคุณธรรมและความโปร่งใส",
    ),
]

NAOK_2567 = [
    (
        "มาตรการป้องกันการใช้ทรัพย์สินของทางราชการและข้อปฏิบัติในการยืมทรัพย์สินของทางราชการไปใช้ในการปฏิบัติงาน",
        4,
        [
            (
                "ผู้รับผิดชอบดำเนินการจัดทำมาตรการป้องกันการใช้ทรัพย์สินของทางราชการและข้อปฏิบัติ"
                "ในการยืมทรัพย์สินของทางราชการไปใช้ในการปฏิบัติงาน",
                "สำนักปลัด",
                10,
                3,
                "",
            ),
            (
                "ผู้บริหารประกาศหลักเกณฑ์หรือมาตรการเพื่อให้เจ้าหน้าที่และบุคคลภายนอกรับทราบ",
                "สำนักปลัด",
                10,
                3,
                "",
            ),
            (
                "ผู้รับผิดชอบดำเนินการเผยแพร่มาตรการบนเว็บไซต์หลักของหน่วยงาน",
                "สำนักปลัด",
                10,
                3,
                "",
            ),
        ],
        "",
    ),
    (
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
        7,
        [
            (
                "ผู้รับผิดชอบจัดให้มีข้อมูลเผยแพร่ต่อสาธารณชนบนเว็บไซต์หลักของหน่วยงานตามแนวทาง"
                "ที่สำนักงาน ป.ป.ช. กำหนด โดยให้มีช่องทางที่หลากหลาย เช่น เว็บไซต์ Facebook",
                "สำนักปลัด",
                10,
                9,
                "",
            ),
        ],
        "",
    ),
    (
        "ประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริต มีคุณธรรม และโปร่งใส (no gift policy)",
        5,
        [
            (
                "ผู้บริหารประกาศเจตจำนงบริหารงานด้วยความซื่อสัตย์สุจริต มีคุณธรรมและโปร่งใส "
                "และประกาศนโยบายไม่รับไม่ให้ของขวัญ (no gift policy)",
                "สำนักปลัด",
                1,
                1,
                "",
            ),
        ],
        "",
    ),
]

# Seed 002's IIT/EIT lines; นาทอน's plan of seed 001 prints none, so it takes them too.
INDICATOR_LINES = [
    (
        1,
        "หน่วยงานต้องปฏิบัติงาน/ให้บริการแก่ผู้มาติดต่อด้วยความโปร่งใส เป็นไปตามขั้นตอน"
        "ระยะเวลาที่กำหนดอย่างเคร่งครัดและเป็นไปอย่างเท่าเทียมกัน",
        ALL,
    ),
    (
        2,
        "สร้างการรับรู้เกี่ยวกับการใช้จ่ายงบประมาณประจำปีให้บุคลากรในหน่วยงาน เช่น เผยแพร่ข้อมูลบนเว็บไซต์ของหน่วยงาน",
        "กองคลัง",
    ),
    (3, "มีการมอบหมายงานอย่างชัดเจน กำหนดเกณฑ์การประเมินผลงานอย่างชัดเจน", "สำนักปลัด"),
    (4, "สร้างแนวปฏิบัติเกี่ยวกับการใช้ทรัพย์สินของทางราชการ มีขั้นตอนการขออนุญาตการขอยืมที่ถูกต้อง", "กองคลัง"),
]


def _divisions(organisation: Organisation, spec: str) -> list[Division]:
    divisions = Division.objects.filter(organisation=organisation)
    return list(divisions) if spec == ALL else list(divisions.filter(name=spec))


def _build(plan: MeasurePlan, measures, indicators) -> None:
    for title, indicator, steps, _outcome in measures:
        measure = services.measure_create(plan=plan, title=title, indicator=indicators[indicator])
        for text, divisions, start, end, _output in steps:
            services.step_create(
                measure=measure,
                divisions=_divisions(plan.organisation, divisions),
                text=text,
                start_month=start,
                end_month=end,
                follow_up_6=True,
                follow_up_12=True,
            )


def _lines(plan: MeasurePlan, indicators) -> None:
    for number, approach, divisions in INDICATOR_LINES:
        line = IndicatorLine(
            organisation=plan.organisation,
            plan=plan,
            indicator=indicators[number],
            approach=approach,
        )
        services.indicator_line_save(line=line, divisions=_divisions(plan.organisation, divisions))


def _photo(caption: str) -> SimpleUploadedFile:
    """A stand-in for a photo of the activity: a plain picture drawn here."""
    image = Image.new("RGB", (800, 600), (228, 236, 246))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 760, 560), outline=(29, 58, 110), width=8)
    draw.text((70, 70), "ITA Portal demo photo", fill=(29, 58, 110))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return SimpleUploadedFile(f"{caption}.jpg", out.getvalue(), content_type="image/jpeg")


def _report_round(plan: MeasurePlan, measures, reporter: User, year: int, round_: int = 6) -> None:
    by_title = {m.title: m for m in plan.measures.prefetch_related("steps")}
    for title, _indicator, steps, outcome in measures:
        for step, (_text, _d, _s, _e, output) in zip(
            by_title[title].steps.all(), steps, strict=True
        ):
            if not output:
                continue
            services.progress_save(
                target=step,
                round_=round_,
                expected_version=0,
                user=reporter,
                status=ProgressStatus.DONE,
                output=output,
                outcome=outcome,
                suggestion="",
                remark="",
            )
    first_step = plan.measures.first().steps.first()
    entry = first_step.progress.get(round=round_)
    effective = dt.date(thai.ce_year(year), 3, 15)
    services.evidence_add_file(
        progress=entry,
        upload=_photo("ภาพประชุมทบทวนคู่มือการปฏิบัติงาน"),
        caption="ภาพการประชุมทบทวนคู่มือการปฏิบัติงาน",
        effective_date=effective,
        user=reporter,
    )
    services.evidence_add_link(
        progress=entry,
        url="https://www.facebook.com/",
        caption="ประกาศคู่มือการปฏิบัติงานบนหน้าเพจของหน่วยงาน",
        effective_date=effective,
        user=reporter,
    )
    ServiceTimeFigure.objects.get_or_create(
        organisation=plan.organisation,
        step=first_step,
        service="การขออนุญาตก่อสร้างอาคาร",
        defaults={
            "before": Decimal("15"),
            "after": Decimal("8"),
            "note": "รับคำขออนุญาตทุกวันทำการ หรือตามระเบียบกำหนด",
        },
    )


def load_demo_measures() -> None:
    """Create the demo plans once; an organisation that already has them is left alone.
    Precondition: scopes disabled and the organisations of organisations.demo loaded."""
    load_indicators(Indicator)
    indicators = {i.number: i for i in Indicator.objects.all()}
    nathon = Organisation.objects.get(slug="nathon")
    coordinator = User.objects.get(username="nathon_coordinator")
    seed_year = FiscalYear.objects.get(organisation=nathon, year=2568)
    if not MeasurePlan.objects.filter(fiscal_year=seed_year).exists():
        plan = services.plan_get_or_create(fiscal_year=seed_year)
        services.analysis_point_create(
            plan=plan,
            kind=AnalysisKind.URGENT,
            indicator=indicators[9],
            text="การเปิดเผยข้อมูลบนเว็บไซต์หลักของหน่วยงานยังไม่ครบถ้วนและไม่เป็นปัจจุบัน",
        )
        services.analysis_point_create(
            plan=plan,
            kind=AnalysisKind.IMPROVE,
            indicator=indicators[4],
            text="บุคลากรบางส่วนยังไม่ทราบขั้นตอนการขอยืมทรัพย์สินของทางราชการ",
        )
        _build(plan, NATHON_2568, indicators)
        _lines(plan, indicators)
        _report_round(plan, NATHON_2568, coordinator, 2568)

        current = FiscalYear.objects.get(
            organisation=nathon, year=thai.fiscal_year_of(timezone.localdate())
        )
        if current.year != seed_year.year:
            copied = services.plan_copy_forward(source=plan, target_year=current)
            step = copied.measures.first().steps.first()
            services.progress_save(
                target=step,
                round_=6,
                expected_version=0,
                user=User.objects.get(username="nathon_staff_palad"),
                status=ProgressStatus.IN_PROGRESS,
                output="เริ่มทบทวนคู่มือการปฏิบัติงานของสำนักปลัดแล้ว อยู่ระหว่างรวบรวมความเห็นจากผู้ปฏิบัติงาน",
                outcome="",
                suggestion="",
                remark="",
            )

    naok = Organisation.objects.get(slug="naok")
    naok_year, _ = FiscalYear.objects.get_or_create(organisation=naok, year=2567)
    if not MeasurePlan.objects.filter(fiscal_year=naok_year).exists():
        plan = services.plan_get_or_create(fiscal_year=naok_year)
        services.plan_results_save(plan=plan, previous_score=Decimal("98.27"), scores={})
        _build(plan, NAOK_2567, indicators)
        _lines(plan, indicators)


def load_reported_copy(organisation: Organisation, year: int, *, round_: int) -> FiscalYear:
    """Fiscal year ``year`` of นาทอน with the seed plan copied into it and reported for
    ``round_`` (the reports demo publishes a results report of an earlier year from it)."""
    fiscal_year, _ = FiscalYear.objects.get_or_create(organisation=organisation, year=year)
    seed = MeasurePlan.objects.get(fiscal_year__organisation=organisation, fiscal_year__year=2568)
    plan = services.plan_copy_forward(source=seed, target_year=fiscal_year)
    coordinator = User.objects.get(username="nathon_coordinator")
    _report_round(plan, NATHON_2568, coordinator, year, round_)
    return fiscal_year


DEMO_IMPORT_FILE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใส-อบต.นาทอน-๒๕๖๘.docx"
SEED_001_HEADERS = [
    "มาตรการ/ โครงการ/กิจกรรม ที่ดำเนินการเพื่อ ส่งเสริมคุณธรรม และความโปร่งใส ภายในหน่วยงาน",
    "ขั้นตอน/วิธีการปฏิบัติ",
    "ช่วงระยะเวลาในการ ดำเนินการ",
    "ผู้รับผิดชอบ",
    "ผลการดำเนินการ (output)",
    "ผลลัพธ์หรือ ผลสัมฤทธิ์ใน การดำเนินการ (outcome/ result)",
]


def _seed_001_docx() -> bytes:
    """นาทอน's FY2568 report as its Word file lays the table out (seed 001): one row per
    measure, its steps numbered ๑. ๒. … in one cell, the period, who (one line per step when
    they differ), the output of round 6 and the outcome."""
    document = Document()
    document.add_paragraph(
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
        "ตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
    )
    table = document.add_table(rows=1, cols=len(SEED_001_HEADERS))
    for cell, header in zip(table.rows[0].cells, SEED_001_HEADERS, strict=True):
        cell.text = header
    for number, (title, _indicator, steps, outcome) in enumerate(NATHON_2568, start=1):
        cells = table.add_row().cells
        cells[0].text = f"{thai.thai_digits(number)}. {title}"
        for index, (text, _divisions, _start, _end, _output) in enumerate(steps):
            paragraph = cells[1].paragraphs[0] if index == 0 else cells[1].add_paragraph()
            paragraph.text = f"{thai.thai_digits(index + 1)}. {text}"
        starts_ends = {(start, end) for _t, _d, start, end, _o in steps}
        cells[2].text = "\n".join(thai.period_text(2568, s, e, "dash") for s, e in starts_ends)
        who = [divisions for _t, divisions, _s, _e, _o in steps]
        cells[3].text = who[0] if len(set(who)) == 1 else "\n".join(who)
        cells[4].text = "\n".join(o for *_rest, o in steps if o)
        cells[5].text = outcome
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def load_demo_import() -> None:
    """นาทอน's FY2568 Word file read for FY2569 and waiting for review; made fresh each time
    (an import lives a day). Precondition: scopes disabled, the demo organisations loaded."""
    nathon = Organisation.objects.get(slug="nathon")
    year = FiscalYear.objects.filter(organisation=nathon, year=2569).first()
    if year is None:
        return
    data = _seed_001_docx()
    PlanImport.objects.update_or_create(
        organisation=nathon,
        file_name=DEMO_IMPORT_FILE,
        defaults={
            "fiscal_year": year,
            "created_by": User.objects.get(username="nathon_coordinator"),
            "created_at": timezone.now(),
            "file_format": "docx",
            "size": len(data),
            "status": ImportStatus.READY,
            "document": read_docx(data),
            "mapping": {},
        },
    )
