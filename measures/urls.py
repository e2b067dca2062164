from django.urls import path

from . import views
from .plan_import import views as import_views

app_name = "measures"

# Included under /o/<slug:org>/. URL arguments are named after their models (the tenancy probe
# fills them by that name); `year` is the fiscal year in พ.ศ.
urlpatterns = [
    path("plan/<int:year>/", views.plan_detail, name="plan"),
    path("plan/<int:year>/results/", views.results_edit, name="results_edit"),
    path("plan/<int:year>/copy-forward/", views.plan_copy_forward, name="copy_forward"),
    path("plan/<int:year>/analysis/add/", views.analysis_add, name="analysis_add"),
    path("plan/<int:year>/measures/add/", views.measure_add, name="measure_add"),
    path("plan/<int:year>/lines/add/", views.indicator_line_add, name="indicator_line_add"),
    path("plan/<int:year>/import/", import_views.upload, name="plan_import"),
    path("plan/imports/<int:planimport>/", import_views.review, name="plan_import_review"),
    path(
        "plan/imports/<int:planimport>/discard/",
        import_views.discard,
        name="plan_import_discard",
    ),
    path("analysis/<int:analysispoint>/", views.analysis_edit, name="analysis_edit"),
    path("analysis/<int:analysispoint>/delete/", views.analysis_delete, name="analysis_delete"),
    path("measures/<int:measure>/", views.measure_edit, name="measure_edit"),
    path("measures/<int:measure>/delete/", views.measure_delete, name="measure_delete"),
    path("measures/<int:measure>/move/", views.measure_move, name="measure_move"),
    path("measures/<int:measure>/steps/add/", views.step_add, name="step_add"),
    path("steps/<int:measurestep>/", views.step_edit, name="step_edit"),
    path("steps/<int:measurestep>/delete/", views.step_delete, name="step_delete"),
    path("steps/<int:measurestep>/move/", views.step_move, name="step_move"),
    path("steps/<int:measurestep>/figures/add/", views.figure_add, name="figure_add"),
    path("figures/<int:servicetimefigure>/delete/", views.figure_delete, name="figure_delete"),
    path("lines/<int:indicatorline>/", views.indicator_line_edit, name="indicator_line_edit"),
    path(
        "lines/<int:indicatorline>/delete/",
        views.indicator_line_delete,
        name="indicator_line_delete",
    ),
    path("progress/<int:year>/", views.progress_list, name="progress"),
    path("progress/<int:year>/dashboard/", views.progress_dashboard, name="dashboard"),
    path("progress/steps/<int:measurestep>/", views.progress_step, name="progress_step"),
    path(
        "progress/lines/<int:indicatorline>/",
        views.progress_indicator_line,
        name="progress_indicator_line",
    ),
    path("evidence/<int:progressevidence>/", views.evidence_download, name="evidence_download"),
    path(
        "evidence/<int:progressevidence>/thumbnail/",
        views.evidence_thumbnail,
        name="evidence_thumbnail",
    ),
    path("evidence/<int:progressevidence>/delete/", views.evidence_delete, name="evidence_delete"),
]
