import pytest

from ita_portal.demo import load_all_demo

SCREENSHOTS = "var/screenshots"  # pytest-playwright empties test-results/ at each run


@pytest.fixture
def portal(live_server, transactional_db):
    """The live portal with the demo data; returns its base URL."""
    load_all_demo()
    return live_server.url
