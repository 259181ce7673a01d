"""Read a cohort from files: a folder of CSVs or Parquet files, an Excel workbook, a wide sheet.

Every reader hands the cells as they are in the file (text for CSV, cell values for Excel) to
the one validation in :mod:`spinemet.cohort._build`, with the row number a person sees (header
= row 1, blank lines counted), so a message points at the cell to fix.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from spinemet._spreadsheet import restore_csv_frame
from spinemet.cohort._classify import ColumnUse
from spinemet.cohort._mapping import SheetMapping, apply_mapping, load_mapping
from spinemet.cohort._patient_events import split_events
from spinemet.cohort._provenance import files_sha256
from spinemet.cohort._raw import RawTable
from spinemet.cohort._schedule import DEFAULT_SCHEDULE, VisitSchedule, load_schedule
from spinemet.cohort._settings import TABLE1_SUMMARIES, VAS_UNITS, VasUnit
from spinemet.cohort._sheet import read_sheet
from spinemet.cohort._wide import has_outcome_columns, split_wide
from spinemet.cohort.cohort import TABLE_NAMES, Cohort, build_cohort
from spinemet.errors import MISSING, CohortError, Problem

__all__ = ["read_cohort"]

FIRST_DATA_ROW = 2  # row 1 of a sheet or CSV holds the column names
_SETTINGS = ("cohort.toml", "cohort.json", "cohort.yaml", "cohort.yml")
_SCHEDULES = ("schedule.toml", "schedule.json", "schedule.yaml", "schedule.yml")
_EXCEL = (".xlsx", ".xlsm")
_TABLE_SUFFIXES = (".csv", ".parquet")
MAPPING_FILE = "mapping.toml"
_EXTRA_FILES = ("provenance.json", MAPPING_FILE, *_SETTINGS, *_SCHEDULES)
_EXTRA_SHEETS = ("schedule", "provenance", "settings", "README")
_ALLOWED_FILES_TEXT = (
    ", ".join(TABLE_NAMES)
    + " (each .csv or .parquet), "
    + ", ".join(_EXTRA_FILES)
    + ", README (any extension)"
)


def _suggestion(name: str, allowed: list[str]) -> str | None:
    """The allowed name ``name`` was probably meant as: same letters in another case, or a
    close spelling (``assesments.csv`` -> ``assessments.csv``)."""
    folded = {candidate.casefold(): candidate for candidate in allowed}
    if name.casefold() in folded:
        return folded[name.casefold()]
    close = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.8)
    return folded[close[0]] if close else None


def _unexpected_files(folder: Path) -> list[Problem]:
    """A problem for every file of a cohort folder that is not a cohort file.

    Names are exact: ``Complications.csv`` or ``assesments.csv`` would otherwise be skipped
    and the analysis would report no complications or no outcomes. Hidden files (``.DS_Store``)
    and subfolders are not data and are passed over; a ``README`` may document the folder.
    """
    tables = [f"{name}{suffix}" for name in TABLE_NAMES for suffix in _TABLE_SUFFIXES]
    allowed = [*tables, *_EXTRA_FILES]
    problems = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith(".") or path.is_dir() or name in allowed:
            continue
        if path.stem == "README":
            continue
        meant = _suggestion(name, allowed)
        hint = f"did you mean {meant}? allowed files: " if meant else "allowed files: "
        problems.append(
            Problem(name, name, hint + _ALLOWED_FILES_TEXT, "not_a_cohort_table", None, str(folder))
        )
    return problems


def read_cohort(
    path: str | Path,
    *,
    schedule: VisitSchedule | None = None,
    vas_unit: VasUnit | None = None,
    check_visit_windows: bool = True,
    mapping: str | Path | SheetMapping | None = None,
    strict: bool = False,
) -> Cohort:
    """Read and validate a cohort from a folder, a workbook or a wide sheet.

    Parameters
    ----------
    path
        A folder of CSVs (``patients.csv`` required; ``lesions.csv``, ``procedures.csv``,
        ``assessments.csv``, ``complications.csv`` optional), a folder of the same tables as
        ``.parquet``, an Excel workbook with one sheet per table (named as the tables), or one
        wide sheet (``.csv``, or a workbook without table sheets: its first sheet). Names are
        exact: any other file in a folder (besides ``provenance.json``, ``cohort.*``,
        ``schedule.*``, a ``README``, hidden files and subfolders) and any other sheet of a
        table workbook is refused with the name it probably meant.
    schedule
        The visit schedule. Default: a ``schedule.toml``/``.json``/``.yaml`` in the folder (or a
        ``schedule`` sheet), else the seed study's :data:`DEFAULT_SCHEDULE`.
    vas_unit
        ``"mm"`` when VAS was recorded on a 0-100 mm line: divided by 10 and noted. Default: the
        ``vas_unit`` of a ``cohort.toml``/``.json``/``.yaml`` in the folder, else ``"cm"``.
    check_visit_windows
        Refuse an assessment whose date is outside its given visit's window (default), or
        keep the visit and list the mismatch in ``provenance.visit_assignment``.
    mapping
        A mapping file (:mod:`spinemet.cohort._mapping`; ``spinemet map`` proposes one) for
        the wide sheet or the patients table: renames, value recoding, header row, decimal
        and date formats. Default: ``mapping.toml`` in the folder, or beside the sheet.
    strict
        Refuse a column that looks like an outcome or an identifier instead of warning
        (:class:`~spinemet.errors.ColumnWarning`) and leaving it out of Table 1.

    Returns
    -------
    Cohort
        With ``provenance`` holding the paths, the SHA-256 of the bytes read, whether the data
        are synthetic (a ``synthetic`` column or ``provenance.json`` written by
        :func:`write_cohort`), notes, the visit windows used and the tables given.

    Raises
    ------
    CohortError
        With every problem found, each naming the file, row, column, value and what is
        allowed: unknown patient ids, dates out of order (death before the index date, last
        contact before it, an assessment or complication after death), ``dead`` without a death
        date, a total that disagrees with its items, unknown visit or instrument codes,
        duplicate keys, bad codes, VAS outside 0-10. Nothing is returned then.
    """
    source = Path(path)
    if not source.exists():
        raise CohortError("path", str(source), "an existing folder or file", "no_such_file")
    options = _Options(schedule, vas_unit, check_visit_windows, *_mapping(source, mapping), strict)
    if source.is_dir():
        return _read_folder(source, options)
    suffix = source.suffix.lower()
    if suffix in _EXCEL:
        return _read_workbook(source, options)
    if suffix == ".csv":
        sheet = read_sheet(
            source, separator=options.mapping.separator, header_row=options.mapping.header_row
        )
        return _wide(sheet.frame, sheet.rows, sheet.notes, source, options)
    raise CohortError(
        "path",
        str(source),
        "a folder of .csv or .parquet tables, an .xlsx workbook, or a wide .csv sheet",
        "bad_suffix",
    )


@dataclass(frozen=True)
class _Options:
    schedule: VisitSchedule | None
    vas_unit: VasUnit | None
    check_visit_windows: bool
    mapping: SheetMapping
    mapping_files: list[Path]
    strict: bool


def _mapping(
    source: Path, given: str | Path | SheetMapping | None
) -> tuple[SheetMapping, list[Path]]:
    """The mapping given, or ``mapping.toml`` in the folder / beside the sheet, or none."""
    if isinstance(given, SheetMapping):
        return given, []
    if given is not None:
        path = Path(given)
        if not path.is_file():
            raise CohortError("--mapping", str(path), "an existing mapping file", "no_such_file")
        return load_mapping(path), [path]
    beside = (source if source.is_dir() else source.parent) / MAPPING_FILE
    if beside.is_file():
        return load_mapping(beside), [beside]
    return SheetMapping(), []


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, skip_blank_lines=False, encoding="utf-8-sig")
    except (ValueError, OSError, pd.errors.ParserError) as error:
        raise CohortError(
            "file", str(path), f"a readable CSV file ({error})", "unreadable_table"
        ) from None
    frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame))
    # A cohort folder spinemet wrote marks formula-like text with a leading ' (OWASP): off again.
    return restore_csv_frame(frame)


def _drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with no cell at all are spacing, not records (their numbers stay skipped)."""
    return frame[~frame.isna().all(axis=1)]


