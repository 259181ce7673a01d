"""Text cells safe to open in a spreadsheet (OWASP "CSV injection"): a text cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a formula by Excel,
LibreOffice or Google Sheets. The writers put a ``'`` in front of such a cell (the
spreadsheets' own mark for "this is text", not shown), and the readers take it off again, so a
cohort written and read back is unchanged.

The rule is reversible: a cell that already starts with quotes before such a character gets
one more quote on writing, and one quote is taken off on reading.

>>> neutralise_text("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise_text("-"), neutralise_text("'=1"), neutralise_text("breast")
("'-", "''=1", 'breast')
>>> [restore_text(neutralise_text(v)) for v in ("=1", "'=1", "@a", "a-b", "'quoted")]
['=1', "'=1", '@a', 'a-b', "'quoted"]
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["neutralise_frame", "neutralise_text", "restore_frame", "restore_text"]

_RISKY = re.compile(r"^'*[=+\-@\t\r]")
_MARKED = re.compile(r"^'+[=+\-@\t\r]")


def neutralise_text(value: Any) -> Any:
    """``value`` with a leading ``'`` if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and _RISKY.match(value):
        return "'" + value
    return value


def restore_text(value: Any) -> Any:
    """The inverse of :func:`neutralise_text` (for cells read from a file)."""
    if isinstance(value, str) and _MARKED.match(value):
        return value[1:]
    return value


def _text_columns(frame: pd.DataFrame) -> list[Any]:
    return [
        name
        for name in frame.columns
        if frame[name].dtype == object or pd.api.types.is_string_dtype(frame[name].dtype)
    ]


def _replaced(column: pd.Series, pattern: re.Pattern[str], change: Any) -> pd.Series | None:
    """``column`` with ``change`` applied to the cells matching ``pattern``, or ``None`` when
    none does (the common case: only the distinct values are looked at)."""
    hits = {
        value
        for value in pd.unique(column)
        if isinstance(value, str) and pattern.match(value) is not None
    }
    if not hits:
        return None
    return column.map(lambda value: change(value) if value in hits else value)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are safe in a spreadsheet."""
    out = frame.copy()
    for name in _text_columns(out):
        changed = _replaced(out[name], _RISKY, neutralise_text)
        if changed is not None:
            out[name] = changed
    return out


def restore_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (as read from a file) with the writers' marks taken off, in place."""
    for name in _text_columns(frame):
        changed = _replaced(frame[name], _MARKED, restore_text)
        if changed is not None:
            frame[name] = changed
    return frame
