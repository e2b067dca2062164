from django.urls import path

from . import views

app_name = "organisations"

# Included under /o/<slug:org>/ (see ita_portal.urls).
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("people/", views.people, name="people"),
    path("divisions/<int:division>/", views.division_detail, name="division_detail"),
    path("years/", views.fiscal_years, name="fiscal_years"),
    path("public-site/", views.public_site, name="public_site"),
]
