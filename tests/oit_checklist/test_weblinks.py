"""Which URLs leave the organisation's main website."""

import pytest

from oit_checklist.weblinks import OFF_SITE, ON_SITE_BUT_OUTSIDE_EXPECTED, is_on_site, url_warning

SITE = "https://www.nathon.go.th"


@pytest.mark.parametrize(
    ("url", "on_site"),
    [
        ("https://www.nathon.go.th/about", True),
        ("http://nathon.go.th/about", True),
        ("https://eservice.nathon.go.th/form", True),
        ("https://www.facebook.com/nathon.satun", False),
        ("https://nathon.go.th.example.com/", False),
        ("https://notnathon.go.th/", False),
    ],
)
def test_on_site(url, on_site):
    assert is_on_site(url, SITE) is on_site


def test_warnings():
    assert url_warning("https://drive.google.com/x", website=SITE, points_outside=False) == OFF_SITE
    assert url_warning("https://www.facebook.com/x", website=SITE, points_outside=True) == ""
    assert (
        url_warning("https://www.nathon.go.th/", website=SITE, points_outside=True)
        == ON_SITE_BUT_OUTSIDE_EXPECTED
    )
    assert url_warning("https://drive.google.com/x", website="", points_outside=False) == ""
