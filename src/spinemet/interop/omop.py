"""The cohort as OMOP CDM v5.4 tables (CSV) with a source-to-concept map.

Tables written: ``person``, ``observation_period``, ``death``, ``visit_occurrence``,
``condition_occurrence`` (lesions and complications), ``procedure_occurrence``,
``measurement`` (instrument totals and items), ``observation`` (graded instruments and the
patients' baseline fields) and ``source_to_concept_map``. Fields and their order, data types and
required flags come from ``data/omop_cdm_v54_fields.csv`` (facts of the OHDSI CDM v5.4
field-level specification); every required field is filled.

Concept ids: only OMOP's gender concepts (8507 male, 8532 female), the visit concept 9202
(outpatient visit) and the type concept 32879 (registry) are set. Every clinical concept is
0 ("no matching concept", the CDM's convention) with its spinemet code in the ``*_source_value``
field and in ``source_to_concept_map``: a site maps those codes with its own vocabulary
(Athena) before analysis. docs/interop.md lists them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from spinemet.cohort import Cohort
from spinemet.errors import CohortError, Problem, SpinemetInputError, SpinemetWarning
from spinemet.instruments import INSTRUMENTS, Scoring

__all__ = ["OMOP_TABLES", "cohort_to_omop", "omop_fields", "write_omop"]

OMOP_TABLES = (
    "person",
    "observation_period",
    "death",
    "visit_occurrence",
    "condition_occurrence",
    "procedure_occurrence",
    "measurement",
    "observation",
    "source_to_concept_map",
)
GENDER = {"male": 8507, "female": 8532}
OUTPATIENT_VISIT = 9202
REGISTRY_TYPE = 32879
VOCABULARY = "spinemet"
_BASELINE_SKIP = {
    "patient_id",
    "site",
    "sex",
    "age",
    "index_date",
    "last_contact_date",
    "vital_status",
    "death_date",
    "synthetic",
}


@cache
def omop_fields() -> pd.DataFrame:
    """The CDM v5.4 field facts: ``table``, ``field``, ``data_type``, ``required``,
    ``primary_key`` (one row per field, in the specification's order)."""
    path = resources.files("spinemet.interop").joinpath("data/omop_cdm_v54_fields.csv")
    with path.open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, comment="#", dtype=str)


def _frame(table: str, columns: dict[str, object]) -> pd.DataFrame:
    spec = omop_fields()
    names = spec.loc[spec["table"] == table, "field"].tolist()
    frame = pd.DataFrame(columns)
    for name in names:
        if name not in frame.columns:
            frame[name] = None
    return frame[names]


def _person(cohort: Cohort) -> tuple[pd.DataFrame, dict[str, int]]:
    patients = cohort.patients
    problems = (
        [
            Problem(
                "age",
                None,
                "an age: OMOP's person.year_of_birth is required",
                "missing_value",
                f"patient {pid}",
            )
            for pid in patients.loc[patients["age"].isna(), "patient_id"]
        ]
        if "age" in patients.columns
        else [
            Problem(
                "age",
                None,
                "an age column: OMOP's person.year_of_birth is required",
                "missing_column",
            )
        ]
    )
    if problems:
        raise CohortError.from_problems(problems)
    ids = {pid: rank for rank, pid in enumerate(patients["patient_id"], start=1)}
    birth = patients["index_date"] - pd.to_timedelta(patients["age"] * 365.25, unit="D")
    person = _frame(
        "person",
        {
            "person_id": patients["patient_id"].map(ids),
            "gender_concept_id": patients["sex"].map(GENDER).fillna(0).astype(int),
            "year_of_birth": birth.dt.year,
            "race_concept_id": 0,
            "ethnicity_concept_id": 0,
            "person_source_value": patients["patient_id"],
            "gender_source_value": patients["sex"],
        },
    )
    return person, ids


