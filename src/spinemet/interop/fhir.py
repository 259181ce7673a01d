"""The cohort as a FHIR R4 Bundle (``type: collection``).

Per patient: a ``Patient`` (identifier ``urn:spinemet:patient_id``, ``gender``, death as
``deceasedDateTime``, the other patient fields as spinemet extensions), a ``Condition`` per
involved vertebra (secondary malignant neoplasm of bone, ``bodySite`` the level, lesion fields
as extensions), a ``Procedure`` per procedure, an ``Observation`` per assessment (the total as
``valueQuantity``, each item as a ``component``; the visit as an extension) and a ``Condition``
per complication (category ``complication``, Clavien-Dindo grade as an extension). Every
resource carries spinemet's own code; standard codes (LOINC, SNOMED CT, ICD-10) are added where
the project has one, each listed with its source and verification in ``data/fhir_codes.yaml``
and docs/interop.md. The Bundle's ``meta.tag`` records which tables were given and whether the
data are synthetic, so :func:`~spinemet.interop.read_fhir_bundle` gives back the same cohort.
"""

from __future__ import annotations

import json
import uuid
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from spinemet.cohort import Cohort
from spinemet.cohort._columns import TABLES, Kind
from spinemet.instruments import INSTRUMENTS, ItemKind, Scoring
from spinemet.interop._text import write_file

__all__ = [
    "CODE_SYSTEM",
    "EXTENSION",
    "TAG_SYSTEM",
    "cohort_to_fhir_bundle",
    "fhir_codes",
    "write_fhir_bundle",
]

CODE_SYSTEM = "urn:spinemet:fhir:codes:"
"""Prefix of spinemet's own code systems (``...codes:instrument``, ``...codes:level``, ...)."""
EXTENSION = "urn:spinemet:fhir:extension:"
"""Prefix of spinemet's extensions: ``<table>.<column>`` (``patients.age``, ``visit``)."""
TAG_SYSTEM = "urn:spinemet:fhir:tag"
PATIENT_ID_SYSTEM = "urn:spinemet:patient_id"
_NAMESPACE = uuid.UUID("6d1f4a4e-3f0b-5c7e-9a51-7b0d0e3c1a10")
_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
_VERIFIED = "urn:spinemet:fhir:extension:code-verified"


@cache
def fhir_codes() -> dict[str, Any]:
    """The standard codes of the export with source and verification (``fhir_codes.yaml``)."""
    text = resources.files("spinemet.interop").joinpath("data/fhir_codes.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _standard(entry: dict[str, Any]) -> dict[str, Any]:
    systems = fhir_codes()["systems"]
    coding: dict[str, Any] = {
        "system": systems[entry["system"]],
        "code": entry["code"],
        "display": entry["display"],
    }
    if not entry["verified"]:
        coding["extension"] = [{"url": _VERIFIED, "valueBoolean": False}]
    return coding


def _own(kind: str, code: str, display: str | None = None) -> dict[str, Any]:
    coding = {"system": CODE_SYSTEM + kind, "code": code}
    if display:
        coding["display"] = display
    return coding


def _full_url(kind: str, *parts: object) -> str:
    return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, "/".join([kind, *map(str, parts)])))


def _value(kind: Kind | None, value: object) -> dict[str, Any]:
    """One cell as a FHIR ``value[x]`` (extension or component)."""
    if isinstance(value, pd.Timestamp):
        return {"valueDate": value.strftime("%Y-%m-%d")}
    if isinstance(value, (bool, np.bool_)):
        return {"valueBoolean": bool(value)}
    if kind is Kind.INTEGER or (kind is None and isinstance(value, (int, np.integer))):
        return {"valueInteger": int(value)}  # type: ignore[call-overload]
    if kind is Kind.NUMBER or isinstance(value, (float, np.floating)):
        return {"valueDecimal": float(value)}  # type: ignore[arg-type]
    return {"valueString": str(value)}


def _extensions(table: str, row: dict[str, Any], skip: set[str]) -> list[dict[str, Any]]:
    kinds = {column.name: column.kind for column in TABLES[table]}
    out = []
    for name, value in row.items():
        if name in skip or value is None or value is pd.NA or value is pd.NaT:
            continue
        if isinstance(value, float) and np.isnan(value):
            continue
        out.append({"url": f"{EXTENSION}{table}.{name}", **_value(kinds.get(name), value)})
    return out


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")  # type: ignore[call-overload, no-any-return]


def _patient(row: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": PATIENT_ID_SYSTEM, "value": row["patient_id"]}],
    }
    extensions = _extensions("patients", row, {"patient_id", "sex", "vital_status", "death_date"})
    if extensions:
        resource["extension"] = extensions
    if row.get("sex") is not None:
        resource["gender"] = row["sex"]
    if row["vital_status"] == "dead":
        resource["deceasedDateTime"] = row["death_date"].strftime("%Y-%m-%d")
    else:
        resource["deceasedBoolean"] = False
    return resource


def _lesion(row: dict[str, Any], subject: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "category": [{"coding": [_own("resource", "lesion", "Spinal metastasis (lesion)")]}],
        "code": {
            "coding": [
                _own("condition", "spinal_metastasis", "Metastasis to the spine"),
                *(_standard(entry) for entry in fhir_codes()["bone_metastasis"]),
            ],
            "text": "Secondary malignant neoplasm of bone (spine)",
        },
        "bodySite": [{"coding": [_own("level", row["level"])], "text": f"{row['level']} vertebra"}],
        "subject": {"reference": subject},
    }
    extensions = _extensions("lesions", row, {"patient_id", "level"})
    if extensions:
        resource["extension"] = extensions
    return resource


