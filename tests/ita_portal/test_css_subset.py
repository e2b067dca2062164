"""The portal serves a subset of Bootstrap's stylesheet (static/vendor/bootstrap/
bootstrap.subset.min.css, made by scripts/purge-css.sh, issue 18). A template that starts using
a Bootstrap class the subset left out would lose its style without a sound: this finds it."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BOOTSTRAP = ROOT / "static/vendor/bootstrap"
CLASS_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
TEMPLATE_TAGS = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
PYTHON_CLASS = re.compile(r'"class": "([^"]*)"')
APPS = [
    "ita_portal",
    "organisations",
    "measures",
    "oit_checklist",
    "reports",
    "reminders",
    "public",
]


def _selectors(path: Path) -> set[str]:
    return set(CLASS_SELECTOR.findall(path.read_text(encoding="utf-8")))


def _classes_used() -> dict[str, str]:
    """Each class written in a template's class attribute or a widget's attrs, with a file."""
    used: dict[str, str] = {}
    templates = list((ROOT / "templates").rglob("*.html"))
    python = []
    for app in APPS:
        templates += (ROOT / app).rglob("*.html")
        python += (ROOT / app).rglob("*.py")
    for path, pattern in [(p, CLASS_ATTRIBUTE) for p in templates] + [
        (p, PYTHON_CLASS) for p in python
    ]:
        for value in pattern.findall(path.read_text(encoding="utf-8")):
            for name in TEMPLATE_TAGS.sub(" ", value).split():
                used.setdefault(name, str(path.relative_to(ROOT)))
    return used


def test_every_bootstrap_class_a_template_uses_is_in_the_subset():
    full = _selectors(BOOTSTRAP / "bootstrap.min.css")
    subset = _selectors(BOOTSTRAP / "bootstrap.subset.min.css")
    used = _classes_used()
    assert {"navbar-toggler", "list-group-item", "visually-hidden-focusable"} <= used.keys()
    missing = sorted(f"{name} ({where})" for name, where in used.items() if name in full - subset)
    assert not missing, "run scripts/purge-css.sh and commit its result: " + ", ".join(missing)


def test_the_pages_load_the_subset_not_the_whole_stylesheet():
    for template in ["templates/base.html", "templates/_error_page.html"]:
        text = (ROOT / template).read_text(encoding="utf-8")
        assert "bootstrap/bootstrap.subset.min.css" in text, template
        assert "bootstrap/bootstrap.min.css" not in text, template
