"""Cell writing shared by every workbook: safe text, one look per language, print setup.

Every value reaches a cell through `Sheet.put`, which is where input text is kept from turning
into a formula and where each cell gets the language's font (Chinese needs a font with CJK
glyphs; Excel's default Calibri has none).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.writers.labels import Labels, Lang, labels_for

CellValue = str | int | float | date | datetime | None

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
HOURS_FORMAT = "#,##0.0"
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"

# Excel evaluates text typed with these leading characters as a formula; input text must not be.
FORMULA_LEADS = ("=", "+", "-", "@")

# Pale fills: they print legibly in black and white and keep black text readable.
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
WEEKEND_HEADER_FILL = PatternFill("solid", fgColor="BFBFBF")
WEEKEND_FILL = PatternFill("solid", fgColor="EDEDED")
LEAVE_FILL = PatternFill("solid", fgColor="F8CBAD")
STANDBY_FILL = PatternFill("solid", fgColor="FFFFFF")
SHORTFALL_FILL = PatternFill("solid", fgColor="FCE4D6")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTER = Alignment(horizontal="center", vertical="center")
LEFT = Alignment(horizontal="left", vertical="center")
RIGHT = Alignment(horizontal="right", vertical="center")
MIDDLE = Alignment(vertical="center")
WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOTAL_BORDER = Border(left=THIN, right=THIN, top=Side(style="medium"), bottom=THIN)


@dataclass(frozen=True)
class Look:
    """The words and fonts of one language; every sheet of a workbook shares one Look."""

    lang: Lang
    text: Labels
    font_name: str
    body: Font
    bold: Font
    muted: Font
    small: Font
    title: Font
    section: Font

    def font(
        self, *, bold: bool = False, size: float | None = None, color: str | None = None
    ) -> Font:
        return Font(name=self.font_name, size=size or self.body.sz, bold=bold, color=color)


def look_for(lang: Lang) -> Look:
    text = labels_for(lang)
    # YaHei is taller than Calibri; one point less keeps the row heights of the English version.
    size = 10.0 if lang == "zh" else 11.0
    name = text.font_name
    return Look(
        lang=lang,
        text=text,
        font_name=name,
        body=Font(name=name, size=size),
        bold=Font(name=name, size=size, bold=True),
        muted=Font(name=name, size=size, color="808080"),
        small=Font(name=name, size=size - 3),
        title=Font(name=name, size=14, bold=True),
        section=Font(name=name, size=12, bold=True),
    )


class Sheet:
    """A worksheet written in one Look."""

    def __init__(self, ws: Worksheet, look: Look) -> None:
        self.ws = ws
        self.look = look
        self.text = look.text

    def put(self, row: int, column: int, value: CellValue, font: Font | None = None) -> Cell:
        cell = self.ws.cell(row=row, column=column)
        assert isinstance(cell, Cell)
        if isinstance(value, str):
            put_text(cell, value)
        else:
            cell.value = value
        cell.font = font or self.look.body
        return cell

    def put_row(
        self,
        row: int,
        values: Sequence[CellValue],
        first_column: int = 1,
        font: Font | None = None,
    ) -> list[Cell]:
        return [self.put(row, first_column + i, v, font) for i, v in enumerate(values)]

    def header(
        self, row: int, values: Sequence[CellValue], first_column: int = 1, *, wrap: bool = False
    ) -> list[Cell]:
        cells = self.put_row(row, values, first_column, self.look.bold)
        style_header(cells, wrap=wrap)
        return cells

    def title(self, row: int, column: int, text: str) -> Cell:
        return self.put(row, column, text, self.look.title)

    def section(self, row: int, column: int, text: str) -> Cell:
        return self.put(row, column, text, self.look.section)

    def widths(self, widths: Sequence[float], first_column: int = 1) -> None:
        for i, width in enumerate(widths):
            self.ws.column_dimensions[get_column_letter(first_column + i)].width = width


def put_text(cell: Cell, value: str) -> None:
    # openpyxl refuses control characters outright; a replacement mark beats a failed write.
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell.value = text
    if text.startswith(FORMULA_LEADS):
        # openpyxl has just made an '=...' string a formula. Forcing the string type keeps the
        # value intact on read-back; the quote prefix keeps Excel from evaluating it on edit.
        cell.data_type = "s"
        cell.quotePrefix = True


def style_header(cells: Iterable[Cell], *, wrap: bool = False) -> None:
    for cell in cells:
        cell.fill = HEADER_FILL
        cell.border = GRID
        cell.alignment = WRAP_CENTER if wrap else CENTER


def print_setup(
    sheet: Sheet, orientation: Literal["portrait", "landscape"], *, fit_width: bool = True
) -> None:
    """One page wide, as many pages tall as needed, with page numbers in the footer."""
    ws = sheet.ws
    ws.page_setup.orientation = orientation
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.75
    ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    footer = ws.oddFooter
    assert footer is not None
    # Footer text has its own font; without one Excel uses Calibri, which has no CJK glyphs.
    font = f"{sheet.look.font_name},Regular"
    footer.left.text = "&A"
    footer.center.text = sheet.text.footer_page
    footer.right.text = sheet.text.footer_printed
    for part in (footer.left, footer.center, footer.right):
        part.font = font
        part.size = 8


def print_data_sheet(sheet: Sheet) -> None:
    # Printing the whole workbook also prints these; keep every column on the page.
    print_setup(sheet, "portrait")
    sheet.ws.print_title_rows = "1:1"
    sheet.ws.print_options.gridLines = True
