"""/healthz and /readyz as a load balancer and a monitor see them: JSON, no login, nothing of
any organisation, a 503 with the reason when this machine cannot serve."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from ita_portal.models import WorkerHeartbeat
from ita_portal.settings.env import env_storage

pytestmark = pytest.mark.django_db


def _body(response) -> dict:
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert _body(response) == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_ready_on_either_storage_and_names_no_organisation(client, media_storage):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = _body(response)
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "migrations": True,
        "workers": True,  # none beat, which is reported but not required by default
        "storage": True,
    }
    text = response.content.decode()
    for secret in ("นาทอน", "nathon", "ita-test-secret", "ita-test-key", "127.0.0.1"):
        assert secret not in text


def test_readyz_is_503_when_the_bucket_is_missing(client, settings, s3_server):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": env_storage(s3_server.env("ita-no-such-bucket")),
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    body = _body(response)
    assert body["status"] == "fail"
    assert body["checks"]["storage"] == {
        "ok": False,
        "reason": "ใช้พื้นที่เก็บไฟล์ไม่ได้ (the bucket answered 404)",
    }
    assert body["checks"]["database"] == {"ok": True}


def test_readyz_is_503_when_the_storage_server_is_down(client, settings, s3_server):
    import socket

    with socket.socket() as closed:  # a loopback port where nothing listens
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    env = s3_server.env("ita-media") | {"AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
    settings.STORAGES = {**settings.STORAGES, "default": env_storage(env)}
    response = client.get("/readyz")
    assert response.status_code == 503
    reason = _body(response)["checks"]["storage"]["reason"]
    assert reason == "ใช้พื้นที่เก็บไฟล์ไม่ได้ (the storage cannot be reached (EndpointConnectionError))"
    assert str(port) not in response.content.decode()


def test_readyz_can_require_a_live_worker(client, settings):
    settings.ITA_READY_REQUIRE_WORKER = True
    response = client.get("/readyz")
    assert response.status_code == 503
    workers = _body(response)["checks"]["workers"]
    assert workers == {
        "ok": False,
        "alive": 0,
        "reason": "ไม่มีตัวประมวลผลงานเบื้องหลัง (db_worker) ที่ส่งสัญญาณภายใน 60 วินาที",
    }

    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="worker-b", host="worker-b", pid=4242, started_at=now, seen_at=now
    )
    WorkerHeartbeat.objects.create(
        worker_id="worker-gone",
        host="worker-c",
        pid=7,
        started_at=now - dt.timedelta(hours=1),
        seen_at=now - dt.timedelta(minutes=5),
    )
    response = client.get("/readyz")
    assert response.status_code == 200
    assert _body(response)["checks"]["workers"] == {"ok": True, "alive": 1}
