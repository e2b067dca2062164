"""No row points into another organisation (issue #21), guaranteed by the data itself.

A foreign key between two tenant-owned models (both have ``organisation`` → Organisation) is
declared once more as ``SameOrganisation("<field>")`` in the model's ``Meta.constraints``:

- On PostgreSQL it is a composite foreign key ``(organisation_id, <field>_id) →
  <target> (organisation_id, id)``, backed by a unique constraint ``(organisation, id)`` on the
  target (``Meta.constraints`` of the target; it also serves as the index led by the
  organisation that tests/test_scale_schema.py asks for). Django's own foreign key
  ``<field>_id → id`` stays as it is: the ORM, ``on_delete`` and the admin keep working on it,
  and the composite key only adds "and in the same organisation". Both are
  ``DEFERRABLE INITIALLY DEFERRED`` like Django's, with MATCH SIMPLE, so a null reference
  (``SET_NULL``) passes. The migrations add it with ``AddSameOrganisation``: ``NOT VALID`` first
  (a brief lock, no scan), then ``VALIDATE CONSTRAINT`` in its own statement (a scan that lets
  reads and writes go on), so the migrations that use it are not atomic.
- Everywhere (SQLite's first run too) ``full_clean()`` runs the constraint's ``validate()``, so
  the admin and every ModelForm refuse the row with a Thai message beside the field.

A many-to-many between two tenant models (``Membership.divisions``, ``MeasureStep.divisions``,
``IndicatorLine.divisions``) has a through table without an organisation column; on PostgreSQL a
trigger on it (``m2m_trigger_sql``) refuses a pair of rows of two organisations.

tests/test_tenant_integrity.py walks the app registry (``tenant_foreign_keys`` and
``tenant_many_to_many``) and fails when a tenant-to-tenant key lacks its guard."""

from django.apps import apps as global_apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import migrations, models
from django.utils.translation import gettext_lazy as _

CROSS_ORGANISATION = _("%(field)s ที่เลือกเป็นของหน่วยงานอื่น เลือกได้เฉพาะของหน่วยงานนี้")

M2M_FUNCTION = "ita_same_organisation_m2m"


def is_tenant_model(model) -> bool:
    """A model with a ForeignKey ``organisation`` to organisations.Organisation (a history model
    of django-simple-history too: see ``tenant_foreign_keys``)."""
    try:
        field = model._meta.get_field("organisation")
    except FieldDoesNotExist:
        return False
    return (
        field.many_to_one
        and field.related_model._meta.label == "organisations.Organisation"
        and not model._meta.proxy
    )


def tenant_foreign_keys(app_registry=global_apps) -> list[tuple[type, models.ForeignKey]]:
    """(model, field) for every ForeignKey/OneToOneField from one tenant model to another.

    Left out: the history tables of django-simple-history. Their keys are declared with
    ``db_constraint=False`` on purpose (a history row outlives the row it points at, and copies
    what was true when it was written); simple-history writes them from a row that the guard
    has already checked, and nothing else writes them."""
    found = []
    for model in app_registry.get_models():
        if not is_tenant_model(model) or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if (
                (field.many_to_one or field.one_to_one)
                and field.name != "organisation"
                and is_tenant_model(field.related_model)
            ):
                if not field.db_constraint:
                    continue  # a history table (above)
                found.append((model, field))
    return found


def tenant_many_to_many(app_registry=global_apps) -> list[tuple[type, models.ManyToManyField]]:
    """(model, field) for every ManyToManyField between two tenant models."""
    return [
        (model, field)
        for model in app_registry.get_models()
        if is_tenant_model(model) and model._meta.managed
        for field in model._meta.local_many_to_many
        if is_tenant_model(field.related_model)
    ]


def constraint_name(model_name: str, field_name: str) -> str:
    return f"{model_name.lower()}_{field_name}_same_organisation"


