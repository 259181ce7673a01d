"""The registry as a tidy cohort: the patients an actor may see, as the tables
``spinemet analyze`` reads (DESIGN.md "The tidy cohort").

``patient_id`` is the study id; where the exported sites share a study id it is prefixed by
the site code (``site_a/P001``) for every patient, and the provenance says so. Withdrawn
patients are left out unless asked; identifying details are never part of a cohort.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from spinemet.cohort import Cohort, VisitSchedule
from spinemet.errors import SpinemetInputError
from spinemet.registry.assessments.models import Assessment
from spinemet.registry.common.records import CHILD_FIELDS, PATIENT_FIELDS
from spinemet.registry.patients.models import Complication, Lesion, Procedure, Study
from spinemet.registry.patients.selectors import patients_visible
from spinemet.registry.sites.selectors import Actor

__all__ = ["cohort_extract"]


def cohort_extract(
    actor: Actor,
    *,
    sites: list[str] | None = None,
    include_withdrawn: bool = False,
    study: str | None = None,
    study_ids: list[str] | None = None,
) -> Cohort:
    """The actor's patients (optionally of some site codes, or some study ids) as a validated
    cohort."""
    patients = patients_visible(actor)
    if sites:
        from spinemet.registry.sites.selectors import visible_sites

        allowed = set(visible_sites(actor).values_list("code", flat=True))
        unknown = [code for code in sites if code not in allowed]
        if unknown:
            raise SpinemetInputError(
                "site", unknown[0], ", ".join(sorted(allowed)) or "no site", "unknown_site"
            )
        patients = patients.filter(site__code__in=sites)
    if not include_withdrawn:
        patients = patients.filter(withdrawn=False)
    if study:
        patients = patients.filter(protocol__code=study)
    if study_ids is not None:
        plain = [sid.split("/", 1)[1] if "/" in sid else sid for sid in study_ids]
        patients = patients.filter(study_id__in=plain)
    studies = list(Study.objects.filter(patients__in=patients).distinct())
    if len(studies) > 1:
        raise SpinemetInputError(
            "study",
            None,
            "one study at a time (" + ", ".join(s.code for s in studies) + ")",
            "several_studies",
        )
    schedule = (
        VisitSchedule.from_dict(studies[0].schedule)
        if studies
        else VisitSchedule.from_dict(_default_schedule())
    )
    rows = list(
        patients.order_by("site__code", "study_id").values(
            "id", "study_id", "site__code", "synthetic", *PATIENT_FIELDS
        )
    )
    synthetic = any(row["synthetic"] for row in rows)
    ids = [row["study_id"] for row in rows]
    prefixed = len(set(ids)) != len(ids)
    key_of = {
        row["id"]: (f"{row['site__code']}/{row['study_id']}" if prefixed else row["study_id"])
        for row in rows
    }
    patient_frame = pd.DataFrame.from_records(
        [
            {
                "patient_id": key_of[row["id"]],
                "site": row["site__code"],
                **{n: row[n] for n in PATIENT_FIELDS},
            }
            for row in rows
        ],
        columns=["patient_id", "site", *PATIENT_FIELDS],
    )
    patient_ids = list(key_of)

    def table(model: Any, name: str) -> pd.DataFrame:
        fields = CHILD_FIELDS[name]
        records = (
            model.objects.filter(patient_id__in=patient_ids)
            .order_by("patient_id", "id")
            .values("patient_id", *fields)
        )
        frame = pd.DataFrame.from_records(list(records), columns=["patient_id", *fields])
        frame["patient_id"] = frame["patient_id"].map(key_of)
        return frame

    assessments = _assessments(patient_ids, key_of)
    notes: tuple[str, ...] = ("extracted from the spinemet registry",)
    if prefixed:
        notes += ("patient_id is site/study_id: study ids repeat across the exported sites",)
    if synthetic:
        notes += ("synthetic: the registry holds invented demo patients, not patient data",)
    return Cohort.from_tables(
        patient_frame,
        lesions=table(Lesion, "lesions"),
        procedures=table(Procedure, "procedures"),
        assessments=assessments,
        complications=table(Complication, "complications"),
        schedule=schedule,
        synthetic=synthetic,
        notes=notes,
    )


def _default_schedule() -> dict[str, Any]:
    from spinemet.cohort import DEFAULT_SCHEDULE

    return DEFAULT_SCHEDULE.as_dict()


def _assessments(patient_ids: list[int], key_of: dict[int, str]) -> pd.DataFrame:
    records = []
    rows = (
        Assessment.objects.filter(patient_id__in=patient_ids)
        .order_by("patient_id", "date", "id")
        .values("patient_id", "visit", "date", "instrument", "items", "total", "total_source")
        .iterator(chunk_size=5000)
    )
    for row in rows:
        record = {
            "patient_id": key_of[row["patient_id"]],
            "visit": row["visit"],
            "date": row["date"],
            "instrument": row["instrument"],
        }
        if row["total_source"] == "given":
            record["total"] = row["total"]
        record.update(row["items"] or {})
        records.append(record)
    columns = ["patient_id", "visit", "date", "instrument", "total"]
    frame = pd.DataFrame.from_records(records)
    for name in columns:
        if name not in frame.columns:
            frame[name] = pd.Series([None] * len(frame), dtype=object)
    return frame
