"""Generate N organisations with realistic plans, in bulk, for the scale benchmarks.

Each organisation (slug bench0001 …) gets four divisions, a coordinator and a staff member,
fiscal year 2570 on the demo's OIT framework (assessment year 2566), a measures plan of 10
measures with 3 steps each (responsible divisions, round-6 progress reported on every step),
4 IIT/EIT lines, and the 43 OIT items with their component ticks and one URL each. Rows are
written with bulk_create, a thousand organisations at a time; no history rows are written
(nobody edited anything).

Every bench organisation also gets its FY2570 measures plan published (what the public report
page /p/<slug>/2570/reports/plan/ shows): the snapshot is built once from bench0001's live data
by the real ``build_snapshot`` (each copy gets its own organisation and drafter), the chain is
นาทอน's plan chain with one approving decision per step, and the PDF is rendered once by the
real pipeline once, then stored as one file per organisation (the same pages with a comment
line naming the organisation after the end: its own name, SHA-256 and size), so that the public
PDF download that bench/load.py measures reads a different file for every organisation.

    python bench/seed.py --orgs 2000        # tops up to 2,000 bench organisations

Needs the demo loaded first (the OIT framework and the indicators): `manage.py load_demo`.
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import setup

DIVISIONS = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม"]
PROVINCES = ["สตูล", "สงขลา", "ตรัง", "พัทลุง", "นครศรีธรรมราช", "ขอนแก่น", "เชียงใหม่"]
MEASURES = [
    "มาตรการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม",
    "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
    "มาตรการป้องกันการรับสินบน",
    "มาตรการจัดการเรื่องร้องเรียนการทุจริต",
    "มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง",
    "มาตรการป้องกันผลประโยชน์ทับซ้อน",
    "มาตรการตรวจสอบการใช้ดุลพินิจ",
    "มาตรการการใช้ทรัพย์สินของราชการ",
    "มาตรการลดขั้นตอนและระยะเวลาการให้บริการ",
    "มาตรการส่งเสริมการมีส่วนร่วมของประชาชน",
]
STEP = (
    "จัดประชุมชี้แจงเจ้าหน้าที่ทุกส่วนราชการ เผยแพร่ประกาศบนเว็บไซต์ของหน่วยงาน "
    "และรายงานผลต่อผู้บริหารเป็นรายไตรมาส (ขั้นตอนที่ {n})"
)
OUTPUT = "ดำเนินการแล้ว มีผู้เข้าร่วม {n} คน จัดทำรายงานสรุปผลเสนอนายกองค์การบริหารส่วนตำบลแล้ว"
BATCH = 1000


def seed(total: int) -> int:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django_scopes import scopes_disabled

    from measures.enums import ProgressStatus
    from measures.models import (
        Indicator,
        IndicatorLine,
        Measure,
        MeasurePlan,
        MeasureStep,
        ProgressEntry,
    )
    from oit_checklist.models import ComponentTick, Framework, ItemStatus, ItemUrl, OitYear
    from organisations.enums import OrganisationKind, Role
    from organisations.models import Division, FiscalYear, Membership, Organisation, User

    with scopes_disabled():
        have = Organisation.objects.filter(slug__startswith="bench").count()
        if have >= total:
            publish_plans()
            return 0
        framework = Framework.objects.order_by("-year").first()  # the demo's (2566)
        items = list(framework.items.order_by("order").prefetch_related("components"))
        indicators = list(Indicator.objects.order_by("number"))
        password = make_password("ita-demo-2568")
        StepDivisions = MeasureStep.divisions.through
        LineDivisions = IndicatorLine.divisions.through
        created = 0
        for start in range(have + 1, total + 1, BATCH):
            numbers = range(start, min(start + BATCH, total + 1))
            with transaction.atomic():
                orgs = Organisation.objects.bulk_create(
                    Organisation(
                        name=f"องค์การบริหารส่วนตำบลทดสอบ{n}",
                        short_name=f"อบต.ทดสอบ{n}",
                        kind=OrganisationKind.SAO,
                        slug=f"bench{n:04d}",
                        district=f"อำเภอทดสอบ{n % 50}",
                        province=PROVINCES[n % len(PROVINCES)],
                        website=f"https://bench{n:04d}.go.th",
                    )
                    for n in numbers
                )
                divisions = Division.objects.bulk_create(
                    Division(organisation=org, name=name, order=i)
                    for org in orgs
                    for i, name in enumerate(DIVISIONS)
                )
                by_org = {
                    org.pk: divisions[i * len(DIVISIONS) : (i + 1) * len(DIVISIONS)]
                    for i, org in enumerate(orgs)
                }
                users = User.objects.bulk_create(
                    User(
                        username=f"{org.slug}_{role}",
                        password=password,
                        first_name=f"ผู้ใช้{role}",
                        last_name=org.slug,
                    )
                    for org in orgs
                    for role in ("coordinator", "staff")
                )
                memberships = Membership.objects.bulk_create(
                    Membership(organisation=org, user=users[2 * i + k], role=role)
                    for i, org in enumerate(orgs)
                    for k, role in enumerate((Role.COORDINATOR, Role.STAFF))
                )
                Membership.divisions.through.objects.bulk_create(
                    Membership.divisions.through(
                        membership_id=m.pk, division_id=by_org[m.organisation_id][1].pk
                    )
                    for m in memberships
                    if m.role == Role.STAFF
                )
                years = FiscalYear.objects.bulk_create(
                    FiscalYear(organisation=org, year=2570, framework=framework) for org in orgs
                )
                plans = MeasurePlan.objects.bulk_create(
                    MeasurePlan(organisation=org, fiscal_year=fy, introduction="ความนำ")
                    for org, fy in zip(orgs, years, strict=True)
                )
                measures = Measure.objects.bulk_create(
                    Measure(
                        organisation_id=plan.organisation_id,
                        plan=plan,
                        order=i,
                        title=title,
                        indicator=indicators[i % len(indicators)],
                    )
                    for plan in plans
                    for i, title in enumerate(MEASURES)
                )
                steps = MeasureStep.objects.bulk_create(
                    MeasureStep(
                        organisation_id=m.organisation_id,
                        measure=m,
                        order=k,
                        text=STEP.format(n=k + 1),
                    )
                    for m in measures
                    for k in range(3)
                )
                StepDivisions.objects.bulk_create(
                    StepDivisions(
                        measurestep_id=s.pk,
                        division_id=by_org[s.organisation_id][(s.order + s.measure.order) % 4].pk,
                    )
                    for s in steps
                )
                coordinator_of = {m.organisation_id: m.user_id for m in memberships[::2]}
                ProgressEntry.objects.bulk_create(
                    ProgressEntry(
                        organisation_id=s.organisation_id,
                        step=s,
                        round=6,
                        status=ProgressStatus.DONE if s.order < 2 else ProgressStatus.IN_PROGRESS,
                        output=OUTPUT.format(n=20 + s.order),
                        outcome="เจ้าหน้าที่เข้าใจแนวทางปฏิบัติ",
                        version=1,
                        updated_by_id=coordinator_of[s.organisation_id],
                    )
                    for s in steps
                )
                lines = IndicatorLine.objects.bulk_create(
                    IndicatorLine(
                        organisation_id=plan.organisation_id,
                        plan=plan,
                        indicator=indicators[k],
                        approach="ประชาสัมพันธ์ให้ผู้รับบริการรู้ช่องทางการแจ้งเรื่องร้องเรียน",
                    )
                    for plan in plans
                    for k in range(4)
                )
                LineDivisions.objects.bulk_create(
                    LineDivisions(
                        indicatorline_id=line.pk, division_id=by_org[line.organisation_id][0].pk
                    )
                    for line in lines
                )
                OitYear.objects.bulk_create(
                    OitYear(
                        organisation=org,
                        fiscal_year=fy,
                        window_start=dt.date(2027, 4, 1),
                        window_end=dt.date(2027, 5, 31),
                        internal_deadline=dt.date(2027, 4, 15),
                    )
                    for org, fy in zip(orgs, years, strict=True)
                )
                statuses = ItemStatus.objects.bulk_create(
                    ItemStatus(
                        organisation=org,
                        fiscal_year=fy,
                        item=item,
                        division=by_org[org.pk][i % 4],
                        state="done" if i % 3 else "not_started",
                    )
                    for org, fy in zip(orgs, years, strict=True)
                    for i, item in enumerate(items)
                )
                ComponentTick.objects.bulk_create(
                    ComponentTick(
                        organisation_id=st.organisation_id,
                        item_status=st,
                        component=c,
                        present=bool(st.state == "done" or c.order % 2),
                    )
                    for st in statuses
                    for c in st.item.components.all()
                )
                ItemUrl.objects.bulk_create(
                    ItemUrl(
                        organisation_id=st.organisation_id,
                        item_status=st,
                        url=f"https://{st.organisation.slug}.go.th/oit/{st.item.number}",
                    )
                    for st in statuses
                )
            created += len(numbers)
        publish_plans()
        return created


def publish_plans() -> int:
    """A published FY2570 plan report for every bench organisation that has none (see the
    module's docstring); returns how many were added."""
    import copy
    import hashlib

    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.utils import timezone
    from django_scopes import scope, scopes_disabled

    from organisations.models import FiscalYear, Organisation, User
    from reports.documents import kinds as documents
    from reports.documents.pdf import render_report_pdf
    from reports.documents.snapshot import build_snapshot, chain_data
    from reports.enums import DecisionValue, ReportKind, ReportStatus
    from reports.models import ApprovalChain, Decision, Report

    kind = ReportKind.PLAN
    with scopes_disabled():
        published = Report.objects.filter(
            organisation__slug__startswith="bench", kind=kind, status=ReportStatus.PUBLISHED
        ).values_list("organisation_id", flat=True)
        missing = list(
            Organisation.objects.filter(slug__startswith="bench")
            .exclude(pk__in=published)
            .order_by("slug")
        )
        if not missing:
            return 0
        stored_chain = ApprovalChain.objects.filter(organisation__slug="nathon", kind=kind).first()
        if stored_chain is None:
            raise SystemExit("the demo has no plan chain for นาทอน: run manage.py load_demo first")
        chain = chain_data(stored_chain)
        years = {
            fy.organisation_id: fy
            for fy in FiscalYear.objects.filter(organisation__in=missing, year=2570).select_related(
                "organisation"
            )
        }
        coordinators = {
            user.username: user
            for user in User.objects.filter(
                username__in=[f"{org.slug}_coordinator" for org in missing]
            )
        }
        model = Organisation.objects.get(slug="bench0001")
    with scope(organisation=model):
        template = build_snapshot(
            documents.transient_report(
                organisation=model,
                fiscal_year=FiscalYear.objects.get(year=2570),
                kind=kind,
                round_=None,
                drafter=User.objects.get(username="bench0001_coordinator"),
            )
        )
    now = timezone.now()
    title = documents.default_title(kind, 2570, None)

    def snapshot_of(org, drafter) -> dict:
        snapshot = copy.deepcopy(template)
        snapshot["organisation"].update(
            name=org.name,
            short_name=org.short_name,
            slug=org.slug,
            district=org.district,
            province=org.province,
            website=org.website,
        )
        snapshot["memo"]["drafter"]["name"] = drafter.full_name
        return snapshot

    with transaction.atomic(), scopes_disabled():
        reports = Report.objects.bulk_create(
            Report(
                organisation=org,
                fiscal_year=years[org.pk],
                kind=kind,
                version=1,
                title=title,
                status=ReportStatus.PUBLISHED,
                drafter=coordinators[f"{org.slug}_coordinator"],
                review_round=1,
                snapshot=snapshot_of(org, coordinators[f"{org.slug}_coordinator"]),
                chain=chain,
                submitted_at=now,
                approved_at=now,
                published_at=now,
            )
            for org in missing
        )
        Decision.objects.bulk_create(
            Decision(
                organisation_id=report.organisation_id,
                report=report,
                review_round=1,
                step=step,
                decided_by_id=report.drafter_id,
                value=DecisionValue.APPROVE,
                comment="เห็นชอบ" if block["form"] == "text" else "",
                decided_at=now,
            )
            for report in reports
            for step, block in enumerate(chain)
        )
        first = reports[0]
        with scope(organisation=first.organisation):
            pdf = render_report_pdf(first)
        for report, org in zip(reports, missing, strict=True):
            content = own_copy(pdf, org.slug)
            digest = hashlib.sha256(content).hexdigest()
            # the name publish_report gives (reports/services.py), under upload_to
            report.pdf.save(
                f"{org.slug}-2570-{kind}-v1-{digest[:12]}.pdf", ContentFile(content), save=False
            )
            report.pdf_sha256 = digest
            report.pdf_size = len(content)
        Report.objects.bulk_update(reports, ["pdf", "pdf_sha256", "pdf_size"], batch_size=BATCH)
    return len(reports)


def own_copy(pdf: bytes, slug: str) -> bytes:
    """The rendered PDF as this organisation's own file: a PDF comment line after the final
    %%EOF (readers find the last %%EOF within the file's last 1,024 bytes) makes its bytes,
    SHA-256 (the download's ETag) and size its own."""
    return pdf + f"% ITA Portal bench copy for {slug}\n".encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=2000)
    args = parser.parse_args()
    setup()
    from django.db import connection

    start = time.perf_counter()
    created = seed(args.orgs)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(n_live_tup) FROM pg_stat_user_tables"
            if connection.vendor == "postgresql"
            else "SELECT 0"
        )
        rows = cursor.fetchone()[0]
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    rate = created / seconds if seconds and created else 0
    print(
        f"seed: {created} organisations added (now {args.orgs}) in {seconds:.1f} s "
        f"({rate:.0f} organisations/s); about {rows} rows in the database",
        flush=True,
    )


if __name__ == "__main__":
    main()
