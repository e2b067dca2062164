from django.urls import path

from reports.views import previews
from reports.views import reports as views

app_name = "reports"

# Included under /o/<slug:org>/reports/. URL arguments are named after their models (the
# tenancy probe fills them by that name); `year` is the fiscal year (พ.ศ.), `kind` a document
# kind (memo, plan, progress, results, tables, book, minutes).
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("queue/", views.queue, name="queue"),
    path("chains/", views.chain_list, name="chains"),
    path("chains/new/", views.chain_create, name="chain_create"),
    path("chains/<int:approvalchain>/", views.chain_edit, name="chain_edit"),
    path("<int:report>/", views.report_detail, name="detail"),
    path("<int:report>/memo/", views.memo_edit, name="memo_edit"),
    path("<int:report>/pdf/", views.report_pdf, name="pdf"),
    path("<int:report>/submit/", views.report_submit, name="submit"),
    path("<int:report>/withdraw/", views.report_withdraw, name="withdraw"),
    path("<int:report>/decide/", views.report_decide, name="decide"),
    path("<int:report>/publish/", views.report_publish, name="publish"),
    path("<int:report>/correct/", views.report_correct, name="correct"),
    path("<int:year>/preview/<str:kind>/", previews.preview, name="preview"),
    path("<int:year>/preview/<str:kind>.pdf", previews.preview_pdf, name="preview_pdf"),
]
