"""Bring last year's plan in from Word and Excel (issue 23).

The coordinator uploads a DOCX or XLSX on ``/o/<org>/plan/<year>/import/``; the file is
checked like every upload and read with python-docx/openpyxl only (in the task worker when it
is large). What was read is kept as JSON on a ``PlanImport`` row (never the file), reviewed,
and confirmed or discarded; the row is gone after a day.

    reading    the file → tables (grids of cells with their merges) and paragraphs, as JSON
    columns    Thai column headers → fields; numbering labels; how a cell splits into steps
    divisions  responsible texts → the organisation's divisions, or unknown names
    interpret  the document and a column mapping → drafts of measures, steps, IIT/EIT lines
    drafts     what the review page shows, with the source text of what could not be read
    resolve    drafts and the coordinator's choices → what will be written, what still stops it
    selectors  reads; services  upload, read (worker), remap, confirm, discard, purge
    forms, views  the upload and review pages; ``manage.py import_plan`` the command line
"""
