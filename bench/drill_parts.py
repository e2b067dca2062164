"""What the fault drills of ``bench/drills.py`` share: the checks and what they print, the
demo data they look at through Django, and a live gunicorn serving the portal (``Server``)."""

import contextlib
import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT

PY = sys.executable
BIN = Path(sys.executable).parent
SETTINGS = "ita_portal.settings.test"  # DEBUG off, PostgreSQL, the same DATABASES as prod
PASSWORD = "ita-demo-2568"  # noqa: S105 - the demo users' published password
ASSET_STEP = "จัดให้มีการตรวจสอบวัสดุและครุภัณฑ์ของหน่วยงานเป็นระยะ"  # กองคลัง, FY2568
PROCUREMENT_REPORT = "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี"  # OIT, กองคลัง
THAI_500 = "ระบบไม่สามารถทำรายการนี้ได้ในขณะนี้"  # templates/500.html
FULL_TEXT = "พื้นที่เก็บไฟล์ของระบบเต็ม จึงยังไม่ได้บันทึกสิ่งใดไว้"
MiB = 1024 * 1024
OUTAGE = 3  # seconds PostgreSQL stays down in the restart drill

failures: list[str] = []


def say(line: str = "") -> None:
    print(line, flush=True)


def check(ok: bool, what: str) -> bool:
    say(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)
    return ok


def pdf(size: int, seed: str) -> bytes:
    """A file that passes the PDF check (magic bytes), of the given size, different per seed."""
    block = hashlib.sha256(seed.encode()).hexdigest().encode()
    body = (block * (size // len(block) + 1))[: size - 16]
    return b"%PDF-1.7\n" + body + b"\n%%EOF\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def media_files(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("*") if p.is_file()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- Django in this process: for looking at the database, never for serving ---------------


def django_setup(media: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ["MEDIA_ROOT"] = str(media)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fresh_db():
    """This process's connection may have died with PostgreSQL: start from a new one."""
    from django.db import connection

    connection.close()
    return connection


def asset_step():
    from django_scopes import scopes_disabled

    from measures.models import MeasureStep

    fresh_db()
    with scopes_disabled():
        return MeasureStep.objects.get(
            organisation__slug="nathon",
            measure__plan__fiscal_year__year=2568,
            text__startswith=ASSET_STEP,
        )


def progress_state(step) -> tuple[int, str, list]:
    """(version, output, [(pk, file name)]) of the step's round-6 report."""
    from django_scopes import scopes_disabled

    from measures.models import ProgressEntry, ProgressEvidence

    fresh_db()
    with scopes_disabled():
        entry = ProgressEntry.objects.filter(step=step, round=6).first()
        rows = list(
            ProgressEvidence.objects.filter(progress__step=step, kind="file")
            .order_by("pk")
            .values_list("pk", "file")
        )
    return (entry.version, entry.output, rows) if entry else (0, "", rows)


def manage(*args: str, media: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "MEDIA_ROOT": str(media),
        **(env or {}),
    }
    return subprocess.run(  # noqa: S603
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# --- The server ----------------------------------------------------------------------------


class Server:
    """gunicorn in its own process group, so that ``kill -9`` reaches master and workers."""

    def __init__(self, work: Path, media: Path, workers: int = 2, env: dict | None = None):
        self.work, self.media, self.workers = work, media, workers
        self.env = env or {}  # more variables for this server (another database, a bucket)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.tmp = work / "tmp"  # Django's temporary upload files (bodies over 5 MB)
        self.tmp.mkdir(exist_ok=True)
        self.log = work / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        started = time.monotonic()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "MEDIA_ROOT": str(self.media),
            "TMPDIR": str(self.tmp),
            **self.env,
        }
        with self.log.open("a") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [
                    str(BIN / "gunicorn"),
                    "ita_portal.wsgi",
                    f"--workers={self.workers}",
                    f"--bind=127.0.0.1:{self.port}",
                    "--timeout=120",
                    "--graceful-timeout=2",
                    "--log-level=warning",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = started + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.base}/accounts/login/", timeout=2).status_code == 200:
                    return time.monotonic() - started
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.kill9()
        sys.exit(f"gunicorn did not start; its log:\n{self.log.read_text()[-3000:]}")

    def kill9(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process:
            self.process.wait(timeout=30)
            with contextlib.suppress(ProcessLookupError):  # no worker of the group is left
                os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill9()

    def login(self, username: str) -> requests.Session:
        session = requests.Session()
        session.get(f"{self.base}/accounts/login/", timeout=10)
        response = session.post(
            f"{self.base}/accounts/login/",
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            allow_redirects=False,
            timeout=10,
        )
        if response.status_code != 302:
            sys.exit(f"logging in as {username} failed: {response.status_code}")
        return session


class Worker:
    """``manage.py db_worker`` in its own process group (its PDF renderer is a child process:
    ``kill -9`` of the group takes both, as a machine crash would)."""

    def __init__(self, work: Path, media: Path, name: str = "db_worker", env: dict | None = None):
        self.media, self.env = media, env or {}
        self.log = work / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self, *options: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "MEDIA_ROOT": str(self.media),
            **self.env,
        }
        with self.log.open("a") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [PY, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", *options],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        return self.process

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill9(self) -> None:
        if self.process:
            with contextlib.suppress(ProcessLookupError):  # the renderer may outlive it
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill9()
        elif self.process:
            self.kill9()  # dead already: nothing of its group is left behind


def progress_request(server, session, step, *, version, output, file, caption):
    data = {
        "version": version,
        "status": "done",
        "output": output,
        "outcome": "ครุภัณฑ์พร้อมใช้งานทุกรายการ",
        "file_caption": caption,
        "effective_date": "20/03/2568",  # a Thai date, พ.ศ., as the form asks
        "csrfmiddlewaretoken": session.cookies["csrftoken"],
    }
    return requests.Request(
        "POST",
        f"{server.base}/o/nathon/progress/steps/{step.pk}/?round=6",
        data=data,
        files={"evidence_file": (file[0], file[1], "application/pdf")},
        cookies=session.cookies,
    ).prepare()


def send(session, prepared, timeout=60) -> requests.Response:
    return session.send(prepared, allow_redirects=False, timeout=timeout)
