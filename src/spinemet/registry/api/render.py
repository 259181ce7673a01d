"""Records as the API's JSON (and the 409 answer's ``current``): one rendering per kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from spinemet.registry.common.records import CHILD_FIELDS, PATIENT_FIELDS

__all__ = ["assessment_out", "child_out", "decision_out", "patient_out", "visit_out"]


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def patient_out(patient: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": patient.pk,
        "study_id": patient.study_id,
        "site": patient.site.code,
        "study": patient.protocol.code,
    }
    for name in PATIENT_FIELDS:
        data[name] = _plain(getattr(patient, name))
    for name, value in (patient.case_fields or {}).items():
        data.setdefault(name, value)
    data["withdrawn"] = patient.withdrawn
    data["withdrawal_reason"] = patient.withdrawal_reason or None
    data["version"] = patient.version
    return data


def child_out(table: str, record: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": record.pk}
    for name in CHILD_FIELDS[table]:
        data[name] = _plain(getattr(record, name))
    for name, value in (getattr(record, "case_fields", None) or {}).items():
        data.setdefault(name, value)
    data["version"] = record.version
    return data


def assessment_out(assessment: Any) -> dict[str, Any]:
    total = assessment.total
    if total is not None and float(total).is_integer():
        total = int(total)
    return {
        "id": assessment.pk,
        "instrument": assessment.instrument,
        "visit": assessment.visit,
        "date": _plain(assessment.date),
        "items": assessment.items,
        "total": total,
        "category": assessment.category,
        "total_source": assessment.total_source,
        "version": assessment.version,
    }


def visit_out(visit: Any) -> dict[str, Any]:
    return {
        "code": visit.code,
        "target_date": visit.target_date.isoformat(),
        "window_start": visit.window_start.isoformat(),
        "window_end": visit.window_end.isoformat(),
        "status": visit.status,
    }


def decision_out(decision: Any) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "created_at": decision.created_at.isoformat(),
        "made_by": decision.made_by,
        "rule_set_version": decision.rule_set_version,
        "chosen_option": decision.chosen_option or None,
        "note": decision.note or None,
        "case": decision.case,
        "recommendation": decision.recommendation,
        "version": decision.version,
    }
