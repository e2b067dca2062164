from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from organisations import signature
from organisations.forms import LoginForm
from reports import public

from . import two_factor, views

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
    path("accounts/signature/", signature.signature, name="signature"),
    path("accounts/signature/image/", signature.signature_image, name="signature_image"),
    path("accounts/otp/", two_factor.setup, name="otp_setup"),
    path("accounts/otp/qr.svg", two_factor.qr_code, name="otp_qr"),
    path("accounts/otp/verify/", two_factor.verify, name="otp_verify"),
    path("site/", views.site_status, name="site_status"),
    path("site/ping/", views.site_ping_worker, name="site_ping_worker"),
    # The staff area of one organisation; the tenancy middleware guards everything below.
    path("o/<slug:org>/", include("organisations.urls")),
    path("o/<slug:org>/", include("measures.urls")),
    path("o/<slug:org>/oit/", include("oit_checklist.urls")),
    path("o/<slug:org>/reports/", include("reports.urls")),
    path("o/<slug:org>/reports/", include("reports.minutes_urls")),
    path("o/<slug:org>/reports/", include("reports.export_urls")),
    # The public site: the directory of organisations, then one organisation's published work.
    path("p/", public.directory, name="directory"),
    path("p/<slug:org>/", include("reports.public_urls")),
    path(f"{settings.ADMIN_URL}", admin.site.urls),
]
