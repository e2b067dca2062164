"""Shared by the bench scripts: Django set up against DATABASE_URL (a throwaway PostgreSQL
started by scripts/with-postgres.sh), with production-like settings (DEBUG off)."""

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings.dev")
    os.environ.setdefault("DEBUG", "0")
    if "DATABASE_URL" not in os.environ:
        sys.exit("DATABASE_URL is not set: run through scripts/with-postgres.sh (make bench)")
    import django

    django.setup()


@contextmanager
def timed(label: str):
    start = time.perf_counter()
    yield
    print(f"{label}: {time.perf_counter() - start:.2f} s", flush=True)


def create_database(url: str | None = None) -> None:
    """Create the database named in ``url`` (default DATABASE_URL) if it does not exist (a
    fresh cluster has only `postgres`)."""
    from urllib.parse import urlparse

    import psycopg2

    url = urlparse(url or os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = psycopg2.connect(
        host=url.hostname,
        port=url.port,
        user=url.username,
        password=url.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


if __name__ == "__main__" and sys.argv[1:] == ["createdb"]:
    create_database()
