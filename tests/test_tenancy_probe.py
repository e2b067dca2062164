"""The tenancy probe: every URL pattern of the staff area, discovered from the URLconf.

For each pattern under ``/o/<slug:org>/`` it fills the URL with the objects of อบต.นาทอน (from
the demo data) and checks, for every HTTP method (GET, POST, PUT, PATCH, DELETE), that
* an anonymous visitor gets the login page (or 404), never data;
* a member of อบต.นาออก, in each role (coordinator, staff, approver, viewer), gets 404 at
  นาทอน's URL;
* the same members get, at *their own* organisation's URL holding นาทอน's object ids, exactly
  the answer they get for an id that exists nowhere (404, or a 403/405 given before any lookup):
  the view looks objects up inside the scope and tells nothing about other organisations;
* a member of นาทอน does reach the page (so the probe tests real URLs, not typos).

A new URL needs no edit here: name each URL argument after its model (``<int:division>``
for a Division) and make ``load_demo`` create at least one such object for นาทอน.

Speed: the demo data is loaded once per test, so each test walks every route and method and
reports all failures together, rather than one parametrised test (and one demo load) per route.
"""

import re

import pytest
from django.apps import apps
from django_scopes import scopes_disabled

from organisations.enums import Role
from organisations.middleware import STAFF_PREFIX
from organisations.models import Division, FiscalYear, Membership, Organisation, Position, User
from tests.routes import routes

ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


STAFF_ROUTES = routes(STAFF_PREFIX)


def test_the_probe_finds_the_staff_area():
    assert "o/<slug:org>/" in STAFF_ROUTES
    assert "o/<slug:org>/divisions/<int:division>/" in STAFF_ROUTES


def _tenant_model(name: str):
    for model in apps.get_models():
        if model._meta.model_name == name and any(
            field.name == "organisation" for field in model._meta.fields
        ):
            return model
    return None


def _object_value(name: str, organisation: Organisation):
    """The value of URL argument ``name`` for an object of ``organisation``."""
    with scopes_disabled():
        if name == "year":
            return FiscalYear.objects.filter(organisation=organisation).first().year
        if name == "kind":  # a document kind (reports/urls.py)
            return "plan"
        model = _tenant_model(name)
        if model is None:
            pytest.fail(
                f"URL argument <{name}> is not named after a tenant model: rename it so that "
                "the probe can fill it, or teach the probe its meaning"
            )
        obj = model.objects.filter(organisation=organisation).first()
        if obj is None:
            pytest.fail(f"load_demo creates no {model.__name__} for {organisation.slug}")
        return obj.pk


def _url(route: str, org_slug: str, objects_of: Organisation) -> str:
    def fill(match):
        name = match.group("name")
        if name == "org":
            return org_slug
        return str(_object_value(name, objects_of))

    return "/" + ARGUMENT.sub(fill, route)


def _url_with_missing_ids(route: str, organisation: Organisation) -> str:
    """The URL in ``organisation``'s area with ids that exist nowhere (the year stays real)."""

    def fill(match):
        name = match.group("name")
        if name == "org":
            return organisation.slug
        if name == "year":
            return str(_object_value(name, organisation))
        return MISSING_ID

    return "/" + ARGUMENT.sub(fill, route)


def _object_arguments(route: str) -> list[str]:
    return [m.group("name") for m in ARGUMENT.finditer(route) if m.group("name") != "org"]


METHODS = ["get", "post", "put", "patch", "delete"]
OUTSIDER_ROLES = [Role.COORDINATOR, Role.STAFF, Role.APPROVER, Role.VIEWER]
MISSING_ID = "2147483000"  # an id no demo object has


@pytest.fixture
def outsiders(naok, outsider) -> dict[str, User]:
    """One member of นาออก in each role (the demo has only its coordinator)."""
    people = {Role.COORDINATOR: outsider}
    with scopes_disabled():
        division = Division.objects.filter(organisation=naok).first()
        position = Position.objects.filter(organisation=naok, division__isnull=False).first()
        for role in OUTSIDER_ROLES[1:]:
            user = User.objects.create(username=f"naok_probe_{role}", first_name="ทดสอบ")
            membership = Membership.objects.create(
                organisation=naok, user=user, role=role, position=position
            )
            membership.divisions.set([division])
            people[role] = user
    return people


def _report(failures: list[str]) -> str:
    return f"{len(failures)} answers leak or fail:\n" + "\n".join(failures)


def test_anonymous_visitor_gets_the_login_page(client, nathon):
    failures = []
    for route in STAFF_ROUTES:
        url = _url(route, nathon.slug, nathon)
        for method in METHODS:
            response = getattr(client, method)(url)
            location = response.get("Location", "")
            if response.status_code == 404:
                continue
            if response.status_code != 302 or not location.startswith("/accounts/login/?next="):
                failures.append(f"{method.upper()} {url}: {response.status_code} {location}")
    assert not failures, _report(failures)


def test_every_staff_url_works_for_a_member(client_of, coordinator, nathon):
    client = client_of(coordinator)
    broken = []
    for route in STAFF_ROUTES:
        url = _url(route, nathon.slug, nathon)
        status = client.get(url).status_code
        if status in {404, 500}:
            broken.append(f"GET {url}: {status}")
    assert not broken, "not working URLs for นาทอน (the probe would test nothing):\n" + "\n".join(
        broken
    )


@pytest.mark.parametrize("role", OUTSIDER_ROLES)
def test_members_of_another_organisation_learn_nothing(role, outsiders, client_of, naok, nathon):
    client = client_of(outsiders[role])
    failures = []
    for route in STAFF_ROUTES:
        url = _url(route, nathon.slug, nathon)
        for method in METHODS:
            status = getattr(client, method)(url).status_code
            if status != 404:
                failures.append(f"{role} {method.upper()} {url}: {status}, not 404")

        if not set(_object_arguments(route)) - {"year", "kind"}:
            continue
        foreign = _url(route, naok.slug, nathon)  # นาออก's area, นาทอน's object ids
        missing = _url_with_missing_ids(route, naok)
        for method in METHODS:
            answer = getattr(client, method)(foreign).status_code
            baseline = getattr(client, method)(missing).status_code
            # 403/405 answered before any lookup tell nothing, as long as a missing id gets
            # the same answer.
            if answer not in {403, 404, 405} or answer != baseline:
                failures.append(
                    f"{role} {method.upper()} {foreign}: {answer} "
                    f"(an id that exists nowhere: {baseline})"
                )
    assert not failures, _report(failures)
