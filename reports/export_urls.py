from django.urls import path

from reports.documents.exports import DOCX_KINDS, XLSX_KINDS
from reports.views import exports as views

app_name = "report_exports"

# Included under /o/<slug:org>/reports/. One literal route per kind and format (the tenancy
# probe fills `year` only; a <kind> argument would not be named after a model).
urlpatterns = [
    *(
        path(
            f"<int:year>/export/{kind}.docx",
            views.export,
            {"kind": kind, "fmt": "docx"},
            name=f"{kind}_docx",
        )
        for kind in DOCX_KINDS
    ),
    *(
        path(
            f"<int:year>/export/{kind}.xlsx",
            views.export,
            {"kind": kind, "fmt": "xlsx"},
            name=f"{kind}_xlsx",
        )
        for kind in XLSX_KINDS
    ),
]
