"""What browsers and search engines ask for at the root: /robots.txt and /favicon.ico (issue 18)."""

import io

from PIL import Image


def test_robots_txt_keeps_staff_pages_out_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /o/",
        "Disallow: /accounts/",
        "Disallow: /site/",
        "Allow: /p/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_favicon_is_an_icon_a_browser_can_show(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert "max-age=604800" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"]


def test_every_page_names_the_favicon(client, nathon):
    assert (
        '<link rel="icon" href="/static/favicon.ico" sizes="any">'
        in client.get("/").content.decode()
    )
