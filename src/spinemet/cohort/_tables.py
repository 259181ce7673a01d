"""Checks across rows and tables: unique keys, known patients, dates in a possible order,
lesion fields that agree with each other, cement leakage recorded at cemented levels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from spinemet.cohort._raw import RawTable
from spinemet.decision.lesion_consistency import LESION_FIELDS, lesion_inconsistencies
from spinemet.errors import MISSING, Problem

__all__ = [
    "LEAKAGE_TYPES",
    "Checked",
    "check_cement_leakage",
    "check_dates",
    "check_keys",
    "check_lesions",
    "check_references",
]

LEAKAGE_TYPES = ("b", "s", "c")
"""Yeom's cement leakage types (B basivertebral vein, S segmental vein, C cortical defect):
the procedures table's ``cement_leakage_<type>_levels``."""


@dataclass
class Checked:
    """The tables under validation and the problems found so far (appended to in place)."""

    raw: Mapping[str, RawTable]
    typed: dict[str, pd.DataFrame]
    problems: list[Problem]

    def patient_column(self, patient_id: pd.Series, column: str) -> pd.Series:
        """For each row of a child table, its patient's ``column`` (NaT/NA when unknown)."""
        patients = self.typed["patients"]
        if column not in patients.columns or "patient_id" not in patients.columns:
            return pd.Series(pd.NaT, index=patient_id.index, dtype="datetime64[ns]")
        lookup = patients.drop_duplicates("patient_id").set_index("patient_id")[column]
        return pd.Series(
            lookup.reindex(patient_id.to_numpy()).to_numpy(), index=patient_id.index
        ).astype(patients[column].dtype)

    def index_dates(self, patient_id: pd.Series) -> pd.Series:
        """Each row's patient's index date."""
        return self.patient_column(patient_id, "index_date")

    def add(
        self, table: str, position: int, column: str, value: object, allowed: str, code: str
    ) -> None:
        """Record a problem at a cell of ``table``."""
        raw = self.raw[table]
        file, row = raw.locate(position)
        if isinstance(value, pd.Timestamp):
            value = value.date().isoformat()
        elif isinstance(value, np.generic):
            value = value.item()
        self.problems.append(Problem(raw.field(position, column), value, allowed, code, row, file))


def check_keys(
    checked: Checked, keys: Mapping[str, tuple[str, ...]], *, after_assignment: bool = False
) -> None:
    """Each key (``patient_id``; ``patient_id`` + ``visit`` + ``instrument``) at most once.

    Assessments are checked only ``after_assignment`` (visits set from dates count too).
    """
    for name, columns in keys.items():
        if name not in checked.typed or (name == "assessments") != after_assignment:
            continue
        frame = checked.typed[name]
        if not set(columns) <= set(frame.columns):
            continue
        complete = frame[list(columns)].notna().all(axis=1)
        subset = frame.loc[complete, list(columns)]
        repeated = subset[subset.duplicated(keep=False)]
        if repeated.empty:
            continue
        raw = checked.raw[name]
        groups = repeated.groupby(list(columns), sort=False).groups
        for group in groups.values():
            positions = [int(position) for position in group]
            rows = [raw.locate(position)[1] for position in positions]
            for position, row in zip(positions, rows, strict=True):
                others = ", ".join(str(other) for other in rows if other != row)
                value = " / ".join(str(frame.at[position, column]) for column in columns)
                checked.add(
                    name,
                    position,
                    " + ".join(columns),
                    value,
                    f"each {' + '.join(columns)} once in {name} (also on row {others})",
                    "duplicate_key",
                )


def check_references(checked: Checked) -> None:
    """Every patient id of a child table is in ``patients``."""
    patients = checked.typed["patients"]
    if "patient_id" not in patients.columns:
        return
    known = pd.Index(patients["patient_id"].dropna().unique())
    for name, frame in checked.typed.items():
        if name == "patients" or "patient_id" not in frame.columns:
            continue
        ids = frame["patient_id"]
        unknown = ids.notna().to_numpy(dtype=bool) & ~ids.isin(known).to_numpy(dtype=bool)
        for position in np.flatnonzero(unknown):
            checked.add(
                name,
                int(position),
                "patient_id",
                ids.iat[position],
                "a patient_id of the patients table",
                "unknown_patient",
            )


def _report(
    checked: Checked, table: str, mask: np.ndarray, column: str, values: pd.Series, allowed: str
) -> None:
    for position in np.flatnonzero(mask):
        value = values.iat[position]
        checked.add(
            table,
            int(position),
            column,
            MISSING if pd.isna(value) else value,
            allowed,
            "dates_out_of_order" if not pd.isna(value) else "missing_value",
        )


