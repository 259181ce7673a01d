"""The patient's merged history: every change of the patient and of everything under it, with
who, when, what (field, old, new) and why, oldest first; data-query threads included.

Identifying details (name, hospital number, date of birth) appear as changed fields with their
values masked: the trail says that they changed, never what they are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spinemet.registry.audit.models import DataQuery
from spinemet.registry.patients.models import Identity, Patient

__all__ = ["patient_history"]

_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
_SKIP = {"version", "created_at", "updated_at", "id"}
_MASKED = "•••"


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _object_entries(
    label: str, records: list[Any], *, masked: bool = False
) -> list[dict[str, Any]]:
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is None:
            fields = [
                field.attname
                for field in record.instance_type._meta.concrete_fields
                if field.attname not in _SKIP
            ]
            for name in fields:
                value = getattr(record, name)
                if value not in (None, "", {}, []):
                    changes.append({"field": name, "old": None, "new": _plain(value)})
        else:
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in _SKIP:
                    continue
                changes.append(
                    {"field": change.field, "old": _plain(change.old), "new": _plain(change.new)}
                )
        if masked:
            for change in changes:
                change["old"] = None if change["old"] is None else _MASKED
                change["new"] = None if change["new"] is None else _MASKED
        entries.append(
            {
                "at": record.history_date.isoformat(),
                "user": record.history_user.get_username()
                if record.history_user
                else "command line",
                "action": _ACTIONS.get(record.history_type, record.history_type),
                "object": label,
                "changes": changes,
                "reason": record.history_change_reason or "",
            }
        )
        previous = record
    return entries


def patient_history(patient: Patient) -> list[dict[str, Any]]:
    """Every history entry of the patient (already checked visible), oldest first."""
    from spinemet.registry.assessments.models import Assessment
    from spinemet.registry.decisions.models import Decision
    from spinemet.registry.patients.models import Complication, Lesion, Procedure

    entries = _object_entries(
        "patient",
        list(
            Patient.history.filter(id=patient.pk)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        ),
    )
    children = (
        ("lesion", Lesion),
        ("procedure", Procedure),
        ("complication", Complication),
        ("assessment", Assessment),
        ("decision", Decision),
    )
    for name, model in children:
        rows = list(
            model.history.filter(patient_id=patient.pk)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        by_object: dict[int, list[Any]] = {}
        for row in rows:
            by_object.setdefault(row.id, []).append(row)
        for key, records in by_object.items():
            entries += _object_entries(f"{name}:{key}", records)
    identity = list(
        Identity.history.filter(patient_id=patient.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries += _object_entries("identity", identity, masked=True)
    for query in DataQuery.objects.filter(patient=patient).prefetch_related("messages"):
        for message in query.messages.all():
            entries.append(
                {
                    "at": message.at.isoformat(),
                    "user": message.author,
                    "action": f"query_{message.kind}",
                    "object": f"query:{query.pk} on {query.object}.{query.field}",
                    "changes": [],
                    "reason": message.text,
                }
            )
    entries.sort(key=lambda entry: entry["at"])
    return entries