def _raw(frame: pd.DataFrame, name: str, file: str) -> RawTable:
    frame = _drop_blank_rows(frame)
    rows = [int(label) for label in frame.index]
    return RawTable(frame.reset_index(drop=True), name, file, rows)


def _settings(folder: Path) -> tuple[dict[str, Any], list[Path]]:
    import yaml

    for name in _SETTINGS:
        path = folder / name
        if not path.exists():
            continue
        try:
            text = path.read_text(encoding="utf-8")
            data: Any = (
                tomllib.loads(text)
                if name.endswith(".toml")
                else json.loads(text)
                if name.endswith(".json")
                else yaml.safe_load(text)
            )
        except (OSError, ValueError, yaml.YAMLError) as error:
            raise CohortError(
                "settings", str(path), f"a readable settings file ({error})", "unreadable_file"
            ) from None
        if not isinstance(data, dict) or set(data) - {"vas_unit", "summary"}:
            raise CohortError(
                "settings",
                str(path),
                "a table with only the keys 'vas_unit' and 'summary'",
                "unknown_setting",
            )
        return data, [path]
    return {}, []


def _vas_unit(given: str | None, settings: dict[str, Any], file: str | None) -> VasUnit:
    unit = given if given is not None else settings.get("vas_unit", "cm")
    if unit not in VAS_UNITS:
        raise CohortError("vas_unit", unit, ", ".join(VAS_UNITS), "value_not_allowed", file=file)
    return "mm" if unit == "mm" else "cm"


