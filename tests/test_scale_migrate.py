"""`migrate` does not depend on the number of organisations (issue #9, Scale).

With the demo (its two organisations) and then with 12 more organisations seeded by
bench/seed.py (the rows a real organisation has: divisions, users, a measures plan with
progress, the 43 OIT items with ticks and URLs, a published report with its decisions), the
test un-applies the newest migration of each of our apps, applies everything again with one
``manage.py migrate``, and runs every data migration (RunPython) of our apps once more inside a
transaction that is rolled back (its reverse code first, when it has one, so that it can run
again). It counts the SQL statements of each: the counts must be the
same at both sizes, so no migration loops over organisations or over their rows in Python. (An
index or a column added by a migration is still built by PostgreSQL over every row of its
table; that time is what `make bench` prints at 1 and 2,000 organisations.)

A transactional test: the schema ends as it began (everything migrated), and pytest-django
flushes the tables afterwards; the ``demo`` fixture loads the demo again for later tests."""

import importlib.util
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, migrations, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from organisations.models import Organisation

ADDED = 12
ROOT = Path(__file__).resolve().parents[1]


class RolledBack(Exception):
    pass


def bench_module(name: str):
    """bench/<name>.py as a module (it puts bench/ on sys.path for its ``common``)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MIGRATE = bench_module("migrate")  # the figures `make bench` prints come from the same code
OUR_APPS = MIGRATE.OUR_APPS
newest_migrations = MIGRATE.newest_migrations


def data_migrations() -> list[tuple[tuple[str, str], migrations.RunPython]]:
    executor = MigrationExecutor(connection)
    return [
        (key, operation)
        for key, migration in sorted(executor.loader.disk_migrations.items())
        if key[0] in OUR_APPS
        for operation in migration.operations
        if isinstance(operation, migrations.RunPython)
    ]


def count_migrate() -> tuple[dict[str, int], float]:
    """The SQL statements of un-applying each app's newest migration and migrating everything
    forward again, and of running each data migration again (reverse then forward, rolled back);
    and the seconds the re-applying took."""
    counts: dict[str, int] = {}
    for app, name, target in newest_migrations():
        with CaptureQueriesContext(connection) as backward:
            call_command("migrate", app, target, verbosity=0)
        counts[f"{app}.{name} backward"] = len(backward.captured_queries)
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as forward:
        call_command("migrate", verbosity=0)
    seconds = time.perf_counter() - start
    counts["forward, all of them"] = len(forward.captured_queries)
    executor = MigrationExecutor(connection)
    for (app, name), operation in data_migrations():
        state = executor.loader.project_state((app, name), at_end=False)
        with CaptureQueriesContext(connection) as queries:
            try:
                with transaction.atomic(), connection.schema_editor(atomic=False) as editor:
                    if operation.reverse_code is not None:  # e.g. drop the triggers first
                        operation.reverse_code(state.apps, editor)
                    operation.code(state.apps, editor)
                    raise RolledBack
            except RolledBack:
                pass
        counts[f"{app}.{name} RunPython"] = len(queries.captured_queries)
    return counts, seconds


@pytest.mark.django_db(transaction=True)
def test_migrate_runs_the_same_statements_at_2_and_14_organisations(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the seed stores its report PDFs
    cycled = newest_migrations()
    # our newest migrations are reversible, so the cycle below covers every app
    assert {app for app, _, _ in cycled} == set(OUR_APPS)
    assert data_migrations(), "no data migration found: the discovery broke"

    call_command("migrate", verbosity=0)  # warm: fills caches (content types) the counts reuse
    with scopes_disabled():
        small = Organisation.objects.count()
    counts_small, seconds_small = count_migrate()

    seed = bench_module("seed")
    seed.seed(ADDED)
    with scopes_disabled():
        large = Organisation.objects.count()
        assert large == small + ADDED
        # the seeded organisations have rows in the big tables the migrations touch
        from oit_checklist.models import ComponentTick

        assert ComponentTick.objects.filter(organisation__slug__startswith="bench").count() > (
            ADDED * 43
        )
    counts_large, seconds_large = count_migrate()

    print(  # shown with pytest -s: the figures of this run
        f"\nmigrate re-applying {len(cycled)} newest migrations: {seconds_small:.2f} s at "
        f"{small} organisations, {seconds_large:.2f} s at {large}; statements: "
        + ", ".join(f"{key} {value}" for key, value in counts_small.items())
    )
    assert all(value > 0 for value in counts_small.values())
    assert counts_large == counts_small
