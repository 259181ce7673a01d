"""Complications and the procedure kept on a one-row-per-patient sheet.

Many units keep one row per patient with the operation's figures and its complications beside
the outcomes. Read here:

- ``complication_<type>`` (yes/no; ``complication_infection``), with optional
  ``complication_<type>_grade`` (Clavien-Dindo) and ``complication_<type>_date``;
- ``complication``: the types as text, several separated by ``;`` ``,`` ``、`` (``none`` for
  none; free text is recoded to types in mapping.toml), with optional ``complication_grade``
  and ``complication_date`` (used when the row names one type);
- the procedure: ``procedure_type`` (default: none), ``procedure_date`` (default: the index
  date), ``operative_minutes``, ``blood_loss_ml``, ``cement_ml``, ``screw_levels``,
  ``cement_levels``, ``length_of_stay_days``.

An undated complication is kept; its timing is reported as unknown. With any complication
column the complications table counts as given (a patient with ``no`` everywhere had none);
without one it stays unknown.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from spinemet.cohort._classify import ColumnUse
from spinemet.cohort._columns import COMPLICATION_TYPES, Column, Kind
from spinemet.cohort._convert import blank_mask, convert
from spinemet.cohort._raw import RawTable

__all__ = ["PROCEDURE_FIELDS", "split_events"]

PROCEDURE_FIELDS = (
    "operative_minutes",
    "blood_loss_ml",
    "cement_ml",
    "screw_levels",
    "cement_levels",
    "length_of_stay_days",
    "cement_leakage_assessed",
    "cement_leakage_b_levels",
    "cement_leakage_s_levels",
    "cement_leakage_c_levels",
)
_SEPARATORS = re.compile(r"\s*[;,，、；/]\s*")  # noqa: RUF001  (Chinese punctuation too)
_NONE = frozenset({"none", "no", "nil", "无", "否", "0"})


def _event_columns(columns: list[str]) -> tuple[dict[str, str], list[str]]:
    flags = {}
    for name in columns:
        if name.startswith("complication_") and not name.endswith(("_grade", "_date")):
            flags[name] = name[len("complication_") :]
    used = [
        name
        for name in columns
        if name in flags
        or name in ("complication", "complication_grade", "complication_date")
        or any(name in (f"{flag}_grade", f"{flag}_date") for flag in flags)
    ]
    return flags, used


def split_events(
    frame: pd.DataFrame, rows: list[int], file: str | None
) -> tuple[pd.DataFrame, dict[str, RawTable], list[ColumnUse]]:
    """The patients frame without event columns, the complications / procedures tables made
    of them (cells as read, so validation reports them by their sheet column), their uses."""
    columns = list(map(str, frame.columns))
    flags, used = _event_columns(columns)
    procedure_used = [
        name for name in ("procedure_type", "procedure_date", *PROCEDURE_FIELDS) if name in columns
    ]
    tables: dict[str, RawTable] = {}
    uses: list[ColumnUse] = []
    ids = frame["patient_id"].to_numpy(dtype=object) if "patient_id" in columns else None
    if (flags or "complication" in columns) and ids is not None:
        records: list[dict[str, object]] = []
        sources: list[dict[str, str]] = []
        record_rows: list[int] = []
        for name, kind in flags.items():
            values, bad = convert(Column(name, Kind.BOOLEAN), frame[name])
            truthy = values.fillna(False).to_numpy(dtype=bool) | bad
            for position in np.flatnonzero(truthy):
                cell = frame[name].iat[position]
                records.append(
                    {
                        "patient_id": ids[position],
                        "type": kind if not bad[position] else cell,
                        "grade": _cell(frame, f"{name}_grade", position),
                        "date": _cell(frame, f"{name}_date", position),
                    }
                )
                sources.append({"type": name, "grade": f"{name}_grade", "date": f"{name}_date"})
                record_rows.append(rows[position])
            uses.append(ColumnUse(name, name, "event", f"complication {kind} (yes/no)"))
        if "complication" in columns:
            texts = frame["complication"]
            for position in np.flatnonzero(~blank_mask(texts)):
                parts = [p for p in _SEPARATORS.split(str(texts.iat[position]).strip()) if p]
                kinds = [p for p in parts if p.casefold() not in _NONE]
                for kind in kinds:
                    records.append(
                        {
                            "patient_id": ids[position],
                            "type": kind,
                            "grade": _cell(frame, "complication_grade", position)
                            if len(kinds) == 1
                            else None,
                            "date": _cell(frame, "complication_date", position)
                            if len(kinds) == 1
                            else None,
                        }
                    )
                    sources.append(
                        {
                            "type": "complication",
                            "grade": "complication_grade",
                            "date": "complication_date",
                        }
                    )
                    record_rows.append(rows[position])
            uses.append(
                ColumnUse(
                    "complication",
                    "complication",
                    "event",
                    "complication types: " + ", ".join(COMPLICATION_TYPES[:3]) + ", ...",
                )
            )
        for name in used:
            if name not in flags and name != "complication":
                uses.append(ColumnUse(name, name, "event", "of a complication"))
        table = pd.DataFrame(records, columns=["patient_id", "type", "grade", "date"])
        source_columns = {
            key: np.array([s[key] for s in sources], dtype=object)
            for key in ("type", "grade", "date")
        }
        source_columns["patient_id"] = np.full(len(table), "patient_id", dtype=object)
        tables["complications"] = RawTable(
            table, "complications", file, record_rows, source_columns
        )
    if procedure_used and ids is not None:
        # A row with any procedure cell is a procedure; without procedure_type its type is
        # missing and reported (never made up).
        filled = np.zeros(len(frame), dtype=bool)
        for name in procedure_used:
            if name != "procedure_date":
                filled |= ~blank_mask(frame[name])
        present = np.flatnonzero(filled)
        types = (
            frame["procedure_type"].to_numpy(dtype=object)
            if "procedure_type" in columns
            else np.full(len(frame), None, dtype=object)
        )
        data = {
            "patient_id": ids[present],
            "type": types[present],
            "date": (
                frame["procedure_date"]
                if "procedure_date" in columns
                else frame.get("index_date", pd.Series([None] * len(frame)))
            ).to_numpy(dtype=object)[present],
        }
        for name in PROCEDURE_FIELDS:
            if name in columns:
                data[name] = frame[name].to_numpy(dtype=object)[present]
        procedures = pd.DataFrame(data)
        mapping = {
            name: np.full(len(procedures), name, dtype=object) for name in procedures.columns
        }
        mapping["type"] = np.full(len(procedures), "procedure_type", dtype=object)
        mapping["date"] = np.full(
            len(procedures),
            "procedure_date" if "procedure_date" in columns else "index_date",
            dtype=object,
        )
        tables["procedures"] = RawTable(
            procedures, "procedures", file, [rows[i] for i in present], mapping
        )
        uses += [ColumnUse(name, name, "event", "of the procedure") for name in procedure_used]
        used += procedure_used
    remaining = frame.drop(columns=[name for name in used if name in columns])
    return remaining, tables, uses


def _cell(frame: pd.DataFrame, column: str, position: int) -> object:
    return frame[column].iat[position] if column in frame.columns else None
