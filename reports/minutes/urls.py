from django.urls import path

from reports.minutes import views

app_name = "minutes"

# Included under /o/<slug:org>/reports/. URL arguments are named after their models (the
# tenancy probe fills them by that name); `year` is the fiscal year in พ.ศ.
urlpatterns = [
    path("<int:year>/minutes/", views.meeting_list, name="list"),
    path("<int:year>/minutes/new/", views.meeting_create, name="create"),
    path("minutes/<int:meeting>/", views.meeting_edit, name="edit"),
    path("minutes/<int:meeting>/delete/", views.meeting_delete, name="delete"),
]