def _summaries(settings: dict[str, Any], file: str | None) -> tuple[tuple[str, str], ...]:
    """The ``[summary]`` table of the settings: Table 1 column -> ``mean_sd`` / ``median_iqr``."""
    table = settings.get("summary", {})
    kinds = " or ".join(TABLE1_SUMMARIES)
    if not isinstance(table, dict):
        raise CohortError(
            "summary", table, f"a table of column = {kinds}", "value_not_allowed", file=file
        )
    problems = [
        Problem(f"summary.{name}", kind, kinds, "value_not_allowed", None, file)
        for name, kind in table.items()
        if kind not in TABLE1_SUMMARIES
    ]
    if problems:
        raise CohortError.from_problems(problems)
    return tuple((str(name), str(kind)) for name, kind in table.items())


def _written_provenance(folder: Path) -> tuple[bool, tuple[str, ...], list[Path]]:
    path = folder / "provenance.json"
    if not path.exists():
        return False, (), []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CohortError(
            "provenance", str(path), f"readable JSON ({error})", "unreadable_file"
        ) from None
    notes = tuple(str(note) for note in data.get("notes", ()))
    return bool(data.get("synthetic", False)), notes, [path]


def _read_folder(folder: Path, options: _Options) -> Cohort:
    csv = {
        name: folder / f"{name}.csv" for name in TABLE_NAMES if (folder / f"{name}.csv").exists()
    }
    parquet = {
        name: folder / f"{name}.parquet"
        for name in TABLE_NAMES
        if (folder / f"{name}.parquet").exists()
    }
    if csv and parquet:
        raise CohortError(
            "folder", str(folder), "tables as .csv or as .parquet, not both", "ambiguous_folder"
        )
    found = csv or parquet
    problems = _unexpected_files(folder)
    schedule = options.schedule
    if "patients" not in found:
        problems.append(
            Problem(
                "patients",
                str(folder / "patients.csv"),
                "a patients.csv (or patients.parquet) in the folder; optional: "
                + ", ".join(f"{name}.csv" for name in TABLE_NAMES[1:]),
                "missing_table",
            )
        )
        raise CohortError.from_problems(problems)
    settings, read = _settings(folder)
    unit = _vas_unit(
        options.vas_unit or options.mapping.vas_unit, settings, str(read[0]) if read else None
    )
    summaries = _summaries(settings, str(read[0]) if read else None)
    if schedule is None:
        for name in _SCHEDULES:
            if (folder / name).exists():
                schedule = load_schedule(folder / name)
                read.append(folder / name)
                break
    synthetic, notes, provenance_file = _written_provenance(folder)
    raw: dict[str, RawTable] = {}
    sheet_notes: list[str] = []
    for name, path in found.items():
        if path.suffix == ".csv" and name == "patients":
            sheet = read_sheet(
                path,
                separator=options.mapping.separator,
                header_row=options.mapping.header_row,
            )
            raw[name] = RawTable(sheet.frame, name, path.name, sheet.rows)
            sheet_notes += sheet.notes
        elif path.suffix == ".csv":
            raw[name] = _raw(_read_csv(path), name, path.name)
        else:
            frame = pd.read_parquet(path)
            frame.index = pd.RangeIndex(1, len(frame) + 1)  # record number, no header row
            raw[name] = RawTable(frame.reset_index(drop=True), name, path.name, list(frame.index))
    chosen = schedule or DEFAULT_SCHEDULE
    extra, uses, mapped_notes = _patients_sheet(raw, chosen, options.mapping)
    files = [*found.values(), *read, *provenance_file, *options.mapping_files]
    cohort = build_cohort(
        raw,
        schedule=chosen,
        synthetic=synthetic,
        vas_unit=unit,
        check_visit_windows=options.check_visit_windows,
        sources=tuple(str(path) for path in sorted(files)),
        sha256=files_sha256(files),
        notes=(*notes, *sheet_notes, *mapped_notes),
        problems=[*problems, *extra],
        column_uses=uses,
        declared_baseline=options.mapping.table1,
        strict=options.strict,
    )
    if not summaries:
        return cohort
    provenance = dataclasses.replace(cohort.provenance, table1_summaries=summaries)
    return dataclasses.replace(cohort, provenance=provenance)


