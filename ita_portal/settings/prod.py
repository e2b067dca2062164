"""Production: PostgreSQL, gunicorn behind a TLS proxy. Everything comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, STORAGES
from .env import env_bool, env_int, env_networks

if not SECRET_KEY or SECRET_KEY.startswith(("dev-", "test-")) or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY: set a random value of at least 50 characters for production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')"
    )
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL: production runs on PostgreSQL (postgres://…)")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
# Behind the TLS proxy on this host, the visitor's address is the last X-Forwarded-For entry
# it added (login throttling locks a username+address pair). A proxy elsewhere: list its
# addresses; none ("") when gunicorn faces the visitors itself.
ITA_TRUSTED_PROXIES = env_networks("ITA_TRUSTED_PROXIES", ["127.0.0.1/32", "::1/128"])

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
