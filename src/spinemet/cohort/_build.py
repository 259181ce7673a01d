"""From raw tables (cells as read) to a validated :class:`~spinemet.cohort.Cohort`, or one error.

Steps: type every declared column (bad cells listed), check required cells and keys, check the
tables against each other and the dates against each other, assign visits, score totals. Every
problem of every step is collected; if there is any, one :class:`~spinemet.errors.CohortError`
lists them all and no cohort is returned.

Why plain vectorised pandas rather than pandera or pydantic: the rules that matter here are
mostly across tables and rows (a patient id unknown to ``patients``, a death before the index
date, a total that disagrees with items scored by :mod:`spinemet.instruments`, a date outside
its visit's window); pandera's column checks would cover only the per-cell part and still
need this code for the rest, and its failure cases would have to be translated into our
:class:`~spinemet.errors.Problem` (file, sheet row, column, value, what is allowed) anyway.
Pydantic validates row by row, which is too slow for 40,000 patients (about 300,000
assessment rows). Column declarations (:mod:`spinemet.cohort._columns`) keep the per-cell
rules as data, and every check is a column-wise mask, so validation stays fast and reports
every problem at once, without a further dependency.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from spinemet.cohort._classify import CLASS_TEXT, ColumnUse, classify_extra
from spinemet.cohort._columns import (
    ASSESSMENT_COLUMNS,
    TABLE_KEYS,
    TABLE_NAMES,
    TABLES,
    Column,
    Kind,
    empty_table,
)
from spinemet.cohort._convert import blank_mask, convert, infer_extra, none_where
from spinemet.cohort._provenance import Provenance, VisitAssignment, content_sha256
from spinemet.cohort._raw import RawTable
from spinemet.cohort._schedule import VisitSchedule
from spinemet.cohort._settings import VAS_UNITS, VasUnit
from spinemet.cohort._synonyms import synonyms
from spinemet.cohort._tables import (
    Checked,
    check_cement_leakage,
    check_dates,
    check_keys,
    check_lesions,
    check_references,
)
from spinemet.cohort._totals import item_kinds, score_totals
from spinemet.cohort._visits import assign_visits
from spinemet.errors import MISSING, CohortError, ColumnWarning, Problem
from spinemet.instruments import ALIASES, INSTRUMENTS, ItemKind

__all__ = ["RawTable", "Validated", "validate_tables"]

_CORE = {
    "patients": 9,  # patient_id .. death_date are always present, blank when not given
    "lesions": 2,
    "procedures": 8,  # patient_id .. blood_loss_ml; length_of_stay_days only where given
    "complications": len(TABLES["complications"]),
}
_COMPUTED = ("day", "total_source", "category")  # recomputed; values in the input are ignored
_ITEM_KINDS = item_kinds()
# Coded items are read as text here and checked against their own instrument's codes by
# score_frame (the same column name, ``grade``, holds Frankel, ASIA and Clavien-Dindo codes);
# as a CODE column without a code list every value was refused.
_KIND_OF_ITEM = {
    ItemKind.CHOICE: Kind.TEXT,
    ItemKind.INTEGER: Kind.INTEGER,
    ItemKind.NUMBER: Kind.NUMBER,
    ItemKind.BOOLEAN: Kind.BOOLEAN,
}


@dataclass(frozen=True)
class Validated:
    """Validated tables with their schedule and provenance: what a :class:`Cohort` holds."""

    tables: dict[str, pd.DataFrame]
    schedule: VisitSchedule
    provenance: Provenance


def validate_tables(
    raw: Mapping[str, RawTable],
    *,
    schedule: VisitSchedule,
    synthetic: bool,
    vas_unit: VasUnit,
    check_visit_windows: bool,
    sources: tuple[str, ...],
    sha256: str | None,
    notes: tuple[str, ...] = (),
    problems: Sequence[Problem] = (),
    column_uses: Sequence[ColumnUse] = (),
    declared_baseline: Sequence[str] = (),
    strict: bool = False,
) -> Validated:
    """Validate raw tables, or raise one :class:`CohortError` with every problem.

    ``problems`` are those a reader already found (a misnamed file, a misspelt outcome
    column): reported together with everything found here. ``column_uses`` classify the
    columns a reader consumed (wide outcome columns, columns a mapping ignores); every other
    column of the patients table is classified here (:mod:`spinemet.cohort._classify`).
    With ``strict``, a column that looks like an outcome or an identifier is refused.
    """
    problems = list(problems)
    if vas_unit not in VAS_UNITS:
        raise CohortError("vas_unit", vas_unit, ", ".join(VAS_UNITS), "value_not_allowed")
    unknown = sorted(set(raw) - set(TABLE_NAMES))
    problems += [
        Problem("table", name, ", ".join(TABLE_NAMES), "unknown_table") for name in unknown
    ]
    if "patients" not in raw:
        problems.append(Problem("patients", MISSING, "a patients table", "missing_table"))
        raise CohortError.from_problems(problems)
    synthetic_rows, marker_problems = _synthetic_marker(raw["patients"])
    problems += marker_problems
    typed: dict[str, pd.DataFrame] = {}
    for name in TABLE_NAMES:
        if name in raw:
            typed[name] = _typed(raw[name], problems)
    checked = Checked(raw=raw, typed=typed, problems=problems)
    check_keys(checked, TABLE_KEYS)
    check_references(checked)
    check_dates(checked)
    check_lesions(checked)
    check_cement_leakage(checked)
    uses = _classify_columns(
        raw["patients"], column_uses, declared_baseline, strict=strict, problems=problems
    )

    visit_report = None
    note_list = list(notes)
    if "assessments" in typed:
        visit_report = _assessments(
            checked,
            schedule,
            vas_unit=vas_unit,
            check_windows=check_visit_windows,
            notes=note_list,
        )
    if problems:
        raise CohortError.from_problems(_in_reading_order(problems))

    tables = {name: _finish(name, typed.get(name)) for name in TABLE_NAMES}
    tables["assessments"] = _order_assessments(tables["assessments"], tables["patients"], schedule)
    is_synthetic = synthetic or synthetic_rows
    if is_synthetic and not any(note.startswith("synthetic") for note in note_list):
        note_list.insert(0, "synthetic: generated data, not patient data")
    provenance = Provenance(
        sources=sources,
        sha256=sha256 if sha256 is not None else content_sha256(tables),
        synthetic=is_synthetic,
        notes=tuple(dict.fromkeys(note_list)),
        visit_assignment=visit_report
        or VisitAssignment(windows=tuple(entry.window_text() for entry in schedule.visits)),
        tables_given=tuple(name for name in TABLE_NAMES if name in raw),
        columns=tuple(uses),
        no_follow_up=_no_follow_up(tables["patients"]),
    )
    return Validated(tables, schedule, provenance)


def _classify_columns(
    table: RawTable,
    consumed: Sequence[ColumnUse],
    declared_baseline: Sequence[str],
    *,
    strict: bool,
    problems: list[Problem],
) -> list[ColumnUse]:
    """Every column of the patients table and of what the reader consumed, classified."""
    frame = table.frame
    sources = {use.name: use.column for use in consumed if use.use == "renamed"}
    sheet_order = [use.column for use in consumed if use.use in ("renamed", "ignored")]
    consumed = [
        ColumnUse(sources.get(use.name, use.column), use.name, use.use, use.note)
        for use in consumed
        if use.use != "renamed"  # renames only name the sources
    ]
    found = classify_extra(frame, declared_baseline=declared_baseline, sources=sources)
    undeclared = sorted(set(declared_baseline) - set(map(str, frame.columns)))
    for name in undeclared:
        problems.append(
            Problem(
                "table1.include",
                name,
                "a column of the patients table: " + ", ".join(map(str, frame.columns)),
                "unknown_column",
                None,
                table.file,
            )
        )
    named = {use.name for use in consumed}
    uses = [*consumed, *(use for use in found if use.name not in named)]
    if sheet_order:  # a mapping was applied: list the columns in the sheet's order
        rank = {column: position for position, column in enumerate(sheet_order)}
        uses.sort(key=lambda use: rank.get(use.column, len(rank)))
    doubtful = [use for use in uses if use.use in ("identifier", "outcome_like")]
    for use in doubtful:
        if strict:
            problems.append(
                Problem(
                    use.column,
                    CLASS_TEXT[use.use],
                    "a declared cohort column, an outcome <instrument>_<visit>, a column "
                    "declared under [table1] include, or to = 'ignore' in mapping.toml "
                    "(--strict refuses columns that look like outcomes or identifiers)",
                    "doubtful_column",
                    1 if table.file else None,
                    table.file,
                )
            )
    if doubtful and not strict:
        warnings.warn(
            ColumnWarning(
                "columns not analysed: "
                + "; ".join(f"{use.column} ({CLASS_TEXT[use.use]})" for use in doubtful)
                + " (--strict refuses them)"
            ),
            stacklevel=3,
        )
    return uses


def _no_follow_up(patients: pd.DataFrame) -> tuple[str, ...]:
    """Patients alive without a last contact date: their follow-up is unknown."""
    alive = patients["vital_status"].eq("alive").to_numpy(dtype=bool)
    unknown = patients["last_contact_date"].isna().to_numpy(dtype=bool)
    return tuple(str(value) for value in patients["patient_id"].to_numpy()[alive & unknown])


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Problems by file (in the order first found), then row; found order within a row."""
    files = {problem.file: rank for rank, problem in reversed(list(enumerate(problems)))}

    def key(problem: Problem) -> tuple[int, int, int, str]:
        row = problem.row
        if row is None:
            return files[problem.file], 0, 0, ""
        if isinstance(row, int):
            return files[problem.file], 1, row, ""
        return files[problem.file], 2, 0, str(row)

    return sorted(problems, key=key)


