"""Copies of the test database, taken once per test process (tests/conftest.py): ``migrated``
as the migrations leave it (their reference data: the ten ITA indicators, the OIT frameworks,
the content types), ``demo`` right after the demo is loaded. They are put back for the
transactional tests.

A transactional test (live server, task worker processes, threads) commits, so pytest-django
empties every table when it ends, the migrations' rows too; the next one needs the demo, or at
least a database as `migrate` leaves it, again. Loading the demo again takes seconds (hundreds
of queries, the history rows, the OIT framework); putting a copy back is one TRUNCATE and one
binary COPY per table, in a fraction of a second, and gives the same rows with the same ids.
The demo's media files (evidence) are copied into the media folder of the moment, as a load
would write them there.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction


def _tables() -> list[str]:
    # The tables pytest-django's flush empties (every model's table, not django_migrations).
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


@dataclass(frozen=True)
class DatabaseCopy:
    rows: dict[str, tuple[list[str], bytes]]  # table: (columns, COPY ... (FORMAT binary) data)
    media: dict[str, bytes]  # path in the media folder: content

    @classmethod
    def take(cls) -> DatabaseCopy:
        """Copy every table's rows and every file of the media folder as they are now."""
        rows = {}
        with connection.cursor() as cursor:
            for table in _tables():
                columns = [
                    column.name
                    for column in connection.introspection.get_table_description(cursor, table)
                ]
                data = io.BytesIO()
                cursor.copy_expert(
                    f"COPY {_quote(table)} ({', '.join(map(_quote, columns))}) "
                    "TO STDOUT (FORMAT binary)",
                    data,
                )
                rows[table] = (columns, data.getvalue())
        root = Path(settings.MEDIA_ROOT)
        media = {
            str(path.relative_to(root)): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file()
        }
        return cls(rows=rows, media=media)

    def restore(self) -> None:
        """Empty every table, put the copied rows back and move each sequence past them (never
        back: ids stay unique in the test process, as after a load); write the copied media
        files that the media folder lacks."""
        with transaction.atomic(), connection.cursor() as cursor:
            tables = _tables()
            cursor.execute(f"TRUNCATE {', '.join(map(_quote, tables))}")
            for table in tables:
                columns, data = self.rows.get(table, ([], b""))
                if data:
                    cursor.copy_expert(
                        f"COPY {_quote(table)} ({', '.join(map(_quote, columns))}) "
                        "FROM STDIN (FORMAT binary)",
                        io.BytesIO(data),
                    )
                for sequence in connection.introspection.get_sequences(cursor, table):
                    cursor.execute(
                        "SELECT setval(%s, GREATEST("  # noqa: S608 - catalogue names, quoted
                        f"(SELECT last_value FROM {_quote(sequence['name'])}), "
                        f"(SELECT COALESCE(max({_quote(sequence['column'])}), 1) "
                        f"FROM {_quote(table)})))",
                        [sequence["name"]],
                    )
        # The flush made the content types again, with other ids, and this process cached them.
        ContentType.objects.clear_cache()
        root = Path(settings.MEDIA_ROOT)
        for name, content in self.media.items():
            path = root / name
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)


_taken: dict[str, DatabaseCopy] = {}  # the copies of this test process (one per xdist worker)


def take_session_copy(name: str) -> None:
    """Take this process's copy ``name`` of the database as it is now (tests/conftest.py)."""
    _taken[name] = DatabaseCopy.take()


def restore_session_copy(name: str = "demo") -> None:
    """Put this process's copy ``name`` back (the database may be empty or not)."""
    _taken[name].restore()
