"""The templates of an organisation's privacy notice (นโยบายคุ้มครองข้อมูลส่วนบุคคล) and website
policy (นโยบายเว็บไซต์): what the public site shows until the coordinator writes their own, and
the text the coordinator starts from (``templates/organisations/policies/*.txt``).

What they say the portal keeps is what the code does (keep them true when it changes):

* a visitor of the public pages gets no cookie and runs no script or font from elsewhere (the
  CSP allows only the portal itself; tests/public/test_policies.py checks the cookies); the
  portal's own log names a visitor only when it refuses a request (``access.refused`` in
  ``ita_portal.security``: time, IP address, method, path); the TLS proxy in front may keep an
  access log of its own;
* a member of the staff: the account (``organisations.models.User``: username, title, name,
  e-mail, password hash, signature scan, last login), the membership (role, divisions,
  position), the second factor's secret (django-otp), a LINE link and reminder preferences
  (``reminders``), the security log (logins, failures, logouts, ended sessions, refusals, each
  with the username and IP address), django-axes' failed attempts (username, IP address,
  browser) and the record of who entered, submitted and decided what (progress, reports'
  events and decisions).

Text blocks are separated by a blank line; a block of one line that starts with a number and a
full stop ("๑. ...") is a heading (``text_blocks`` of ``ita_portal/templatetags/plain_text.py``).
"""

from __future__ import annotations

from django.template.loader import render_to_string

from .models import Organisation


def contact_lines(organisation: Organisation) -> str:
    """The organisation's name, address, phone and e-mail, one a line (what it has of them)."""
    address = " ".join(
        part
        for part in [
            organisation.address,
            f"ตำบล{organisation.subdistrict}" if organisation.subdistrict else "",
            organisation.locality,
            organisation.postcode,
        ]
        if part
    )
    lines = [organisation.name, address]
    if organisation.phone:
        lines.append(f"โทรศัพท์ {organisation.phone}")
    if organisation.email:
        lines.append(f"อีเมล {organisation.email}")
    return "\n".join(lines)


def _render(name: str, organisation: Organisation) -> str:
    context = {"organisation": organisation, "contact": contact_lines(organisation)}
    return render_to_string(f"organisations/policies/{name}.txt", context).strip()


def default_privacy_notice(organisation: Organisation) -> str:
    return _render("privacy_notice", organisation)


def default_website_policy(organisation: Organisation) -> str:
    return _render("website_policy", organisation)


DEFAULTS = {
    "privacy_notice": default_privacy_notice,
    "website_policy": default_website_policy,
}


def policy_text(organisation: Organisation, field: str) -> str:
    """What the public page shows: the coordinator's text, or the template filled in."""
    return getattr(organisation, field) or DEFAULTS[field](organisation)
