"""Dates a person types are พ.ศ.: read with Thai or Arabic digits, shown back as พ.ศ., and
refused in Thai, naming the range, when implausible or outside their fiscal year."""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from ita_portal.dates import BuddhistDateField, parse_be_date
from measures.models import MeasureStep, ProgressEvidence
from organisations.models import FiscalYear


@pytest.mark.parametrize(
    "typed",
    [
        "20/2/2570",
        "๒๐/๐๒/๒๕๗๐",
        "20-02-2570",
        "20.2.70",
        " 20 / 02 / 2570 ",
        "20 กุมภาพันธ์ 2570",
        "๒๐ ก.พ. ๗๐",
        "20 กพ 2570",
        "20/02/พ.ศ. 2570",
        "2570-02-20",
    ],
)
def test_a_buddhist_era_date_is_read_in_every_way_it_is_written(typed):
    assert parse_be_date(typed) == dt.date(2027, 2, 20)


def test_a_christian_era_year_is_refused_with_the_year_it_probably_means():
    with pytest.raises(ValidationError) as refused:
        parse_be_date("20/02/2027")
    assert refused.value.messages == [
        "ปี 2027 เป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช (พ.ศ.) เช่น 2570"
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("30/02/2570", "เดือนกุมภาพันธ์ พ.ศ. 2570 ไม่มีวันที่ 30 กรุณาตรวจสอบวันที่"),
        ("20/13/2570", "กรุณากรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 20/02/2570"),
        ("พรุ่งนี้", "กรุณากรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 20/02/2570"),
    ],
)
def test_what_is_not_a_date_is_refused_in_thai(typed, message):
    with pytest.raises(ValidationError) as refused:
        parse_be_date(typed)
    assert refused.value.messages == [message]


class _Form(forms.Form):
    day = BuddhistDateField(label="วันที่")


def test_a_date_before_2500_or_more_than_a_year_ahead_is_implausible():
    today = timezone.localdate()
    far = today.replace(year=today.year + 2)
    for typed in ("31/12/2499", f"{far.day}/{far.month}/{far.year + 543}"):
        form = _Form({"day": typed})
        assert not form.is_valid()
        (message,) = form.errors["day"]
        assert "อยู่นอกช่วงที่เป็นไปได้ กรุณากรอกวันที่ระหว่าง ๑ มกราคม ๒๕๐๐ ถึง" in message
    assert _Form({"day": f"{today.day}/{today.month}/{today.year + 543}"}).is_valid()


def test_a_date_of_a_fiscal_year_names_that_year_when_refused():
    form = _Form({"day": "30/09/2569"})
    form.fields["day"].fiscal_year = 2570
    assert not form.is_valid()
    assert form.errors["day"] == ["วันที่ต้องอยู่ในปีงบประมาณ พ.ศ. ๒๕๗๐ (๑ ตุลาคม ๒๕๖๙ ถึง ๓๐ กันยายน ๒๕๗๐)"]
    form = _Form({"day": "1/10/2569"})
    form.fields["day"].fiscal_year = 2570
    assert form.is_valid()
    assert form.cleaned_data["day"] == dt.date(2026, 10, 1)


def test_the_box_says_how_to_type_and_shows_a_date_back_in_buddhist_era():
    html = str(_Form(initial={"day": dt.date(2027, 2, 20)})["day"])
    assert 'type="text"' in html
    assert 'placeholder="วว/ดด/ปปปป (พ.ศ.)"' in html
    assert 'value="20/02/2570"' in html
    assert "วัน/เดือน/ปี พ.ศ. เช่น 20/02/2570" in str(_Form()["day"].help_text)


def _step(nathon):
    with scope(organisation=nathon):
        year = FiscalYear.objects.get(year=2570)
        return MeasureStep.objects.filter(
            measure__plan__fiscal_year=year, divisions__name="สำนักปลัด"
        ).first()


def _evidence_post(client, step, day):
    return client.post(
        f"/o/nathon/progress/steps/{step.pk}/?round=12",
        {
            "version": "0",
            "status": "done",
            "output": "ประชุมชี้แจงแล้ว",
            "evidence_url": "https://www.nathon.go.th/news/1",
            "link_caption": "ข่าวการประชุม",
            "effective_date": day,
        },
    )


def test_an_evidence_date_typed_as_2570_lands_in_2027_and_reads_2570(
    client_of, staff_palad, nathon
):
    step = _step(nathon)
    client = client_of(staff_palad)
    response = _evidence_post(client, step, "๒๐/๒/๒๕๗๐")
    assert response.status_code == 302
    with scope(organisation=nathon):
        evidence = ProgressEvidence.objects.get(caption="ข่าวการประชุม")
    assert evidence.effective_date == dt.date(2027, 2, 20)
    page = client.get(response["Location"]).content.decode()
    assert "วันที่ดำเนินการ ๒๐ กุมภาพันธ์ ๒๕๗๐" in page


def test_an_evidence_date_typed_in_christian_era_is_refused_and_kept(
    client_of, staff_palad, nathon
):
    response = _evidence_post(client_of(staff_palad), _step(nathon), "20/02/2027")
    page = response.content.decode()
    assert response.status_code == 200
    assert "ปี 2027 เป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช (พ.ศ.) เช่น 2570" in page
    assert 'value="20/02/2027"' in page
    with scope(organisation=nathon):
        assert not ProgressEvidence.objects.filter(caption="ข่าวการประชุม").exists()