def _synthetic_marker(table: RawTable) -> tuple[bool, list[Problem]]:
    """The ``synthetic`` column the writers add: all true, all false/blank, never mixed."""
    if "synthetic" not in table.frame.columns:
        return False, []
    values, bad = convert(Column("synthetic", Kind.BOOLEAN), table.frame["synthetic"])
    problems = []
    for position in np.flatnonzero(bad):
        file, row = table.locate(int(position))
        problems.append(
            Problem(
                table.field(int(position), "synthetic"),
                table.frame["synthetic"].iat[position],
                "true or false",
                "value_not_allowed",
                row,
                file,
            )
        )
    flags = values.fillna(False).to_numpy(dtype=bool)
    if flags.any() and not flags.all():
        file, row = table.locate(int(np.flatnonzero(~flags)[0]))
        problems.append(
            Problem(
                table.field(0, "synthetic"),
                "a mix of true and false",
                "the same value on every row (synthetic and patient data are never mixed)",
                "inconsistent",
                row,
                file,
            )
        )
    return bool(flags.any()), problems


def _typed(table: RawTable, problems: list[Problem]) -> pd.DataFrame:
    frame = table.frame.drop(columns=["synthetic"], errors="ignore")
    if table.name == "assessments":
        frame = frame.drop(columns=[name for name in _COMPUTED if name in frame.columns])
    declared = {column.name: column for column in TABLES[table.name]}
    duplicated = frame.columns[frame.columns.duplicated()].unique().tolist()
    for name in duplicated:
        problems.append(
            Problem(name, name, "each column once", "duplicate_column", None, table.file)
        )
    frame = frame.loc[:, ~frame.columns.duplicated()]
    out: dict[str, pd.Series] = {}
    for column in declared.values():
        if column.name not in frame.columns:
            if column.required and not (
                table.name == "assessments" and column.name in ("visit", "date")
            ):
                problems.append(
                    Problem(
                        table.field(0, column.name) if table.columns else column.name,
                        MISSING,
                        f"a column named {column.name!r} in {table.name}",
                        "missing_column",
                        None,
                        table.file or table.name,
                    )
                )
            continue
        series = frame[column.name]
        values, bad = convert(column, series)
        _report(table, column.name, series, bad, column.allowed_text(), problems, column)
        if column.required:
            _report_blank(table, column.name, series, column.allowed_text(), problems)
        out[column.name] = values
    for name in frame.columns:
        if name in declared:
            continue
        series = frame[name]
        if table.name == "assessments" and name in _ITEM_KINDS:
            item_column = Column(str(name), _KIND_OF_ITEM[_ITEM_KINDS[name]])
            values, bad = convert(item_column, series)
            kind = _ITEM_KINDS[name].value
            _report(table, str(name), series, bad, f"a {kind} item value", problems)
            out[str(name)] = values
        else:
            out[str(name)] = infer_extra(series)
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def _report(
    table: RawTable,
    column: str,
    series: pd.Series,
    bad: np.ndarray,
    allowed: str,
    problems: list[Problem],
    declared: Column | None = None,
) -> None:
    for position in np.flatnonzero(bad):
        file, row = table.locate(int(position))
        cell: object = series.iat[position]
        value = cell.item() if isinstance(cell, np.generic) else cell
        if isinstance(value, pd.Timestamp):
            value = value.isoformat()
        problems.append(
            Problem(
                table.field(int(position), column),
                value,
                allowed + _did_you_mean(declared, value),
                "value_not_allowed",
                row,
                file,
            )
        )


