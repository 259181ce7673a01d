"""REDCap record exports read into the tidy cohort.

Reads flat and longitudinal exports, repeating instruments, checkbox columns and raw or label
values, and validates the whole file through the cohort's one validation: every problem is
reported at once with record, event, field and value, and no cohort is returned when there is
one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from spinemet.cohort import DEFAULT_SCHEDULE, Cohort, VisitSchedule
from spinemet.cohort._provenance import files_sha256
from spinemet.cohort._raw import RawTable
from spinemet.cohort._settings import VasUnit
from spinemet.cohort.cohort import build_cohort
from spinemet.errors import CohortError, Problem
from spinemet.instruments import INSTRUMENTS, Scoring
from spinemet.interop._text import blank_to_none
from spinemet.interop.redcap_export import FORMS, TABLE_FORMS, form_label, read_redcap_dictionary
from spinemet.interop.redcap_project import (
    ENROLMENT_EVENT,
    RECORD_ID,
    UNSCHEDULED_EVENT,
    RedcapField,
    project_fields,
    unique_event_name,
)

__all__ = ["read_redcap_records", "redcap_records_to_cohort"]

_EVENT, _REPEAT, _INSTANCE = (
    "redcap_event_name",
    "redcap_repeat_instrument",
    "redcap_repeat_instance",
)
_IGNORED = ("redcap_data_access_group", "redcap_survey_identifier")
_TABLE_FORMS, _FORMS = TABLE_FORMS, FORMS
_CHECKED = {"1": True, "0": False, "Checked": True, "Unchecked": False, "": False}
_YES = {"1": "true", "0": "false", "Yes": "true", "No": "false"}


def _as_frame(records: pd.DataFrame | Sequence[Mapping[str, object]]) -> pd.DataFrame:
    if isinstance(records, pd.DataFrame):
        frame = records.copy()
    else:
        frame = pd.DataFrame.from_records(list(records))
    frame = frame.astype(object).where(frame.notna(), "")
    return frame.map(lambda value: value if isinstance(value, str) else str(value))


class _Reader:
    """One pass over a record export: locate rows, decode cells, collect problems."""

    def __init__(
        self,
        frame: pd.DataFrame,
        schedule: VisitSchedule,
        dictionary: Sequence[Mapping[str, str]] | None,
        file: str | None,
        line_numbers: bool,
    ) -> None:
        self.frame = frame.reset_index(drop=True)
        self.schedule = schedule
        self.file = file
        self.problems: list[Problem] = []
        self.fields = {field.name: field for field in project_fields(schedule)}
        self.extras = self._extras(dictionary)
        self.longitudinal = _EVENT in self.frame.columns
        self.events = {}
        for event in (ENROLMENT_EVENT, *schedule.codes, UNSCHEDULED_EVENT):
            for name in (unique_event_name(event), event, f"{event} (Arm 1: Arm 1)"):
                self.events[name] = event
        self.line_numbers = line_numbers

    def _extras(self, dictionary: Sequence[Mapping[str, str]] | None) -> list[str]:
        """Fields a centre added to its patient form: kept as patient columns."""
        if dictionary is None:
            return []
        extras = []
        for entry in dictionary:
            name = entry.get("field_name", "")
            if name in self.fields or not name:
                continue
            if entry.get("form_name") != "patient":
                self.problems.append(
                    Problem(
                        name,
                        entry.get("form_name"),
                        "spinemet's forms only; added fields are read on the patient form",
                        "unknown_field",
                        None,
                        "dictionary",
                    )
                )
            else:
                extras.append(name)
        return extras

    def add(self, position: int | None, field: str, value: object, allowed: str, code: str) -> None:
        row = None if position is None else self.labels[position]
        self.problems.append(Problem(field, value, allowed, code, row, self.file))

    # -- structure
    def check_columns(self) -> bool:
        columns = list(self.frame.columns)
        if RECORD_ID not in columns:
            hint = (
                " (this looks like an export with label headers: export with "
                "rawOrLabelHeaders=raw, 'raw variable names' in REDCap)"
                if any(" " in str(name) for name in columns)
                else ""
            )
            self.add(
                None,
                "columns",
                ", ".join(map(str, columns[:4])),
                f"a record export whose first column is {RECORD_ID!r}{hint}",
                "not_a_redcap_export",
            )
            return False
        known = {RECORD_ID, _EVENT, _REPEAT, _INSTANCE, *_IGNORED, *self.extras}
        for field in self.fields.values():
            known.update(field.checkbox_columns() if field.is_checkbox else (field.name,))
        known.update(f"{form}_complete" for form in _FORMS)
        known.update(f"{form}_timestamp" for form in _FORMS)
        for name in columns:
            if name not in known:
                self.add(
                    None,
                    str(name),
                    str(name),
                    "a field of spinemet's REDCap project (spinemet export --format "
                    "redcap-dictionary lists them), or a patient field the data dictionary "
                    "declares",
                    "unknown_field",
                )
        return True

    def locate_rows(self) -> None:
        frame = self.frame
        size = len(frame)
        empty = pd.Series([""] * size, dtype=object)
        record = frame[RECORD_ID]
        event = frame[_EVENT] if self.longitudinal else empty
        repeat = frame[_REPEAT] if _REPEAT in frame.columns else empty
        instance = frame[_INSTANCE] if _INSTANCE in frame.columns else empty
        labels = []
        for position in range(size):
            text = f"record {record.iat[position]}"
            if self.longitudinal:
                text += f", event {event.iat[position]}"
            if repeat.iat[position]:
                text += f", {repeat.iat[position]} #{instance.iat[position]}"
            if self.line_numbers:
                text += f" (CSV row {position + 2})"
            labels.append(text)
        self.labels = labels
        for position in np.flatnonzero(record.eq("").to_numpy()):
            self.add(int(position), RECORD_ID, "", "a record id on every row", "missing_value")
        if self.longitudinal:
            decoded = event.map(self.events)
            for position in np.flatnonzero(decoded.isna().to_numpy()):
                self.add(
                    int(position),
                    _EVENT,
                    event.iat[position],
                    "an event of the project: "
                    + ", ".join(
                        unique_event_name(code)
                        for code in (ENROLMENT_EVENT, *self.schedule.codes, UNSCHEDULED_EVENT)
                    ),
                    "unknown_event",
                )
            self.event = decoded
        else:
            self.event = pd.Series([ENROLMENT_EVENT] * size, dtype=object)
        labels_to_form = {form_label(form): form for form in _FORMS}
        labels_to_form.update({form.replace("_", " ").title(): form for form in _FORMS})
        form = repeat.map(lambda name: name if name in _FORMS or name == "" else None)
        form = form.where(form.notna(), repeat.map(labels_to_form))
        for position in np.flatnonzero(form.isna().to_numpy()):
            self.add(
                int(position),
                _REPEAT,
                repeat.iat[position],
                "a repeating form: " + ", ".join(_FORMS[1:]),
                "unknown_form",
            )
        self.repeat = form.fillna("")
        repeating = self.repeat.to_numpy(dtype=object) != ""
        good_instance = instance.str.fullmatch(r"[1-9][0-9]*").to_numpy(dtype=bool)
        for position in np.flatnonzero(repeating & ~good_instance):
            self.add(
                int(position),
                _INSTANCE,
                instance.iat[position],
                "a whole number >= 1 on a row of a repeating form",
                "value_not_allowed",
            )
        self._check_placement()

    def _allowed_forms(self, event: str | None, repeat: str) -> tuple[str, ...]:
        if repeat:
            if self.longitudinal and event == ENROLMENT_EVENT and repeat not in _TABLE_FORMS:
                return ()
            if self.longitudinal and event == UNSCHEDULED_EVENT and repeat not in INSTRUMENTS:
                return ()
            if self.longitudinal and event not in (ENROLMENT_EVENT, UNSCHEDULED_EVENT):
                return ()
            return (repeat,)
        if event == ENROLMENT_EVENT:
            return ("patient",)
        if event == UNSCHEDULED_EVENT:
            return ()
        return tuple(INSTRUMENTS)

    def _check_placement(self) -> None:
        """Data only in the forms that belong on each row (REDCap never exports others)."""
        keys = pd.DataFrame({"event": self.event, "repeat": self.repeat})
        self.allowed: list[tuple[str, ...]] = []
        cache: dict[tuple[object, str], tuple[str, ...]] = {}
        for event, repeat in keys.itertuples(index=False):
            key = (event, repeat)
            if key not in cache:
                cache[key] = self._allowed_forms(event, repeat)
            self.allowed.append(cache[key])
        for (event, repeat), allowed in cache.items():
            if allowed == () and repeat:
                rows = np.flatnonzero(
                    ((keys["event"] == event) & (keys["repeat"] == repeat)).to_numpy()
                )
                for position in rows:
                    self.add(
                        int(position),
                        _REPEAT,
                        repeat,
                        "lesions, procedures or complications at enrolment_arm_1, an "
                        "instrument form at unscheduled_arm_1",
                        "form_not_repeating_here",
                    )
        for form in _FORMS:
            columns = self._form_columns(form)
            if not columns:
                continue
            here = np.array([form in allowed for allowed in self.allowed], dtype=bool)
            filled = self.frame[columns].to_numpy(dtype=object) != ""
            for position, column in np.argwhere(filled & ~here[:, None]):
                self.add(
                    int(position),
                    columns[column],
                    self.frame[columns[column]].iat[position],
                    f"blank on this row (the field is on form {form!r}, which this row does "
                    "not hold)",
                    "misplaced_value",
                )

    def _form_columns(self, form: str) -> list[str]:
        names: list[str] = []
        for field in self.fields.values():
            if field.form != form or field.field_type == "calc":
                continue
            names += field.checkbox_columns() if field.is_checkbox else [field.name]
        if form == "patient":
            names = [name for name in names if name != RECORD_ID] + self.extras
        return [name for name in names if name in self.frame.columns]

    # -- cells
    def decode(self, rows: np.ndarray, field: RedcapField) -> pd.Series:
        """The cells of one field on ``rows`` as the cohort reads them (codes, true/false)."""
        if field.is_checkbox:
            return self._levels(rows, field)
        values = self.frame[field.name].to_numpy(dtype=object)[rows]
        series = pd.Series(values, dtype=object)
        if field.field_type == "yesno":
            mapping: dict[str, str] = dict(_YES)
            allowed = "1 or 0 (Yes or No)"
        elif field.choices:
            mapping = {code: code for code, _ in field.choices}
            mapping.update({label: code for code, label in field.choices if label not in mapping})
            allowed = ", ".join(code for code, _ in field.choices) + " (or their labels)"
        else:
            return blank_to_none(series)
        decoded = series.map(mapping)
        bad = decoded.isna().to_numpy() & (series.to_numpy(dtype=object) != "")
        for position in np.flatnonzero(bad):
            self.add(
                int(rows[position]), field.name, series.iat[position], allowed, "value_not_allowed"
            )
        return pd.Series([None if pd.isna(v) else v for v in decoded], dtype=object)

    def _levels(self, rows: np.ndarray, field: RedcapField) -> pd.Series:
        chosen: list[list[str]] = [[] for _ in rows]
        for (code, _), column in zip(field.choices, field.checkbox_columns(), strict=True):
            if column not in self.frame.columns:
                continue
            cells = self.frame[column].to_numpy(dtype=object)[rows]
            for position, cell in enumerate(cells):
                flag = _CHECKED.get(cell)
                if flag is None:
                    self.add(
                        int(rows[position]),
                        column,
                        cell,
                        "1 or 0 (Checked or Unchecked)",
                        "value_not_allowed",
                    )
                elif flag:
                    chosen[position].append(code)
        return pd.Series([",".join(codes) or None for codes in chosen], dtype=object)

    def rows_of(self, form: str) -> np.ndarray:
        return np.array([form in allowed for allowed in self.allowed], dtype=bool)

    def raw_table(
        self,
        table: str,
        rows: np.ndarray,
        columns: Mapping[str, pd.Series],
        sources: Mapping[str, np.ndarray | str],
    ) -> RawTable:
        frame = pd.DataFrame({name: series.to_numpy() for name, series in columns.items()})
        size = len(frame)
        mapping = {
            name: np.full(size, value, dtype=object) if isinstance(value, str) else value
            for name, value in sources.items()
        }
        return RawTable(
            frame, table, self.file or "records", [self.labels[int(p)] for p in rows], mapping
        )


def _table_columns(
    reader: _Reader, form: str, rows: np.ndarray
) -> tuple[dict[str, pd.Series], dict[str, np.ndarray | str]]:
    columns: dict[str, pd.Series] = {
        "patient_id": pd.Series(reader.frame[RECORD_ID].to_numpy(dtype=object)[rows])
    }
    sources: dict[str, np.ndarray | str] = {"patient_id": RECORD_ID}
    for field in reader.fields.values():
        if field.form != form or field.name == RECORD_ID:
            continue
        present = (
            any(name in reader.frame.columns for name in field.checkbox_columns())
            if field.is_checkbox
            else field.name in reader.frame.columns
        )
        if present:
            columns[field.column] = reader.decode(rows, field)
            sources[field.column] = field.name
    if form == "patient":
        for name in reader.extras:
            if name in reader.frame.columns:
                values = reader.frame[name].to_numpy(dtype=object)[rows]
                columns[name] = blank_to_none(values)
                sources[name] = name
    return columns, sources


def _assessments(reader: _Reader) -> RawTable | None:
    frames: list[pd.DataFrame] = []
    source_frames: list[pd.DataFrame] = []
    positions: list[np.ndarray] = []
    for code, spec in INSTRUMENTS.items():
        names = reader._form_columns(code)
        calc = f"{code}_total"
        if calc in reader.frame.columns:
            names = [*names, calc]
        if not names:
            continue
        on_row = reader.rows_of(code)
        filled = (reader.frame[names].to_numpy(dtype=object) != "").any(axis=1)
        rows = np.flatnonzero(on_row & filled)
        if rows.size == 0:
            continue
        columns: dict[str, Any] = {
            "patient_id": reader.frame[RECORD_ID].to_numpy(dtype=object)[rows],
            "instrument": np.full(rows.size, code, dtype=object),
        }
        sources: dict[str, Any] = {
            "patient_id": np.full(rows.size, RECORD_ID, dtype=object),
            "instrument": np.full(rows.size, "redcap_repeat_instrument", dtype=object),
        }
        event = reader.event.to_numpy(dtype=object)[rows]
        visit_field = reader.fields[f"{code}_visit"]
        named = (
            reader.decode(rows, visit_field).to_numpy(dtype=object)
            if visit_field.name in reader.frame.columns
            else np.full(rows.size, None, dtype=object)
        )
        scheduled = np.isin(event, list(reader.schedule.codes))
        visit = np.where(scheduled, event, named)
        clash = scheduled & pd.notna(named) & (named != event)
        for position in np.flatnonzero(clash):
            reader.add(
                int(rows[position]),
                visit_field.name,
                named[position],
                f"blank or {event[position]!r} (the event's visit)",
                "inconsistent",
            )
        columns["visit"] = visit
        sources["visit"] = np.where(scheduled, _EVENT, visit_field.name).astype(object)
        total = np.full(rows.size, None, dtype=object)
        total_source = np.full(rows.size, calc, dtype=object)
        for field in reader.fields.values():
            if field.form != code or field.column == "visit" or field.name not in names:
                continue
            values = reader.decode(rows, field).to_numpy(dtype=object)
            if field.column in ("total", "total_given"):
                take = pd.notna(values) & (pd.isna(total) | (field.column == "total_given"))
                total = np.where(take, values, total)
                total_source = np.where(take, field.name, total_source)
                continue
            columns[field.column] = values
            sources[field.column] = np.full(rows.size, field.name, dtype=object)
        if spec.scoring in (Scoring.SUM, Scoring.VALUE):
            columns["total"] = total
            sources["total"] = total_source
        frames.append(pd.DataFrame(columns))
        source_frames.append(pd.DataFrame(sources))
        positions.append(rows)
    if not frames:
        return None
    frame = pd.concat(frames, ignore_index=True)
    sources_all = pd.concat(source_frames, ignore_index=True)
    rows = np.concatenate(positions)
    mapping = {
        name: sources_all[name].fillna(name).to_numpy(dtype=object) for name in sources_all.columns
    }
    return RawTable(
        frame.astype(object).where(frame.notna(), np.nan),
        "assessments",
        reader.file or "records",
        [reader.labels[int(p)] for p in rows],
        mapping,
    )


def redcap_records_to_cohort(
    records: pd.DataFrame | Sequence[Mapping[str, object]],
    *,
    schedule: VisitSchedule = DEFAULT_SCHEDULE,
    dictionary: Sequence[Mapping[str, str]] | None = None,
    vas_unit: VasUnit = "cm",
    file: str | None = None,
    sources: tuple[str, ...] = (),
    sha256: str | None = None,
) -> Cohort:
    """Validate REDCap record-export rows and make a cohort of them.

    Parameters
    ----------
    records
        Rows as REDCap's record export gives them (JSON list of dicts, or a frame of a CSV):
        flat or longitudinal (``redcap_event_name``), with repeating instruments, checkbox
        columns (``field___code``), raw or label values, raw headers.
    schedule
        The study's visit schedule; visit events are named after its codes.
    dictionary
        The project's data dictionary (metadata entries), when the centre added fields to the
        patient form: those are kept as patient columns.

    Raises
    ------
    CohortError
        With every problem at once, each naming the record, event (and repeat instance), the
        field and the value; no cohort is made.
    """
    frame = _as_frame(records)
    csv = file is not None and file.lower().endswith(".csv")
    reader = _Reader(frame, schedule, dictionary, file, line_numbers=csv)
    if not reader.check_columns():
        raise CohortError.from_problems(reader.problems)
    reader.locate_rows()
    raw: dict[str, RawTable] = {}
    rows = np.flatnonzero(reader.rows_of("patient"))
    columns, source_names = _table_columns(reader, "patient", rows)
    raw["patients"] = reader.raw_table("patients", rows, columns, source_names)
    with_patient = set(columns["patient_id"])
    for form in _TABLE_FORMS:
        if not reader._form_columns(form) and not reader.repeat.eq(form).any():
            continue  # the export has no such form: the table was not given
        rows = np.flatnonzero(reader.rows_of(form))
        columns, source_names = _table_columns(reader, form, rows)
        raw[form] = reader.raw_table(form, rows, columns, source_names)
    assessments = _assessments(reader)
    if assessments is not None:
        raw["assessments"] = assessments
    records_seen = pd.unique(reader.frame[RECORD_ID])
    for record in records_seen:
        if record and record not in with_patient:
            position = int(np.flatnonzero(reader.frame[RECORD_ID].eq(record).to_numpy())[0])
            reader.add(
                position,
                RECORD_ID,
                record,
                "a record with a row for the patient form (event enrolment_arm_1, no repeat "
                "instrument) holding index_date and vital_status",
                "missing_patient",
            )
    if reader.problems:
        try:
            build_cohort(
                raw,
                schedule=schedule,
                synthetic=False,
                vas_unit=vas_unit,
                check_visit_windows=True,
                sources=sources,
                sha256=sha256,
            )
        except CohortError as error:
            raise CohortError.from_problems([*reader.problems, *error.problems]) from None
        raise CohortError.from_problems(reader.problems)
    return build_cohort(
        raw,
        schedule=schedule,
        synthetic=False,
        vas_unit=vas_unit,
        check_visit_windows=True,
        sources=sources,
        sha256=sha256,
    )


def read_redcap_records(
    path_or_frame: str | Path | pd.DataFrame | Sequence[Mapping[str, object]],
    dictionary: str | Path | Sequence[Mapping[str, str]] | None = None,
    *,
    schedule: VisitSchedule | None = None,
    vas_unit: VasUnit = "cm",
) -> Cohort:
    """Read a REDCap record export (CSV or JSON file, a frame, or rows) into a cohort.

    See :func:`redcap_records_to_cohort`; ``dictionary`` may also be the path of a data
    dictionary CSV. Raises :class:`~spinemet.errors.CohortError` naming the file and, for every
    problem, record, event, field and value.
    """
    chosen = schedule or DEFAULT_SCHEDULE
    metadata = (
        read_redcap_dictionary(dictionary) if isinstance(dictionary, (str, Path)) else dictionary
    )
    if not isinstance(path_or_frame, (str, Path)):
        return redcap_records_to_cohort(
            path_or_frame, schedule=chosen, dictionary=metadata, vas_unit=vas_unit
        )
    path = Path(path_or_frame)
    records: pd.DataFrame | list[Any]
    try:
        if path.suffix.lower() == ".json":
            loaded = json.loads(path.read_text(encoding="utf-8-sig"))
            if not isinstance(loaded, list) or not all(isinstance(row, dict) for row in loaded):
                raise CohortError(
                    "file",
                    str(path),
                    "a JSON list of records (REDCap's export with format=json)",
                    "not_a_redcap_export",
                )
            records = loaded
        else:
            records = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, ValueError, pd.errors.ParserError) as error:
        if isinstance(error, CohortError):
            raise
        raise CohortError(
            "file", str(path), f"a readable REDCap export ({error})", "unreadable_file"
        ) from None
    return redcap_records_to_cohort(
        records,
        schedule=chosen,
        dictionary=metadata,
        vas_unit=vas_unit,
        file=path.name,
        sources=(str(path),),
        sha256=files_sha256([path]),
    )
