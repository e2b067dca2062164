"""LINE push against a stub of the Messaging API on 127.0.0.1 that records every request (the
real service is never contacted): exactly the pushes expected, and a failing answer retried
later without losing the e-mail."""

import datetime as dt
import http.server
import json
import threading

import pytest
from django.core import mail
from django_scopes import scopes_disabled
from django_tasks_db.models import DBTaskResult

from organisations.models import User
from reminders import services
from reminders.models import Digest
from reminders.tasks import push_digest_line, send_digests

TOKEN = "stub-channel-access-token-0123456789abcdef"
PALAD_LINE = "U" + "a" * 32


class _Stub(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append(
            {"path": self.path, "headers": dict(self.headers), "body": json.loads(body)}
        )
        status = self.server.answers.pop(0) if self.server.answers else 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def line_stub(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    server.requests, server.answers = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LINE_API_BASE_URL = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()


def test_digests_are_pushed_to_linked_people_and_a_failure_is_retried(
    year,
    nathon,
    staff_palad,
    staff_klang,
    coordinator,
    line_stub,
):
    day = dt.date(2032, 3, 17)  # staff of both divisions are reminded
    with scopes_disabled():
        User.objects.filter(pk=staff_palad.pk).update(email="kamonwan@nathon.go.th")
        services.line_channel_connect(organisation=nathon, access_token=TOKEN, user=coordinator)
        services.line_link_save(organisation=nathon, user=staff_palad, line_user_id=PALAD_LINE)
        stored = services.reminders_send(day=day, organisation_ids=[nathon.pk])
        batch = stored[0].batch
    assert {d.recipient for d in stored} == {staff_palad, staff_klang}
    line_stub.answers = [500]  # LINE is down for the first push
    mail.outbox.clear()
    send_digests.call(batch=batch)

    # the e-mail went out; the one linked person's push failed once and is queued again
    assert [m.to for m in mail.outbox] == [["kamonwan@nathon.go.th"]]
    assert len(line_stub.requests) == 1
    with scopes_disabled():
        digest = Digest.objects.get(batch=batch, recipient=staff_palad)
        assert digest.email_sent_at is not None
        assert digest.line_sent_at is None
        assert (digest.line_attempts, digest.line_error) == (1, "LINE ตอบ 500")
        retry = DBTaskResult.objects.get(task_path=push_digest_line.module_path)
    assert retry.args_kwargs["kwargs"] == {"digest_id": digest.pk, "attempt": 2}
    assert retry.run_after is not None

    # the worker runs the retry later: LINE answers, nothing else is sent again
    assert push_digest_line.call(digest_id=digest.pk, attempt=2) == "sent"
    assert push_digest_line.call(digest_id=digest.pk, attempt=3) == "nothing to send"
    send_digests.call(batch=batch)
    assert len(mail.outbox) == 1
    assert len(line_stub.requests) == 2
    first, second = line_stub.requests
    assert first["path"] == second["path"] == "/v2/bot/message/push"
    assert first["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert first["headers"]["X-Line-Retry-Key"] == second["headers"]["X-Line-Retry-Key"]
    assert second["body"]["to"] == PALAD_LINE
    [message] = second["body"]["messages"]
    assert message["type"] == "text"
    assert message["text"].startswith("อบต.นาทอน: งานที่ใกล้ครบกำหนดและเลยกำหนด ๑๗ มีนาคม ๒๕๗๕\n")
    assert "http://127.0.0.1:8000/o/nathon/progress/steps/" in message["text"]
    with scopes_disabled():
        digest.refresh_from_db()
    assert digest.line_sent_at is not None


def test_the_token_is_never_shown_again(client_of, coordinator, nathon):
    client = client_of(coordinator)
    response = client.post(
        "/o/nathon/reminders/organisation/", {"action": "line", "access_token": TOKEN}
    )
    assert response.status_code == 302
    page = client.get("/o/nathon/reminders/").content.decode()
    assert "เชื่อมแล้ว" in page
    assert TOKEN not in page
    with scopes_disabled():
        assert nathon.line_channel.access_token == TOKEN
        assert TOKEN not in str(nathon.line_channel)


def test_a_bad_line_user_id_is_refused_in_thai(client_of, staff_palad):
    response = client_of(staff_palad).post(
        "/o/nathon/reminders/", {"kind_due": "email", "line_user_id": "kamonwan"}
    )
    assert response.status_code == 400
    assert "LINE user ID ขึ้นต้นด้วย U" in response.content.decode()
