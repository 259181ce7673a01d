"""A FHIR R4 Bundle written by :func:`~spinemet.interop.cohort_to_fhir_bundle` (or built the
same way by another system) back into a cohort.

Every entry is read; every problem is reported at once with the entry number, the resource
type, the element and the value, and no cohort is made when there is one. The cohort's own
validation then checks the tables (dates in order, totals against items, visit windows).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from spinemet.cohort import DEFAULT_SCHEDULE, TABLE_NAMES, Cohort, VisitSchedule
from spinemet.cohort._columns import TABLES
from spinemet.cohort._provenance import files_sha256
from spinemet.cohort._raw import RawTable
from spinemet.cohort._settings import VasUnit
from spinemet.cohort.cohort import build_cohort
from spinemet.errors import CohortError, Problem
from spinemet.interop.fhir import CODE_SYSTEM, EXTENSION, PATIENT_ID_SYSTEM, TAG_SYSTEM

__all__ = ["fhir_bundle_to_cohort", "read_fhir_bundle"]

_KINDS = ("Patient", "Condition", "Procedure", "Observation")


def _value(element: Mapping[str, Any]) -> object:
    for key, value in element.items():
        if key == "valueQuantity":
            return value.get("value")
        if key == "valueCodeableConcept":
            codings = value.get("coding") or [{}]
            return codings[0].get("code")
        if key.startswith("value"):
            return value
    return None


def _own_code(concept: Mapping[str, Any] | None, kind: str) -> str | None:
    for coding in (concept or {}).get("coding", ()):
        if coding.get("system") == CODE_SYSTEM + kind:
            return str(coding.get("code"))
    return None


class _Tables:
    def __init__(self, file: str | None) -> None:
        self.file = file
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES}
        self.labels: dict[str, list[str]] = {name: [] for name in TABLE_NAMES}
        self.problems: list[Problem] = []

    def problem(self, label: str, field: str, value: object, allowed: str, code: str) -> None:
        self.problems.append(Problem(field, value, allowed, code, label, self.file))

    def add(self, table: str, label: str, row: dict[str, Any]) -> None:
        self.rows[table].append(row)
        self.labels[table].append(label)

    def extensions(self, label: str, resource: Mapping[str, Any], table: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for extension in resource.get("extension", ()):
            url = str(extension.get("url", ""))
            if url == EXTENSION + "visit" and table == "assessments":
                out["visit"] = _value(extension)
            elif url.startswith(f"{EXTENSION}{table}."):
                out[url[len(f"{EXTENSION}{table}.") :]] = _value(extension)
            elif url.startswith(EXTENSION):
                self.problem(
                    label,
                    "extension.url",
                    url,
                    f"a spinemet extension of this resource ({EXTENSION}{table}.<column>)",
                    "unknown_extension",
                )
        return out


def _date(text: object) -> object:
    return text[:10] if isinstance(text, str) else text


def _read_entries(bundle: Mapping[str, Any], tables: _Tables) -> None:
    entries = bundle.get("entry", [])
    if not isinstance(entries, list):
        tables.problem("Bundle", "Bundle.entry", type(entries).__name__, "a list", "invalid")
        return
    subjects: dict[str, str] = {}
    resources = []
    for number, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        label = f"entry {number} ({kind or 'no resource'})"
        if kind not in _KINDS:
            tables.problem(
                label,
                f"entry[{number}].resource.resourceType",
                kind,
                ", ".join(_KINDS),
                "unknown_resource",
            )
            continue
        if not isinstance(resource, dict):
            continue  # unreachable: kind is one of _KINDS only for a dict
        resources.append((number, label, kind, entry, resource))
        if kind == "Patient":
            ids = [
                identifier.get("value")
                for identifier in resource.get("identifier", ())
                if identifier.get("system") == PATIENT_ID_SYSTEM
            ]
            if len(ids) != 1 or not ids[0]:
                tables.problem(
                    label,
                    f"entry[{number}].resource.identifier",
                    ids or None,
                    f"one identifier with system {PATIENT_ID_SYSTEM}",
                    "missing_value",
                )
                continue
            for key in (entry.get("fullUrl"), f"Patient/{resource.get('id')}"):
                if key:
                    subjects[str(key)] = str(ids[0])
            status = "alive"
            death = None
            if resource.get("deceasedDateTime"):
                status, death = "dead", _date(resource["deceasedDateTime"])
            elif resource.get("deceasedBoolean") is True:
                status = "dead"
            row = {
                "patient_id": ids[0],
                "sex": resource.get("gender"),
                "vital_status": status,
                "death_date": death,
                **tables.extensions(label, resource, "patients"),
            }
            tables.add("patients", label, row)
    for number, label, kind, _entry, resource in resources:
        if kind == "Patient":
            continue
        reference = (resource.get("subject") or {}).get("reference")
        patient = subjects.get(str(reference))
        if patient is None:
            tables.problem(
                label,
                f"entry[{number}].resource.subject.reference",
                reference,
                "the fullUrl of a Patient in the Bundle",
                "unknown_reference",
            )
            continue
        if kind == "Procedure":
            row = {
                "patient_id": patient,
                "date": _date(resource.get("performedDateTime")),
                "type": _own_code(resource.get("code"), "procedure"),
                **tables.extensions(label, resource, "procedures"),
            }
            tables.add("procedures", label, row)
        elif kind == "Observation":
            instrument = _own_code(resource.get("code"), "instrument")
            row = {
                "patient_id": patient,
                "instrument": instrument,
                "date": _date(resource.get("effectiveDateTime")),
                **tables.extensions(label, resource, "assessments"),
            }
            if "valueQuantity" in resource:
                row["total"] = resource["valueQuantity"].get("value")
            for component in resource.get("component", ()):
                item = _own_code(component.get("code"), f"{instrument}.item")
                if item is None:
                    tables.problem(
                        label,
                        f"entry[{number}].resource.component.code",
                        component.get("code"),
                        f"a coding of system {CODE_SYSTEM}{instrument}.item",
                        "unknown_item",
                    )
                    continue
                row[item] = _value(component)
            tables.add("assessments", label, row)
        else:
            category = None
            for concept in resource.get("category", ()):
                category = category or _own_code(concept, "resource")
            if category == "lesion":
                sites = resource.get("bodySite") or [None]
                row = {
                    "patient_id": patient,
                    "level": _own_code(sites[0], "level"),
                    **tables.extensions(label, resource, "lesions"),
                }
                tables.add("lesions", label, row)
            elif category == "complication":
                codes = [
                    c.get("code") for c in (resource.get("clinicalStatus") or {}).get("coding", ())
                ]
                resolved = None if not codes else codes[0] == "resolved"
                notes = resource.get("note") or []
                row = {
                    "patient_id": patient,
                    "date": _date(resource.get("onsetDateTime")),
                    "type": _own_code(resource.get("code"), "complication"),
                    "resolved": resolved,
                    "detail": notes[0].get("text") if notes else None,
                    **tables.extensions(label, resource, "complications"),
                }
                tables.add("complications", label, row)
            else:
                tables.problem(
                    label,
                    f"entry[{number}].resource.category",
                    category,
                    f"a coding of system {CODE_SYSTEM}resource: lesion or complication",
                    "unknown_category",
                )


def fhir_bundle_to_cohort(
    bundle: Mapping[str, Any],
    *,
    schedule: VisitSchedule = DEFAULT_SCHEDULE,
    vas_unit: VasUnit = "cm",
    file: str | None = None,
    sources: tuple[str, ...] = (),
    sha256: str | None = None,
) -> Cohort:
    """Validate a Bundle (a JSON-ready dict) and make a cohort of it.

    Raises :class:`~spinemet.errors.CohortError` with every problem (entry, resource type,
    element, value); no cohort is made.
    """
    tables = _Tables(file)
    if not isinstance(bundle, Mapping) or bundle.get("resourceType") != "Bundle":
        kind = bundle.get("resourceType") if isinstance(bundle, Mapping) else type(bundle).__name__
        raise CohortError("resourceType", kind, "a FHIR Bundle", "not_a_bundle", file=file)
    _read_entries(bundle, tables)
    tags = {
        str(tag.get("code"))
        for tag in (bundle.get("meta") or {}).get("tag", ())
        if tag.get("system") == TAG_SYSTEM
    }
    given = {code.split(":", 1)[1] for code in tags if code.startswith("table-given:")}
    raw: dict[str, RawTable] = {}
    for name in TABLE_NAMES:
        rows = tables.rows[name]
        if name != "patients" and not rows and name not in given:
            continue
        empty = pd.DataFrame({column.name: [] for column in TABLES[name]})
        frame = pd.DataFrame.from_records(rows) if rows else empty
        frame = frame.astype(object).where(frame.notna(), np.nan)
        raw[name] = RawTable(
            frame.reset_index(drop=True), name, file or "bundle", tables.labels[name]
        )
    synthetic = "synthetic" in tags
    if synthetic:
        raw["patients"].frame["synthetic"] = True
    try:
        cohort = build_cohort(
            raw,
            schedule=schedule,
            synthetic=synthetic,
            vas_unit=vas_unit,
            check_visit_windows=True,
            sources=sources,
            sha256=sha256,
        )
    except CohortError as error:
        raise CohortError.from_problems([*tables.problems, *error.problems]) from None
    if tables.problems:
        raise CohortError.from_problems(tables.problems)
    return cohort


def read_fhir_bundle(
    path_or_dict: str | Path | Mapping[str, Any],
    *,
    schedule: VisitSchedule | None = None,
    vas_unit: VasUnit = "cm",
) -> Cohort:
    """Read a FHIR R4 Bundle (a JSON file or a dict) into a cohort; see
    :func:`fhir_bundle_to_cohort`."""
    chosen = schedule or DEFAULT_SCHEDULE
    if not isinstance(path_or_dict, (str, Path)):
        return fhir_bundle_to_cohort(path_or_dict, schedule=chosen, vas_unit=vas_unit)
    path = Path(path_or_dict)
    try:
        bundle = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise CohortError(
            "file", str(path), f"a readable FHIR Bundle in JSON ({error})", "unreadable_file"
        ) from None
    return fhir_bundle_to_cohort(
        bundle,
        schedule=chosen,
        vas_unit=vas_unit,
        file=path.name,
        sources=(str(path),),
        sha256=files_sha256([path]),
    )
