"""Every column of a patients sheet accounted for: what spinemet read it as, and why.

A column the cohort does not declare never silently becomes a Table 1 variable. Each column
of the patients table (or wide sheet) gets one :class:`ColumnUse`:

``patient_field``  a declared column of the tidy cohort (``sex``, ``age``, ``kps``, ...)
``outcome``        a wide outcome column ``<instrument>_<visit>`` or a ``<visit>_date``
``event``          a complication or procedure column of a one-row-per-patient sheet
``baseline``       an undeclared column the user declared as a Table 1 variable
``ignored``        left out on purpose (``to = "ignore"`` in the mapping file)
``identifier``     looks like an identifier (many distinct short values: initials, hospital
                   numbers): warned, refused with ``strict``, never in Table 1
``outcome_like``   its name looks like an outcome (``VAS术后``, ``odi_preop``): warned,
                   refused with ``strict``, never in Table 1
``unknown``        anything else: kept in the patients table, not in Table 1

The classification is in ``provenance.columns``, printed by ``spinemet analyze`` and shown in
the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from spinemet.cohort._columns import TABLES
from spinemet.instruments import INSTRUMENTS

__all__ = ["CLASS_TEXT", "ColumnUse", "classify_extra", "looks_like_identifier"]

CLASS_TEXT = {
    "patient_field": "patient field",
    "outcome": "outcome",
    "event": "complication or procedure",
    "baseline": "baseline (declared)",
    "ignored": "ignored (mapping)",
    "identifier": "identifier-like",
    "outcome_like": "looks like an outcome",
    "unknown": "unknown",
}
"""The classes, as the report and the command line name them."""

_DECLARED = frozenset(column.name for column in TABLES["patients"])
_OUTCOME_WORDS = re.compile(
    r"(vas|nrs|barthel|kps|ecog|odi|joa|sf-?36|eq-?5d|score|评分|疼痛|术前|术后|随访|"
    r"preop|postop|follow|month|week|day|月|周|天)",
    re.IGNORECASE,
)
_MIN_ROWS_FOR_IDENTIFIER = 8
_MAX_IDENTIFIER_LENGTH = 12


@dataclass(frozen=True, slots=True)
class ColumnUse:
    """How one column of the input was read: ``column`` as in the file, ``name`` in the
    cohort (after a mapping's rename), ``use`` (a key of :data:`CLASS_TEXT`), ``note``."""

    column: str
    name: str
    use: str
    note: str = ""

    def as_dict(self) -> dict[str, str]:
        """Plain JSON-ready data."""
        return {"column": self.column, "name": self.name, "use": self.use, "note": self.note}

    def text(self) -> str:
        """One line: ``年龄 -> age: patient field``."""
        shown = self.column if self.column == self.name else f"{self.column} -> {self.name}"
        note = f" ({self.note})" if self.note else ""
        return f"{shown}: {CLASS_TEXT[self.use]}{note}"


def looks_like_identifier(series: pd.Series) -> bool:
    """Text with (nearly) one distinct short value per patient: initials, hospital numbers.

    Examples
    --------
    >>> looks_like_identifier(pd.Series(["ZL", "WJ", "LXM", "CH", "HY", "SQ", "TW", "MB"]))
    True
    >>> looks_like_identifier(pd.Series(["lytic", "mixed", "lytic", "blastic"] * 2))
    False
    """
    values = series.dropna()
    values = values[values.astype(str).str.strip() != ""]
    if len(values) < _MIN_ROWS_FOR_IDENTIFIER:
        return False
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_integer_dtype(values):
        return False
    text = values.astype(str).str.strip()
    if pd.to_numeric(text, errors="coerce").notna().all() and not text.str.match(r"^0\d").any():
        return False  # measured numbers, not identifiers
    distinct = text.nunique() / len(text)
    return bool(distinct >= 0.9 and text.str.len().median() <= _MAX_IDENTIFIER_LENGTH)


def classify_extra(
    frame: pd.DataFrame,
    *,
    declared_baseline: Iterable[str] = (),
    sources: dict[str, str] | None = None,
) -> list[ColumnUse]:
    """Classify the columns of a patients table (cells as read; ``sources`` maps a cohort
    name back to the column of the file where a mapping renamed it)."""
    chosen = set(declared_baseline)
    back = sources or {}
    uses = []
    for name in map(str, frame.columns):
        column = back.get(name, name)
        if name == "synthetic":
            continue
        if name in _DECLARED:
            uses.append(ColumnUse(column, name, "patient_field"))
        elif name in chosen:
            uses.append(ColumnUse(column, name, "baseline", "declared for Table 1"))
        elif _looks_like_outcome(name) or _looks_like_outcome(column):
            uses.append(
                ColumnUse(
                    column,
                    name,
                    "outcome_like",
                    "not read as an outcome; name it <instrument>_<visit> (vas_m3) or map it "
                    "in mapping.toml; not in Table 1",
                )
            )
        elif looks_like_identifier(frame[name]):
            uses.append(
                ColumnUse(
                    column,
                    name,
                    "identifier",
                    "many distinct short values; not in Table 1 (initials or hospital "
                    "numbers do not belong in an analysis file)",
                )
            )
        else:
            uses.append(
                ColumnUse(
                    column,
                    name,
                    "unknown",
                    "kept, not in Table 1; declare it under [table1] include in mapping.toml "
                    "to summarise it",
                )
            )
    return uses


def _looks_like_outcome(name: str) -> bool:
    folded = name.casefold()
    if any(folded.startswith(code + "_") or folded == code for code in INSTRUMENTS):
        return True
    return bool(_OUTCOME_WORDS.search(folded))
