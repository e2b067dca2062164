from django.urls import path

from . import views

app_name = "reminders"

# Included under /o/<slug:org>/; URL arguments are named after their models (the tenancy probe
# fills them by that name).
urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path(
        "notifications/<int:notification>/read/",
        views.notification_read,
        name="notification_read",
    ),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("reminders/", views.reminder_settings, name="settings"),
    path("reminders/organisation/", views.organisation_reminders, name="organisation"),
]
