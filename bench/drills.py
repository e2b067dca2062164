"""Fault drills (issues #9 and #16): a live portal under gunicorn meets faults, and each drill
prints what survived. `make drills` runs them against a throwaway PostgreSQL cluster
(scripts/with-postgres.sh) and S3 server (scripts/with-s3.sh); each takes a minute or two.

1. ``kill``: ``kill -9`` of the whole server (master and workers) in the middle of an evidence
   upload, twice: while the request body is still arriving, and after the file has been written
   to the media folder while its row waits to commit (the drill holds a lock on the evidence
   table, so the server is caught exactly there). Afterwards no row lacks its file, the second
   kill leaves one orphan file, and ``manage.py cleanup_media --delete`` removes it.
2. ``postgres``: PostgreSQL goes down (``pg_ctl stop -m immediate``, like a crash) and comes
   back three seconds later (``pg_ctl start``, with crash recovery) while four clients keep
   reading staff and public pages. Failed answers must be the Thai error page, the portal must
   answer 200 again within seconds with nobody touching it (CONN_HEALTH_CHECKS replaces the
   broken persistent connections of CONN_MAX_AGE), and a ``db_worker`` started before the
   outage must still run a task after it.
3. ``full-disk``: the media folder is a real, nearly full tmpfs (mounted in a private mount
   namespace: ``unshare --mount``, with ``--user --map-root-user`` when not root). Uploads
   that do not fit get the Thai message, the typed text stays in the form, and neither a row,
   nor the progress text, nor a partial file is left; once space is freed the same upload
   succeeds.

4. ``machines``: two gunicorn "machines" and two ``db_worker``s on one PostgreSQL and one S3
   bucket (``bench/drill_machines.py``): a file uploaded through A downloads through B, a report
   submitted on A and decided on B is published by a worker although the worker that took the
   task is killed in the middle, and its PDF downloads from A with its SHA-256.

Usage: ``scripts/with-postgres.sh scripts/with-s3.sh .venv/bin/python bench/drills.py
[kill postgres full-disk machines]`` (``make drills``; ``ITA_S3_PYTHON`` names the Python of
moto's server).
The exit status is 0 only when every drill passed.
"""

import argparse
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import psycopg2
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import create_database
from drill_machines import drill_machines
from drill_parts import (
    FULL_TEXT,
    OUTAGE,
    PROCUREMENT_REPORT,
    PY,
    THAI_500,
    MiB,
    Server,
    Worker,
    asset_step,
    check,
    django_setup,
    failures,
    fresh_db,
    manage,
    media_files,
    pdf,
    progress_request,
    progress_state,
    say,
    send,
    sha,
)

# --- Drill 1: kill -9 in the middle of an upload ---------------------------------------------


