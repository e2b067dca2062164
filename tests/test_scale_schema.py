"""Row-level tenancy at scale (issue #9): every tenant row carries a NOT NULL ``organisation``
foreign key, and every tenant table has a composite index (or unique constraint) whose first
column is ``organisation_id``, read from PostgreSQL itself, so that one organisation's rows are
found without reading the other organisations' rows.

Tenant models are discovered, not listed: every installed model with a ForeignKey named
``organisation`` to organisations.Organisation. The history tables of django-simple-history are
covered separately (see HISTORY below)."""

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection

from organisations.models import Organisation

pytestmark = pytest.mark.django_db

# Tenant models without an index that starts with the organisation, each for a reason. Each is
# one-to-one with a parent row (the named field is a OneToOneField, so PostgreSQL has a unique
# index on it) and is only ever read through that parent: the scoped query
# "organisation_id = X AND <parent>_id = Y" finds its one row by the unique index, and nothing
# lists these rows by organisation. The last test checks that each reason still holds.
ALLOW_WITHOUT_ORGANISATION_INDEX: dict[str, str] = {
    # oit_checklist/selectors.py and services.py: OitYear by fiscal_year only
    "oit_checklist.OitYear": "fiscal_year",
}


def organisation_fk(model):
    try:
        field = model._meta.get_field("organisation")
    except FieldDoesNotExist:
        return None
    if field.many_to_one and field.related_model is Organisation:
        return field
    return None


def is_history(model) -> bool:
    """A history model of django-simple-history (its rows copy the tracked row's fields)."""
    return hasattr(model, "instance_type") and "history_id" in {
        f.name for f in model._meta.concrete_fields
    }


def tenant_models() -> list:
    return [
        model
        for model in apps.get_models()
        if organisation_fk(model) is not None
        and not is_history(model)
        and model._meta.managed
        and not model._meta.proxy
    ]


def history_models() -> list:
    return [
        model
        for model in apps.get_models()
        if organisation_fk(model) is not None and is_history(model)
    ]


def table_indexes(table: str) -> list[list[str]]:
    """The column lists of the table's indexes and unique constraints in PostgreSQL (primary
    key and check constraints left out)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [
        list(info["columns"])
        for info in constraints.values()
        if (info["index"] or info["unique"]) and not info["primary_key"] and info["columns"]
    ]


def test_there_are_tenant_models_to_check():
    labels = {model._meta.label for model in tenant_models()}
    # A few we know, so that a broken discovery cannot pass the tests below with nothing
    assert {
        "organisations.Membership",
        "measures.ProgressEntry",
        "oit_checklist.OitReview",
        "reports.Report",
    } <= labels
    assert len(labels) >= 25


def test_every_tenant_model_has_a_not_null_organisation():
    nullable = [model._meta.label for model in tenant_models() if organisation_fk(model).null]
    assert nullable == []
    # and the database agrees with the models
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.columns "
            "WHERE column_name = 'organisation_id' AND is_nullable = 'YES' "
            "AND table_schema = current_schema()"
        )
        nullable_tables = {row[0] for row in cursor.fetchall()}
    tenant_tables = {model._meta.db_table for model in tenant_models()}
    assert nullable_tables & tenant_tables == set()


def test_every_tenant_table_has_an_index_that_starts_with_the_organisation():
    missing = []
    for model in tenant_models():
        if model._meta.label in ALLOW_WITHOUT_ORGANISATION_INDEX:
            continue
        column = organisation_fk(model).column
        composite = [
            columns
            for columns in table_indexes(model._meta.db_table)
            if len(columns) > 1 and columns[0] == column
        ]
        if not composite:
            missing.append(model._meta.label)
    assert missing == []


def test_the_allow_list_holds():
    """Every entry is a tenant model without the index (an entry no longer needed goes), and its
    reason holds: the named field is one-to-one with a unique index in the database."""
    labels = {model._meta.label: model for model in tenant_models()}
    for label, parent in ALLOW_WITHOUT_ORGANISATION_INDEX.items():
        model = labels[label]
        column = organisation_fk(model).column
        indexes = table_indexes(model._meta.db_table)
        assert not any(len(columns) > 1 and columns[0] == column for columns in indexes), label
        field = model._meta.get_field(parent)
        assert field.one_to_one, label
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
        assert any(
            info["unique"] and info["columns"] == [field.column] for info in constraints.values()
        ), label


def test_history_rows_carry_their_organisation(demo):
    """The history tables of django-simple-history copy the ``organisation`` column (nullable
    there by simple-history's design: a history row outlives its object), and every history
    row of the demo has it filled. History is read per object (``history.filter(id=…)``,
    ``item_status_id=…``), by the indexes simple-history makes, not per organisation."""
    models = history_models()
    assert len(models) >= 10
    with connection.cursor() as cursor:
        for model in models:
            column = organisation_fk(model).column
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT count(*), count({column}) FROM {table}")  # noqa: S608
            rows, filled = cursor.fetchone()
            assert rows == filled, model._meta.label
