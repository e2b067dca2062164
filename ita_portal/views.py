"""Pages outside any organisation: the landing page and the site administrator's status."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe
from django_tasks_db.models import DBTaskResult

from organisations import selectors
from public import views as public

from . import security
from .operator import operator_required, organisations_overview
from .tasks import ping


class LoginView(auth_views.LoginView):
    """Django's login, which also marks the browser as the person's (a device cookie: guessing
    their password elsewhere slows down, never this browser; see login_wait_seconds)."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        security.remember_device(response, form.get_user())
        return response


@require_safe
def home(request):
    """Visitors get the public directory of organisations; a logged-in person goes to their
    organisation, or chooses when they have several."""
    if not request.user.is_authenticated:
        return public.directory(request)
    memberships = selectors.memberships_of_user(user=request.user)
    if len(memberships) == 1:
        return redirect("organisations:dashboard", org=memberships[0].organisation.slug)
    if not memberships and request.user.is_staff:
        return redirect("site_organisations")
    return render(request, "home.html", {"memberships": memberships})


@operator_required
@require_safe
def site_status(request):
    context = {
        "organisations": organisations_overview(),
        "task_results": DBTaskResult.objects.order_by("-enqueued_at")[:5],
    }
    return render(request, "site_status.html", context)


@operator_required  # first: an outsider learns nothing, not even the allowed methods
@require_POST
def site_ping_worker(request):
    ping.enqueue(requested_by=request.user.username)
    messages.info(
        request,
        "ส่งงานทดสอบไปยังตัวประมวลผลเบื้องหลังแล้ว โหลดหน้านี้อีกครั้งในไม่กี่วินาทีเพื่อดูผล",
    )
    return redirect("site_status")
