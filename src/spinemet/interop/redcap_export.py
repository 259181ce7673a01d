"""REDCap record exports and the data dictionary, written from the tidy cohort.

:func:`cohort_to_redcap_records` gives the rows REDCap exports for the project of
:mod:`spinemet.interop.redcap_project`: one row per record and event (longitudinal) plus one
row per repeating instance, raw codes or labels. :mod:`spinemet.interop.redcap_import` reads
them back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from spinemet.cohort import DEFAULT_SCHEDULE, Cohort, VisitSchedule
from spinemet.errors import CohortError
from spinemet.instruments import INSTRUMENTS, Scoring
from spinemet.interop._text import series_text, write_file
from spinemet.interop.redcap_project import (
    DICTIONARY_HEADERS,
    ENROLMENT_EVENT,
    METADATA_KEYS,
    RECORD_ID,
    UNSCHEDULED_EVENT,
    RedcapField,
    project_fields,
    redcap_metadata,
    unique_event_name,
)

__all__ = [
    "FORMS",
    "RawOrLabel",
    "cohort_to_redcap_records",
    "form_label",
    "read_redcap_dictionary",
    "redcap_records_frame",
    "write_redcap_dictionary",
    "write_redcap_records",
]

RawOrLabel = Literal["raw", "label"]
_EVENT, _REPEAT, _INSTANCE = (
    "redcap_event_name",
    "redcap_repeat_instrument",
    "redcap_repeat_instance",
)
TABLE_FORMS = ("lesions", "procedures", "complications")
FORMS = ("patient", *TABLE_FORMS, *INSTRUMENTS)
"""The project's forms in order: patient, the repeating tables, one per instrument."""
_TABLE_FORMS, _FORMS = TABLE_FORMS, FORMS


def form_label(form: str) -> str:
    """The label REDCap shows for a form (``barthel_20`` -> ``Barthel 20``); blank stays."""
    return form.replace("_", " ").capitalize()


def _coded(series: pd.Series, field: RedcapField, raw_or_label: RawOrLabel) -> pd.Series:
    text = series_text(series)
    if raw_or_label == "label" and field.choices:
        labels = dict(field.choices)
        text = text.map(lambda code: labels.get(code, code))
    return text


def _checkboxes(
    series: pd.Series, field: RedcapField, raw_or_label: RawOrLabel
) -> dict[str, pd.Series]:
    chosen = [
        set() if not isinstance(value, str) else {part for part in value.split(",") if part}
        for value in series
    ]
    on, off = ("Checked", "Unchecked") if raw_or_label == "label" else ("1", "0")
    return {
        column: pd.Series([on if code in codes else off for codes in chosen], index=series.index)
        for (code, _), column in zip(field.choices, field.checkbox_columns(), strict=True)
    }


def _form_frame(
    table: pd.DataFrame, fields: Sequence[RedcapField], raw_or_label: RawOrLabel
) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    for field in fields:
        if field.column not in table.columns:
            continue
        if field.is_checkbox:
            out.update(_checkboxes(table[field.column], field, raw_or_label))
        else:
            out[field.name] = _coded(table[field.column], field, raw_or_label)
    return out


def _assessment_cells(
    rows: pd.DataFrame, code: str, fields: Sequence[RedcapField], raw_or_label: RawOrLabel
) -> dict[str, pd.Series]:
    spec = INSTRUMENTS[code]
    rows = rows.copy()
    given = rows["total_source"].eq("given").to_numpy(dtype=bool)
    if spec.scoring is Scoring.SUM:
        rows["total_given"] = rows["total"].where(given)
        rows["total"] = rows["total"].where(~given)
    elif spec.scoring is Scoring.VALUE:
        item = spec.items[0].name
        values = rows[item] if item in rows.columns else pd.Series(np.nan, index=rows.index)
        rows[item] = values.astype("float64").fillna(rows["total"])
    cells = _form_frame(rows, fields, raw_or_label)
    cells.pop(f"{code}_visit", None)
    cells[f"{code}_complete"] = pd.Series("2", index=rows.index)
    return cells