def drill_kill(work: Path, media: Path) -> None:
    say("\n== Drill 1: kill -9 of the server in the middle of an evidence upload ==")
    server = Server(work, media)
    say(f"  gunicorn up in {server.start():.1f} s")
    staff = server.login("nathon_staff_klang")
    step = asset_step()

    before_pdf = pdf(200_000, "before")
    response = send(
        staff,
        progress_request(
            server,
            staff,
            step,
            version=progress_state(step)[0],
            output="ตรวจนับครุภัณฑ์ครบทุกรายการแล้ว",
            file=("หลักฐานก่อนเกิดเหตุ.pdf", before_pdf),
            caption="หลักฐานที่บันทึกไว้ก่อนเกิดเหตุ",
        ),
    )
    check(response.status_code == 302, "an upload before the drill is saved (302)")
    version, output, rows = progress_state(step)
    files = media_files(media)

    # (a) The body is half sent when the server dies.
    prepared = progress_request(
        server,
        staff,
        step,
        version=version,
        output="ข้อความที่กำลังส่งตอนเครื่องดับ",
        file=("หลักฐานครึ่งทาง.pdf", pdf(8 * MiB, "half")),
        caption="ส่งไม่ครบ",
    )
    head = f"POST {urlparse(prepared.url).path}?round=6 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in prepared.headers.items()) + "\r\n"
    body = prepared.body
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        raw.sendall(head.encode("latin-1"))
        raw.sendall(body[: len(body) // 2])
        time.sleep(0.5)
        server.kill9()
    say(f"  (a) killed after {len(body) // 2 / MiB:.1f} of {len(body) / MiB:.1f} MiB of the body")
    check(progress_state(step) == (version, output, rows), "(a) the report and its rows unchanged")
    check(media_files(media) == files, "(a) no new file in the media folder")
    leftovers = sorted(p.name for p in server.tmp.iterdir())
    say(f"  (a) temporary upload files left in TMPDIR (not media; the OS cleans it): {leftovers}")

    # (b) The file is on disk, its row waits for a lock the drill holds, the server dies.
    say(f"  gunicorn up again in {server.start():.1f} s")
    db = urlparse(os.environ["DATABASE_URL"])
    holder = psycopg2.connect(
        host=db.hostname, port=db.port, user=db.username, dbname=db.path.lstrip("/")
    )
    watcher = psycopg2.connect(
        host=db.hostname, port=db.port, user=db.username, dbname=db.path.lstrip("/")
    )
    watcher.autocommit = True
    with holder.cursor() as cursor:
        cursor.execute("LOCK TABLE measures_progressevidence IN SHARE MODE")  # blocks INSERT
    content = pdf(3 * MiB, "caught")
    prepared = progress_request(
        server,
        staff,
        step,
        version=version,
        output="ข้อความของการบันทึกที่ถูกตัดกลางคัน",
        file=("หลักฐานที่ค้างอยู่.pdf", content),
        caption="ไฟล์เขียนแล้ว แถวยังไม่บันทึก",
    )
    outcome = {}

    def upload():
        try:
            outcome["response"] = send(staff, prepared)
        except requests.RequestException as error:
            outcome["error"] = type(error).__name__

    thread = threading.Thread(target=upload)
    thread.start()
    caught = False
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not caught:
        written = [n for n, size in media_files(media).items() if n not in files]
        with watcher.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'measures_progressevidence' AND NOT l.granted"
            )
            waiting = cursor.fetchone()[0]
        caught = bool(written) and waiting > 0
        time.sleep(0.1)
    check(caught, "(b) the server wrote the file and waits to insert its row")
    on_disk = {n: s for n, s in media_files(media).items() if n not in files}
    say(f"  (b) written before the kill: {on_disk}")
    server.kill9()
    holder.rollback()  # the lock goes; the dead server's transaction can only roll back
    holder.close()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with watcher.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
            )
            if cursor.fetchone()[0] == 0:
                break
        time.sleep(0.1)
    watcher.close()
    thread.join(timeout=30)
    say(f"  (b) the browser saw: {outcome.get('error') or outcome['response'].status_code}")
    after = progress_state(step)
    check(after == (version, output, rows), "(b) no evidence row, progress text not changed")
    orphans = sorted(set(media_files(media)) - set(files))
    check(len(orphans) == 1 and orphans[0] in on_disk, f"(b) one orphan file: {orphans}")

    say(f"  gunicorn up again in {server.start():.1f} s")
    listed = manage("cleanup_media", "--min-age", "0", media=media)
    say("  manage.py cleanup_media --min-age 0:")
    for line in (listed.stdout + listed.stderr).strip().splitlines():
        say(f"    {line}")
    check(
        "แถวที่ไม่มีไฟล์ 0 แถว" in listed.stdout and not listed.stderr.strip(),
        "no database row without its file",
    )
    removed = manage("cleanup_media", "--delete", "--min-age", "0", media=media)
    check(removed.returncode == 0 and media_files(media) == files, "cleanup --delete: no orphan")
    got = staff.get(f"{server.base}/o/nathon/evidence/{rows[-1][0]}/", timeout=10)
    check(
        got.status_code == 200 and sha(got.content) == sha(before_pdf),
        "the evidence saved before the drill downloads with its SHA-256",
    )
    again = send(
        staff,
        progress_request(
            server,
            staff,
            step,
            version=version,
            output=output,
            file=("หลักฐานหลังเกิดเหตุ.pdf", pdf(100_000, "after")),
            caption="บันทึกหลังเริ่มระบบใหม่",
        ),
    )
    check(again.status_code == 302, "an upload after the restart is saved (302)")
    server.stop()