class SameOrganisation(models.BaseConstraint):
    """The row that ``field`` references belongs to this row's organisation (see the module)."""

    def __init__(self, field: str, *, name: str, **kwargs):
        self.field = field
        super().__init__(name=name, **kwargs)

    def _columns(self, model):
        field = model._meta.get_field(self.field)
        target = field.related_model._meta
        return (
            model._meta.get_field("organisation").column,
            field.column,
            target.db_table,
            target.get_field("organisation").column,
            target.pk.column,
        )

    def _add_sql(self, model, schema_editor, *, not_valid: bool) -> str:
        own_org, column, target_table, target_org, target_pk = self._columns(model)
        quote = schema_editor.quote_name
        return (
            f"ALTER TABLE {quote(model._meta.db_table)} ADD CONSTRAINT {quote(self.name)} "
            f"FOREIGN KEY ({quote(own_org)}, {quote(column)}) "
            f"REFERENCES {quote(target_table)} ({quote(target_org)}, {quote(target_pk)}) "
            "DEFERRABLE INITIALLY DEFERRED" + (" NOT VALID" if not_valid else "")
        )

    def _validate_sql(self, model, schema_editor) -> str:
        quote = schema_editor.quote_name
        return f"ALTER TABLE {quote(model._meta.db_table)} VALIDATE CONSTRAINT {quote(self.name)}"

    def constraint_sql(self, model, schema_editor):
        # In CREATE TABLE (a new model): the key is added after every table of the migration
        # exists, as Django does with its own foreign keys; SQLite has only the model check.
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.deferred_sql.append(self._add_sql(model, schema_editor, not_valid=False))
        return None

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return self._add_sql(model, schema_editor, not_valid=False)

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        quote = schema_editor.quote_name
        return (
            f"ALTER TABLE {quote(model._meta.db_table)} DROP CONSTRAINT IF EXISTS "
            f"{quote(self.name)}"
        )

    def validate(self, model, instance, exclude=None, using="default"):
        if exclude and self.field in exclude:
            return
        field = model._meta.get_field(self.field)
        own = instance.organisation_id
        value = getattr(instance, field.attname)
        if own is None or value is None:
            return
        target = field.related_model
        cached = field.get_cached_value(instance, default=None)
        if cached is not None and cached.pk == value:
            theirs = cached.organisation_id
        else:  # the base manager: no tenancy scope needed to read one column of one row
            theirs = (
                target._base_manager.using(using)
                .filter(pk=value)
                .values_list("organisation_id", flat=True)
                .first()
            )
        if theirs is not None and theirs != own:
            raise ValidationError(
                {
                    self.field: ValidationError(
                        CROSS_ORGANISATION,
                        code="other_organisation",
                        params={"field": field.verbose_name},
                    )
                }
            )

    def __eq__(self, other):
        if isinstance(other, SameOrganisation):
            return self.name == other.name and self.field == other.field
        return super().__eq__(other)

    def __repr__(self) -> str:
        return f"<SameOrganisation: field={self.field!r} name={self.name!r}>"

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        return path, args, kwargs


class AddSameOrganisation(migrations.AddConstraint):
    """AddConstraint of a ``SameOrganisation``, in two statements on PostgreSQL: ``NOT VALID``
    (takes SHARE ROW EXCLUSIVE on both tables for a moment, reads no row) and ``VALIDATE``
    (reads every row under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on). Put it in
    a migration with ``atomic = False`` so that each statement commits on its own; otherwise
    the first one's lock lasts to the end of the migration. Nothing to do on SQLite (the model
    check): Django would rebuild the table there for nothing."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.execute(
                self.constraint._add_sql(model, schema_editor, not_valid=True), params=None
            )
            schema_editor.execute(self.constraint._validate_sql(model, schema_editor), params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.execute(self.constraint.remove_sql(model, schema_editor), params=None)


def same_organisation(model_name: str, field: str) -> SameOrganisation:
    return SameOrganisation(field, name=constraint_name(model_name, field))


def unique_organisation_id(model_name: str) -> models.UniqueConstraint:
    """The target of the composite keys: ``(organisation, id)`` is unique (id alone is)."""
    return models.UniqueConstraint(
        fields=["organisation", "id"], name=f"{model_name.lower()}_unique_organisation_id"
    )


# The trigger of the many-to-many through tables: the two rows of a pair belong to one
# organisation. Its arguments: the table and column of each side.
M2M_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION ita_same_organisation_m2m() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    one bigint;
    other bigint;
BEGIN
    EXECUTE format('SELECT organisation_id FROM %I WHERE id = $1', TG_ARGV[0])
        INTO one USING (to_jsonb(NEW) ->> TG_ARGV[1])::bigint;
    EXECUTE format('SELECT organisation_id FROM %I WHERE id = $1', TG_ARGV[2])
        INTO other USING (to_jsonb(NEW) ->> TG_ARGV[3])::bigint;
    IF one IS DISTINCT FROM other AND one IS NOT NULL AND other IS NOT NULL THEN
        RAISE EXCEPTION 'rows of two organisations in %', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END
$$
"""


def m2m_trigger_name(through_table: str) -> str:
    return f"{through_table}_same_organisation"[:63]


def m2m_triggers_forwards(*fields: tuple[str, str, str]):
    """RunPython code creating the trigger on the through table of each (app, model, field)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        schema_editor.execute(M2M_FUNCTION_SQL, params=None)
        for app_label, model_name, field_name in fields:
            field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
            through = field.remote_field.through._meta
            table = through.db_table
            schema_editor.execute(
                f"CREATE TRIGGER {quote(m2m_trigger_name(table))} BEFORE INSERT OR UPDATE ON "
                f"{quote(table)} FOR EACH ROW EXECUTE FUNCTION {M2M_FUNCTION}("
                f"'{field.model._meta.db_table}', '{field.m2m_column_name()}', "
                f"'{field.related_model._meta.db_table}', '{field.m2m_reverse_name()}')",
                params=None,
            )

    return forwards


def m2m_triggers_backwards(*fields: tuple[str, str, str]):
    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for app_label, model_name, field_name in fields:
            field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
            table = field.remote_field.through._meta.db_table
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {quote(m2m_trigger_name(table))} ON {quote(table)}"
            )

    return backwards