def _did_you_mean(column: Column | None, value: object) -> str:
    """``"; did you mean 'male'? ..."`` for a coded cell a synonym or spelling explains."""
    if column is None or not isinstance(value, str):
        return ""
    if column.kind is Kind.CODE:
        found = synonyms().suggest(column.name, value, column.codes)
    elif column.kind is Kind.BOOLEAN:
        found = synonyms().code(column.name, value)
    elif column.kind is Kind.DATE:
        if re.match(r"^\s*\d{4}-\d{2}-\d{2}\s*$", value):
            return ""  # ISO, but no such day
        return "; a date in another format: declare date_formats in mapping.toml"
    elif column.kind in (Kind.NUMBER, Kind.INTEGER) and "," in value:
        return "; a decimal comma: declare decimal = ',' in mapping.toml"
    else:
        return ""
    if found is None:
        return ""
    return f"; did you mean {found!r}? recode it in mapping.toml"


def _report_blank(
    table: RawTable, column: str, series: pd.Series, allowed: str, problems: list[Problem]
) -> None:
    for position in np.flatnonzero(blank_mask(series)):
        file, row = table.locate(int(position))
        problems.append(
            Problem(
                table.field(int(position), column), MISSING, allowed, "missing_value", row, file
            )
        )


def _assessments(
    checked: Checked,
    schedule: VisitSchedule,
    *,
    vas_unit: VasUnit,
    check_windows: bool,
    notes: list[str],
) -> VisitAssignment | None:
    table, frame = checked.raw["assessments"], checked.typed["assessments"]
    problems = checked.problems
    if "instrument" not in frame.columns:
        return None
    for name in ("visit", "date"):
        if name not in frame.columns:
            frame[name] = pd.Series(
                [None] * len(frame), dtype="datetime64[ns]" if name == "date" else object
            )
    frame["total"] = frame["total"] if "total" in frame.columns else np.nan
    instrument = frame["instrument"].map(lambda code: ALIASES.get(code, code))
    known = instrument.isin(list(INSTRUMENTS)).to_numpy(dtype=bool) | instrument.isna().to_numpy()
    for position in np.flatnonzero(~known):
        file, row = table.locate(int(position))
        problems.append(
            Problem(
                table.field(int(position), "instrument"),
                instrument.iat[position],
                ", ".join(INSTRUMENTS),
                "unknown_instrument",
                row,
                file,
            )
        )
    frame["instrument"] = none_where(instrument, known)
    visit = frame["visit"]
    unknown_visit = visit.notna().to_numpy(dtype=bool) & ~visit.isin(schedule.codes).to_numpy(
        dtype=bool
    )
    for position in np.flatnonzero(unknown_visit):
        file, row = table.locate(int(position))
        problems.append(
            Problem(
                table.field(int(position), "visit"),
                visit.iat[position],
                "a visit code of the study's schedule: " + ", ".join(schedule.codes),
                "unknown_visit",
                row,
                file,
            )
        )
    neither = visit.isna().to_numpy(dtype=bool) & frame["date"].isna().to_numpy(dtype=bool)
    for position in np.flatnonzero(neither):
        file, row = table.locate(int(position))
        problems.append(
            Problem(
                f"{table.field(int(position), 'visit')} / {table.field(int(position), 'date')}",
                MISSING,
                "a visit code or a date (or both)",
                "missing_value",
                row,
                file,
            )
        )
    index_date = checked.index_dates(frame["patient_id"])
    assigned = assign_visits(
        patient_id=frame["patient_id"],
        visit=none_where(visit, ~unknown_visit),
        date=frame["date"],
        index_date=index_date,
        instrument=frame["instrument"],
        schedule=schedule,
        check_visit_windows=check_windows,
        locate=table.locate,
        field=table.field,
    )
    problems.extend(assigned.problems)
    _undated_after_death(checked, table, frame, assigned.visit, schedule)
    frame["visit"] = assigned.visit
    frame["day"] = assigned.day
    scored = score_totals(frame, vas_unit=vas_unit, locate=table.locate, field=table.field)
    problems.extend(scored.problems)
    notes.extend(scored.notes)
    frame["total"] = scored.total
    frame["total_source"] = scored.source
    frame["category"] = scored.category
    check_keys(checked, {"assessments": TABLE_KEYS["assessments"]}, after_assignment=True)
    if assigned.report.outside:
        notes.append(
            f"visits: {len(assigned.report.outside)} dated assessments fall outside every visit "
            "window; kept without a visit (listed in visit_assignment)"
        )
    return assigned.report


