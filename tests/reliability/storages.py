"""A media disk that is full: the operating system's answer (OSError ENOSPC) after part of the
file was written, exactly as FileSystemStorage meets it on a real full disk. Our code is not
simulated; the disk is. (`make drills` fills a real tmpfs for the same path.)"""

import errno
import os

from django.core.files.storage import FileSystemStorage


class FullDiskStorage(FileSystemStorage):
    def _save(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as half:
            half.write(next(iter(content.chunks()))[:100])  # the disk took this much
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)


FULL_DISK = {
    "default": {"BACKEND": "tests.reliability.storages.FullDiskStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