def _patients_sheet(
    raw: dict[str, RawTable], schedule: VisitSchedule, mapping: SheetMapping
) -> tuple[list[Problem], list[ColumnUse], list[str]]:
    """Apply the mapping to the patients table and read its wide outcome columns.

    A workbook's ``patients`` sheet may carry ``vas_preop ... barthel_m6`` as a wide sheet
    does: they are outcomes, joined to the assessments table's rows, never patient fields.
    """
    table = raw["patients"]
    problems: list[Problem] = []
    uses: list[ColumnUse] = []
    notes: list[str] = []
    frame = table.frame
    rows: list[int] = [int(r) for r in (table.rows or range(1, len(frame) + 1))]
    if mapping.columns or mapping.decimal != "." or mapping.date_formats or mapping.skip_rows:
        frame, rows, uses, notes, problems = apply_mapping(
            frame, rows, mapping, file=table.file or "patients"
        )
        raw["patients"] = table = RawTable(frame, "patients", table.file, rows)
    frame, events, event_uses = split_events(frame, rows, table.file)
    if events:
        uses += event_uses
        raw["patients"] = table = RawTable(frame, "patients", table.file, rows)
        for name, events_table in events.items():
            raw[name] = RawTable.concat(raw[name], events_table) if name in raw else events_table
    if has_outcome_columns(list(frame.columns), schedule):
        tables, wide_problems, wide_uses = split_wide(
            frame, schedule=schedule, file=table.file, rows=rows
        )
        problems += wide_problems
        uses += wide_uses
        raw["patients"] = tables["patients"]
        if "assessments" in tables:
            new = tables["assessments"]
            raw["assessments"] = (
                RawTable.concat(raw["assessments"], new) if "assessments" in raw else new
            )
    return problems, uses, notes


