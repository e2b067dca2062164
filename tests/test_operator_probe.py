"""The operator probe: every URL pattern under /site/, discovered from the URLconf, is for
``is_staff`` users only. Anonymous visitors get the login page; a member of an organisation,
whatever their role, gets 404 for every method and changes nothing; the operator gets the page.
A new /site/ URL is probed without editing this file (its arguments: ``ARGUMENTS``)."""

import re

import pytest
from django_scopes import scopes_disabled

from oit_checklist.models import Framework
from organisations.models import Membership, Organisation, User
from tests.routes import routes

ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
SITE_ROUTES = routes("site/")


def test_the_probe_finds_the_operator_pages():
    assert "site/organisations/" in SITE_ROUTES
    assert "site/organisations/<int:organisation>/" in SITE_ROUTES


def _fill(route: str, organisation: Organisation) -> str:
    with scopes_disabled():
        framework = Framework.objects.order_by("year").first()  # the demo's FY2566
        values = {
            "organisation": organisation.pk,
            "framework": framework.pk,
            "oititem": framework.items.order_by("order").first().pk,
        }

    def fill(match):
        name = match.group("name")
        if name not in values:
            pytest.fail(f"teach the operator probe the meaning of <{name}> in {route}")
        return str(values[name])

    return "/" + ARGUMENT.sub(fill, route)


@pytest.mark.django_db
def test_operator_pages_answer_only_the_operator(client, client_of, nathon, site_admin):
    with scopes_disabled():
        members = [m.user for m in Membership.objects.filter(organisation=nathon)]
        before = (Organisation.objects.count(), Membership.objects.count(), User.objects.count())
    failures = []
    for route in SITE_ROUTES:
        url = _fill(route, nathon)
        for method in ("get", "post"):
            answer = getattr(client, method)(url)
            if answer.status_code != 302 or not answer.url.startswith("/accounts/login/"):
                failures.append(f"anonymous {method.upper()} {url}: {answer.status_code}")
            for user in members:
                answer = getattr(client_of(user), method)(url)
                if answer.status_code != 404:
                    failures.append(f"{user.username} {method.upper()} {url}: {answer.status_code}")
        answer = client_of(site_admin).get(url)
        if answer.status_code == 405 and "GET" not in answer.get("Allow", ""):
            continue  # an action (POST only, such as the ping or publishing a framework)
        if answer.status_code != 200:
            failures.append(f"operator GET {url} does not answer 200")
    assert failures == []
    with scopes_disabled():
        assert before == (
            Organisation.objects.count(),
            Membership.objects.count(),
            User.objects.count(),
        )
