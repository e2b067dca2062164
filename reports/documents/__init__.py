"""Everything a report becomes on paper, from its data to its files:

* ``kinds``: the document kinds, and the report a document is rendered from;
* ``snapshot`` and ``content``: the data a document prints, frozen at submission;
* ``pdf``: HTML from the print templates, our URL fetcher, and WeasyPrint in a child process
  under time and memory limits; ``weasyprint_patches``: every patch of WeasyPrint, version-guarded;
* ``previews``: PDFs made by the task worker and kept in storage under the hash of what they print;
* ``docx`` and ``xlsx``: the editable exports; ``poster``: the EIT survey's poster and QR code.
"""
