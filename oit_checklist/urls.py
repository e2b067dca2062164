from django.urls import path

from . import views

app_name = "oit_checklist"

# Included under /o/<slug:org>/oit/ (see ita_portal.urls). URL arguments are named after their
# model (``itemstatus``, ``evidence``) or ``year`` (พ.ศ.), so that the tenancy probe fills them.
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.checklist, name="checklist"),
    path("<int:year>/readiness/", views.readiness, name="readiness"),
    path("<int:year>/setup/", views.setup, name="setup"),
    path("<int:year>/assignments/", views.assignments, name="assignments"),
    path("<int:year>/copy-forward/", views.copy_forward, name="copy_forward"),
    path("<int:year>/review/", views.review, name="review"),
    path("<int:year>/link-check/", views.link_check, name="link_check"),
    path("<int:year>/itas/", views.itas, name="itas"),
    path("<int:year>/itas.xlsx", views.itas_xlsx, name="itas_xlsx"),
    path("<int:year>/move/", views.move, name="move"),
    path("items/<int:itemstatus>/", views.item_detail, name="item"),
    path("items/<int:itemstatus>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:evidence>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:evidence>/delete/", views.evidence_delete, name="evidence_delete"),
]
