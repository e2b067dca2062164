"""The tenancy probe: every URL pattern of the staff area, discovered from the URLconf.

For each pattern under ``/o/<slug:org>/`` it fills the URL with the objects of อบต.นาทอน (from
the demo data) and checks that
* an anonymous visitor gets the login page (or 404), never data, for GET and POST;
* the coordinator of อบต.นาออก gets 404 at นาทอน's URL, for GET and POST;
* the coordinator of อบต.นาออก gets 404 at *her own* organisation's URL holding นาทอน's object
  ids (the view must look objects up inside the scope);
* a member of นาทอน does reach the page (so the probe tests real URLs, not typos).

A new URL needs no edit here: name each URL argument after its model (``<int:division>``
for a Division) and make ``load_demo`` create at least one such object for นาทอน.
"""

import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django_scopes import scopes_disabled

from organisations.middleware import STAFF_PREFIX
from organisations.models import FiscalYear, Organisation

ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


STAFF_ROUTES = sorted(
    route for route in _routes(get_resolver().url_patterns) if route.startswith(STAFF_PREFIX)
)


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


def _object_arguments(route: str) -> list[str]:
    return [m.group("name") for m in ARGUMENT.finditer(route) if m.group("name") != "org"]


@pytest.mark.parametrize("route", STAFF_ROUTES)
def test_anonymous_visitor_gets_the_login_page(route, client, nathon):
    url = _url(route, nathon.slug, nathon)
    for response in (client.get(url), client.post(url)):
        assert response.status_code in {302, 404}, url
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/?next="), url


@pytest.mark.parametrize("route", STAFF_ROUTES)
def test_member_of_another_organisation_gets_404(route, client_of, outsider, coordinator, nathon):
    url = _url(route, nathon.slug, nathon)
    insider = client_of(coordinator).get(url)
    assert insider.status_code not in {404, 500}, f"{url} is not a working URL for นาทอน"

    client = client_of(outsider)
    assert client.get(url).status_code == 404, url
    assert client.post(url).status_code == 404, url


@pytest.mark.parametrize(
    "route",
    [route for route in STAFF_ROUTES if set(_object_arguments(route)) - {"year", "kind"}],
)
def test_objects_of_another_organisation_are_404_inside_ones_own(
    route, client_of, outsider, naok, nathon
):
    url = _url(route, naok.slug, nathon)  # นาออก's area, นาทอน's object ids
    client = client_of(outsider)
    # 405 (a GET of a form action, a POST to a read-only page) answers before any lookup,
    # so it tells nothing either.
    assert client.get(url).status_code in {404, 405}, url
    assert client.post(url).status_code in {404, 405}, url
