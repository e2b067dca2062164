"""A task for the worker test: each run appends one line (the task's number and the worker's
process id) to a file, so that a second run of any task would show."""

import os
import time

from django_tasks import task


@task()
def record_run(number: int, path: str) -> int:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, f"{number} {os.getpid()}\n".encode())  # one write, appended atomically
    finally:
        os.close(fd)
    time.sleep(0.15)  # long enough that both workers are busy at once
    return number


@task()
def sleep_then_record(seconds: float, path: str) -> str:
    """Not known to be safe to run twice (it is not in ita_portal.workers.RERUNNABLE)."""
    time.sleep(seconds)
    with open(path, "a") as out:
        out.write(f"done {os.getpid()}\n")
    return "done"
