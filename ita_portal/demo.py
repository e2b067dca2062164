"""All the demo data, app by app, in one transaction (``manage.py load_demo`` and the tests)."""

from django.db import transaction
from django_scopes import scopes_disabled

from measures.demo import load_demo_import, load_demo_measures
from oit_checklist.demo import load_oit_demo
from organisations.demo import load_demo
from public.demo import load_public_demo
from reminders.demo import load_demo_reminders
from reports.demo import load_demo_reports, load_minutes_demo


def load_all_demo(*, render_pdfs: bool = True) -> list[tuple[str, str]]:
    """Load every app's demo data; returns the demo users as (username, description).

    ``render_pdfs=False`` queues the publication of the demo's approved report for the worker
    instead of rendering its PDF here (tests that do not need it save seconds)."""
    with transaction.atomic(), scopes_disabled():  # demo data spans organisations
        users = load_demo()
        load_demo_measures()
        load_demo_import()  # a Word file of นาทอน's FY2568 plan, read and waiting for review
        load_oit_demo()  # the FY2566 OIT framework and the demo checklists
        load_minutes_demo()  # นาทอน's preparation meeting (seed 003), items from the framework
        load_public_demo()  # นาทอน's OIT review: its OIT index is public
        load_demo_reports(render_pdfs=render_pdfs)
        load_demo_reminders()  # นาทอน's digests of two days, in the notification centre
    return users
