"""A person's own pages (under /accounts/): accept an invitation, the profile with their
memberships, Django's password change and reset in Thai. None of them is in an
organisation's scope: the person is the key."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ita_portal.errors import ServiceError
from ita_portal.security import client_ip

from . import selectors, services
from .account_forms import (
    InvitationAcceptForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SetPasswordForm,
)
from .enums import MemberAction


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request, token):
    try:
        invitation = services.invitation_find(token)
    except ServiceError as error:
        return render(
            request, "registration/invitation_invalid.html", {"reason": error.message}, status=410
        )
    user = invitation.membership.user
    form = InvitationAcceptForm(user, request.POST or None, initial={"username": user.username})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["new_password1"],
                ip=client_ip(request),
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                f"ยินดีต้อนรับสู่ ITA Portal ของ{invitation.organisation.name} "
                f"ครั้งต่อไปเข้าสู่ระบบด้วยชื่อผู้ใช้ {user.username}",
            )
            return redirect("organisations:dashboard", org=invitation.organisation.slug)
    context = {"form": form, "invitation": invitation, "person": user}
    return render(request, "registration/invitation_accept.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        if form.changed_data:
            form.save()
            services.person_event(
                user=request.user,
                action=MemberAction.PROFILE_CHANGED,
                actor=request.user,
                ip=client_ip(request),
            )
        messages.success(request, "บันทึกข้อมูลส่วนตัวแล้ว")
        return redirect("account")
    context = {"form": form, "memberships": selectors.memberships_of_user(user=request.user)}
    return render(request, "registration/account.html", context)


class _PasswordChangeView(auth_views.PasswordChangeView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}  # for authenticate()


password_change = _PasswordChangeView.as_view(
    form_class=PasswordChangeForm, success_url=reverse_lazy("password_change_done")
)
password_change_done = auth_views.PasswordChangeDoneView.as_view()
password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetForm,
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
)
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()
