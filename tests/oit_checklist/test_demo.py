"""The demo checklist loads once and keeps what people changed."""

import pytest
from django_scopes import scope, scopes_disabled

from oit_checklist.demo import load_oit_demo
from oit_checklist.models import ComponentTick, Evidence, ItemStatus, ItemUrl, OitItem

pytestmark = pytest.mark.django_db


def _counts():
    with scopes_disabled():
        return [m.objects.count() for m in (OitItem, ItemStatus, ComponentTick, ItemUrl, Evidence)]


def test_load_oit_demo_is_idempotent_and_keeps_changes(nathon, status_of):
    before = _counts()
    e_service = status_of("E-Service")
    with scope(organisation=nathon):
        ItemStatus.objects.filter(pk=e_service.pk).update(progress="แก้ไขโดยเจ้าหน้าที่")
    load_oit_demo()
    assert _counts() == before
    assert status_of("E-Service").progress == "แก้ไขโดยเจ้าหน้าที่"


def test_both_organisations_have_a_checklist(nathon, naok):
    with scopes_disabled():
        assert ItemStatus.objects.filter(organisation=nathon).count() == 43
        assert ItemStatus.objects.filter(organisation=naok).count() == 43
        assert not ItemUrl.objects.filter(organisation=naok).exists()
