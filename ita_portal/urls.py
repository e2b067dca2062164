from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from oit_checklist import operator_views as frameworks
from organisations import accounts, signature
from organisations.forms import LoginForm
from public import views as public
from public.sitemaps import PublicSitemap

from . import emblem, health, operator, site_files, two_factor, views

admin.site.site_header = "ITA Portal: ผู้ดูแลระบบ"
admin.site.site_title = "ITA Portal"

urlpatterns = [
    path("", views.home, name="home"),
    # For load balancers and monitoring (ita_portal/health.py): no login, no tenancy data.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # What browsers and search engines ask for at the root (ita_portal/site_files.py).
    path("robots.txt", site_files.robots_txt, name="robots_txt"),
    path("favicon.ico", site_files.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"public": PublicSitemap}},
        name="sitemap",
    ),
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
    path("site/emblem/", emblem.site_emblem, name="site_emblem"),
    path("site/emblem/image", emblem.site_emblem_image, name="site_emblem_image"),
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
    path("site/frameworks/", frameworks.frameworks, name="site_frameworks"),
    path("site/frameworks/reload/", frameworks.framework_reload, name="site_framework_reload"),
    path("site/frameworks/new/", frameworks.framework_draft_create, name="site_framework_new"),
    path(
        "site/frameworks/template.xlsx",
        frameworks.framework_template,
        name="site_framework_template",
    ),
    path("site/frameworks/<int:framework>/", frameworks.framework_detail, name="site_framework"),
    path(
        "site/frameworks/<int:framework>/publish/",
        frameworks.framework_publish,
        name="site_framework_publish",
    ),
    path(
        "site/frameworks/<int:framework>/delete/",
        frameworks.framework_delete,
        name="site_framework_delete",
    ),
    path(
        "site/frameworks/<int:framework>/export.tsv",
        frameworks.framework_export_tsv,
        name="site_framework_tsv",
    ),
    path(
        "site/frameworks/<int:framework>/export.xlsx",
        frameworks.framework_export_xlsx,
        name="site_framework_xlsx",
    ),
    path(
        "site/frameworks/<int:framework>/items/new/",
        frameworks.framework_item_add,
        name="site_framework_item_add",
    ),
    path(
        "site/frameworks/<int:framework>/items/<int:oititem>/",
        frameworks.framework_item_edit,
        name="site_framework_item",
    ),
    path(
        "site/frameworks/<int:framework>/items/<int:oititem>/remove/",
        frameworks.framework_item_remove,
        name="site_framework_item_remove",
    ),
    # The staff area of one organisation; the tenancy middleware guards everything below.
    path("o/<slug:org>/", include("organisations.urls")),
    path("o/<slug:org>/", include("measures.urls")),
    path("o/<slug:org>/oit/", include("oit_checklist.urls")),
    path("o/<slug:org>/reports/", include("reports.urls")),
    path("o/<slug:org>/reports/", include("reports.minutes.urls")),
    path("o/<slug:org>/reports/", include("reports.export_urls")),
    path("o/<slug:org>/", include("reminders.urls")),
    # The public site: the directory of organisations, then one organisation's published work.
    path("p/", public.directory, name="directory"),
    path("p/<slug:org>/", include("public.urls")),
    path(f"{settings.ADMIN_URL}", admin.site.urls),
]
