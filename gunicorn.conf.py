"""gunicorn's settings, read when gunicorn starts in this folder (`gunicorn ita_portal.wsgi`).

forwarded_allow_ips: the peers whose X-Forwarded-Proto (and other forwarded headers) gunicorn
believes are the proxies of the Django settings' ITA_TRUSTED_PROXIES, so that gunicorn and the
portal trust the same machines (README, Production). The settings module is the one the WSGI
application will load (prod by default), read here without starting Django.
"""

import importlib
import os

_settings = importlib.import_module(
    os.environ.get("DJANGO_SETTINGS_MODULE") or "ita_portal.settings.prod"
)
forwarded_allow_ips = ",".join(str(network) for network in _settings.ITA_TRUSTED_PROXIES)

# Requests gunicorn refuses itself (a URL over 4,094 bytes: 414) get a Thai page.
worker_class = "ita_portal.gunicorn_workers.ThaiSyncWorker"
