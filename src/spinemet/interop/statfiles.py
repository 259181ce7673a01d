"""The cohort as SPSS (``.sav``) and Stata (``.dta``) files, with variable and value labels.

A folder with one file per table (``patients``, ``lesions``, ``procedures``, ``assessments``:
the long analysis dataset, one row per instrument at a visit, and ``complications``) and
``wide`` (one row per patient: the patient columns and ``<instrument>_<visit>`` totals), plus
``schedule.json``. Written with pyreadstat:

- variable labels: the patient and table fields' descriptions, the instruments' item labels,
  ``<instrument name>, visit <code>`` for a wide total (Stata: at most 80 characters);
- coded columns (sex, primary tumour, SINS items, Clavien-Dindo grade, ...) are stored as whole
  numbers 1, 2, ... in the order of their code list, with value labels ``code: label`` (the
  label from the instrument spec where there is one); whole-number items keep their value
  (Barthel 0/5/10, KPS) with the spec's labels; yes/no columns are 1/0 labelled
  ``true``/``false``; dates are dates;
- free text and identifiers stay text (Stata cannot label text).

:func:`read_statfiles` reads such a folder back into the same cohort.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from spinemet.cohort import DEFAULT_SCHEDULE, TABLE_NAMES, Cohort, VisitSchedule, to_wide
from spinemet.cohort._columns import TABLES, Kind
from spinemet.cohort._provenance import files_sha256
from spinemet.cohort._raw import RawTable
from spinemet.cohort.cohort import build_cohort
from spinemet.errors import CohortError, SpinemetInputError
from spinemet.instruments import INSTRUMENTS, ItemKind
from spinemet.interop.redcap_project import _LABELS

__all__ = ["StatFormat", "read_statfiles", "write_statfiles"]

StatFormat = Literal["spss", "stata"]
_SUFFIX = {"spss": ".sav", "stata": ".dta"}
_STATA_NAME, _STATA_LABEL = 32, 80


def _choice_label(code: str, label: str) -> str:
    return label if label.startswith(f"{code}:") or label == code else f"{code}: {label}"


def _item_choices(column: str, instruments: list[str]) -> list[tuple[object, str]] | None:
    """``(code, label)`` of an item column over the instruments present (None: no choices)."""
    pairs: dict[object, set[str]] = {}
    for code in instruments:
        for item in INSTRUMENTS[code].items:
            if item.name != column or not item.choices or item.kind is ItemKind.BOOLEAN:
                continue
            for choice in item.choices:
                pairs.setdefault(choice.code, set()).add(choice.label)
    if not pairs:
        return None
    return [
        (code, next(iter(labels)) if len(labels) == 1 else str(code))
        for code, labels in pairs.items()
    ]


def _column_choices(table: str, column: str) -> list[tuple[object, str]] | None:
    from spinemet.interop.redcap_project import _specific_choices

    declared = {entry.name: entry for entry in TABLES.get(table, ())}
    entry = declared.get(column)
    if entry is None or entry.kind is not Kind.CODE:
        if entry is not None and entry.kind is Kind.INTEGER and column in ("kps", "ecog"):
            spec = INSTRUMENTS[column]
            return [(choice.code, choice.label) for choice in spec.items[0].choices]
        return None
    specific = _specific_choices(entry)
    if specific is not None:
        return list(specific)
    return [(code, code) for code in entry.codes]


def _variable_label(table: str, column: str, instruments: list[str]) -> str:
    if table == "wide":
        for code in sorted(INSTRUMENTS, key=len, reverse=True):
            if column.startswith(code + "_"):
                return f"{INSTRUMENTS[code].name}, visit {column[len(code) + 1 :]}"
    if table == "assessments":
        for code in instruments:
            for item in INSTRUMENTS[code].items:
                if item.name == column:
                    return item.label
    return _LABELS.get(column, column.replace("_", " "))


def _encode(
    frame: pd.DataFrame, table: str, instruments: list[str]
) -> tuple[pd.DataFrame, dict[str, str], dict[str, dict[float, str]]]:
    out: dict[str, Any] = {}
    labels: dict[str, str] = {}
    value_labels: dict[str, dict[float, str]] = {}
    kinds = {entry.name: entry.kind for entry in TABLES.get(table, ())}
    source = "patients" if table == "wide" else table
    for column in frame.columns:
        series = frame[column]
        labels[column] = _variable_label(table, column, instruments)
        choices = _column_choices(source, column) if table != "assessments" else None
        if table == "assessments" and column not in kinds:
            choices = _item_choices(column, instruments)
        if ptypes.is_datetime64_any_dtype(series.dtype):
            out[column] = [None if pd.isna(value) else value.date() for value in series]
        elif ptypes.is_bool_dtype(series.dtype):
            out[column] = series.astype("float64").to_numpy()
            value_labels[column] = {0.0: "false", 1.0: "true"}
        elif choices is not None and all(isinstance(code, int) for code, _ in choices):
            out[column] = series.astype("float64").to_numpy()
            value_labels[column] = {
                float(code): _choice_label(str(code), label)  # type: ignore[arg-type]
                for code, label in choices
            }
        elif choices is not None:
            number = {str(code): float(rank) for rank, (code, _) in enumerate(choices, start=1)}
            out[column] = [np.nan if pd.isna(value) else number[str(value)] for value in series]
            value_labels[column] = {
                rank: _choice_label(str(code), label)
                for (code, label), rank in zip(choices, number.values(), strict=True)
            }
        elif ptypes.is_numeric_dtype(series.dtype):
            out[column] = series.astype("float64").to_numpy()
        else:
            out[column] = ["" if pd.isna(value) else str(value) for value in series]
    return pd.DataFrame(out, index=frame.index), labels, value_labels


def _tables(cohort: Cohort) -> dict[str, pd.DataFrame]:
    tables = {}
    for name, frame in cohort.tables().items():
        if not cohort.is_given(name) and frame.empty:
            continue
        tables[name] = frame
    patients = cohort.patients.copy()
    if cohort.synthetic:
        patients["synthetic"] = True
    tables["patients"] = patients
    wide = to_wide(cohort)
    if cohort.synthetic:
        wide["synthetic"] = True
    tables["wide"] = wide
    return tables


def _stata_order(data: pd.DataFrame, value_labels: dict[str, Any]) -> pd.DataFrame:
    """Columns ordered so that pyreadstat's label-set names fit Stata's 32 characters.

    pyreadstat names a variable's label set ``<variable><n>`` (``n`` counts the labelled
    variables so far); a 31-character name such as ``sins_posterolateral_involvement`` fits
    only with a one-digit ``n``, so long labelled names move to the front.
    """
    labelled = [name for name in data.columns if name in value_labels]
    if all(len(name) + len(str(rank)) <= _STATA_NAME for rank, name in enumerate(labelled)):
        return data
    first = sorted(labelled, key=len, reverse=True)[:9]
    return data[first + [name for name in data.columns if name not in first]]


def write_statfiles(cohort: Cohort, out: str | Path, *, format: StatFormat) -> Path:
    """Write the cohort as SPSS or Stata files into the folder ``out`` (created if needed).

    Raises
    ------
    CohortError
        A column name Stata cannot hold (more than 32 characters).
    """
    import pyreadstat

    if format not in _SUFFIX:
        raise CohortError("format", format, "spss, stata", "value_not_allowed")
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise SpinemetInputError("--out", str(target), "a folder", "not_a_folder")
    if not target.parent.is_dir():
        raise SpinemetInputError(
            "--out", str(target), "a path in an existing folder", "missing_folder"
        )
    instruments = [str(code) for code in cohort.instruments()]
    tables = _tables(cohort)
    if format == "stata":
        long = [f"{t}.{c}" for t, f in tables.items() for c in f.columns if len(c) > _STATA_NAME]
        if long:
            raise CohortError(
                "column", long[0], f"a name of at most {_STATA_NAME} characters (Stata)", "too_long"
            )
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, frame in tables.items():
            data, labels, value_labels = _encode(frame.reset_index(drop=True), name, instruments)
            path = temporary / f"{name}{_SUFFIX[format]}"
            if format == "spss":
                pyreadstat.write_sav(
                    data,
                    path,
                    column_labels=dict(labels),
                    variable_value_labels=value_labels,
                )
            else:
                data = _stata_order(data, value_labels)
                pyreadstat.write_dta(
                    data,
                    path,
                    column_labels={k: v[:_STATA_LABEL] for k, v in labels.items()},
                    variable_value_labels=value_labels,
                    version=15,
                )
        schedule = json.dumps(cohort.schedule.as_dict(), indent=2) + "\n"
        (temporary / "schedule.json").write_text(schedule, encoding="utf-8")
        target.mkdir(exist_ok=True)
        for path in temporary.iterdir():
            os.replace(path, target / path.name)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return target


def _decode(frame: pd.DataFrame, value_labels: dict[str, dict[float, str]]) -> pd.DataFrame:
    out = {}
    for column in frame.columns:
        series = frame[column]
        labels = value_labels.get(column)
        if labels:
            codes = {float(value): text.split(": ", 1)[0] for value, text in labels.items()}
            out[column] = [
                None if pd.isna(value) else codes.get(float(value), value) for value in series
            ]
        elif series.dtype == object:
            out[column] = [None if value == "" else value for value in series]
        else:
            out[column] = series.tolist()
    return pd.DataFrame(out, index=frame.index, dtype=object)


def read_statfiles(
    folder: str | Path, *, format: StatFormat, schedule: VisitSchedule | None = None
) -> Cohort:
    """Read a folder written by :func:`write_statfiles` back into a cohort (``wide`` is not
    read: it repeats the tables)."""
    import pyreadstat

    root = Path(folder)
    suffix = _SUFFIX[format]
    reader = pyreadstat.read_sav if format == "spss" else pyreadstat.read_dta
    if schedule is None and (root / "schedule.json").exists():
        data = json.loads((root / "schedule.json").read_text(encoding="utf-8"))
        schedule = VisitSchedule.from_dict(data, source=str(root / "schedule.json"))
    raw: dict[str, RawTable] = {}
    files = []
    for name in TABLE_NAMES:
        path = root / f"{name}{suffix}"
        if not path.exists():
            continue
        files.append(path)
        try:
            frame, meta = reader(str(path), dates_as_pandas_datetime=True)
        except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, OSError) as error:
            raise CohortError(
                "file", str(path), f"a readable {format} file ({error})", "unreadable_file"
            ) from None
        decoded = _decode(frame, meta.variable_value_labels)
        rows = list(range(1, len(decoded) + 1))
        raw[name] = RawTable(decoded.reset_index(drop=True), name, path.name, rows)
    if "patients" not in raw:
        raise CohortError(
            "patients",
            str(root / f"patients{suffix}"),
            f"a patients{suffix} in the folder",
            "missing_table",
        )
    return build_cohort(
        raw,
        schedule=schedule or DEFAULT_SCHEDULE,
        synthetic=False,
        vas_unit="cm",
        check_visit_windows=True,
        sources=tuple(str(path) for path in files),
        sha256=files_sha256(files),
    )
