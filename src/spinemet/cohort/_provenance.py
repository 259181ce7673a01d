"""Where a cohort came from: its files, their SHA-256, whether it is synthetic, what was done.

``results.json`` and every report carry this, so a reviewer can tell exactly which data produced
a number, and synthetic data are labelled as such wherever they go.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from spinemet.cohort._classify import ColumnUse
from spinemet.cohort._columns import TABLE_NAMES

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "OutsideWindow",
    "Provenance",
    "VisitAssignment",
    "content_sha256",
    "files_sha256",
]


@dataclass(frozen=True, slots=True)
class OutsideWindow:
    """An assessment whose date falls in no visit window: kept, with ``visit`` null.

    ``reason`` says where the day lies relative to the windows (``"between the windows of m3
    (day 77 to 105) and m6 (day 152 to 212)"``).
    """

    patient_id: str
    instrument: str
    date: str
    day: int
    file: str | None = None
    row: int | str | None = None
    reason: str = ""

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready data."""
        return {
            "patient_id": self.patient_id,
            "instrument": self.instrument,
            "date": self.date,
            "day": self.day,
            "file": self.file,
            "row": self.row,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class VisitAssignment:
    """How assessments got their visit: the windows used and what fell outside them.

    ``windows`` is the schedule's visits as text (``m3: day 77 to 105 (target 91)``);
    ``assigned`` counts, per visit code, assessments whose visit was set from their date;
    ``outside`` lists the dated assessments that fall in no window; ``mismatched`` lists rows
    whose given visit disagrees with their date when window checks are relaxed.
    """

    windows: tuple[str, ...] = ()
    assigned: Mapping[str, int] = field(default_factory=dict)
    outside: tuple[OutsideWindow, ...] = ()
    mismatched: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready data."""
        return {
            "windows": list(self.windows),
            "assigned_from_date": dict(self.assigned),
            "outside_every_window": [item.as_dict() for item in self.outside],
            "visit_date_mismatches": list(self.mismatched),
        }


@dataclass(frozen=True, slots=True)
class Provenance:
    """The origin of a cohort.

    ``sources`` are the paths read; ``sha256`` is the hex SHA-256 of the input bytes (one file),
    a hash over the sorted ``name:hash`` lines (several files), or of the tables' content for a
    cohort made in memory; ``synthetic`` is true for generated data; ``notes`` say what was
    converted or assumed (``"vas: 12 values converted from mm to 0-10"``); ``tables_given``
    names the tables that were given, even empty (a table not given is unknown, not empty).
    """

    sources: tuple[str, ...] = ()
    sha256: str = ""
    synthetic: bool = False
    notes: tuple[str, ...] = ()
    visit_assignment: VisitAssignment = field(default_factory=VisitAssignment)
    tables_given: tuple[str, ...] = TABLE_NAMES
    columns: tuple[ColumnUse, ...] = ()
    """Every column of the patients table (or wide sheet) and what it was read as."""
    no_follow_up: tuple[str, ...] = ()
    """Patients alive without a last contact date: follow-up unknown (not in survival)."""
    table1_summaries: tuple[tuple[str, str], ...] = ()
    """``(column, "mean_sd" | "median_iqr")`` pairs the folder's ``cohort.toml`` declares
    (``[summary]``) for Table 1; ``analyze --summary`` overrides them."""

    def baseline_columns(self) -> tuple[str, ...]:
        """The patients columns Table 1 may show: declared patient fields and columns the
        user declared as baseline (never unknown, identifier-like or outcome-like ones)."""
        return tuple(use.name for use in self.columns if use.use in ("patient_field", "baseline"))

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready data (what ``provenance.json`` and ``results.json`` hold)."""
        return {
            "sources": list(self.sources),
            "sha256": self.sha256,
            "synthetic": self.synthetic,
            "notes": list(self.notes),
            "visit_assignment": self.visit_assignment.as_dict(),
            "tables_given": list(self.tables_given),
            "columns": [use.as_dict() for use in self.columns],
            "no_follow_up": list(self.no_follow_up),
        }


def files_sha256(paths: Iterable[Path]) -> str:
    """SHA-256 of one file's bytes, or over the sorted ``name:sha256`` lines of several.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "patients.csv").write_bytes(b"patient_id\\n")
    >>> files_sha256([folder / "patients.csv"]) == hashlib.sha256(b"patient_id\\n").hexdigest()
    True
    """
    found = sorted(Path(path) for path in paths)
    digests = [(path.name, _file_digest(path)) for path in found]
    if len(digests) == 1:
        return digests[0][1]
    lines = "".join(f"{name}:{digest}\n" for name, digest in sorted(digests))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def content_sha256(tables: Mapping[str, pd.DataFrame]) -> str:
    """SHA-256 over the content of in-memory tables (names, columns, dtypes and values).

    Used for cohorts that were never a file (synthetic, built from a database extract); the
    same tables always give the same hash.
    """
    import pandas as pd

    digest = hashlib.sha256()
    for name in sorted(tables):
        frame = tables[name]
        digest.update(f"{name}\n{list(frame.columns)}\n{list(map(str, frame.dtypes))}\n".encode())
        if len(frame):
            hashed = pd.util.hash_pandas_object(frame, index=False)
            digest.update(hashed.to_numpy().tobytes())
    return digest.hexdigest()
