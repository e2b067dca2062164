"""The public site of one organisation, included under /p/<slug:org>/ (see public.views)."""

from django.urls import path

from public import views as public

app_name = "public"

urlpatterns = [
    path("", public.organisation_home, name="organisation"),
    path("privacy/", public.privacy, name="privacy"),
    path("website-policy/", public.website_policy, name="website_policy"),
    path("sitemap/", public.site_map, name="site_map"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("eit/qr.svg", public.eit_qr, name="eit_qr"),
    path("eit/poster.pdf", public.eit_poster, name="eit_poster"),
    path("<int:year>/", public.year_home, name="year"),
    path("<int:year>/reports/<str:kind>/", public.report_newest, name="report"),
    path("<int:year>/reports/<str:kind>/pdf/", public.report_newest_pdf, name="report_pdf"),
    path(
        "<int:year>/reports/<str:kind>/v<int:version>/",
        public.report_version,
        name="report_version",
    ),
    path(
        "<int:year>/reports/<str:kind>/v<int:version>/pdf/",
        public.report_version_pdf,
        name="report_version_pdf",
    ),
    path("<int:year>/oit/", public.oit_index, name="oit_index"),
    path("<int:year>/oit/<int:item>/", public.oit_item, name="oit_item"),
    path(
        "<int:year>/oit/<int:item>/evidence/<int:evidence>/",
        public.oit_evidence,
        name="oit_evidence",
    ),
]
