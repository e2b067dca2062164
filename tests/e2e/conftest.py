import pytest

from oit_checklist.demo import load_oit_demo
from organisations.demo import load_demo

SCREENSHOTS = "var/screenshots"  # pytest-playwright empties test-results/ at each run


@pytest.fixture
def portal(live_server, transactional_db):
    """The live portal with the demo data; returns its base URL."""
    load_demo()
    load_oit_demo()
    return live_server.url
