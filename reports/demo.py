"""Demo reports of อบต.นาทอน: the approval chains, the FY2567 results report published with all
four approvals, the FY2568 results report in review (approved by หัวหน้าสำนักปลัด, waiting for
รองปลัด), so a new user sees every state. Precondition: scopes disabled, organisations and
measures demo loaded."""

from __future__ import annotations

from django_scopes import scope

from measures.demo import load_reported_copy
from organisations.models import FiscalYear, Membership, Organisation, Position, User

from . import services
from .enums import DecisionForm, DecisionValue, ReportKind
from .models import ApprovalChain, ChainStep, Report

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
            report = services.create_report(
                membership=coordinator, fiscal_year=year, kind=ReportKind.RESULTS, round_=12
            )
            services.submit_report(report, membership=coordinator)
            for signer in signers:
                services.decide(report, user=signer, value=DecisionValue.APPROVE)
            if render_pdfs:
                services.publish(Report.objects.get(pk=report.pk), user=coordinator.user)
        if not Report.objects.filter(fiscal_year__year=2568).exists():
            year = FiscalYear.objects.get(year=2568)
            report = services.create_report(
                membership=coordinator, fiscal_year=year, kind=ReportKind.RESULTS, round_=6
            )
            services.submit_report(report, membership=coordinator)
            services.decide(report, user=signers[0], value=DecisionValue.APPROVE)


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