def _undated_after_death(
    checked: Checked,
    table: RawTable,
    frame: pd.DataFrame,
    visit: np.ndarray,
    schedule: VisitSchedule,
) -> None:
    """An undated assessment at a visit whose target day is after the patient's death.

    A dated one is refused by the date checks; without this an undated 6-month VAS of a
    patient who died on day 128 would be counted, and more patients shown assessed than alive.
    """
    death_day = (
        checked.patient_column(frame["patient_id"], "death_date")
        - checked.index_dates(frame["patient_id"])
    ).dt.days.to_numpy(dtype=np.float64, na_value=np.nan)
    targets = {entry.code: entry.target_day for entry in schedule.visits}
    target = np.array([targets.get(code, np.nan) for code in visit], dtype=np.float64)
    undated = frame["date"].isna().to_numpy(dtype=bool)
    after = undated & (target > death_day)
    for position in np.flatnonzero(after):
        file, row = table.locate(int(position))
        checked.problems.append(
            Problem(
                table.field(int(position), "visit"),
                str(visit[position]),
                f"a visit on or before the patient's death (died on day {int(death_day[position])}"
                f" after the index date; visit {visit[position]!r} is day "
                f"{int(target[position])}): give the assessment's date, correct the visit, "
                "or the death date",
                "assessment_after_death",
                row,
                file,
            )
        )


