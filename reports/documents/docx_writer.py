"""Writing a Word document the way a Thai office's memo is set (python-docx, with the XML
python-docx has no API for): Thai runs with their complex-script font, size and bold, the
page setup and sections, tables as wide as the text whose header rows repeat (a row taller
than a third of a page may split), page numbers in Thai digits from page two, pictures, a TOC
field. ``reports.documents.docx`` writes each kind with it.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER, WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reports.documents.exports import wrapped_lines

DOCX_FONT = "TH Sarabun New"
BOX_FONT = "Segoe UI Symbol"  # ☐ ☑: TH Sarabun New has no such glyphs
BODY_PT = 16
TITLE_PT = 20
MEMO_TITLE_PT = 29
MEMO_LABEL_PT = 20  # ส่วนราชการ/ที่/วันที่/เรื่อง, as the correspondence rules set them


def _fonts(rpr, *, size: float | None = None, bold: bool = False, font: str = DOCX_FONT):
    """Font, size and bold for Latin *and* complex-script (Thai) text of one rPr element."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    if bold:
        for tag in ("w:b", "w:bCs"):
            if rpr.find(qn(tag)) is None:
                rpr.append(OxmlElement(tag))
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                rpr.append(element)
            element.set(qn("w:val"), str(int(size * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")
    # The schema fixes the order of rPr's children; Word rejects a file that breaks it.
    order = {qn(tag): index for index, tag in enumerate(_RPR_ORDER)}
    children = sorted(rpr, key=lambda child: order.get(child.tag, len(order)))
    for child in children:
        rpr.append(child)


# The order of w:rPr children in the OOXML schema (CT_RPr), as far as these exports use them.
_RPR_ORDER = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:color",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:lang",
)


class DocxWriter:
    """A Word document with the house style and small writing helpers."""

    def __init__(self):
        self.doc = Document()
        self.outline: list[str] = []  # the level-1 headings, for the table of contents
        self._toc_value = None
        self._defaults()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        self.margins(section)
        self._page_numbers(section)

    # -- set-up

    def _defaults(self):
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
            if rpr is not None:
                _fonts(rpr, size=BODY_PT)
        for name in ("Normal", "Table Grid", "Header", "Footer"):
            try:
                style = self.doc.styles[name]
            except KeyError:
                continue
            _fonts(style.element.get_or_add_rPr(), size=BODY_PT)
        normal = self.doc.styles["Normal"].paragraph_format
        normal.space_after = Pt(0)
        normal.space_before = Pt(0)
        normal.line_spacing = 1.0

    @staticmethod
    def margins(section, *, landscape: bool = False):
        if landscape:
            section.left_margin, section.right_margin = Cm(2), Cm(1.5)
            section.top_margin, section.bottom_margin = Cm(2), Cm(1.5)
        else:
            section.left_margin, section.right_margin = Cm(3), Cm(2)
            section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.header_distance = Cm(1)

    def _page_numbers(self, section):
        """ "- ๒ -" at the top centre from page two (the first page has an empty header)."""
        section.different_first_page_header_footer = True
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(paragraph, "- ")
        # A complex field, one part per run: begin, instruction, separate, shown value, end.
        for part in ("begin", "instr", "separate", "value", "end"):
            run = self.run(paragraph, "๒" if part == "value" else "")
            if part == "instr":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = " PAGE \\* ThaiArabic "
                run._r.append(instr)
            elif part != "value":
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), part)
                run._r.append(char)
        self.run(paragraph, " -")

    def landscape(self, *, first: bool = False):
        """A landscape section from a new page; with ``first``, the first section turns
        landscape (a document of wide tables only)."""
        if first:
            section = self.doc.sections[0]
        else:
            section = self.doc.add_section(WD_SECTION.NEW_PAGE)
            section.different_first_page_header_footer = False  # numbered from its first page
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        self.margins(section, landscape=True)

    def body_starts(self):
        """The front matter (cover, foreword, contents) ends: the pages before carry no number,
        the body is numbered from ๑ on a new page (its first page unnumbered, as a memo's),
        as the PDF book does."""
        front = self.doc.sections[-1]
        front.different_first_page_header_footer = False
        for paragraph in front.header.paragraphs:
            paragraph._p.getparent().remove(paragraph._p)
        front.header.add_paragraph()
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        start = OxmlElement("w:pgNumType")
        start.set(qn("w:start"), "1")
        section._sectPr.append(start)
        self._page_numbers(section)

    def portrait(self):
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        self.margins(section)

    def page_break(self):
        self.doc.add_page_break()

    # -- writing

    @staticmethod
    def run(paragraph, text: str, *, bold: bool = False, size: float | None = None, font=None):
        run = paragraph.add_run(text)
        _fonts(run._r.get_or_add_rPr(), size=size, bold=bold, font=font or DOCX_FONT)
        return run

    def para(
        self,
        text: str = "",
        *,
        bold: bool = False,
        size: float | None = None,
        align: str = "left",
        indent: float | None = None,
        first_line: float | None = None,
        before: float = 0,
        keep: bool = False,
    ):
        paragraph = self.doc.add_paragraph()
        if text:
            self.run(paragraph, text, bold=bold, size=size)
        fmt = paragraph.paragraph_format
        fmt.alignment = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "thai": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
        }[align]
        if indent is not None:
            fmt.left_indent = Cm(indent)
        if first_line is not None:
            fmt.first_line_indent = Cm(first_line)
        if before:
            fmt.space_before = Pt(before)
        if keep:
            fmt.keep_with_next = True
        return paragraph

    def heading(self, *lines: str, size: float = TITLE_PT, outline: bool = False):
        """Centred bold lines; with ``outline`` the first is a level-1 heading that the book's
        table of contents (a TOC field) lists."""
        first = True
        for line in lines:
            if line:
                paragraph = self.para(line, bold=True, size=size, align="center", keep=True)
                if outline and first:
                    outline_level(paragraph, 0)
                    self.outline.append(line)
                first = False

    def memo_field(self, parts: list[tuple[str, str]]):
        """A memo header line: each label at 20 pt bold, its value dotted underneath, and a
        dotted leader from the last value to the right margin (every wrapped line of a long
        เรื่อง stays dotted: the value's runs carry a dotted underline)."""
        paragraph = self.para()
        width = Cm(self.text_width_cm())
        tabs = paragraph.paragraph_format.tab_stops
        if len(parts) > 1:
            tabs.add_tab_stop(width // 2, WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.DOTS)
        tabs.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        for index, (label, value) in enumerate(parts):
            if index:
                self.run(paragraph, "\t")
            self.run(paragraph, label, bold=True, size=MEMO_LABEL_PT)
            run = self.run(paragraph, f" {value}")
            run.font.underline = WD_UNDERLINE.DOTTED
        self.run(paragraph, "\t")
        return paragraph

    def picture(self, source, *, width_cm: float, align: str = "center", indent=None):
        """An image (a path or a file object) in a paragraph of its own."""
        paragraph = self.para(align=align, indent=indent, keep=True)
        paragraph.add_run().add_picture(source, width=Cm(width_cm))
        return paragraph

    def toc(self, levels: str = "1-1"):
        """A table of contents field over the outline headings; Word and LibreOffice fill in
        the page numbers when the fields are updated (the file asks for that on opening).
        Until then the field shows the headings, one a line (written by ``bytes``)."""
        paragraph = self.para()
        for part in ("begin", "instr", "separate", "value", "end"):
            run = self.run(paragraph, "")
            if part == "value":
                self._toc_value = run
            if part == "instr":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = f' TOC \\o "{levels}" \\h \\z \\u '
                run._r.append(instr)
            elif part != "value":
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), part)
                if part == "begin":
                    char.set(qn("w:dirty"), "true")
                run._r.append(char)
        settings = self.doc.settings.element
        if settings.find(qn("w:updateFields")) is None:
            update = OxmlElement("w:updateFields")
            update.set(qn("w:val"), "true")
            settings.append(update)
        return paragraph

    def labelled(self, label: str, value: str, *, indent: float | None = None):
        paragraph = self.para(indent=indent)
        self.run(paragraph, label + " ", bold=True)
        self.run(paragraph, value)
        return paragraph

    def box_line(self, ticked: bool, text: str, *, indent: float = 1.5):
        paragraph = self.para(indent=indent, keep=True)
        self.run(paragraph, "☑" if ticked else "☐", font=BOX_FONT, size=14)
        self.run(paragraph, " " + text)
        return paragraph

    def signature(
        self, name: str, position: str, *, role: str = "", date_text: str = "", dated=False
    ):
        """(ลงชื่อ) ....., (name), position, [date]: kept together, right half of the page."""
        lines = [f"(ลงชื่อ) ........................................ {role}".rstrip()]
        lines.append(f"({name})" if name else "(........................................)")
        if position:
            lines.append(position)
        if dated:
            lines.append(date_text or "วันที่ ......./................/.......")
        for index, line in enumerate(lines):
            self.para(
                line,
                align="center",
                indent=6.5,
                before=18 if index == 0 else 0,
                keep=index < len(lines) - 1,
            )

    def text_width_cm(self) -> float:
        """The width between the margins of the section being written."""
        section = self.doc.sections[-1]
        return (section.page_width - section.left_margin - section.right_margin) / Cm(1)

    def text_height_cm(self) -> float:
        section = self.doc.sections[-1]
        return (section.page_height - section.top_margin - section.bottom_margin) / Cm(1)

    def table(self, headers: list[str], rows: list[list], widths_cm: list[float]):
        """A bordered table as wide as the text, whose header row repeats on every page. The
        widths are relative: scaled to the text width, written the same into the column grid
        (``w:tblGrid``, which LibreOffice lays out by) and into every cell. A row that fits a
        third of a page never splits; a taller one may (a row taller than a page that may not
        split is cut off in Word). A cell is a string or a list of strings (one paragraph
        each); a dict {"text", "bold"} makes a bold cell; a row whose first cell is
        {"group": text} spans the table."""
        scale = self.text_width_cm() / sum(widths_cm)
        widths = [width * scale for width in widths_cm]
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _grid(table, widths)
        header = table.rows[0]
        row_flags(header, header_row=True, split=False)
        for cell, text, width in zip(header.cells, headers, widths, strict=True):
            cell.width = Cm(width)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.run(paragraph, text, bold=True)
            shade(cell, "EEEEEE")
        tall = self.text_height_cm() / 3
        for values in rows:
            row = table.add_row()
            if values and isinstance(values[0], dict) and "group" in values[0]:
                row_flags(row, split=False)
                merged = row.cells[0].merge(row.cells[-1])
                merged.width = Cm(sum(widths))
                self.run(merged.paragraphs[0], values[0]["group"], bold=True)
                shade(merged, "F7F7F7")
                continue
            row_flags(row, split=_row_height_cm(values, widths) > tall)
            for cell, value, width in zip(row.cells, values, widths, strict=True):
                cell.width = Cm(width)
                self._cell(cell, value)
        self.para()
        return table

    def _cell(self, cell, value):
        bold = bold_first = False
        if isinstance(value, dict):
            bold, bold_first = value.get("bold", False), value.get("bold_first", False)
            value = value.get("text", "")
        parts = value if isinstance(value, list) else [value]
        parts = [str(p) for p in parts if p not in (None, "")] or [""]
        first = True
        for part in parts:
            for line in part.split("\n"):
                paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
                self.run(paragraph, line, bold=bold or (bold_first and first))
                first = False

    def bytes(self) -> bytes:
        if self._toc_value is not None:
            for index, line in enumerate(self.outline):
                if index:
                    self._toc_value.add_break()
                self._toc_value.add_text(line)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def outline_level(paragraph, level: int):
    ppr = paragraph._p.get_or_add_pPr()
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    ppr.append(element)
    _order(ppr, _PPR_ORDER)