def _read_workbook(path: Path, options: _Options) -> Cohort:
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=object)
    except (ValueError, OSError) as error:
        raise CohortError(
            "file", str(path), f"a readable Excel workbook ({error})", "unreadable_table"
        ) from None
    schedule = options.schedule
    if not _is_table_workbook(list(sheets)):
        first = read_sheet(path, header_row=options.mapping.header_row, sheet=0)
        return _wide(first.frame, first.rows, first.notes, path, options)
    allowed = [*TABLE_NAMES, *_EXTRA_SHEETS]
    problems = []
    for name in sheets:
        if name in allowed:
            continue
        meant = _suggestion(name, allowed)
        problems.append(
            Problem(
                f"sheet {name!r}",
                name,
                (f"did you mean {meant}? " if meant else "")
                + "allowed sheets: "
                + ", ".join(allowed),
                "not_a_cohort_table",
                None,
                path.name,
            )
        )
    raw = {}
    for name in TABLE_NAMES:
        if name in sheets:
            frame = sheets[name]
            frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame))
            raw[name] = _raw(frame, name, f"{path.name} (sheet {name})")
    if schedule is None and "schedule" in sheets:
        records = _drop_blank_rows(sheets["schedule"]).to_dict("records")
        visits = [
            {key: (value if key == "code" else int(value)) for key, value in record.items()}
            for record in records
        ]
        schedule = VisitSchedule.from_dict({"visits": visits}, source=f"{path.name} (schedule)")
    if "patients" not in raw:
        missing = Problem("patients", MISSING, "a sheet named patients", "missing_table")
        raise CohortError.from_problems(problems or [missing])
    chosen = schedule or DEFAULT_SCHEDULE
    extra, uses, mapped_notes = _patients_sheet(raw, chosen, options.mapping)
    settings: dict[str, Any] = {}
    synthetic, notes = False, tuple[str, ...]()
    for sheet, target in (("settings", settings), ("provenance", None)):
        if sheet in sheets:
            pairs = dict(zip(sheets[sheet].iloc[:, 0], sheets[sheet].iloc[:, 1], strict=True))
            if target is not None:
                target.update({k: v for k, v in pairs.items() if k == "vas_unit"})
            else:
                synthetic = str(pairs.get("synthetic", "")).strip().lower() == "true"
                notes = tuple(
                    str(value) for key, value in pairs.items() if str(key).startswith("note")
                )
    files = [path, *options.mapping_files]
    return build_cohort(
        raw,
        schedule=chosen,
        synthetic=synthetic,
        vas_unit=_vas_unit(options.vas_unit or options.mapping.vas_unit, settings, path.name),
        check_visit_windows=options.check_visit_windows,
        sources=tuple(map(str, files)),
        sha256=files_sha256(files),
        notes=(*notes, *mapped_notes),
        problems=[*problems, *extra],
        column_uses=uses,
        declared_baseline=options.mapping.table1,
        strict=options.strict,
    )


def _is_table_workbook(names: list[str]) -> bool:
    """A workbook of tables has a ``patients`` sheet, or several sheets of which one is named
    like a table (``Patients``, ``assesments``): that one is misnamed, not a wide sheet (read
    as wide, every other sheet would be dropped unread). Otherwise the first sheet is wide."""
    if "patients" in names:
        return True
    return len(names) > 1 and any(_suggestion(name, list(TABLE_NAMES)) for name in names)


def _wide(
    frame: pd.DataFrame,
    rows: list[int],
    sheet_notes: tuple[str, ...],
    path: Path,
    options: _Options,
) -> Cohort:
    chosen = options.schedule or DEFAULT_SCHEDULE
    mapping = options.mapping
    problems: list[Problem] = []
    uses: list[ColumnUse] = []
    notes: list[str] = list(sheet_notes)
    if mapping.source:
        frame, rows, uses, mapped, problems = apply_mapping(frame, rows, mapping, file=path.name)
        notes += mapped
    frame, events, event_uses = split_events(frame.reset_index(drop=True), rows, path.name)
    uses += event_uses
    tables, wide_problems, wide_uses = split_wide(frame, schedule=chosen, file=path.name, rows=rows)
    tables.update(events)
    files = [path, *options.mapping_files]
    return build_cohort(
        tables,
        schedule=chosen,
        synthetic=False,
        vas_unit=_vas_unit(options.vas_unit or mapping.vas_unit, {}, path.name),
        check_visit_windows=options.check_visit_windows,
        sources=tuple(str(file) for file in files),
        sha256=files_sha256(files),
        notes=tuple(notes),
        problems=[*problems, *wide_problems],
        column_uses=[*uses, *wide_uses],
        declared_baseline=mapping.table1,
        strict=options.strict,
    )
