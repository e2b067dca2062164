import pytest
from django_scopes import ScopeError, scope, scopes_disabled

from ita_portal.demo import load_all_demo
from organisations.models import Division, FiscalYear, Membership, Position, User

pytestmark = pytest.mark.django_db


def _counts():
    with scopes_disabled():
        return [m.objects.count() for m in (User, Division, Position, Membership, FiscalYear)]


def test_load_demo_is_idempotent(demo):
    before = _counts()
    load_all_demo()
    assert _counts() == before


def test_demo_has_the_approvers_of_the_seed_memo(nathon, approvers):
    with scope(organisation=nathon):
        chain = [
            (user.full_name, Membership.objects.get(user=user).position.title) for user in approvers
        ]
    assert chain == [
        ("นางซาริต้า เต็นหลี่", "หัวหน้าสำนักปลัด"),
        ("นางสาวสรวิทย์ ตาเดอีน", "รองปลัดองค์การบริหารส่วนตำบลนาทอน"),
        ("นายสุริยนต์ อยู่ล้าย", "ปลัดองค์การบริหารส่วนตำบลนาทอน"),
        ("นายเอกชัย หลงขาว", "นายกองค์การบริหารส่วนตำบลนาทอน"),
    ]


def test_rank_titles_take_a_space(coordinator):
    assert coordinator.full_name == "ว่าที่ร้อยตรีหญิง นิตยา สันหลี่"


def test_unscoped_query_of_tenant_data_raises(demo):
    with pytest.raises(ScopeError):
        list(Division.objects.all())


def test_scope_shows_one_organisation_only(nathon, naok):
    with scope(organisation=naok):
        names = set(Division.objects.values_list("organisation__slug", flat=True))
    assert names == {"naok"}


def test_fiscal_year_dates_follow_from_the_number(nathon):
    with scope(organisation=nathon):
        year = FiscalYear.objects.get(year=2568)
    assert (year.start.isoformat(), year.end.isoformat()) == ("2024-10-01", "2025-09-30")
    assert str(year) == "ปีงบประมาณ พ.ศ. ๒๕๖๘"
