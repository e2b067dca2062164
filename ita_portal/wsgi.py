"""WSGI entry point for gunicorn: `gunicorn ita_portal.wsgi` with DJANGO_SETTINGS_MODULE set."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings.prod")
application = get_wsgi_application()
