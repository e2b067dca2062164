"""The standard cast, from the demo data of the seeds (see organisations/demo.py):

* ``coordinator``: ว่าที่ร้อยตรีหญิง นิตยา สันหลี่, นิติกร of อบต.นาทอน
* ``staff_palad`` / ``staff_klang``: division staff of สำนักปลัด / กองคลัง
* ``approvers``: หัวหน้าสำนักปลัด → รองปลัด → ปลัด → นายก of นาทอน, in chain order
* ``outsider``: the coordinator of อบต.นาออก, who must never see นาทอน's data
* anonymous visitors use Django's plain ``client``.
"""

import os

import pytest
from django.core.cache import cache
from django.test import Client
from django_scopes import scopes_disabled
from pytest_django.plugin import validate_django_db

from ita_portal.demo import load_all_demo
from organisations.models import Organisation, User
from tests.demo_copy import restore_session_copy, take_session_copy
from tests.s3 import media_storage, s3_bucket, s3_server  # noqa: F401 - fixtures of every test

# Playwright's sync API runs an event loop in the test thread; the live server and the ORM
# calls of the journeys are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


def _database_use(item: pytest.Item) -> str | None:
    """``"transactional"``, ``"rollback"`` or None (no database), as pytest-django decides
    (its ordering in pytest_collection_modifyitems and its _django_db_helper)."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transactional = "transactional_db" in fixtures or "live_server" in fixtures
    if marker is not None:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        transactional = transactional or transaction or reset_sequences
    if transactional:
        return "transactional"
    if marker is not None or "db" in fixtures:
        return "rollback"
    return None


_flushed_by: list[str] = []  # the first transactional test of this process (or xdist worker)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a test that runs in a rolled-back transaction after a transactional test: that one
    emptied the tables, so the demo would be loaded again for it and for every test after it
    (as when a test parameter named like pytest-playwright's ``page`` fixture made pytest
    move the journeys forward). pytest-django runs the transactional tests last; keep it so."""
    use = _database_use(item)
    if use == "rollback" and _flushed_by:
        pytest.fail(
            f"{item.nodeid} runs in a rolled-back transaction after the transactional test "
            f"{_flushed_by[0]}, which emptied the database: the transactional tests must run "
            "last (did a test parameter or fixture change pytest's order?)",
            pytrace=False,
        )
    if use == "transactional" and not _flushed_by:
        _flushed_by.append(item.nodeid)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo data once into the test database (of this xdist worker), keeping a copy
    of the database before and after (tests/demo_copy.py). Each test runs in a transaction that
    is rolled back, so every test starts from the same demo; pytest-django runs the
    transactional tests (live server, worker) last, and those flush the tables, so ``demo``
    puts the copy back when the data is missing, and a transactional test without the demo
    starts from the database as `migrate` leaves it (``_migrated_for_transactional_tests``)."""
    with django_db_blocker.unblock():
        take_session_copy("migrated")
        load_all_demo(render_pdfs=False)  # see the `published` fixture of tests/reports
        take_session_copy("demo")


@pytest.fixture(autouse=True)
def _migrated_for_transactional_tests(request):
    """A transactional test that does not ask for the demo starts from the database as the
    migrations leave it, whatever ran before it in this process: the first transactional test
    would find the demo, a later one the tables that an earlier one's flush emptied, without
    the migrations' reference data (the ITA indicators, the OIT frameworks)."""
    if _database_use(request.node) == "transactional" and "demo" not in request.fixturenames:
        request.getfixturevalue("transactional_db")
        restore_session_copy("migrated")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the local-memory one of the test settings lives as
    long as the process): e.g. a PDF that one test asked the worker for is asked for again."""
    cache.clear()


@pytest.fixture
def demo(db):
    with scopes_disabled():
        if not Organisation.objects.filter(slug="nathon").exists():  # flushed: put it back
            restore_session_copy()


@pytest.fixture
def nathon(demo) -> Organisation:
    return Organisation.objects.get(slug="nathon")


@pytest.fixture
def naok(demo) -> Organisation:
    return Organisation.objects.get(slug="naok")


def _user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def coordinator(demo) -> User:
    return _user("nathon_coordinator")


@pytest.fixture
def staff_palad(demo) -> User:
    return _user("nathon_staff_palad")


@pytest.fixture
def staff_klang(demo) -> User:
    return _user("nathon_staff_klang")


@pytest.fixture
def approvers(demo) -> list[User]:
    names = ["nathon_head_palad", "nathon_deputy", "nathon_palad", "nathon_mayor"]
    return [_user(name) for name in names]


@pytest.fixture
def outsider(demo) -> User:
    return _user("naok_coordinator")


@pytest.fixture
def site_admin(demo) -> User:
    return _user("admin")


def verify_second_factor(client: Client, user: User) -> None:
    """Give ``client`` (logged in as ``user``) the second factor the way the person does: an
    authenticator app enrolled for them, and its current code typed on the verify page (the
    code computed by django-otp's own TOTP, as the app would)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="แอปยืนยันตัวตน", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    # A code is accepted once: a second client of the same test types the app's next code
    # (django-otp accepts one step ahead).
    counter = max(totp.t(), device.last_t + 1)
    assert counter <= totp.t() + device.tolerance, "no unused code left in this time step"
    totp.time = device.t0 + counter * device.step
    code = totp.token()
    response = client.post("/accounts/otp/verify/", {"code": f"{code:06d}", "next": "/"})
    assert response.status_code == 302, response.content.decode()


@pytest.fixture
def client_of():
    """``client_of(user)``: a test client logged in as ``user``; a site administrator (who
    must use a second factor) has given theirs too, once per test (the same client again)."""

    verified: dict[int, Client] = {}  # a site administrator's one browser in this test

    def make(user: User) -> Client:
        if user.is_staff and user.pk in verified:
            return verified[user.pk]
        client = Client()
        client.force_login(user)
        if user.is_staff:
            verify_second_factor(client, user)
            verified[user.pk] = client
        return client

    return make


@pytest.fixture
def unscoped():
    """Tests read tenant data across organisations to check what a page showed."""
    with scopes_disabled():
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded browser; the flags keep it off the (closed) network.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
