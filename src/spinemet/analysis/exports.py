"""The report's tables for co-authors to edit: ``tables.docx`` (Word, python-docx) and
``tables.xlsx`` (Excel, openpyxl, every cell text as text: OWASP formula injection).

Both are written from the same :class:`~spinemet.analysis.journal.JournalTable` list as the
HTML report, in the report's language.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from spinemet._spreadsheet import write_xlsx
from spinemet.analysis.journal import JournalTable

__all__ = ["write_tables_docx", "write_tables_xlsx"]

_SHEET_NAME_LENGTH = 31  # Excel's limit


def write_tables_docx(
    tables: list[JournalTable], path: Path, *, title: str, banner: str | None = None
) -> None:
    """One Word document: each table with its title above and footnotes below, header row
    repeated on every page, rows never split across pages."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    if banner:
        document.add_paragraph(banner).runs[0].bold = True
    for number, table in enumerate(tables, 1):
        document.add_heading(f"Table {number}. {table.title}", level=2)
        grid = document.add_table(rows=1, cols=len(table.header))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        _repeat_header(grid.rows[0], OxmlElement, qn)
        for row in table.rows:
            cells = grid.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
        for row in grid.rows:
            _keep_row_together(row, OxmlElement, qn)
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(8)
        for note in table.footnotes:
            document.add_paragraph(note).runs[0].font.size = Pt(8)
    document.save(str(path))


def _repeat_header(row: object, element: object, qn: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = element("w:tblHeader")  # type: ignore[operator]
    header.set(qn("w:val"), "true")  # type: ignore[operator]
    properties.append(header)


def _keep_row_together(row: object, element: object, qn: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    cant_split = element("w:cantSplit")  # type: ignore[operator]
    cant_split.set(qn("w:val"), "true")  # type: ignore[operator]
    properties.append(cant_split)


def write_tables_xlsx(tables: list[JournalTable], path: Path) -> None:
    """One sheet per table: title, header, rows, a blank row, footnotes; text as text."""
    sheets: dict[str, pd.DataFrame] = {}
    for number, table in enumerate(tables, 1):
        width = len(table.header)
        lines = [
            [f"Table {number}. {table.title}", *[""] * (width - 1)],
            list(table.header),
            *[list(row) for row in table.rows],
            [""] * width,
            *[[note, *[""] * (width - 1)] for note in table.footnotes],
        ]
        name = f"{number} {table.key}"[:_SHEET_NAME_LENGTH]
        sheets[name] = pd.DataFrame(lines)
    write_xlsx(sheets, path, header=False)
