"""Settings shared by every environment."""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_networks,
    env_replaced,
    env_storage,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("ITA_VAR_DIR", str(BASE_DIR / "var")))

# Overridden by dev/test with a fixed value and required by prod.
SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ita_portal",
    "organisations",
    "measures",
    "oit_checklist",
    "reports",
    "reminders",
    "public",
    # After ita_portal, whose `manage.py db_worker` (waits out a database outage) takes the
    # place of django_tasks_db's own (the first app in this list that has a command wins).
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Long URLs and Latin words of a page in a span that may break (see the module).
    "ita_portal.long_words.LongWordsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sees every response made for a logged-in person (also axes' lockout): private, no-store.
    "ita_portal.security.PrivatePagesMiddleware",
    # Bidi controls out, invisible-only text empty, before any form reads the POST.
    "ita_portal.text.TypedTextMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    # Idle/absolute session limits, disabled accounts; needs the user and the messages.
    "django.contrib.messages.middleware.MessageMiddleware",
    "ita_portal.security.SessionLimitsMiddleware",
    "ita_portal.security.RefusalLogMiddleware",  # every 403 into ita_portal.security
    "simple_history.middleware.HistoryRequestMiddleware",  # who made each change
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the authentication middleware: answers a locked-out login with the Thai page.
    "axes.middleware.AxesMiddleware",
    # Wraps the view and the rendering of its template in the scope.
    "organisations.middleware.TenancyMiddleware",
    # Inside the tenancy middleware, which has found the membership: an organisation that
    # requires a second factor for its coordinators and approvers sends them to verify it.
    "ita_portal.security.OtpRequiredMiddleware",
]

ROOT_URLCONF = "ita_portal.urls"
WSGI_APPLICATION = "ita_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organisations.context_processors.tenancy",
            ],
            "builtins": ["ita_portal.templatetags.thai", "ita_portal.templatetags.forms"],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses to even check a password while the username+IP pair is locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Django's validators with Thai messages (ita_portal/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "ita_portal.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "ita_portal.passwords.MinimumLengthValidator"},
    {"NAME": "ita_portal.passwords.CommonPasswordValidator"},
    {"NAME": "ita_portal.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("ภาษาไทย"))]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Files chosen in a form whose save was refused, kept a day for the same person (kept_uploads).
STORAGES = {
    # ITA_STORAGE=local (default): a folder, each upload flushed to disk before its database row
    # commits (ita_portal/uploads.py); ITA_STORAGE=s3: a bucket that every web and worker machine
    # shares (ita_portal/settings/env.py says which AWS_* variables it reads).
    "default": env_storage(),
    # prod uses WhiteNoise's compressed, hashed storage after `collectstatic`.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Evidence uploads: the largest file accepted, in MB (checked on the server, by content).
ITA_MAX_UPLOAD_MB = env_int("ITA_MAX_UPLOAD_MB", 20, minimum=1)
# A plan imported from Word/Excel (measures.plan_import) up to this size in KiB is read inside
# the request; a larger one by the task worker (files with pictures are large, their tables not).
ITA_IMPORT_INLINE_KB = env_int("ITA_IMPORT_INLINE_KB", 1024, minimum=1)
# Let a request carry a whole upload, so that our own check (with a Thai message) decides.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background work: Django's tasks API (the django-tasks backport) with the database
# backend, so that `manage.py db_worker` processes on any machine share one queue.
# PDF rendering (reports.documents.pdf) runs in a child process under these limits: seconds, and MiB
# of address space beyond what the parent process already holds.
DOCUMENT_RENDER_TIMEOUT = env_int("DOCUMENT_RENDER_TIMEOUT", 120, minimum=1)
DOCUMENT_RENDER_MEMORY_MB = env_int("DOCUMENT_RENDER_MEMORY_MB", 500, minimum=1)
# A task RUNNING longer than this (seconds) whose worker has not said it is alive for as long was
# abandoned (the worker was killed, its machine crashed): it is run again, or marked failed when
# it is not safe to run twice (ita_portal/workers.py). Longer than the PDF time limit.
TASK_ABANDONED_AFTER = env_int("TASK_ABANDONED_AFTER", DOCUMENT_RENDER_TIMEOUT + 60, minimum=2)

# /readyz (ita_portal/health.py) reports the task workers that beat within this many seconds;
# with ITA_READY_REQUIRE_WORKER it answers 503 when none did.
ITA_READY_WORKER_SECONDS = env_int("ITA_READY_WORKER_SECONDS", 60, minimum=1)
ITA_READY_REQUIRE_WORKER = env_bool("ITA_READY_REQUIRE_WORKER", False)

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ita-portal@localhost")
# The portal's own address, for links in e-mails (no trailing slash).
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# Each process keeps its own small cache (rendered bodies of published reports, about 40 KiB
# each, and short-lived flags); nothing in it is needed for correctness.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("ITA_CACHE_ENTRIES", 1000, minimum=10)},
    }
}

