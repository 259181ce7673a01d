"""Read a cohort from any file ``spinemet analyze`` accepts, REDCap and FHIR included.

:func:`spinemet.cohort.read_cohort` reads the cohort's own files (folders, workbooks, wide
sheets); the cohort layer knows nothing of the formats above it. This module recognises a
REDCap record export (a CSV or JSON list whose first column is ``patient_id`` with REDCap's
``redcap_*`` or ``<form>_complete`` columns) and a FHIR Bundle (JSON with ``"resourceType":
"Bundle"``), and hands everything else to ``read_cohort``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Literal

from spinemet.cohort import Cohort, SheetMapping, VisitSchedule, read_cohort
from spinemet.cohort._settings import VasUnit
from spinemet.errors import CohortError

__all__ = ["detect_format", "read_any_cohort"]

Detected = Literal["redcap-records", "fhir", "spss", "stata"]
_REDCAP_COLUMNS = {"redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance"}


def detect_format(path: str | Path) -> Detected | None:
    """``redcap-records``, ``fhir``, or ``spss``/``stata`` (a folder with ``patients.sav`` or
    ``patients.dta``) when ``path`` is one, else ``None`` (a cohort file or folder)."""
    target = Path(path)
    if target.is_dir():
        if (target / "patients.sav").is_file():
            return "spss"
        if (target / "patients.dta").is_file():
            return "stata"
        return None
    if not target.is_file():
        return None
    suffix = target.suffix.lower()
    if suffix == ".csv":
        try:
            with target.open(encoding="utf-8-sig", newline="") as handle:
                header = next(csv.reader(handle), [])
        except (OSError, UnicodeDecodeError, csv.Error):
            return None
        if header[:1] == ["patient_id"] and (
            _REDCAP_COLUMNS & set(header) or any(name.endswith("_complete") for name in header)
        ):
            return "redcap-records"
        return None
    if suffix == ".json":
        try:
            data = json.loads(target.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        if isinstance(data, dict) and data.get("resourceType") == "Bundle":
            return "fhir"
        if isinstance(data, list):
            return "redcap-records"
    return None


def read_any_cohort(
    path: str | Path,
    *,
    schedule: VisitSchedule | None = None,
    vas_unit: VasUnit | None = None,
    mapping: str | Path | SheetMapping | None = None,
    strict: bool = False,
) -> Cohort:
    """A cohort from a cohort folder, workbook or wide sheet, a REDCap record export (CSV or
    JSON), a FHIR Bundle (JSON) or a folder of SPSS/Stata files.

    ``mapping`` and ``strict`` apply to a hospital's own sheet
    (:func:`spinemet.cohort.read_cohort`); REDCap, FHIR and SPSS/Stata files name their fields
    themselves and take no mapping.

    Raises :class:`~spinemet.errors.CohortError` on bad input."""
    found = detect_format(path)
    if found is not None and mapping is not None:
        raise CohortError(
            "--mapping",
            str(mapping),
            f"no mapping for a {found} file (its fields are named by the format)",
            "mapping_not_applicable",
        )
    if found == "redcap-records":
        from spinemet.interop.redcap_import import read_redcap_records

        return read_redcap_records(path, schedule=schedule, vas_unit=vas_unit or "cm")
    if found == "fhir":
        from spinemet.interop.fhir_read import read_fhir_bundle

        return read_fhir_bundle(path, schedule=schedule, vas_unit=vas_unit or "cm")
    if found in ("spss", "stata"):
        from spinemet.interop.statfiles import read_statfiles

        return read_statfiles(path, format=found, schedule=schedule)
    return read_cohort(path, schedule=schedule, vas_unit=vas_unit, mapping=mapping, strict=strict)