def cohort_to_omop(cohort: Cohort) -> dict[str, pd.DataFrame]:
    """The cohort as the OMOP tables of :data:`OMOP_TABLES` (columns in CDM order).

    ``year_of_birth`` is derived from age at the index date (so it may be a year off); a
    patient without an age cannot be placed in ``person`` and is refused. Assessments without a
    date have no place in OMOP (``measurement_date`` is required): they are left out and a
    :class:`~spinemet.errors.SpinemetWarning` says how many.
    """
    person, ids = _person(cohort)
    patients = cohort.patients
    pid = patients["patient_id"].map(ids)
    dates = [patients["index_date"]]
    for table in ("procedures", "complications", "assessments"):
        frame = getattr(cohort, table)
        if not frame.empty:
            dates.append(
                frame.groupby("patient_id")["date"]
                .min()
                .reindex(patients["patient_id"])
                .set_axis(patients.index)
            )
    start = pd.concat(dates, axis=1).min(axis=1)
    end_parts = [patients["death_date"], patients["last_contact_date"], *dates]
    end = pd.concat(end_parts, axis=1).max(axis=1)
    period = _frame(
        "observation_period",
        {
            "observation_period_id": pid,
            "person_id": pid,
            "observation_period_start_date": start,
            "observation_period_end_date": end,
            "period_type_concept_id": REGISTRY_TYPE,
        },
    )
    dead = patients["vital_status"].eq("dead")
    death = _frame(
        "death",
        {
            "person_id": pid[dead],
            "death_date": patients.loc[dead, "death_date"],
            "death_type_concept_id": REGISTRY_TYPE,
        },
    )
    assessments = cohort.assessments
    undated = int(assessments["date"].isna().sum())
    if undated:
        warnings.warn(
            f"OMOP: {undated} assessments without a date left out (measurement_date is required)",
            SpinemetWarning,
            stacklevel=2,
        )
    dated = assessments[assessments["date"].notna()].copy()
    dated["person_id"] = dated["patient_id"].map(ids)
    visits = dated[["person_id", "date", "visit"]].drop_duplicates(["person_id", "date"])
    visits = visits.reset_index(drop=True)
    visits["visit_occurrence_id"] = np.arange(1, len(visits) + 1)
    visit = _frame(
        "visit_occurrence",
        {
            "visit_occurrence_id": visits["visit_occurrence_id"],
            "person_id": visits["person_id"],
            "visit_concept_id": OUTPATIENT_VISIT,
            "visit_start_date": visits["date"],
            "visit_end_date": visits["date"],
            "visit_type_concept_id": REGISTRY_TYPE,
            "visit_source_value": visits["visit"],
        },
    )
    dated = dated.merge(
        visits[["person_id", "date", "visit_occurrence_id"]], on=["person_id", "date"]
    )
    lesions, complications = cohort.lesions, cohort.complications
    index_date = patients.set_index("patient_id")["index_date"]
    condition_parts = [
        pd.DataFrame(
            {
                "person_id": lesions["patient_id"].map(ids),
                "condition_start_date": lesions["patient_id"].map(index_date),
                "condition_source_value": "spinal_metastasis:" + lesions["level"].astype(str),
            }
        ),
        pd.DataFrame(
            {
                "person_id": complications["patient_id"].map(ids),
                "condition_start_date": complications["date"],
                "condition_source_value": "complication:" + complications["type"].astype(str),
            }
        ),
    ]
    conditions = pd.concat(condition_parts, ignore_index=True)
    condition = _frame(
        "condition_occurrence",
        {
            "condition_occurrence_id": np.arange(1, len(conditions) + 1),
            "person_id": conditions["person_id"],
            "condition_concept_id": 0,
            "condition_start_date": conditions["condition_start_date"],
            "condition_type_concept_id": REGISTRY_TYPE,
            "condition_source_value": conditions["condition_source_value"],
            "condition_source_concept_id": 0,
        },
    )
    procedures = cohort.procedures
    procedure = _frame(
        "procedure_occurrence",
        {
            "procedure_occurrence_id": np.arange(1, len(procedures) + 1),
            "person_id": procedures["patient_id"].map(ids).to_numpy(),
            "procedure_concept_id": 0,
            "procedure_date": procedures["date"].to_numpy(),
            "procedure_type_concept_id": REGISTRY_TYPE,
            "procedure_source_value": procedures["type"].to_numpy(),
            "procedure_source_concept_id": 0,
        },
    )
    numeric: list[pd.DataFrame] = []
    coded: list[pd.DataFrame] = []
    for code in pd.unique(dated["instrument"]):
        spec = INSTRUMENTS[str(code)]
        rows = dated[dated["instrument"] == code]
        if spec.scoring in (Scoring.SUM, Scoring.VALUE):
            numeric.append(
                pd.DataFrame(
                    {
                        "person_id": rows["person_id"],
                        "date": rows["date"],
                        "visit_occurrence_id": rows["visit_occurrence_id"],
                        "value": rows["total"],
                        "source": f"{code}.total",
                    }
                )
            )
        for item in spec.items:
            if item.name not in rows.columns or item.name == code:
                continue
            values = rows[item.name]
            present = values.notna().to_numpy(dtype=bool)
            part = pd.DataFrame(
                {
                    "person_id": rows["person_id"][present],
                    "date": rows["date"][present],
                    "visit_occurrence_id": rows["visit_occurrence_id"][present],
                    "value": values[present].astype(object),
                    "source": f"{code}.{item.name}",
                }
            )
            is_number = item.kind.value in ("integer", "number")
            (numeric if is_number else coded).append(part)
    numbers = (
        pd.concat(numeric, ignore_index=True)
        if numeric
        else pd.DataFrame(columns=["person_id", "date", "visit_occurrence_id", "value", "source"])
    )
    numbers = numbers[numbers["value"].notna()].reset_index(drop=True)
    measurement = _frame(
        "measurement",
        {
            "measurement_id": np.arange(1, len(numbers) + 1),
            "person_id": numbers["person_id"],
            "measurement_concept_id": 0,
            "measurement_date": numbers["date"],
            "measurement_type_concept_id": REGISTRY_TYPE,
            "value_as_number": numbers["value"].astype(float),
            "visit_occurrence_id": numbers["visit_occurrence_id"],
            "measurement_source_value": numbers["source"],
            "measurement_source_concept_id": 0,
        },
    )
    baseline: list[pd.DataFrame] = []
    for column in patients.columns:
        if column in _BASELINE_SKIP:
            continue
        values = patients[column]
        present = values.notna().to_numpy(dtype=bool)
        baseline.append(
            pd.DataFrame(
                {
                    "person_id": pid[present],
                    "date": patients["index_date"][present],
                    "visit_occurrence_id": None,
                    "value": values[present].astype(object),
                    "source": f"baseline.{column}",
                }
            )
        )
    observed = pd.concat([*coded, *baseline], ignore_index=True)
    text = observed["value"].map(
        lambda value: (
            ("true" if value else "false") if isinstance(value, (bool, np.bool_)) else str(value)
        )
    )
    number = pd.to_numeric(
        observed["value"].where(~observed["value"].map(lambda v: isinstance(v, (bool, np.bool_)))),
        errors="coerce",
    )
    observation = _frame(
        "observation",
        {
            "observation_id": np.arange(1, len(observed) + 1),
            "person_id": observed["person_id"],
            "observation_concept_id": 0,
            "observation_date": observed["date"],
            "observation_type_concept_id": REGISTRY_TYPE,
            "value_as_number": number,
            "value_as_string": text.str.slice(0, 60),
            "visit_occurrence_id": observed["visit_occurrence_id"],
            "observation_source_value": observed["source"],
            "observation_source_concept_id": 0,
        },
    )
    tables = {
        "person": person,
        "observation_period": period,
        "death": death,
        "visit_occurrence": visit,
        "condition_occurrence": condition,
        "procedure_occurrence": procedure,
        "measurement": measurement,
        "observation": observation,
    }
    tables["source_to_concept_map"] = _source_map(tables)
    _check_required(tables)
    return tables


