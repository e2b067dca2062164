"""Health for load balancers and monitoring: JSON, no login, no tenancy data, no secrets.

* ``/healthz``: the process answers (no database, nothing else): restart it when this fails.
* ``/readyz``: this machine can serve: the database answers, every migration is applied, the
  media storage (folder or bucket) can be used; 503 with the reason of each failing check
  otherwise, so the balancer sends visitors to another machine. The task workers' heartbeats
  are reported too (how many beat within ``ITA_READY_WORKER_SECONDS``), and fail the check
  only with ``ITA_READY_REQUIRE_WORKER``: a balancer that takes every web machine out because
  the workers are down turns late PDFs into an outage.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import WorkerHeartbeat
from .storage import storage_ready


def _json(body: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@never_cache
@require_safe
def healthz(request):
    return _json({"status": "ok"})


def _database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "ติดต่อฐานข้อมูลไม่ได้"
    return None


def _migrations() -> str | None:
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return f"ยังไม่ได้ปรับโครงสร้างฐานข้อมูล (migrate) อีก {len(pending)} รายการ"
    return None


def _storage() -> str | None:
    reason = storage_ready()
    return None if reason is None else f"ใช้พื้นที่เก็บไฟล์ไม่ได้ ({reason})"


def _workers() -> tuple[int, str | None]:
    window = settings.ITA_READY_WORKER_SECONDS
    since = timezone.now() - dt.timedelta(seconds=window)
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=since).count()
    if alive:
        return alive, None
    return 0, f"ไม่มีตัวประมวลผลงานเบื้องหลัง (db_worker) ที่ส่งสัญญาณภายใน {window} วินาที"


@never_cache
@require_safe
def readyz(request):
    checks: dict[str, dict] = {}
    database = _database()
    checks["database"] = {"ok": database is None, **({"reason": database} if database else {})}
    if database is None:
        migrations = _migrations()
        checks["migrations"] = {"ok": migrations is None}
        if migrations:
            checks["migrations"]["reason"] = migrations
        alive, workers = _workers()
        checks["workers"] = {
            "ok": workers is None or not settings.ITA_READY_REQUIRE_WORKER,
            "alive": alive,
            **({"reason": workers} if workers else {}),
        }
    storage = _storage()
    checks["storage"] = {"ok": storage is None, **({"reason": storage} if storage else {})}
    ready = database is None and all(check["ok"] for check in checks.values())
    return _json({"status": "ok" if ready else "fail", "checks": checks}, 200 if ready else 503)