def _procedure(row: dict[str, Any], subject: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Procedure",
        "status": "completed",
        "code": {"coding": [_own("procedure", row["type"])], "text": row["type"]},
        "subject": {"reference": subject},
        "performedDateTime": row["date"].strftime("%Y-%m-%d"),
    }
    extensions = _extensions("procedures", row, {"patient_id", "date", "type"})
    if extensions:
        resource["extension"] = extensions
    return resource


def _complication(row: dict[str, Any], subject: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "category": [{"coding": [_own("resource", "complication", "Complication")]}],
        "code": {"coding": [_own("complication", row["type"])], "text": row["type"]},
        "subject": {"reference": subject},
        "onsetDateTime": row["date"].strftime("%Y-%m-%d"),
    }
    if row.get("resolved") is not None:
        status = "resolved" if row["resolved"] else "active"
        resource["clinicalStatus"] = {"coding": [{"system": _CLINICAL, "code": status}]}
    if row.get("detail") is not None:
        resource["note"] = [{"text": str(row["detail"])}]
    extensions = _extensions(
        "complications", row, {"patient_id", "date", "type", "resolved", "detail"}
    )
    if extensions:
        resource["extension"] = extensions
    return resource


def _component_value(kind: ItemKind, instrument: str, item: str, value: object) -> dict[str, Any]:
    if kind is ItemKind.BOOLEAN:
        return {"valueBoolean": bool(value)}
    if kind is ItemKind.INTEGER:
        return {"valueInteger": int(value)}  # type: ignore[call-overload]
    if kind is ItemKind.NUMBER:
        return {"valueQuantity": {"value": float(value)}}  # type: ignore[arg-type]
    return {"valueCodeableConcept": {"coding": [_own(f"{instrument}.{item}", str(value))]}}


def _observation(row: dict[str, Any], subject: str) -> dict[str, Any]:
    spec = INSTRUMENTS[row["instrument"]]
    coding = [_own("instrument", spec.code, spec.name)]
    standard = fhir_codes()["instruments"].get(spec.code)
    if standard is not None:
        coding.append(_standard(standard))
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": _CATEGORY, "code": "survey"}]}],
        "code": {"coding": coding, "text": spec.name},
        "subject": {"reference": subject},
    }
    if row.get("visit") is not None:
        resource["extension"] = [{"url": EXTENSION + "visit", "valueString": row["visit"]}]
    if row.get("date") is not None:
        resource["effectiveDateTime"] = row["date"].strftime("%Y-%m-%d")
    if spec.scoring in (Scoring.SUM, Scoring.VALUE) and row.get("total") is not None:
        resource["valueQuantity"] = {"value": float(row["total"]), "unit": "{score}"}
    components = []
    for item in spec.items:
        value = row.get(item.name)
        if value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        components.append(
            {
                "code": {"coding": [_own(f"{spec.code}.item", item.name, item.label)]},
                **_component_value(item.kind, spec.code, item.name, value),
            }
        )
    if components:
        resource["component"] = components
    return resource


def cohort_to_fhir_bundle(cohort: Cohort) -> dict[str, Any]:
    """The cohort as a FHIR R4 Bundle (plain JSON-ready dict), as described in the module.

    Examples
    --------
    >>> from spinemet.cohort import synthetic_cohort
    >>> bundle = cohort_to_fhir_bundle(synthetic_cohort(2))
    >>> bundle["resourceType"], bundle["type"], bundle["entry"][0]["resource"]["resourceType"]
    ('Bundle', 'collection', 'Patient')
    """
    entries: list[dict[str, Any]] = []
    subjects: dict[str, str] = {}
    for row in _records(cohort.patients):
        url = _full_url("Patient", row["patient_id"])
        subjects[row["patient_id"]] = url
        entries.append({"fullUrl": url, "resource": _patient(row)})
    builders = (
        ("lesions", _lesion),
        ("procedures", _procedure),
        ("assessments", _observation),
        ("complications", _complication),
    )
    for table, build in builders:
        frame = getattr(cohort, table)
        if table == "assessments":
            frame = frame.drop(columns=["day", "total_source", "category"])
        for position, row in enumerate(_records(frame)):
            subject = subjects[row["patient_id"]]
            url = _full_url(table, row["patient_id"], position)
            entries.append({"fullUrl": url, "resource": build(row, subject)})
    tags = [
        {"system": TAG_SYSTEM, "code": f"table-given:{name}"}
        for name in cohort.provenance.tables_given
    ]
    if cohort.synthetic:
        tags.append({"system": TAG_SYSTEM, "code": "synthetic", "display": "synthetic data"})
    return {"resourceType": "Bundle", "type": "collection", "meta": {"tag": tags}, "entry": entries}


def write_fhir_bundle(cohort: Cohort, path: str | Path) -> Path:
    """Write the cohort's Bundle as JSON (UTF-8)."""
    bundle = cohort_to_fhir_bundle(cohort)
    text = json.dumps(bundle, ensure_ascii=False, separators=(",", ":"))
    return write_file(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
