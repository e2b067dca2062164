"""What a person types: bidi controls removed, text with nothing visible treated as empty, a
maximum length on every text field (model and form), dates within a plausible range. The probe
walks every model and every form class of the portal, so a new field is covered unedited."""

import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from django_scopes import scope

from measures.models import Measure
from organisations.models import FiscalYear

# The project's own apps (every app whose package lives in the checkout), so a new app is
# covered unedited.
ROOT = Path(settings.BASE_DIR).resolve()
APPS = [
    config.name
    for config in apps.get_app_configs()
    if Path(config.path).resolve().is_relative_to(ROOT) and ".venv" not in Path(config.path).parts
]


def _our_classes(base: type, *, made_here: bool = True):
    """Every class derived from ``base`` in a module of the project's apps: defined there, or
    (``made_here=False``) only named there (a formset made by ``formset_factory`` belongs to
    Django's module)."""
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if any(
                part in info.name for part in (".migrations", ".management", ".settings", "wsgi")
            ):
                continue
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, base)
                    and (value.__module__ == module.__name__ or not made_here)
                ):
                    yield value


def _our_form_classes():
    yield from _our_classes(forms.BaseForm)


# Given their limit when the form is made (Django's login form takes the User model's).
SET_WHEN_MADE = {("LoginForm", "username")}


def _typed_fields(form):
    """The form's own fields; a ModelForm's fields made from model fields are checked on the
    model (its validators run in the form's model validation, with the field's message)."""
    declared = getattr(form, "declared_fields", {})
    for name, field in form.base_fields.items():
        if issubclass(form, forms.ModelForm) and name not in declared:
            continue
        yield name, field


def test_every_typed_text_field_has_a_maximum_length():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for config in apps.get_app_configs()
        if config.name in APPS
        for model in config.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField | models.CharField) and not field.max_length
    ]
    for form in _our_form_classes():
        for name, field in _typed_fields(form):
            text = isinstance(field, forms.CharField)
            password = isinstance(field.widget, forms.PasswordInput)
            exempt = (form.__name__, name) in SET_WHEN_MADE
            if text and not password and field.max_length is None and not exempt:
                unlimited.append(f"{form.__module__}.{form.__name__}.{name}")
    assert not unlimited, "\n".join(unlimited)


def test_every_model_date_field_has_a_plausible_range():
    from ita_portal.text import plausible_date

    unchecked = [
        f"{model._meta.label}.{field.name}"
        for config in apps.get_app_configs()
        if config.name in APPS
        for model in config.get_models()
        for field in model._meta.concrete_fields
        if type(field) is models.DateField
        and field.editable
        and plausible_date not in field.validators
    ]
    assert not unchecked, "\n".join(unchecked)


def _our_formset_forms():
    """The form classes of the formsets made at import time (``inlineformset_factory``)."""
    for formset in _our_classes(forms.BaseFormSet, made_here=False):
        if getattr(formset, "form", None) is not None:  # Django's base classes have none
            yield formset.form


def test_every_date_a_person_types_is_the_buddhist_era_field():
    """Every date field of every form, its own or made from the model's, is the พ.ศ. one."""
    from ita_portal.dates import BuddhistDateField, BuddhistDateInput

    walked = [*_our_form_classes(), *_our_formset_forms()]
    dates = forms.DateField | forms.DateTimeField | forms.SplitDateTimeField
    gregorian = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in walked
        for name, field in form.base_fields.items()
        if isinstance(field, dates)
        and not (isinstance(field, BuddhistDateField) and type(field.widget) is BuddhistDateInput)
    ]
    dated = {
        (form.__name__, name)
        for form in walked
        for name, field in form.base_fields.items()
        if isinstance(field, BuddhistDateField)
    }
    assert not gregorian, "\n".join(gregorian)
    # The walk sees the forms it must: the evidence date, the OIT deadlines, the meeting's dates.
    assert {
        ("ProgressForm", "effective_date"),
        ("OitYearForm", "internal_deadline"),
        ("MeetingForm", "date"),
        ("DeficiencyForm", "deadline"),
    } <= dated


MEASURE_ADD = "/o/nathon/plan/2570/measures/add/"


@pytest.mark.parametrize(
    "title",
    [
        "\u0e48\u0e49\u0e4a",  # tone marks only: nothing to read
        "\u200b\u200b\u200b",  # zero-width spaces only
        "\u202e\u200f \u2066",  # bidi controls and a space
    ],
)
def test_a_required_field_with_nothing_visible_is_refused_in_thai(client_of, coordinator, title):
    response = client_of(coordinator).post(MEASURE_ADD, {"title": title})
    assert response.status_code == 200
    assert "กรุณากรอกชื่อมาตรการ" in response.content.decode()


def test_bidi_controls_are_removed_from_what_is_saved(client_of, coordinator, nathon):
    response = client_of(coordinator).post(
        MEASURE_ADD, {"title": "\u202eมาตรการ\u202c ป้องกันการรับ\u2067สินบน\u2069"}
    )
    assert response.status_code == 302
    with scope(organisation=nathon):
        assert Measure.objects.filter(title="มาตรการ ป้องกันการรับสินบน").exists()


def test_a_megabyte_of_text_is_refused_in_thai(client_of, coordinator, nathon):
    with scope(organisation=nathon):
        measure = Measure.objects.filter(plan__fiscal_year__year=2570).first()
    response = client_of(coordinator).post(
        f"/o/nathon/measures/{measure.pk}/steps/add/",
        {"text": "ก" * 1_000_000, "follow_up_12": "on", "start_month": "10", "end_month": "9"},
    )
    assert response.status_code == 200
    assert "กรอกได้ไม่เกิน 4000 ตัวอักษร" in response.content.decode()


@pytest.mark.parametrize("day", ["01/01/2400", "31/12/9999", "01/01/2573", "30/09/2569"])
def test_evidence_dates_outside_the_fiscal_year_are_refused(client_of, staff_palad, nathon, day):
    from measures.models import MeasureStep

    with scope(organisation=nathon):
        year = FiscalYear.objects.get(year=2570)
        step = MeasureStep.objects.filter(
            measure__plan__fiscal_year=year, divisions__name="สำนักปลัด"
        ).first()
    response = client_of(staff_palad).post(
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
    assert response.status_code == 200
    page = response.content.decode()
    assert "วันที่ต้องอยู่ในปีงบประมาณ พ.ศ. ๒๕๗๐ (๑ ตุลาคม ๒๕๖๙ ถึง ๓๐ กันยายน ๒๕๗๐)" in page
    assert f'value="{day}"' in page  # what was typed, to correct