def _finish(name: str, frame: pd.DataFrame | None) -> pd.DataFrame:
    """Columns in the cohort's order: core columns always, then what the input had."""
    if name == "assessments":
        columns = list(ASSESSMENT_COLUMNS)
        template = empty_table(
            name, extra={"day": "Int64", "total_source": "object", "category": "object"}
        )
    else:
        columns = [column.name for column in TABLES[name]][: _CORE[name]]
        template = empty_table(name)
    if frame is None:
        return template[columns]
    out = frame.copy()
    for column in columns:
        if column not in out.columns:
            out[column] = pd.Series(index=out.index, dtype=template[column].dtype)
    declared = [column.name for column in TABLES[name] if column.name in out.columns]
    order = list(dict.fromkeys([*columns, *declared, *out.columns]))
    return out[order].reset_index(drop=True)


def _order_assessments(
    assessments: pd.DataFrame, patients: pd.DataFrame, schedule: VisitSchedule
) -> pd.DataFrame:
    """Rows by patient (in the patients table's order), visit in schedule order, then day."""
    if assessments.empty:
        return assessments
    patient_rank = pd.Series(np.arange(len(patients)), index=patients["patient_id"].to_numpy())
    visit_rank = {code: rank for rank, code in enumerate(schedule.codes)}
    keys = pd.DataFrame(
        {
            "patient": assessments["patient_id"].map(patient_rank).to_numpy(),
            "visit": assessments["visit"].map(visit_rank).fillna(len(visit_rank)).to_numpy(),
            "day": assessments["day"].astype("float64").fillna(np.inf).to_numpy(),
        }
    )
    order = np.lexsort(
        (keys["day"].to_numpy(), keys["visit"].to_numpy(), keys["patient"].to_numpy())
    )
    ordered: pd.DataFrame = assessments.iloc[order].reset_index(drop=True)
    return ordered