def _source_map(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    pairs = [("person", "gender_source_value", "gender_concept_id", "Gender")]
    for table, field in (
        ("visit_occurrence", "visit_source_value"),
        ("condition_occurrence", "condition_source_value"),
        ("procedure_occurrence", "procedure_source_value"),
        ("measurement", "measurement_source_value"),
        ("observation", "observation_source_value"),
    ):
        pairs.append((table, field, "", "None"))
    rows = []
    for table, field, concept, vocabulary in pairs:
        frame = tables[table]
        codes = frame[[field, concept]] if concept else frame[[field]].assign(target=0)
        codes = codes.dropna().drop_duplicates()
        for code, target in codes.itertuples(index=False):
            rows.append(
                {
                    "source_code": str(code)[:50],
                    "source_concept_id": 0,
                    "source_vocabulary_id": VOCABULARY,
                    "source_code_description": f"{table}.{field}",
                    "target_concept_id": int(target),
                    "target_vocabulary_id": vocabulary if target else "None",
                    "valid_start_date": "1970-01-01",
                    "valid_end_date": "2099-12-31",
                }
            )
    columns: dict[str, object] = {
        name: [row[name] for row in rows] for name in (rows[0] if rows else {"source_code": 0})
    }
    return _frame("source_to_concept_map", columns)


def _check_required(tables: dict[str, pd.DataFrame]) -> None:
    spec = omop_fields()
    for table, frame in tables.items():
        required = spec.loc[(spec["table"] == table) & (spec["required"] == "yes"), "field"]
        for field in required:
            if frame[field].isna().any():
                raise CohortError(
                    f"{table}.{field}", None, "a value on every row (CDM required)", "missing_value"
                )


def write_omop(cohort: Cohort, out: str | Path) -> Path:
    """Write the OMOP tables as ``<table>.csv`` (dates ISO, blanks empty) into folder ``out``."""
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise SpinemetInputError("--out", str(target), "a folder", "not_a_folder")
    if not target.parent.is_dir():
        raise SpinemetInputError(
            "--out", str(target), "a path in an existing folder", "missing_folder"
        )
    tables = cohort_to_omop(cohort)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, frame in tables.items():
            out_frame = frame.copy()
            for column in out_frame.columns:
                if pd.api.types.is_float_dtype(out_frame[column]) and column != "value_as_number":
                    out_frame[column] = out_frame[column].astype("Int64")
            out_frame.to_csv(
                temporary / f"{name}.csv", index=False, date_format="%Y-%m-%d", lineterminator="\n"
            )
        target.mkdir(exist_ok=True)
        for path in temporary.iterdir():
            os.replace(path, target / path.name)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return target
