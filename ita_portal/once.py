"""One result per form: the same create POST sent twice (a double click, a browser resending,
two requests at once) creates its object once.

Every form of the portal carries a token made when its page is rendered (``{% form_token %}``,
next to ``{% csrf_token %}``). A view decorated with :func:`once_per_form` runs inside a
transaction that first records the token (unique per person): a second request with the same
token waits on that row until the first commits, and is then sent where the first one went
(its redirect) with a Thai message; if the first answered with a page instead (its form had
errors), its token is forgotten and the second runs as usual. A request without a token runs
unguarded: the services keep their own checks (``report_create`` locks the fiscal year).
"""

from __future__ import annotations

import functools
import re
import uuid
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html

FIELD = "ita_form_token"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEEP = timedelta(days=1)
AGAIN_TEXT = "รายการนี้บันทึกไปแล้วจากการกดส่งครั้งก่อน ระบบจึงไม่บันทึกซ้ำ และแสดงผลของครั้งแรกให้แทน"


def token_field() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, uuid.uuid4().hex)


def once_per_form(view):
    """Decorate a view whose successful POST creates something and redirects."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        from .models import SubmittedForm

        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not _TOKEN.match(token) or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            try:
                with transaction.atomic():  # waits here while the same token is in flight
                    row = SubmittedForm.objects.create(
                        user=request.user, token=token, path=request.path[:500]
                    )
            except IntegrityError:
                row = None
            if row is not None:
                response = view(request, *args, **kwargs)
                if response.status_code not in (301, 302, 303):
                    # A page instead of a redirect: the form had errors (the same form may be
                    # sent again) or the view shows its result itself (an activation sheet).
                    row.delete()
                    return response
                row.location = response["Location"]
                row.save(update_fields=["location"])
                SubmittedForm.objects.filter(
                    user=request.user, created_at__lt=timezone.now() - KEEP
                ).delete()
                return response
        first = SubmittedForm.objects.filter(user=request.user, token=token).first()
        messages.info(request, AGAIN_TEXT)
        return redirect(first.location if first and first.location else request.path)

    return guarded
