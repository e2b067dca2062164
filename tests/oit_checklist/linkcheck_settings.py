"""The test settings, for a db_worker process that checks links on the test's 127.0.0.1 site."""

from ita_portal.settings.test import *  # noqa: F403

OIT_LINK_CHECK_ALLOW_PRIVATE = True
OIT_LINK_CHECK_DELAY = 0
OIT_LINK_CHECK_TIMEOUT = 2
