from django.urls import path

from . import views_preview

app_name = "reports"

# Included under /o/<slug:org>/reports/. `year` is the fiscal year (พ.ศ.); `kind` a document
# kind (memo, plan, progress, results, tables, book, minutes). The lead's report views join here.
urlpatterns = [
    path("<int:year>/preview/<str:kind>/", views_preview.preview, name="preview"),
    path("<int:year>/preview/<str:kind>.pdf", views_preview.preview_pdf, name="preview_pdf"),
]