# CT_PPr's children in schema order, as far as these exports use them.
_PPR_ORDER = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:widowControl",
    "w:numPr",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:spacing",
    "w:ind",
    "w:jc",
    "w:outlineLvl",
    "w:rPr",
)


def row_flags(row, *, header_row: bool = False, split: bool = True):
    trpr = row._tr.get_or_add_trPr()
    if not split:
        trpr.append(OxmlElement("w:cantSplit"))
    if header_row:
        trpr.append(OxmlElement("w:tblHeader"))


def _grid(table, widths_cm: list[float]):
    """The column grid and the table's width, fixed (Word and LibreOffice both lay out by
    the grid when the layout is fixed; python-docx writes an even split of the page)."""
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        column.set(qn("w:w"), str(Cm(width).twips))
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(sum(Cm(width).twips for width in widths_cm)))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    _order(tblpr, _TBLPR_ORDER)


# CT_TblPr's children in schema order.
_TBLPR_ORDER = (
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
)


def _order(element, tags):
    order = {qn(tag): index for index, tag in enumerate(tags)}
    for child in sorted(element, key=lambda child: order.get(child.tag, len(order))):
        element.append(child)


# TH Sarabun New at 16 pt: about 5.5 characters a centimetre of Thai (marks above and below
# take no width), 0.7 cm a line; the cell's margins take 0.4 cm of its width.
_CHARS_PER_CM = 5.5
_LINE_CM = 0.7


def _row_height_cm(values: list, widths_cm: list[float]) -> float:
    """A rough height of a row: its tallest cell's wrapped lines."""
    tallest = 0
    for value, width in zip(values, widths_cm, strict=False):
        if isinstance(value, dict):
            value = value.get("text", "")
        parts = value if isinstance(value, list) else [value]
        per_line = (width - 0.4) * _CHARS_PER_CM
        tallest = max(tallest, sum(wrapped_lines(part, per_line) for part in parts))
    return tallest * _LINE_CM


def shade(cell, colour: str):
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    tcpr.append(shading)


# ---- the memo and its approvals
