"""Write a cohort as a folder of CSVs or Parquet files, an Excel workbook, or a wide sheet.

Whatever the format, what :func:`~spinemet.cohort.read_cohort` reads back is the same cohort:
dates ISO (``YYYY-MM-DD``), booleans ``true``/``false``, the schedule and the provenance beside
the tables. A synthetic cohort is marked twice: a ``synthetic`` column on every patient row (it
survives copying one file or sheet elsewhere) and ``synthetic: true`` in the provenance. Files
are written to a temporary name and moved into place, so a failed write leaves nothing half
done.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pandas as pd

from spinemet._files import write_atomically
from spinemet.cohort._cells import neutralise_frame
from spinemet.cohort._wide import to_wide
from spinemet.cohort.cohort import Cohort
from spinemet.errors import CohortError

__all__ = ["CohortFormat", "write_cohort"]

CohortFormat = Literal["csv", "parquet", "xlsx", "wide"]
_FORMATS = ("csv", "parquet", "xlsx", "wide")


def write_cohort(cohort: Cohort, path: str | Path, *, format: CohortFormat | None = None) -> Path:
    """Write ``cohort`` to ``path`` and return the path.

    Parameters
    ----------
    cohort
        The cohort to write.
    path
        A folder (``csv``, ``parquet``), an ``.xlsx`` file (``xlsx``) or a ``.csv``/``.xlsx``
        file (``wide``).
    format
        ``csv`` (folder of CSVs, plus ``schedule.json`` and ``provenance.json``), ``parquet``
        (the same as Parquet), ``xlsx`` (one sheet per table plus ``schedule`` and
        ``provenance`` sheets) or ``wide`` (one sheet of totals per visit, see
        :func:`~spinemet.cohort.to_wide`). Default: ``xlsx`` for a path ending in ``.xlsx``,
        ``wide`` for ``.csv``, else ``csv``.
    """
    target = Path(path)
    chosen = format or (
        "xlsx" if target.suffix.lower() == ".xlsx" else "wide" if target.suffix == ".csv" else "csv"
    )
    if chosen not in _FORMATS:
        raise CohortError("format", chosen, ", ".join(_FORMATS), "value_not_allowed")
    if chosen in ("csv", "parquet"):
        _write_folder(cohort, target, chosen)
    elif chosen == "xlsx":
        _atomic(target, lambda temporary: _write_workbook(cohort, temporary))
    else:
        wide = _for_file(to_wide(cohort))
        if target.suffix.lower() == ".xlsx":
            _atomic(target, lambda temporary: wide.to_excel(temporary, index=False))
        else:
            _atomic(target, lambda temporary: _to_csv(wide, temporary))
    return target


def _tables(cohort: Cohort) -> dict[str, pd.DataFrame]:
    tables = cohort.tables()
    if cohort.synthetic:
        patients = tables["patients"].copy()
        patients["synthetic"] = True
        tables["patients"] = patients
    return tables


def _for_file(frame: pd.DataFrame) -> pd.DataFrame:
    """Booleans as ``true``/``false`` text (as people and ``read_cohort`` read them); text
    that a spreadsheet would run as a formula marked as text (:mod:`._cells`)."""
    out = neutralise_frame(frame)
    for name in out.columns:
        if pd.api.types.is_bool_dtype(out[name].dtype):
            flags = out[name]
            out[name] = [None if pd.isna(flag) else ("true" if flag else "false") for flag in flags]
    return out


def _to_csv(frame: pd.DataFrame, path: Path) -> None:
    _for_file(frame).to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\n")


def _provenance_json(cohort: Cohort) -> str:
    data = cohort.provenance.as_dict()
    data["input_sha256"] = data.pop("sha256")  # the hash of what this cohort was read from
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _write_folder(cohort: Cohort, folder: Path, format: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in _tables(cohort).items():
        if not cohort.is_given(name) and frame.empty:
            continue
        suffix = ".csv" if format == "csv" else ".parquet"
        _atomic(folder / f"{name}{suffix}", _table_writer(frame, format))
    schedule = json.dumps(cohort.schedule.as_dict(), indent=2) + "\n"
    _atomic(folder / "schedule.json", lambda temporary: temporary.write_text(schedule))
    provenance = _provenance_json(cohort)
    _atomic(folder / "provenance.json", lambda temporary: temporary.write_text(provenance))


def _table_writer(frame: pd.DataFrame, format: str) -> Callable[[Path], object]:
    def write(temporary: Path) -> None:
        if format == "csv":
            _to_csv(frame, temporary)
        else:
            frame.to_parquet(temporary, index=False)

    return write


def _write_workbook(cohort: Cohort, path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in _tables(cohort).items():
            if not cohort.is_given(name) and frame.empty:
                continue
            _for_file(frame).to_excel(writer, sheet_name=name, index=False)
        schedule = pd.DataFrame([visit.as_dict() for visit in cohort.schedule.visits])
        schedule.to_excel(writer, sheet_name="schedule", index=False)
        provenance = cohort.provenance
        pairs = [
            ("synthetic", "true" if provenance.synthetic else "false"),
            ("input_sha256", provenance.sha256),
            *((f"source_{i}", source) for i, source in enumerate(provenance.sources, 1)),
            *((f"note_{i}", note) for i, note in enumerate(provenance.notes, 1)),
        ]
        pd.DataFrame(pairs, columns=["key", "value"]).to_excel(
            writer, sheet_name="provenance", index=False
        )


def _atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Write one file of the cohort atomically, creating its folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, write)
