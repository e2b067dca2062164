import pytest

from ita_portal.demo import load_all_demo

SCREENSHOTS = "var/screenshots"  # pytest-playwright empties test-results/ at each run


@pytest.fixture
def portal(live_server, transactional_db, demo):
    """The live portal with the demo data; returns its base URL. The demo's FY2567 results
    report waits approved with its publication queued (no PDF is rendered here): a journey that
    reads the published report asks for ``published_portal``."""
    return live_server.url


@pytest.fixture
def published_portal(portal):
    """``portal`` with the FY2567 results report published, its PDF rendered and stored, as
    `make run` serves the demo."""
    load_all_demo()  # on the demo already there: publishes the approved report
    return portal
