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


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are safe in a spreadsheet."""
    out = frame.copy()
    for name in _text_columns(out):
        out[name] = out[name].map(neutralise_text)
    return out


def restore_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (as read from a file) with the writers' marks taken off, in place."""
    for name in _text_columns(frame):
        frame[name] = frame[name].map(restore_text)
    return frame
