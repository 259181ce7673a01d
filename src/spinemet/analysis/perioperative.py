"""The perioperative table and complications by Clavien-Dindo grade.

A surgical series reports what the operation was (operative time, blood loss, cement volume,
levels instrumented and cemented, length of stay where given) and how bad its complications
were (Clavien-Dindo grade: Dindo D, Demartines N, Clavien PA. Classification of surgical
complications. Ann Surg. 2004;240(2):205-213). Both are computed from the cohort's procedures
and complications tables; a field not recorded for anyone is left out, never shown as zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from spinemet.analysis.complications import clopper_pearson

__all__ = ["CLAVIEN_DINDO_ORDER", "clavien_dindo_table", "perioperative_table"]

CLAVIEN_DINDO_ORDER = ("I", "II", "IIIa", "IIIb", "IVa", "IVb", "V")
"""Grades in increasing severity (Dindo et al. 2004, Table 1)."""

_MEASURES = (
    ("operative_minutes", "Operative time, min"),
    ("blood_loss_ml", "Blood loss, mL"),
    ("cement_ml", "Cement volume, mL"),
    ("levels_instrumented", "Levels instrumented"),
    ("levels_cemented", "Levels cemented"),
    ("length_of_stay_days", "Length of stay, days"),
)


def _count_levels(text: object) -> float:
    if not isinstance(text, str) or not text.strip():
        return np.nan
    return float(len([part for part in text.replace(";", ",").split(",") if part.strip()]))


def perioperative_table(procedures: pd.DataFrame) -> pd.DataFrame | None:
    """One row per measure: ``variable``, ``label``, ``n``, ``mean``, ``sd``, ``median``,
    ``q1``, ``q3``, ``min``, ``max``; then one row per procedure type (``n``, ``percent``).

    ``None`` when there are no procedures. Levels are counted from ``screw_levels`` and
    ``cement_levels`` (``"T11,T12,L1"`` is 3 levels).

    Examples
    --------
    >>> procedures = pd.DataFrame({"type": ["pvp", "pvp", "pkp"],
    ...                            "operative_minutes": [60.0, 90.0, 120.0],
    ...                            "cement_levels": ["T12", "T12,L1", None]})
    >>> table = perioperative_table(procedures)
    >>> table[["variable", "n", "mean", "median"]].values.tolist()[:2]
    [['operative_minutes', 3, 90.0, 90.0], ['levels_cemented', 2, 1.5, 1.5]]
    """
    if procedures is None or len(procedures) == 0:
        return None
    frame = procedures.copy()
    if "screw_levels" in frame.columns:
        frame["levels_instrumented"] = frame["screw_levels"].map(_count_levels)
    if "cement_levels" in frame.columns:
        frame["levels_cemented"] = frame["cement_levels"].map(_count_levels)
    rows = []
    for name, label in _MEASURES:
        if name not in frame.columns:
            continue
        values = pd.to_numeric(frame[name], errors="coerce").dropna()
        if values.empty:
            continue
        rows.append(
            {
                "variable": name,
                "label": label,
                "n": len(values),
                "mean": float(values.mean()),
                "sd": float(values.std(ddof=1)) if len(values) > 1 else np.nan,
                "median": float(values.median()),
                "q1": float(values.quantile(0.25)),
                "q3": float(values.quantile(0.75)),
                "min": float(values.min()),
                "max": float(values.max()),
            }
        )
    if "type" in frame.columns:
        types = frame["type"].dropna()
        for code, count in types.value_counts().items():
            rows.append(
                {
                    "variable": "type",
                    "label": f"Procedure: {code}",
                    "n": int(count),
                    "percent": 100.0 * int(count) / len(types),
                }
            )
    return pd.DataFrame(rows) if rows else None


def clavien_dindo_table(complications: pd.DataFrame, *, n_patients: int) -> pd.DataFrame:
    """Complications by Clavien-Dindo grade: ``grade``, ``events``, ``patients`` (with at
    least one complication of that grade), ``proportion`` of all patients with its exact 95%
    CI; ``ungraded`` for complications without a grade; ``undated`` counts events whose
    timing is unknown.

    Examples
    --------
    >>> complications = pd.DataFrame({"patient_id": ["A", "A", "B"],
    ...                               "grade": ["I", "II", None], "date": [None, None, None]})
    >>> clavien_dindo_table(complications, n_patients=10)[["grade", "events", "patients"]
    ...     ].values.tolist()
    [['I', 1, 1], ['II', 1, 1], ['ungraded', 1, 1]]
    """
    rows = []
    grades = (
        complications["grade"]
        if "grade" in complications.columns
        else pd.Series([None] * len(complications), index=complications.index, dtype=object)
    )
    dates = complications["date"] if "date" in complications.columns else grades
    for grade in (*CLAVIEN_DINDO_ORDER, "ungraded"):
        chosen = (
            complications[grades.isna()] if grade == "ungraded" else complications[grades == grade]
        )
        if chosen.empty:
            continue
        patients = int(chosen["patient_id"].nunique())
        low, high = clopper_pearson(patients, n_patients) if n_patients else (np.nan, np.nan)
        rows.append(
            {
                "grade": grade,
                "events": len(chosen),
                "patients": patients,
                "proportion": patients / n_patients if n_patients else np.nan,
                "ci95_low": low,
                "ci95_high": high,
                "undated": int(dates[chosen.index].isna().sum()),
            }
        )
    columns = ["grade", "events", "patients", "proportion", "ci95_low", "ci95_high", "undated"]
    return pd.DataFrame(rows, columns=columns)
