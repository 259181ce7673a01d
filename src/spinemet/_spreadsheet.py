"""Spreadsheets spinemet writes hold text as text: no cell ever becomes a formula.

A cell typed ``=HYPERLINK("http://...","click")`` in an input sheet is data. Written back
naively, openpyxl stores it as a live formula, and a spreadsheet program opens a CSV cell that
starts with ``=``, ``+``, ``-`` or ``@`` as one too (OWASP, "CSV Injection":
https://owasp.org/www-community/attacks/CSV_Injection). So:

- :func:`write_xlsx` writes every text cell with the string type (openpyxl's ``data_type
  "s"``): a leading ``=`` stays visible text, the cell's value is unchanged;
- :func:`neutralise_csv` prefixes a single quote to every *text* cell that starts with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return, as OWASP describes; numbers (a negative
  number is a number, not text) are left alone. :func:`restore_csv_text` undoes it when
  spinemet reads its own CSV back.

Every writer of a spreadsheet goes through here (``spinemet score --out``, the cohort writers,
the report's table workbook; the registry's exports later), each with a test.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "FORMULA_STARTS",
    "neutralise_csv",
    "restore_csv_frame",
    "restore_csv_text",
    "write_csv",
    "write_xlsx",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet program read a cell as a formula (OWASP)."""


def _neutral(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot start a formula (``'`` prefixed).

    Examples
    --------
    >>> frame = pd.DataFrame({"a": ['=HYPERLINK("x")', "ok", "-2"], "b": [-2.0, 1.0, 3.0]})
    >>> neutralise_csv(frame).to_dict("list")
    {'a': ['\\'=HYPERLINK("x")', 'ok', "'-2"], 'b': [-2.0, 1.0, 3.0]}
    """
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object or pd.api.types.is_string_dtype(out[name].dtype):
            out[name] = out[name].map(_neutral).astype(object)
    out.columns = [_neutral(str(name)) for name in out.columns]
    return out


def restore_csv_text(value: object) -> object:
    """The text :func:`neutralise_csv` protected: ``"'=1+1"`` -> ``"=1+1"``; others as given."""
    if isinstance(value, str) and value[:1] == "'" and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def restore_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`restore_csv_text` on every cell of a frame read from CSV as text (``dtype=str``).

    Each column's distinct texts are looked at once (a cohort of 40,000 patients has 7 million
    cells but few distinct values per column), and a column without a protected cell is kept
    as it is.

    Examples
    --------
    >>> restore_csv_frame(pd.DataFrame({"a": ["'=1+1", "'-2", "it's", None]}))["a"].tolist()
    ['=1+1', '-2', "it's", None]
    """
    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if column.dtype != object:
            continue
        codes, distinct = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
        restored = np.empty(len(distinct), dtype=object)
        restored[:] = [restore_csv_text(value) for value in distinct]
        changed = np.flatnonzero([a is not b for a, b in zip(restored, distinct, strict=True)])
        if not changed.size:
            continue
        values = column.to_numpy(dtype=object).copy()
        rows = np.isin(codes, changed)
        values[rows] = restored[codes[rows]]
        out.isetitem(position, values)
    return out


def write_csv(frame: pd.DataFrame, path: Path, **options: object) -> None:
    """``frame.to_csv`` with text cells neutralised (:func:`neutralise_csv`)."""
    neutralise_csv(frame).to_csv(path, **options)  # type: ignore[call-overload]


def write_xlsx(
    sheets: Mapping[str, pd.DataFrame], path: Path, *, index: bool = False, header: bool = True
) -> None:
    """Write ``sheets`` (name -> frame) as one workbook, every text cell typed as text.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> path = Path(tempfile.mkdtemp()) / "out.xlsx"
    >>> write_xlsx({"data": pd.DataFrame({"note": ['=HYPERLINK("http://x","click")']})}, path)
    >>> cell = openpyxl.load_workbook(path)["data"]["A2"]
    >>> cell.data_type, cell.value
    ('s', '=HYPERLINK("http://x","click")')
    """
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=index, header=header)
            for row in writer.sheets[name].iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # openpyxl took the text for a formula
                        cell.data_type = "s"
