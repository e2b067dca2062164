"""gunicorn's own refusals (before Django) are Thai too: a URL too long for its request line."""

import os
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ask(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_url_too_long_gets_a_thai_414_from_gunicorn():
    port = _free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "ita_portal.wsgi", f"--bind=127.0.0.1:{port}"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ita_portal.settings.test"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        long_url = "/p/nathon/?q=" + "ก" * 3000  # 9,000 bytes once percent-encoded
        answer = _ask(port, f"GET {long_url} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    finally:
        server.terminate()
        server.wait(10)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414 ")
    assert b"charset=utf-8" in head
    page = body.decode()
    assert '<html lang="th">' in page and "ที่อยู่เว็บยาวเกินไป" in page
