"""Tenancy, enforced in one place.

Every URL that carries an ``org`` slug lives under one of two prefixes:

* ``/o/<slug:org>/…``, the staff area: the visitor must be logged in (otherwise the login page)
  and hold an active Membership of that organisation (otherwise 404, never 403, so that an
  outsider learns nothing, not even that the organisation exists for them);
* ``/p/<slug:org>/…``, the public site: anyone may look.

In both, the view and the rendering of its template run inside
``django_scopes.scope(organisation=…)``: a query of a tenant-owned model outside that
scope raises ``ScopeError`` instead of quietly returning another organisation's rows.
The Django admin is the site administrator's tool across all organisations and runs with
scopes disabled.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.urls import Resolver404, resolve
from django_scopes import scope, scopes_disabled

from ita_portal import security

from .models import Membership, Organisation

STAFF_PREFIX = "o/<slug:org>/"
PUBLIC_PREFIX = "p/<slug:org>/"
ADMIN_NAMESPACE = "admin"


class TenancyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = None
        request.membership = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)

        if ADMIN_NAMESPACE in match.namespaces:
            # The site administrator works across organisations by design.
            with scopes_disabled():
                return self.get_response(request)

        slug = match.kwargs.get("org")
        if slug is None:
            return self.get_response(request)

        if not match.route.startswith((STAFF_PREFIX, PUBLIC_PREFIX)):
            raise ImproperlyConfigured(
                f"URL {match.route!r} takes an organisation but is neither under "
                f"{STAFF_PREFIX!r} nor {PUBLIC_PREFIX!r}"
            )
        organisation = Organisation.objects.filter(slug=slug, is_active=True).first()
        if organisation is None:
            raise Http404
        request.organisation = organisation

        with scope(organisation=organisation):
            if match.route.startswith(STAFF_PREFIX):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                membership = (
                    Membership.objects.filter(user=request.user, is_active=True)
                    .select_related("position")
                    .first()
                )
                if membership is None:
                    if Membership.objects.filter(user=request.user, is_active=False).exists():
                        # Deactivated here: the session ends at once, not at its expiry.
                        return security.end_session(
                            request,
                            "membership_deactivated",
                            "สิทธิ์ของท่านในหน่วยงานนี้ถูกยกเลิกแล้ว "
                            "หากเห็นว่าไม่ถูกต้อง กรุณาติดต่อผู้ประสานงาน ITA ของหน่วยงาน",
                        )
                    security.log_refusal(request, 404, "not_a_member")
                    raise Http404
                request.membership = membership
            return self.get_response(request)
