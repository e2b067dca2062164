"""The staff views of reports: the reports and their chains (``reports``), the PDF previews
(``previews``) and the DOCX/XLSX exports (``exports``)."""
