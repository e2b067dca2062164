"""No row points into another organisation (issue #21): the database refuses it.

The keys are found in the app registry, not listed (ita_portal.tenant_integrity): every
ForeignKey/OneToOneField from one tenant model to another, and every many-to-many between two.
The history tables of django-simple-history are left out on purpose: their keys have
``db_constraint=False`` (a history row outlives what it points at), and only simple-history
writes them, copying a row the guard has already checked.

For each key the test takes a row of one organisation and points it at a row of the other
through the ORM, through raw SQL and through the admin's form, and expects a refusal every time.
The first test reads PostgreSQL's catalogue for each key's composite foreign key, and the one
after it proves that reading notices a key whose constraint is gone."""

import datetime as dt
import itertools

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.utils import timezone

from ita_portal.tenant_integrity import (
    M2M_FUNCTION,
    SameOrganisation,
    is_tenant_model,
    m2m_trigger_name,
    tenant_foreign_keys,
    tenant_many_to_many,
)
from organisations.models import Division, Membership, Organisation, Position, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _across_organisations(unscoped):
    """The test reads and writes the rows of two organisations at once."""


FOREIGN_KEYS = tenant_foreign_keys()
MANY_TO_MANY = tenant_many_to_many()


def key_name(model, field) -> str:
    return f"{model._meta.label}.{field.name}"


def test_the_walk_finds_the_keys_of_the_issue():
    found = {key_name(model, field) for model, field in FOREIGN_KEYS}
    assert {
        "organisations.Membership.position",
        "organisations.Position.division",
        "oit_checklist.ItemStatus.division",
        "oit_checklist.Evidence.item_status",
        "reports.ChainStep.position",
        "reports.Decision.report",
        "reports.Report.fiscal_year",
        "reminders.Escalation.report",
    } <= found
    assert len(found) == len(FOREIGN_KEYS) >= 30
    assert not [key for key in found if ".Historical" in key]
    assert sorted(key_name(model, field) for model, field in MANY_TO_MANY) == [
        "measures.IndicatorLine.divisions",
        "measures.MeasureStep.divisions",
        "organisations.Membership.divisions",
    ]


def guarded_keys() -> set[tuple[str, str, str, str]]:
    """(table, column, referenced table, constraint) of every validated foreign key
    ``(organisation_id, column) → referenced (organisation_id, id)`` in PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, c.conname,
                   array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n
                         ORDER BY k.i),
                   array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                         JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n
                         ORDER BY k.i)
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.convalidated
            """
        )
        rows = cursor.fetchall()
    return {
        (table, columns[1], referenced, name)
        for table, referenced, name, columns, referenced_columns in rows
        if len(columns) == 2
        and columns[0] == "organisation_id"
        and referenced_columns == ["organisation_id", "id"]
    }


def unguarded() -> list[str]:
    """The tenant keys of the registry that PostgreSQL does not hold to one organisation."""
    keys = {(table, column, referenced) for table, column, referenced, _ in guarded_keys()}
    missing = [
        key_name(model, field)
        for model, field in FOREIGN_KEYS
        if (model._meta.db_table, field.column, field.related_model._meta.db_table) not in keys
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal "
            "AND tgfoid = %s::regproc",
            [M2M_FUNCTION],
        )
        triggered = {table for (table,) in cursor.fetchall()}
    missing += [
        key_name(model, field)
        for model, field in MANY_TO_MANY
        if field.remote_field.through._meta.db_table not in triggered
    ]
    return missing


def test_every_tenant_key_is_held_to_one_organisation_by_postgresql():
    assert unguarded() == []


def test_a_key_without_its_constraint_is_noticed():
    """As if a new key came without its constraint: dropped in the test database (rolled back),
    the walk names it, and the cross-organisation write it guarded goes through."""
    position = Position._base_manager.filter(division__isnull=False).first()
    elsewhere = Division._base_manager.exclude(organisation=position.organisation_id).first()
    with pytest.raises(RolledBack), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE organisations_position "
                "DROP CONSTRAINT position_division_same_organisation"
            )
            cursor.execute(
                "DROP TRIGGER " + m2m_trigger_name("measures_measurestep_divisions") + " ON "
                "measures_measurestep_divisions"
            )
        assert unguarded() == [
            "organisations.Position.division",
            "measures.MeasureStep.divisions",
        ]
        raw_update(Position, Position._meta.get_field("division"), position.pk, elsewhere.pk)
        check_now()  # no error: nothing guards it any more
        raise RolledBack
    assert unguarded() == []


