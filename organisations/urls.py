from django.urls import path

from . import people_views, settings_views, views

app_name = "organisations"

# Included under /o/<slug:org>/ (see ita_portal.urls).
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("people/", people_views.people, name="people"),
    path("people/invite/", people_views.member_invite, name="member_invite"),
    path("people/<int:membership>/", people_views.member_detail, name="member_detail"),
    path(
        "people/<int:membership>/active/", people_views.member_set_active, name="member_set_active"
    ),
    path("people/<int:membership>/resend/", people_views.member_resend, name="member_resend"),
    path("divisions/<int:division>/", views.division_detail, name="division_detail"),
    path("settings/", settings_views.organisation_settings, name="settings"),
    path("settings/policies/", settings_views.organisation_policies, name="policies"),
    path("settings/divisions/", settings_views.divisions, name="divisions"),
    path("settings/divisions/<int:division>/", settings_views.division_edit, name="division_edit"),
    path("settings/positions/", settings_views.positions, name="positions"),
    path("settings/positions/<int:position>/", settings_views.position_edit, name="position_edit"),
    path("years/", views.fiscal_years, name="fiscal_years"),
    path("public-site/", views.public_site, name="public_site"),
]
