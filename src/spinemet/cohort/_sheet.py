"""A sheet's cells as a person sees them: the CSV dialect, the header row, the row numbers.

Hospital sheets are not always plain: a CSV saved by a European Excel separates with ``;``; a
Chinese CSV may be GB18030 rather than UTF-8; a workbook often has a title row above the header
(``2017-2023 脊柱转移瘤手术患者``). :func:`read_sheet` reads every cell as text (CSV) or as the
cell's value (Excel), finds the separator and the header row, and says what it found, so
nothing is guessed silently: every finding is a note that the report shows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from spinemet._spreadsheet import restore_csv_frame
from spinemet.cohort._convert import filled_mask
from spinemet.errors import CohortError

__all__ = ["Sheet", "read_cells", "read_sheet", "sniff_separator"]

_SEPARATORS = ",;\t|"
_ENCODINGS = ("utf-8-sig", "gb18030")
_TITLE_SCAN_ROWS = 10


@dataclass(frozen=True)
class Sheet:
    """Cells under a header: ``frame`` (columns named by the header cells), ``rows`` (the
    sheet row of each frame row, 1-based as a spreadsheet shows it), ``header_row``, the
    ``separator`` of a CSV (``None`` for a workbook) and ``notes`` on what was found."""

    frame: pd.DataFrame
    rows: list[int]
    header_row: int
    separator: str | None
    notes: tuple[str, ...]


def sniff_separator(text: str) -> str:
    """The field separator of CSV text (``,``, ``;``, tab or ``|``; ``,`` when unsure).

    Examples
    --------
    >>> sniff_separator("id;age;vas_preop\\nP1;61;7,5\\n")
    ';'
    >>> sniff_separator("patient_id,age\\nP1,61\\n")
    ','
    """
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_SEPARATORS).delimiter
    except csv.Error:
        return ","


def _decode(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise CohortError(
        "file", str(path), "a CSV file in UTF-8 (or GB18030)", "unreadable_table", file=path.name
    )


def read_cells(
    path: Path, *, separator: str | None = None, sheet: str | int = 0
) -> tuple[pd.DataFrame, str | None, tuple[str, ...]]:
    """Every cell of a CSV or of one sheet of a workbook, no header; index = sheet row."""
    notes: list[str] = []
    if path.suffix.lower() == ".csv":
        text, encoding = _decode(path)
        if encoding != "utf-8-sig":
            notes.append(f"{path.name}: read as {encoding.upper()} (not UTF-8)")
        chosen = separator or sniff_separator(text)
        if chosen != "," and separator is None:
            notes.append(f"{path.name}: columns separated by {chosen!r}")
        try:
            cells = pd.read_csv(
                io.StringIO(text),
                sep=chosen,
                header=None,
                dtype=str,
                skip_blank_lines=False,
            )
        except (ValueError, pd.errors.ParserError) as error:
            raise CohortError(
                "file", str(path), f"a readable CSV file ({error})", "unreadable_table"
            ) from None
        cells = restore_csv_frame(cells)
        cells.index = pd.RangeIndex(1, len(cells) + 1)
        return cells, chosen, tuple(notes)
    try:
        cells = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object)
    except (ValueError, OSError) as error:
        raise CohortError(
            "file", str(path), f"a readable Excel workbook ({error})", "unreadable_table"
        ) from None
    cells.index = pd.RangeIndex(1, len(cells) + 1)
    return cells, None, tuple(notes)


def _filled(row: pd.Series) -> int:
    return int((row.notna() & (row.astype(str).str.strip() != "")).sum())


def find_header(cells: pd.DataFrame, declared: int | None = None) -> tuple[int, list[str]]:
    """The sheet row of the header and notes on the title rows above it.

    The header is the first row with at least two filled cells; rows above it with a single
    filled cell are titles (named in a note). ``declared`` (``header_row`` of the mapping
    file) overrides the search.
    """
    notes: list[str] = []
    if declared is not None:
        for number in [n for n in cells.index if n < declared]:
            row = cells.loc[number]
            texts = [str(v).strip() for v in row if pd.notna(v) and str(v).strip()]
            if texts:
                notes.append(f"row {number} read as a title, not data: {' '.join(texts)!r}")
        return declared, notes
    for number in list(cells.index)[:_TITLE_SCAN_ROWS]:
        row = cells.loc[number]
        filled = _filled(row)
        if filled >= 2:
            return int(number), notes
        if filled == 1:
            title = str(row[row.notna()].iloc[0]).strip()
            notes.append(f"row {number} read as a title, not data: {title!r}")
    return 1, []


def frame_under_header(cells: pd.DataFrame, header_row: int) -> tuple[pd.DataFrame, list[int]]:
    """The rows below ``header_row`` with the header cells as column names."""
    header: list[object] = list(cells.loc[header_row]) if header_row in cells.index else []
    below = cells.loc[cells.index > header_row]
    names = []
    keep = []
    for position, value in enumerate(header):
        name = "" if value is None or value != value else str(value).strip()  # NaN != NaN
        column = below.iloc[:, position]
        if not name and column.isna().all():
            continue  # an empty column beside the table
        names.append(name or f"column_{position + 1}")
        keep.append(position)
    frame = below.iloc[:, keep].copy()
    frame.columns = names
    filled = np.zeros(len(frame), dtype=bool)
    for position in range(frame.shape[1]):
        filled |= filled_mask(frame.iloc[:, position])
    frame = frame[filled]
    rows = [int(label) for label in frame.index]
    return frame.reset_index(drop=True), rows


def read_sheet(
    path: Path,
    *,
    separator: str | None = None,
    header_row: int | None = None,
    sheet: str | int = 0,
) -> Sheet:
    """Read a CSV or one sheet of a workbook under its header (found or declared)."""
    cells, chosen, notes = read_cells(path, separator=separator, sheet=sheet)
    row, header_notes = find_header(cells, header_row)
    frame, rows = frame_under_header(cells, row)
    return Sheet(frame, rows, row, chosen, (*notes, *(f"{path.name}: {n}" for n in header_notes)))
