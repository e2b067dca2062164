"""Log formatting that needs nothing from Django (logging is configured before the apps load)."""

import datetime as dt
import logging


class UtcFormatter(logging.Formatter):
    """``2026-11-23T09:14:03.512Z WARNING ita_portal.security login.failed user=…``: security
    events carry UTC timestamps, whatever TIME_ZONE says."""

    def __init__(self, fmt: str | None = None, datefmt: str | None = None, style: str = "%"):
        super().__init__(fmt or "%(asctime)s %(levelname)s %(name)s %(message)s", datefmt, style)

    def formatTime(self, record, datefmt=None):
        moment = dt.datetime.fromtimestamp(record.created, tz=dt.UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