# Sessions: 12 h absolute (the cookie and the server-side check of the login time) and 3 h
# idle (ita_portal.security.SessionLimitsMiddleware); both can be shortened per deployment.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600, minimum=300)
# Days an invitation link (/accounts/invite/<token>/) stays valid; a password reset link follows
# Django's PASSWORD_RESET_TIMEOUT (3 days).
ITA_INVITATION_DAYS = env_int("ITA_INVITATION_DAYS", 7, minimum=1)
ITA_SESSION_IDLE_SECONDS = env_int("ITA_SESSION_IDLE_SECONDS", 3 * 3600, minimum=60)
ITA_SESSION_ABSOLUTE_SECONDS = SESSION_COOKIE_AGE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

MESSAGE_TAGS = {40: "danger"}  # Bootstrap calls the error colour "danger"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # Security events carry UTC timestamps (ISO 8601 with Z), whatever TIME_ZONE says.
        "utc": {"()": "ita_portal.log_format.UtcFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "security": {"class": "logging.StreamHandler", "formatter": "utc"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "ita_portal.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
        # axes logs the same events (with the IP) in its own words; ours are enough.
        "axes": {"level": "ERROR"},
    },
}

# Content-Security-Policy (django-csp 4): nothing inline, nothing from elsewhere. Bootstrap's
# CSS draws its icons from data: URIs, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Login throttling (django-axes): 5 failures of one username from one IP address lock that
# pair for 15 minutes. Locking the pair, never the username alone, so that nobody can lock
# another person out by guessing their name from many addresses.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "ita_portal.security.client_ip"
AXES_VERBOSE = False
# The reverse proxies in front of the portal (CIDRs). X-Forwarded-For is believed only from a
# request whose own address is in them (ita_portal.security.client_ip); gunicorn's
# forwarded_allow_ips (X-Forwarded-Proto) comes from the same list (gunicorn.conf.py).
# None by default: without a proxy, nothing a client writes in a header names its address.
env_replaced("ITA_TRUSTED_PROXY_COUNT", "ITA_TRUSTED_PROXIES (the proxies' addresses, CIDR)")
ITA_TRUSTED_PROXIES = env_networks("ITA_TRUSTED_PROXIES", [])
# Guessing one username from many addresses (each below the pair's lockout): after this many
# failures of the username within AXES_COOLOFF_TIME, its password is checked at most once per
# ITA_LOGIN_SLOWDOWN_SECONDS, except in a browser that logged in as it before (a signed device
# cookie), so that an attacker slows the guessing down without locking the person out.
ITA_LOGIN_USERNAME_LIMIT = env_int("ITA_LOGIN_USERNAME_LIMIT", 10, minimum=1)
ITA_LOGIN_SLOWDOWN_SECONDS = env_int("ITA_LOGIN_SLOWDOWN_SECONDS", 60, minimum=1)
ITA_DEVICE_COOKIE_DAYS = env_int("ITA_DEVICE_COOKIE_DAYS", 365, minimum=1)

# TOTP second factor (django-otp): the issuer shown in the authenticator app.
OTP_TOTP_ISSUER = "ITA Portal"
ADMIN_URL = env_str("ADMIN_URL", "admin/")

# Reminders (reminders/): the LINE Messaging API (only ever called with an organisation's own
# channel access token; the tests point it at a stub on 127.0.0.1) and its request time limit.
LINE_API_BASE_URL = env_str("LINE_API_BASE_URL", "https://api.line.me").rstrip("/")
LINE_API_TIMEOUT = env_int("LINE_API_TIMEOUT", 10, minimum=1)