class RolledBack(Exception):
    pass


def check_now() -> None:
    """The keys are checked at commit (DEFERRABLE INITIALLY DEFERRED, like Django's own): check
    them now, inside the test's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def raw_update(model, field, pk, value) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{model._meta.db_table}" SET "{field.column}" = %s WHERE id = %s',  # noqa: S608 (our own names)
            [value, pk],
        )


NUMBERS = itertools.count(2601)


# Optional keys that a built row needs all the same, for a check constraint of its model.
BUILT_WITH = {"measures.ProgressEntry": ("step", "indicator_line")}  # one of the two


def one_of(model, organisation, *, fresh: bool = False):
    """A row of ``model`` in ``organisation``: the first there, or (none there, or ``fresh``)
    one built."""
    row = None if fresh else model._base_manager.filter(organisation=organisation).first()
    return row or build(model, organisation)


def build(model, organisation, **fixed):
    """A row of ``model`` in ``organisation`` for the demo's missing cases (no meeting, no
    invitation …): each field the database requires gets a plain value of its type, each
    tenant key a row of the same organisation, each other key the first row there is."""
    values = {"organisation": organisation}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in values or field.name in fixed:
            continue
        if field.null or field.has_default() or getattr(field, "auto_now_add", False):
            continue
        if field.is_relation:
            related = field.related_model
            if is_tenant_model(related):
                values[field.name] = one_of(related, organisation, fresh=field.unique)
            elif related is User:  # a new person: memberships are one per user and organisation
                values[field.name] = User.objects.create(username=f"integrity{next(NUMBERS)}")
            else:
                values[field.name] = related._base_manager.order_by("pk").first()
        elif field.choices:
            values[field.name] = field.choices[0][0]
        elif isinstance(field, (models.CharField, models.TextField)):
            values[field.name] = "ทดสอบ"[: field.max_length or 5] if not field.blank else ""
        elif isinstance(field, models.DecimalField):
            values[field.name] = 1
        elif isinstance(field, models.IntegerField):
            values[field.name] = next(NUMBERS)
        elif isinstance(field, models.FileField):
            values[field.name] = ""
        elif isinstance(field, models.DateTimeField):
            values[field.name] = timezone.now()
        elif isinstance(field, models.DateField):
            values[field.name] = dt.date(2026, 1, 1)
        elif isinstance(field, models.TimeField):
            values[field.name] = dt.time(9)
        elif isinstance(field, models.BooleanField):
            values[field.name] = False
        else:
            pytest.fail(f"no value for {model._meta.label}.{field.name} ({type(field).__name__})")
    either = BUILT_WITH.get(model._meta.label, ())
    if either and not set(either) & set(fixed):
        related = model._meta.get_field(either[0]).related_model
        values[either[0]] = one_of(related, organisation)
    values.update(fixed)
    return model._base_manager.create(**values)


def pairs(model, field):
    """Rows of ``model`` whose key is set (so that a check "this key or that one" still holds;
    one built when the demo has none), each with a row of the key's target in another
    organisation (built when there is none; for a one-to-one key, one that no row points at)."""
    target = field.related_model
    rows = list(model._base_manager.exclude(**{field.attname: None}).order_by("pk")[:20])
    if not rows:
        organisation = Organisation.objects.order_by("pk").first()
        rows = [build(model, organisation, **{field.name: one_of(target, organisation)})]
    for row in rows:
        elsewhere = target._base_manager.exclude(organisation=row.organisation_id)
        if field.unique:
            taken = model._base_manager.exclude(**{field.attname: None})
            elsewhere = elsewhere.exclude(pk__in=taken.values(field.attname))
        others = list(elsewhere.order_by("pk")[:5])
        if not others:
            organisation = Organisation.objects.exclude(pk=row.organisation_id).first()
            others = [build(target, organisation)]
        for other in others:
            yield row, other


def refusals(model, field, write) -> list[str]:
    """The constraints that refused ``write(row, other)`` for each pair, until one answered by
    the key's own (another unique constraint of the row may answer first for some pairs)."""
    constraint = constraint_of(model, field)
    answered = []
    for row, other in pairs(model, field):
        try:
            with transaction.atomic():
                write(row, other)
                check_now()
        except IntegrityError as error:
            answered.append(error.__cause__.diag.constraint_name)
            if answered[-1] == constraint:
                return answered
        else:
            answered.append("accepted")
            return answered
    return answered or [f"no {model._meta.label} with a {field.name} in the demo"]


