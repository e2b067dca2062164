"""Development and the first run (`make run`): SQLite under var/, console e-mail."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

# `make run` serves the demo to people: the Thai 404/403/500 pages, not Django's English debug
# page. A developer who wants the debug page runs `DEBUG=1 make run`.
DEBUG = env_bool("DEBUG", False)
# A fixed key is fine on a developer's machine; prod refuses to start with it.
SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-ita-portal-key-do-not-use-in-production")

VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405 - the SQLite file and media live here
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The web server and the task worker write to one file: wait for each other's locks
    # instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
STATIC_ROOT = None  # WhiteNoise serves from the finders; `collectstatic` is for production
WHITENOISE_USE_FINDERS = True  # also without DEBUG, which would have let runserver serve them
WHITENOISE_AUTOREFRESH = True  # an edited CSS file is served at once, as runserver did
