"""The test suite: PostgreSQL from DATABASE_URL (`make test` starts a throwaway cluster)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .env import env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "test-ita-portal-key")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; tests only
# Django's outbox; a worker that a journey starts may be given the file backend instead.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", "") or None
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True  # serve static files without collectstatic in the test run
STATIC_ROOT = None  # nothing is collected in tests; WhiteNoise reads the finders
# Uploads of one test process: each pytest-xdist worker makes its own folder here, so workers
# never see each other's files; a subprocess of a test (the task worker, restore, drills) is
# given its test's folder, or its own, through MEDIA_ROOT.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", "") or tempfile.mkdtemp(prefix="ita-test-media-"))
ITA_KEPT_UPLOADS_DIR = Path(tempfile.mkdtemp(prefix="ita-test-kept-uploads-"))