def redcap_records_frame(
    cohort: Cohort,
    *,
    longitudinal: bool = True,
    raw_or_label: RawOrLabel = "raw",
    calculated: bool = False,
) -> pd.DataFrame:
    """The cohort as a REDCap flat record export (one column per field, text, blanks ``""``).

    Only the forms that hold data are included: the patient form, the tables the cohort was
    given, and the instruments it has assessments of. See :func:`cohort_to_redcap_records`.
    """
    if raw_or_label not in ("raw", "label"):
        raise CohortError("raw_or_label", raw_or_label, "raw, label", "value_not_allowed")
    fields = project_fields(cohort.schedule)
    by_form: dict[str, list[RedcapField]] = {}
    for field in fields:
        by_form.setdefault(field.form, []).append(field)
    order = {pid: rank for rank, pid in enumerate(cohort.patients["patient_id"])}
    events = [ENROLMENT_EVENT, *cohort.schedule.codes, UNSCHEDULED_EVENT]
    event_rank = {event: rank for rank, event in enumerate(events)}
    form_rank = {form: rank for rank, form in enumerate(_FORMS)}
    parts: list[pd.DataFrame] = []

    def part(
        ids: pd.Series, event: Any, repeat: Any, instance: Any, cells: Mapping[str, pd.Series]
    ) -> None:
        frame = pd.DataFrame({name: series.to_numpy() for name, series in cells.items()})
        frame.insert(0, RECORD_ID, ids.to_numpy(dtype=object))
        frame.insert(1, "_event", event)
        frame.insert(2, _REPEAT, repeat)
        frame.insert(3, _INSTANCE, instance)
        parts.append(frame)

    patients = cohort.patients.copy()
    if cohort.synthetic:
        patients["synthetic"] = True
    cells = _form_frame(patients, by_form["patient"][1:], raw_or_label)
    cells["patient_complete"] = pd.Series("2", index=patients.index)
    part(patients["patient_id"], ENROLMENT_EVENT, "", "", cells)
    for form in _TABLE_FORMS:
        table = getattr(cohort, form)
        if not cohort.is_given(form) and table.empty:
            continue
        cells = _form_frame(table, by_form[form], raw_or_label)
        cells[f"{form}_complete"] = pd.Series("2", index=table.index)
        instance = (table.groupby("patient_id", sort=False).cumcount() + 1).astype(str)
        part(table["patient_id"], ENROLMENT_EVENT, form, instance.to_numpy(), cells)
    assessments = cohort.assessments
    scheduled_parts: list[pd.DataFrame] = []
    for code in pd.unique(assessments["instrument"]):
        rows = assessments[assessments["instrument"] == code]
        cells = _assessment_cells(rows, str(code), by_form[str(code)], raw_or_label)
        scheduled = rows["visit"].notna().to_numpy(dtype=bool)
        if longitudinal and scheduled.any():
            frame = pd.DataFrame({name: s.to_numpy()[scheduled] for name, s in cells.items()})
            frame.insert(0, RECORD_ID, rows["patient_id"].to_numpy(dtype=object)[scheduled])
            frame.insert(1, "_event", rows["visit"].to_numpy(dtype=object)[scheduled])
            scheduled_parts.append(frame)
        repeating = ~scheduled if longitudinal else np.ones(len(rows), dtype=bool)
        if repeating.any():
            chosen = rows[repeating]
            subset = {name: s[repeating] for name, s in cells.items()}
            if not longitudinal:
                visit = chosen["visit"]
                subset[f"{code}_visit"] = visit.where(visit.notna(), "").astype(object)
            instance = (chosen.groupby("patient_id", sort=False).cumcount() + 1).astype(str)
            event = UNSCHEDULED_EVENT if longitudinal else ENROLMENT_EVENT
            part(chosen["patient_id"], event, str(code), instance.to_numpy(), subset)
    if scheduled_parts:
        merged = pd.concat(scheduled_parts, ignore_index=True)
        blank = merged.to_numpy(dtype=object) == ""
        merged = merged.mask(blank).groupby([RECORD_ID, "_event"], sort=False).first()
        merged = merged.reset_index()
        merged.insert(2, _REPEAT, "")
        merged.insert(3, _INSTANCE, "")
        parts.append(merged)
    frame = pd.concat(parts, ignore_index=True).fillna("")
    sort = pd.DataFrame(
        {
            "record": frame[RECORD_ID].map(order),
            "event": frame["_event"].map(event_rank),
            "form": frame[_REPEAT].map(lambda form: -1 if form == "" else form_rank[form]),
            "instance": pd.to_numeric(frame[_INSTANCE], errors="coerce").fillna(0),
        }
    )
    frame = frame.loc[sort.sort_values(list(sort.columns), kind="stable").index]
    frame = frame.reset_index(drop=True)
    columns = [RECORD_ID]
    if longitudinal:
        naming = unique_event_name if raw_or_label == "raw" else str
        frame[_EVENT] = frame["_event"].map(naming)
        columns.append(_EVENT)
    columns += [_REPEAT, _INSTANCE]
    present = set(frame.columns)
    for field in fields[1:]:
        names = field.checkbox_columns() if field.is_checkbox else (field.name,)
        columns += [name for name in names if name in present]
        if field is by_form[field.form][-1] and f"{field.form}_complete" in present:
            columns.append(f"{field.form}_complete")
    if not longitudinal and frame[_REPEAT].eq("").all():
        columns = [name for name in columns if name not in (_REPEAT, _INSTANCE)]
    if not calculated:
        calc = {field.name for field in fields if field.field_type == "calc"}
        columns = [name for name in columns if name not in calc]
    if raw_or_label == "label":
        frame[_REPEAT] = frame[_REPEAT].map(form_label)
    return frame[columns]


