"""REDCap's EAV record shape (``type=eav``) to and from the flat one (``type=flat``).

In an EAV export every non-blank value is one row: ``record``, ``redcap_event_name``
(longitudinal projects), ``redcap_repeat_instrument``, ``redcap_repeat_instance``,
``field_name``, ``value``; a checkbox gives one row per checked choice with the field's name
and the choice's code as value. The registry's REDCap-compatible endpoint serves both shapes
from :func:`~spinemet.interop.cohort_to_redcap_records`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spinemet.cohort import DEFAULT_SCHEDULE, VisitSchedule
from spinemet.errors import CohortError, Problem
from spinemet.interop.redcap_project import RECORD_ID, project_fields

__all__ = ["redcap_eav_to_flat", "redcap_flat_to_eav"]

_KEYS = ("redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance")


def _checkboxes(schedule: VisitSchedule) -> dict[str, tuple[str, str]]:
    """Export column (``field___code``) -> (field, code)."""
    columns = {}
    for field in project_fields(schedule):
        if field.is_checkbox:
            for (code, _), column in zip(field.choices, field.checkbox_columns(), strict=True):
                columns[column] = (field.name, code)
    return columns


def redcap_flat_to_eav(
    records: Sequence[Mapping[str, str]], *, schedule: VisitSchedule = DEFAULT_SCHEDULE
) -> list[dict[str, str]]:
    """Flat rows as EAV rows (blanks and unchecked boxes left out).

    Examples
    --------
    >>> redcap_flat_to_eav([{"patient_id": "P1", "redcap_event_name": "enrolment_arm_1",
    ...                      "sex": "male", "age": ""}])
    [{'record': 'P1', 'redcap_event_name': 'enrolment_arm_1', 'field_name': 'sex', 'value': 'male'}]
    """
    boxes = _checkboxes(schedule)
    out = []
    for row in records:
        keys = {key: row[key] for key in _KEYS if key in row and row[key] != ""}
        for name, value in row.items():
            if name in (RECORD_ID, *_KEYS) or value in ("", None):
                continue
            if name in boxes:
                if str(value) not in ("1", "Checked"):
                    continue
                name, value = boxes[name]
            out.append(
                {"record": str(row[RECORD_ID]), **keys, "field_name": name, "value": str(value)}
            )
    return out


def redcap_eav_to_flat(
    rows: Sequence[Mapping[str, str]], *, schedule: VisitSchedule = DEFAULT_SCHEDULE
) -> list[dict[str, str]]:
    """EAV rows as flat rows, one per record, event and repeat instance (checkboxes as
    ``field___code`` columns). Raises :class:`~spinemet.errors.CohortError` for a row without
    ``record``, ``field_name`` or ``value`` (every such row listed)."""
    fields = {field.name: field for field in project_fields(schedule)}
    problems = [
        Problem(
            key,
            None,
            "record, field_name and value on every EAV row",
            "missing_value",
            f"EAV row {number}",
        )
        for number, row in enumerate(rows, start=1)
        for key in ("record", "field_name", "value")
        if key not in row
    ]
    if problems:
        raise CohortError.from_problems(problems)
    flat: dict[tuple[str, ...], dict[str, str]] = {}
    for row in rows:
        key = (str(row["record"]), *(str(row.get(name, "")) for name in _KEYS))
        target = flat.setdefault(
            key,
            {
                RECORD_ID: key[0],
                **{name: str(row[name]) for name in _KEYS if row.get(name, "") != ""},
            },
        )
        name, value = str(row["field_name"]), str(row["value"])
        field = fields.get(name)
        if field is not None and field.is_checkbox:
            for code, column in zip(
                (code for code, _ in field.choices), field.checkbox_columns(), strict=True
            ):
                target.setdefault(column, "0")
                if code == value or code.lower() == value.lower():
                    target[column] = "1"
        else:
            target[name] = value
    return list(flat.values())