def check_dates(checked: Checked) -> None:
    """Dates in an order that can happen, and vital status consistent with the death date."""
    patients = checked.typed["patients"]
    needed = {"index_date", "vital_status", "death_date", "last_contact_date"}
    for column in needed - set(patients.columns):
        dtype = "datetime64[ns]" if column.endswith("date") else object
        patients[column] = pd.Series([None] * len(patients), dtype=dtype)
    index, death = patients["index_date"], patients["death_date"]
    last, status = patients["last_contact_date"], patients["vital_status"]
    dead = status.eq("dead").to_numpy(dtype=bool)
    _report(
        checked,
        "patients",
        (death < index).to_numpy(dtype=bool),
        "death_date",
        death,
        "a date on or after index_date (death before surgery?)",
    )
    _report(
        checked,
        "patients",
        (last < index).to_numpy(dtype=bool),
        "last_contact_date",
        last,
        "a date on or after index_date",
    )
    _report(
        checked,
        "patients",
        dead & (last > death).to_numpy(dtype=bool),
        "last_contact_date",
        last,
        "a date on or before death_date (last contact after death?)",
    )
    _report(
        checked,
        "patients",
        dead & death.isna().to_numpy(dtype=bool),
        "death_date",
        death,
        "a death_date when vital_status is 'dead'",
    )
    alive_with_death = death.notna().to_numpy(dtype=bool) & ~dead
    _report(
        checked,
        "patients",
        alive_with_death,
        "vital_status",
        status.fillna("(blank)"),
        "'dead' when a death_date is given (or remove the death_date)",
    )
    for name, column in (
        ("procedures", "date"),
        ("complications", "date"),
        ("assessments", "date"),
    ):
        frame = checked.typed.get(name)
        if frame is None or column not in frame.columns or "patient_id" not in frame.columns:
            continue
        dates = frame[column]
        patient_death = checked.patient_column(frame["patient_id"], "death_date")
        _report(
            checked,
            name,
            (dates > patient_death).to_numpy(dtype=bool),
            column,
            dates,
            "a date on or before the patient's death_date",
        )
        if name != "procedures":
            contact = checked.patient_column(frame["patient_id"], "last_contact_date")
            alive = checked.patient_column(frame["patient_id"], "vital_status").ne("dead")
            _report(
                checked,
                name,
                ((dates > contact) & alive).to_numpy(dtype=bool),
                column,
                dates,
                "a date on or before the patient's last_contact_date",
            )
        if name == "complications":
            patient_index = checked.index_dates(frame["patient_id"])
            _report(
                checked,
                name,
                (dates < patient_index).to_numpy(dtype=bool),
                column,
                dates,
                "a date on or after the patient's index_date (a complication before surgery?)",
            )


def check_lesions(checked: Checked) -> None:
    """The lesion consistency rules of domain/decision.md §1.2, as a decision case has them.

    Only where both fields of a rule are given in a row; cells that failed their own type
    check are already reported and are not compared.
    """
    lesions = checked.typed.get("lesions")
    if lesions is None:
        return
    columns: dict[str, list[object]] = {}
    for name in LESION_FIELDS:
        if name in lesions.columns:
            values = lesions[name].astype(object).to_numpy()
            values[lesions[name].isna().to_numpy(dtype=bool)] = None  # NA, NaN: not given
            columns[name] = values.tolist()
    for found in lesion_inconsistencies(columns):
        checked.add(
            "lesions", found.position, found.field, found.value, found.allowed, "inconsistent"
        )


def _level_set(value: object) -> set[str]:
    return set(str(value).split(",")) if isinstance(value, str) and value else set()


def check_cement_leakage(checked: Checked) -> None:
    """Cement leakage is recorded per cemented level of a procedure (Yeom JS et al. J Bone
    Joint Surg Br 2003;85(1):83-9, per treated vertebra): a level with leakage must be one of
    the procedure's ``cement_levels``, leakage levels need ``cement_leakage_assessed`` true,
    and an assessed procedure needs its ``cement_levels``."""
    procedures = checked.typed.get("procedures")
    if procedures is None or "cement_leakage_assessed" not in procedures.columns:
        columns = [f"cement_leakage_{kind}_levels" for kind in LEAKAGE_TYPES]
        if procedures is None or not any(name in procedures.columns for name in columns):
            return
    assessed = (
        procedures["cement_leakage_assessed"].astype("boolean")
        if "cement_leakage_assessed" in procedures.columns
        else pd.Series(pd.NA, index=procedures.index, dtype="boolean")
    )
    cemented = (
        procedures["cement_levels"]
        if "cement_levels" in procedures.columns
        else pd.Series(None, index=procedures.index, dtype=object)
    )
    for position in range(len(procedures)):
        levels = _level_set(cemented.iat[position])
        flag = assessed.iat[position]
        known = not pd.isna(flag)
        yes = known and bool(flag)
        if yes and not levels:
            checked.add(
                "procedures",
                position,
                "cement_levels",
                MISSING,
                "the cemented levels (cement_leakage_assessed is true on this row)",
                "missing_value",
            )
        for kind in LEAKAGE_TYPES:
            name = f"cement_leakage_{kind}_levels"
            if name not in procedures.columns:
                continue
            leaked = _level_set(procedures[name].iat[position])
            if not leaked:
                continue
            if not yes:
                checked.add(
                    "procedures",
                    position,
                    "cement_leakage_assessed",
                    bool(flag) if known else MISSING,
                    f"true ({name} is filled on this row: the cemented levels were assessed)",
                    "inconsistent",
                )
            outside = sorted(leaked - levels)
            if levels and outside:
                checked.add(
                    "procedures",
                    position,
                    name,
                    procedures[name].iat[position],
                    "levels among this procedure's cement_levels "
                    f"({cemented.iat[position]}); not cemented: {', '.join(outside)}",
                    "inconsistent",
                )