# --- Drill 2: PostgreSQL restarted while requests run ----------------------------------------


def pg_ctl(*args: str) -> subprocess.CompletedProcess:
    data = Path(os.environ["ITA_PG_DATA"])
    command = [str(Path(os.environ.get("ITA_PG_BIN", "/usr/lib/postgresql/15/bin")) / "pg_ctl")]
    command += ["-D", str(data), *args]
    if os.geteuid() == 0 and data.stat().st_uid != 0:
        command = ["runuser", "-u", data.owner(), "--", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603


def drill_postgres(work: Path, media: Path) -> None:
    say("\n== Drill 2: PostgreSQL restarted while requests run ==")
    if "ITA_PG_DATA" not in os.environ:
        check(False, "ITA_PG_DATA is not set: run through scripts/with-postgres.sh")
        return
    from django.conf import settings

    database = settings.DATABASES["default"]
    say(
        f"  CONN_MAX_AGE={database['CONN_MAX_AGE']} s, "
        f"CONN_HEALTH_CHECKS={database['CONN_HEALTH_CHECKS']} (ita_portal/settings/env.py)"
    )
    server = Server(work, media, workers=3)
    say(f"  gunicorn (3 workers) up in {server.start():.1f} s")
    runner = Worker(work, media)
    worker = runner.start()
    coordinator = server.login("nathon_coordinator")
    public = requests.Session()
    pages = [
        (coordinator, "/o/nathon/progress/2570/"),
        (coordinator, "/o/nathon/oit/2570/readiness/"),
        (public, "/p/nathon/"),
        (public, "/p/"),
    ]
    results: list[tuple[float, float, str, str]] = []  # start, end, path, outcome
    stop = threading.Event()

    def read(session, path):
        while not stop.is_set():
            start = time.monotonic()
            try:
                response = session.get(server.base + path, timeout=10)
                outcome = str(response.status_code)
                if outcome != "200" and THAI_500 in response.text:
                    outcome += " Thai page"
            except requests.RequestException as error:
                outcome = type(error).__name__
            results.append((start, time.monotonic(), path, outcome))
            time.sleep(0.05)

    threads = [threading.Thread(target=read, args=page) for page in pages]
    for thread in threads:
        thread.start()
    time.sleep(3)
    # Down for a few seconds, as in a restart for an upgrade or a crash: stopped with
    # -m immediate (no clean shutdown, recovery at start), started with its own options.
    options = shlex.split((Path(os.environ["ITA_PG_DATA"]) / "postmaster.opts").read_text())
    options = [o for i, o in enumerate(options[1:]) if "-D" not in (o, options[i])]
    down = time.monotonic()
    stopped = pg_ctl("stop", "-m", "immediate", "-w")
    time.sleep(OUTAGE)
    started = pg_ctl(
        "start", "-w", "-t", "60", "-l", os.environ["ITA_PG_LOG"], "-o", shlex.join(options)
    )
    up = time.monotonic()
    check(
        stopped.returncode == 0 and started.returncode == 0,
        f"PostgreSQL stopped (-m immediate) and started again: down {up - down:.1f} s",
    )
    time.sleep(10)
    stop.set()
    for thread in threads:
        thread.join(timeout=15)

    before = [r for r in results if r[1] < down]
    after = [r for r in results if r[0] > up]
    bad_after = [r for r in after if r[3] != "200"]
    recovered = max((r[1] for r in bad_after), default=up) - up
    during = Counter(r[3] for r in results if r[1] >= down and r[0] <= up)
    say(f"  before the restart: {Counter(r[3] for r in before)}")
    say(f"  while PostgreSQL was down or restarting: {dict(during)}")
    say(f"  after it accepted connections again: {Counter(r[3] for r in after)}")
    say(
        f"  last failed answer {recovered:.2f} s after PostgreSQL was back"
        if bad_after
        else "  no failed answer to any request sent after PostgreSQL was back"
    )
    check(before and all(r[3] == "200" for r in before), "every page answered 200 before")
    answered = [r[3] for r in results if r[3] != "200" and r[3][0].isdigit()]
    check(
        all(outcome.endswith("Thai page") for outcome in answered),
        f"every failed answer ({len(answered)}) was the Thai error page",
    )
    check(recovered < 5, "the portal answers 200 again within 5 s, with no manual action")
    tail = [r for r in after if r[0] > up + 5]
    check(tail and all(r[3] == "200" for r in tail), f"all {len(tail)} requests after that: 200")
    check(
        all(r[3] == "200" for r in after[-len(pages) * 3 :]), "the last requests of every page: 200"
    )

    # The task worker started before the restart: does it still take work?
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from ita_portal.tasks import ping

    fresh_db()
    result = ping.enqueue(requested_by="drill")
    deadline = time.monotonic() + 20
    status = None
    while time.monotonic() < deadline:
        fresh_db()
        status = DBTaskResult.objects.get(id=result.id).status
        if status == TaskResultStatus.SUCCESSFUL or worker.poll() is not None:
            break
        time.sleep(0.2)
    alive = worker.poll() is None
    say(
        f"  db_worker started before the restart: {'running' if alive else 'exited'}, "
        f"a task enqueued after it: {status}"
    )
    if not alive:
        say(f"    {runner.log.read_text()[-1500:]}")
    check(
        alive and status == TaskResultStatus.SUCCESSFUL,
        "the task worker runs a task after the restart",
    )
    runner.stop()
    server.stop()


# --- Drill 3: the media disk is full ---------------------------------------------------------


def drill_full_disk(work: Path, media: Path) -> None:
    say("\n== Drill 3: a full media disk (a real tmpfs) ==")
    command = ["unshare", "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        command += ["--user", "--map-root-user"]
    command += [PY, __file__, "--inside-namespace", str(work)]
    done = subprocess.run(command, timeout=300, check=False)  # noqa: S603
    check(done.returncode == 0, f"the drill in its mount namespace (exit status {done.returncode})")


def full_disk_inside(work: Path) -> int:
    """Run in a private mount namespace: the media folder is a small tmpfs nobody else sees,
    gone when this process and its server end."""
    media = work / "full-media"
    media.mkdir(exist_ok=True)
    mount = ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(media)]
    subprocess.run(mount, check=True)  # noqa: S603
    django_setup(media)
    server = Server(work, media)
    say(f"  media: tmpfs of 8 MiB at {media}; gunicorn up in {server.start():.1f} s")
    staff = server.login("nathon_staff_klang")
    step = asset_step()
    version, output, rows = progress_state(step)

    filler = media / "filler"
    stat = os.statvfs(media)
    filler.write_bytes(b"\0" * (stat.f_bavail * stat.f_frsize - 3 * MiB))
    free = lambda: os.statvfs(media).f_bavail * os.statvfs(media).f_frsize / MiB  # noqa: E731
    files = media_files(media)
    say(f"  filled: {free():.2f} MiB free")

    typed = "ข้อความที่พิมพ์ตอนดิสก์เต็ม ต้องยังอยู่ในแบบฟอร์ม"
    big = pdf(6 * MiB, "full")  # over 5 MiB: Django spools it to TMPDIR, then copies it here
    response = send(
        staff,
        progress_request(
            server,
            staff,
            step,
            version=version,
            output=typed,
            file=("รายงานการตรวจนับฉบับเต็ม.pdf", big),
            caption="รายงานฉบับเต็ม",
        ),
    )
    page = response.text
    say(f"  progress upload of 6 MiB: {response.status_code}, {free():.2f} MiB free after")
    check(response.status_code == 200 and FULL_TEXT in page, f"the Thai message: “{FULL_TEXT}”")
    check(f"{typed}</textarea>" in page, "what was typed is still in the form")
    check(progress_state(step) == (version, output, rows), "no evidence row, no progress text")
    check(media_files(media) == files, "no partial file left on the disk")

    from django_scopes import scopes_disabled

    from oit_checklist.models import Evidence, ItemStatus

    fresh_db()
    with scopes_disabled():
        status = ItemStatus.objects.get(
            organisation__slug="nathon", fiscal_year__year=2570, item__title=PROCUREMENT_REPORT
        )
        oit_rows = Evidence.objects.filter(item_status=status).count()
    response = staff.post(
        f"{server.base}/o/nathon/oit/items/{status.pk}/evidence/",
        data={"csrfmiddlewaretoken": staff.cookies["csrftoken"]},
        files={"file": ("ประกาศผลการจัดซื้อ.pdf", pdf(4 * MiB, "oit"), "application/pdf")},
        timeout=60,
    )
    say(f"  OIT evidence upload of 4 MiB (in memory): {response.status_code}")
    check(FULL_TEXT in response.text, "the OIT page gives the same Thai message")
    fresh_db()
    with scopes_disabled():
        check(Evidence.objects.filter(item_status=status).count() == oit_rows, "no OIT row")
    check(media_files(media) == files, "no partial file left on the disk")

    filler.unlink()
    say(f"  space freed: {free():.2f} MiB free")
    response = send(
        staff,
        progress_request(
            server,
            staff,
            step,
            version=version,
            output=typed,
            file=("รายงานการตรวจนับฉบับเต็ม.pdf", big),
            caption="รายงานฉบับเต็ม",
        ),
    )
    check(response.status_code == 302, "the same upload is saved once there is space (302)")
    _, new_output, new_rows = progress_state(step)
    check(new_output == typed and len(new_rows) == len(rows) + 1, "its text and its row are there")
    got = staff.get(f"{server.base}/o/nathon/evidence/{new_rows[-1][0]}/", timeout=30)
    check(sha(got.content) == sha(big), "the stored file downloads with its SHA-256")
    server.stop()
    if failures:
        say("  failed: " + "; ".join(failures))
    return 1 if failures else 0


# --- Main ------------------------------------------------------------------------------------

DRILLS = {
    "kill": drill_kill,
    "postgres": drill_postgres,
    "full-disk": drill_full_disk,
    "machines": drill_machines,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("drills", nargs="*", metavar="DRILL", help=f"any of {', '.join(DRILLS)}")
    parser.add_argument("--inside-namespace", metavar="WORK", help=argparse.SUPPRESS)
    args = parser.parse_args()
    unknown = set(args.drills) - set(DRILLS)
    if unknown:
        parser.error(f"unknown drill(s): {', '.join(sorted(unknown))}")
    args.drills = args.drills or list(DRILLS)
    if args.inside_namespace:
        return full_disk_inside(Path(args.inside_namespace))
    if "DATABASE_URL" not in os.environ:
        sys.exit("DATABASE_URL is not set: run through scripts/with-postgres.sh (make drills)")

    work = Path(tempfile.mkdtemp(prefix="ita-drills-"))
    media = work / "media"
    media.mkdir()
    try:
        started = time.monotonic()
        create_database()
        if set(args.drills) - {"machines"}:  # that one loads its own database and bucket
            for step in (["migrate", "--noinput"], ["load_demo"]):
                done = manage(*step, media=media)
                if done.returncode != 0:
                    sys.exit(done.stderr[-3000:])
            say(f"database migrated and demo loaded in {time.monotonic() - started:.1f} s")
        django_setup(media)
        for name in args.drills:
            started = time.monotonic()
            DRILLS[name](work, media)
            say(f"  ({name}: {time.monotonic() - started:.1f} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say("")
    if failures:
        say(f"{len(failures)} check(s) failed:")
        for what in failures:
            say(f"  - {what}")
        return 1
    say("every drill passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
