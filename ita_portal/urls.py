from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from organisations import accounts, signature
from organisations.forms import LoginForm
from reports import public

from . import operator, two_factor, views

admin.site.site_header = "ITA Portal: ผู้ดูแลระบบ"
admin.site.site_title = "ITA Portal"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", accounts.account, name="account"),
    path("accounts/invite/<str:token>/", accounts.invitation_accept, name="invitation_accept"),
    path("accounts/password_change/", accounts.password_change, name="password_change"),
    path(
        "accounts/password_change/done/",
        accounts.password_change_done,
        name="password_change_done",
    ),
    path("accounts/password_reset/", accounts.password_reset, name="password_reset"),
    path("accounts/password_reset/done/", accounts.password_reset_done, name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", accounts.password_reset_complete, name="password_reset_complete"),
    path("accounts/signature/", signature.signature, name="signature"),
    path("accounts/signature/image/", signature.signature_image, name="signature_image"),
    path("accounts/otp/", two_factor.setup, name="otp_setup"),
    path("accounts/otp/qr.svg", two_factor.qr_code, name="otp_qr"),
    path("accounts/otp/verify/", two_factor.verify, name="otp_verify"),
    path("site/", views.site_status, name="site_status"),
    path("site/ping/", views.site_ping_worker, name="site_ping_worker"),
    path("site/organisations/", operator.site_organisations, name="site_organisations"),
    path(
        "site/organisations/new/",
        operator.site_organisation_create,
        name="site_organisation_create",
    ),
    path(
        "site/organisations/<int:organisation>/",
        operator.site_organisation,
        name="site_organisation",
    ),
    # The staff area of one organisation; the tenancy middleware guards everything below.
    path("o/<slug:org>/", include("organisations.urls")),
    path("o/<slug:org>/", include("measures.urls")),
    path("o/<slug:org>/oit/", include("oit_checklist.urls")),
    path("o/<slug:org>/reports/", include("reports.urls")),
    path("o/<slug:org>/reports/", include("reports.minutes_urls")),
    path("o/<slug:org>/reports/", include("reports.export_urls")),
    path("o/<slug:org>/", include("reminders.urls")),
    # The public site: the directory of organisations, then one organisation's published work.
    path("p/", public.directory, name="directory"),
    path("p/<slug:org>/", include("reports.public_urls")),
    path(f"{settings.ADMIN_URL}", admin.site.urls),
]
