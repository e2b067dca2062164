"""The time of `manage.py migrate` re-applying the newest migration of each of our apps, at
the database's current size: each newest migration (when reversible) is un-applied, then one
`migrate` applies them all again; its seconds and SQL statements are printed. bench/load.py
calls it at its smallest and largest level of organisations (tests/test_scale_migrate.py proves
the statements are the same at any size; the seconds show what PostgreSQL's own work on the
rows, such as building an index, costs).

    python bench/migrate.py      # against DATABASE_URL, migrated, with any data
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import setup

OUR_APPS = ["organisations", "measures", "oit_checklist", "reports", "reminders", "ita_portal"]


def newest_migrations() -> list[tuple[str, str, str]]:
    """(app, newest migration, the target that un-applies it) for each of our apps whose newest
    migration can be reversed."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    found = []
    for app in OUR_APPS:
        (leaf,) = executor.loader.graph.leaf_nodes(app)
        migration = executor.loader.graph.nodes[leaf]
        if not all(operation.reversible for operation in migration.operations):
            continue
        parents = [name for dependency, name in migration.dependencies if dependency == app]
        found.append((app, leaf[1], parents[0] if parents else "zero"))
    return found


def reapply_newest() -> dict:
    """Un-apply each app's newest migration, then time one `migrate` that applies them again.
    Returns the migrations, the seconds of un-applying and of `migrate`, its statements, and the
    number of organisations."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from organisations.models import Organisation

    names = []
    start = time.perf_counter()
    for app, name, target in newest_migrations():
        call_command("migrate", app, target, verbosity=0)
        names.append(f"{app}.{name}")
    unapplied = time.perf_counter() - start
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        call_command("migrate", verbosity=0)
    seconds = time.perf_counter() - start
    with scopes_disabled():
        organisations = Organisation.objects.count()
    return {
        "migrations": names,
        "unapply": unapplied,
        "migrate": seconds,
        "statements": len(queries.captured_queries),
        "organisations": organisations,
    }


def line(figures: dict) -> str:
    return (
        f"migrate re-applying {len(figures['migrations'])} newest migrations at "
        f"{figures['organisations']} organisations: {figures['migrate']:.2f} s, "
        f"{figures['statements']} SQL statements (un-applying them took "
        f"{figures['unapply']:.2f} s)"
    )


def main() -> None:
    setup()
    figures = reapply_newest()
    print(line(figures))
    print("  " + ", ".join(figures["migrations"]))


if __name__ == "__main__":
    main()
