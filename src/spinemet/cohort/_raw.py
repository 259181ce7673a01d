"""One table as a reader read it: cells, and how to point a person at a cell.

Kept apart from the validation (:mod:`spinemet.cohort._build`) so that the readers, the
cross-table checks and the validation all use it without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from spinemet.errors import CohortError

__all__ = ["RawTable"]


@dataclass(frozen=True)
class RawTable:
    """One table as read: cells, and how to point a person at a cell.

    ``rows`` holds the row number a person sees (sheet row, header = row 1) for each row;
    ``file`` names the file (and sheet); ``columns`` maps a cohort column to the column of the
    source per row, for tables made from a wide sheet (``total`` -> ``vas_m3``).
    """

    frame: pd.DataFrame
    name: str
    file: str | None = None
    rows: Sequence[int | str] | None = None
    columns: Mapping[str, np.ndarray] | None = None
    files: Sequence[str | None] | None = None
    """The file of each row, where rows come from several (a workbook's patients sheet with
    wide outcome columns beside its assessments sheet); else ``file`` for every row."""

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, name: str) -> RawTable:
        """A table built in Python: rows are reported by index label."""
        if not isinstance(frame, pd.DataFrame):
            raise CohortError(name, type(frame).__name__, "a pandas DataFrame", "not_a_table")
        labels = [label.item() if isinstance(label, np.generic) else label for label in frame.index]
        rows = [label if isinstance(label, (int, str)) else str(label) for label in labels]
        return cls(frame.reset_index(drop=True), name, None, rows)

    def locate(self, position: int) -> tuple[str | None, int | str]:
        """(file, row) of a row position."""
        file = self.files[position] if self.files is not None else self.file
        return file, (self.rows[position] if self.rows is not None else position + 1)

    def field(self, position: int, column: str) -> str:
        """The name of a cell's column as the user sees it."""
        if self.columns is not None and column in self.columns:
            return str(self.columns[column][position])
        return column if self.file is not None else f"{self.name}.{column}"

    @classmethod
    def concat(cls, first: RawTable, second: RawTable) -> RawTable:
        """The rows of ``first`` then ``second`` (same table), each still located in its file."""
        frame = pd.concat([first.frame, second.frame], ignore_index=True)
        columns = None
        if first.columns is not None or second.columns is not None:
            columns = {
                name: np.concatenate([part._source_columns(name) for part in (first, second)])
                for name in frame.columns
            }
        return cls(
            frame,
            first.name,
            first.file,
            [*first._row_numbers(), *second._row_numbers()],
            columns,
            [*first._row_files(), *second._row_files()],
        )

    def _row_numbers(self) -> list[int | str]:
        return list(self.rows) if self.rows is not None else list(range(1, len(self.frame) + 1))

    def _row_files(self) -> list[str | None]:
        return list(self.files) if self.files is not None else [self.file] * len(self.frame)

    def _source_columns(self, name: str) -> np.ndarray:
        if self.columns is not None and name in self.columns:
            return np.asarray(self.columns[name], dtype=object)
        return np.full(len(self.frame), name, dtype=object)