def cohort_to_redcap_records(
    cohort: Cohort,
    *,
    longitudinal: bool = True,
    raw_or_label: RawOrLabel = "raw",
    calculated: bool = False,
) -> list[dict[str, str]]:
    """The cohort as REDCap record-export rows (JSON ``type=flat``), one dict per row.

    Longitudinal (default): a row per record and event (``redcap_event_name``
    ``enrolment_arm_1``, ``preop_arm_1``, ...), plus a row per instance of a repeating form
    (``redcap_repeat_instrument``, ``redcap_repeat_instance``): lesions, procedures and
    complications at enrolment, assessments outside every visit window at
    ``unscheduled_arm_1``. Classic (``longitudinal=False``): no events; every assessment is an
    instance of its instrument's form with ``<code>_visit``. Values are raw codes (``raw``) or
    REDCap's labels (``label``: choice labels, ``Yes``/``No``, ``Checked``/``Unchecked``,
    event and form labels); every value is text, blanks ``""``. A total recorded without items
    goes to ``<code>_total_given``. Calculated fields (``<code>_total``) are left out unless
    ``calculated``: REDCap refuses them in an import and computes them itself; its own exports
    carry them, and the reader checks them against the items.

    Examples
    --------
    >>> from spinemet.cohort import synthetic_cohort
    >>> rows = cohort_to_redcap_records(synthetic_cohort(2))
    >>> rows[0]["patient_id"], rows[0]["redcap_event_name"], rows[0]["vital_status"]
    ('S001', 'enrolment_arm_1', 'dead')
    """
    return redcap_records_frame(  # type: ignore[return-value]
        cohort, longitudinal=longitudinal, raw_or_label=raw_or_label, calculated=calculated
    ).to_dict("records")


def write_redcap_records(
    cohort: Cohort,
    path: str | Path,
    *,
    longitudinal: bool = True,
    raw_or_label: RawOrLabel = "raw",
    calculated: bool = False,
) -> Path:
    """Write the cohort as a REDCap record export: CSV (``.csv``) or JSON (``.json``); see
    :func:`cohort_to_redcap_records` for the options."""
    frame = redcap_records_frame(
        cohort, longitudinal=longitudinal, raw_or_label=raw_or_label, calculated=calculated
    )
    target = Path(path)

    def write(temporary: Path) -> None:
        if target.suffix.lower() == ".json":
            records = frame.to_dict("records")
            temporary.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        else:
            frame.to_csv(temporary, index=False, lineterminator="\n")

    return write_file(target, write)


def write_redcap_dictionary(path: str | Path, schedule: VisitSchedule = DEFAULT_SCHEDULE) -> Path:
    """Write the REDCap data dictionary (the 18-column CSV REDCap imports) for the project."""
    frame = pd.DataFrame(redcap_metadata(schedule), columns=list(METADATA_KEYS))
    frame.columns = list(DICTIONARY_HEADERS)
    return write_file(
        path, lambda temporary: frame.to_csv(temporary, index=False, lineterminator="\n")
    )


def read_redcap_dictionary(path: str | Path) -> list[dict[str, str]]:
    """A REDCap data dictionary CSV as metadata entries (the keys of ``content=metadata``)."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError) as error:
        raise CohortError(
            "dictionary", str(path), f"a readable CSV ({error})", "unreadable_file"
        ) from None
    if tuple(frame.columns) != DICTIONARY_HEADERS:
        raise CohortError(
            "dictionary headers",
            ", ".join(map(str, frame.columns[:3])) + ", ...",
            "the 18 headers of a REDCap data dictionary: " + ", ".join(DICTIONARY_HEADERS),
            "not_a_dictionary",
            file=str(path),
        )
    frame.columns = list(METADATA_KEYS)
    return frame.to_dict("records")  # type: ignore[return-value]
