"""Background work of the plan: reading a large Word/Excel file for import, and removing
imports a day old. Both are safe to run twice (ita_portal.workers.RERUNNABLE)."""

from __future__ import annotations

from django_scopes import scope, scopes_disabled
from django_tasks import task


@task()
def read_plan_import(planimport_id: int) -> str:
    """Read the file of a PlanImport that was too large to read inside the request."""
    from .models import PlanImport
    from .plan_import import services

    with scopes_disabled():  # a task has no request; the import names its organisation
        planimport = PlanImport.objects.select_related("organisation").filter(pk=planimport_id)
        planimport = planimport.first()
    if planimport is None:
        return "gone"
    with scope(organisation=planimport.organisation):
        planimport = services.plan_import_read(planimport=planimport)
    return planimport.status if planimport else "gone"


@task()
def purge_plan_imports() -> int:
    """Remove the imports of every organisation that are more than a day old."""
    from .plan_import import services

    with scopes_disabled():  # across organisations by design: the rows are expired
        return services.plan_imports_purge()