def assert_refused(error, constraint: str) -> None:
    assert error.value.__cause__.diag.constraint_name == constraint


KEY_IDS = [key_name(model, field) for model, field in FOREIGN_KEYS]


def append_only(model) -> bool:
    """A table of the audit trail (ita_portal/migrations/0001): its rows are never updated, so
    only a new row can point elsewhere."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname = %s",
            [model._meta.db_table, "ita_audit_append_only"],
        )
        return cursor.fetchone() is not None


@pytest.mark.parametrize(("model", "field"), FOREIGN_KEYS, ids=KEY_IDS)
def test_a_cross_organisation_key_is_refused_through_the_orm(demo, model, field):
    def create(row, other):
        build(model, row.organisation, **{field.name: other})

    def save(row, other):
        setattr(row, field.name, other)
        row.save(update_fields=[field.name])

    def update(row, other):
        model._base_manager.filter(pk=row.pk).update(**{field.attname: other.pk})

    # a new row where rows are never updated; elsewhere the row itself (a copy could meet
    # the row's other unique constraints first)
    writes = [create] if append_only(model) else [save, update]
    for write in writes:
        assert refusals(model, field, write)[-1] == constraint_of(model, field), write.__name__


@pytest.mark.parametrize(("model", "field"), FOREIGN_KEYS, ids=KEY_IDS)
def test_a_cross_organisation_key_is_refused_through_raw_sql(demo, model, field):
    def insert(row, other):
        """A copy of the row (a new id) with the key pointing elsewhere."""
        columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
        chosen = ", ".join("%s" if column == field.column else f'"{column}"' for column in columns)
        listed = ", ".join(f'"{column}"' for column in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f'INSERT INTO "{model._meta.db_table}" ({listed}) '  # noqa: S608 (our own names)
                f'SELECT {chosen} FROM "{model._meta.db_table}" WHERE id = %s',
                [other.pk, row.pk],
            )

    def update(row, other):
        raw_update(model, field, row.pk, other.pk)

    writes = [insert] if append_only(model) else [update]  # as above
    for write in writes:
        assert refusals(model, field, write)[-1] == constraint_of(model, field), write.__name__


@pytest.mark.parametrize(("model", "field"), FOREIGN_KEYS, ids=KEY_IDS)
def test_a_cross_organisation_key_is_refused_by_the_model_check(demo, model, field):
    """What SQLite's first run has (no composite keys there): ``full_clean()``, which the admin
    and every ModelForm run, names the field in Thai."""
    row, elsewhere = next(pairs(model, field))
    setattr(row, field.name, elsewhere)
    errors = {}
    try:
        row.validate_constraints()
    except ValidationError as error:
        errors = error.message_dict
    assert errors == {
        field.name: [f"{field.verbose_name} ที่เลือกเป็นของหน่วยงานอื่น เลือกได้เฉพาะของหน่วยงานนี้"]
    }


def constraint_of(model, field) -> str:
    (constraint,) = [
        c
        for c in model._meta.constraints
        if isinstance(c, SameOrganisation) and c.field == field.name
    ]
    return constraint.name


@pytest.mark.parametrize(
    ("model", "field"), MANY_TO_MANY, ids=[key_name(m, f) for m, f in MANY_TO_MANY]
)
def test_a_cross_organisation_pair_is_refused_in_a_many_to_many(demo, model, field):
    row = model._base_manager.order_by("pk").first()
    elsewhere = field.related_model._base_manager.exclude(organisation=row.organisation_id).first()
    through = field.remote_field.through
    with pytest.raises(IntegrityError), transaction.atomic():
        getattr(row, field.name).add(elsewhere)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{through._meta.db_table}" '  # noqa: S608 (our own names)
            f'("{field.m2m_column_name()}", "{field.m2m_reverse_name()}") VALUES (%s, %s)',
            [row.pk, elsewhere.pk],
        )
    same = field.related_model._base_manager.filter(organisation=row.organisation_id)
    getattr(row, field.name).add(*same.exclude(pk__in=getattr(row, field.name).all()))
    assert getattr(row, field.name).count() == same.count()  # its own organisation's: fine


ADMIN_KEYS = [
    (model, field) for model, field in FOREIGN_KEYS + MANY_TO_MANY if model in admin.site._registry
]


def test_the_admin_edits_tenant_keys():
    """The admin walk below covers something (Membership's position and divisions)."""
    assert {key_name(model, field) for model, field in ADMIN_KEYS} >= {
        "organisations.Membership.position",
        "organisations.Membership.divisions",
    }


@pytest.mark.parametrize(
    ("model", "field"), ADMIN_KEYS, ids=[key_name(m, f) for m, f in ADMIN_KEYS]
)
def test_the_admin_offers_and_takes_only_the_organisations_rows(demo, site_admin, model, field):
    row, elsewhere = (
        next(pairs(model, field))
        if not field.many_to_many
        else (
            model._base_manager.order_by("pk").first(),
            field.related_model._base_manager.exclude(
                organisation=model._base_manager.order_by("pk").first().organisation_id
            ).first(),
        )
    )
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = site_admin
    form_class = model_admin.get_form(request, row)
    offered = form_class.base_fields[field.name].queryset
    assert set(offered.values_list("organisation", flat=True)) == {row.organisation_id}
    data = {
        name: value
        for name, value in model_to_dict(row).items()
        if name in form_class.base_fields and value is not None
    }
    data = {
        name: [item.pk for item in value] if isinstance(value, list) else value
        for name, value in data.items()
    }
    data[field.name] = [elsewhere.pk] if field.many_to_many else elsewhere.pk
    form = form_class(data=data, instance=row)
    assert not form.is_valid()
    assert list(form.errors) == [field.name]


def test_the_admin_says_in_thai_beside_the_field_when_the_organisation_changes(
    demo, client_of, site_admin, nathon, naok
):
    """The issue's case: a membership moved to another organisation keeps its position, which
    belongs to the first: refused beside the field, and nothing saved."""
    membership = Membership._base_manager.filter(
        organisation=nathon, position__isnull=False
    ).first()
    client = client_of(site_admin)
    from django.conf import settings

    url = f"/{settings.ADMIN_URL}organisations/membership/{membership.pk}/change/"
    data = {
        "organisation": naok.pk,
        "user": membership.user_id,
        "role": membership.role,
        "position": membership.position_id,
        "is_active": "on",
    }
    page = client.post(url, data)
    assert page.status_code == 200
    errors = page.context["adminform"].form.errors
    assert errors["position"] == ["ตำแหน่ง ที่เลือกเป็นของหน่วยงานอื่น เลือกได้เฉพาะของหน่วยงานนี้"]
    membership.refresh_from_db()
    assert membership.organisation_id == nathon.pk


def test_the_admin_refuses_a_new_membership_with_another_organisations_rows(
    demo, client_of, site_admin, nathon, naok
):
    """The issue's first case: a new membership of one organisation given another's position
    and division. The add page (organisation chosen) lists only that organisation's rows, and
    the form names the fields in Thai; nothing is saved."""
    from django.conf import settings

    from organisations.enums import Role

    client = client_of(site_admin)
    url = f"/{settings.ADMIN_URL}organisations/membership/add/"
    page = client.get(url, {"organisation": naok.pk})
    form = page.context["adminform"].form
    assert set(form.fields["position"].queryset.values_list("organisation", flat=True)) == {naok.pk}
    assert set(form.fields["divisions"].queryset.values_list("organisation", flat=True)) == {
        naok.pk
    }
    newcomer = User.objects.create(username="integrity_newcomer")
    page = client.post(
        f"{url}?organisation={naok.pk}",
        {
            "organisation": naok.pk,
            "user": newcomer.pk,
            "role": Role.STAFF,
            "position": Position._base_manager.filter(organisation=nathon).first().pk,
            "divisions": [Division._base_manager.filter(organisation=nathon).first().pk],
            "is_active": "on",
        },
    )
    assert page.status_code == 200
    errors = page.context["adminform"].form.errors
    assert errors == {
        "position": ["ตำแหน่ง ที่เลือกเป็นของหน่วยงานอื่น เลือกได้เฉพาะของหน่วยงานนี้"],
        "divisions": ["ส่วนราชการที่รับผิดชอบ ที่เลือกเป็นของหน่วยงานอื่น เลือกได้เฉพาะของหน่วยงานนี้"],
    }
    assert not Membership._base_manager.filter(user=newcomer).exists()
