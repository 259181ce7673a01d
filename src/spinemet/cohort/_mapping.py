"""The mapping file: how a hospital's own sheet becomes the tidy cohort, written down.

``mapping.toml`` beside the data (or ``--mapping FILE``) says, for one sheet: the header row,
the CSV separator, the decimal separator, the date formats, the VAS unit, rows to skip, and per
column the cohort name it stands for, how its values recode and what to strip from its cells;
``[table1] include`` names undeclared columns to summarise in Table 1. ``spinemet map SHEET``
writes a proposal for the user to check (:mod:`spinemet.cohort._propose`). Example::

    [sheet]
    header_row = 2
    decimal = ","
    date_formats = ["DD/MM/YYYY"]
    vas_unit = "mm"
    skip_rows = [45]

    [columns."性别"]
    to = "sex"
    values = { "男" = "male", "女" = "female" }

    [columns."年龄"]
    to = "age"
    strip = ["岁"]

    [columns."备注"]
    to = "ignore"

    [table1]
    include = ["bmi"]

Everything a mapping did is reported: the renames in the column classification, every recoded
and converted value counted in a note.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from spinemet.cohort._classify import ColumnUse
from spinemet.cohort._columns import TABLES, Kind
from spinemet.errors import CohortError, Problem

__all__ = ["ColumnRule", "SheetMapping", "apply_mapping", "load_mapping", "strptime_format"]

IGNORE = "ignore"
_SHEET_KEYS = ("header_row", "separator", "decimal", "date_formats", "vas_unit", "skip_rows")
_COLUMN_KEYS = ("to", "values", "strip")
_TOP_KEYS = ("sheet", "columns", "table1")
_KINDS = {column.name: column.kind for column in TABLES["patients"]}
_TOKENS = {"YYYY": "%Y", "MM": "%m", "DD": "%d"}


@dataclass(frozen=True)
class ColumnRule:
    """One column of the sheet: its cohort name (``to``; ``ignore`` leaves it out), value
    recoding (``values``: sheet text -> code) and text to strip from cells (``strip``)."""

    to: str
    values: Mapping[str, str] = field(default_factory=dict)
    strip: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetMapping:
    """A parsed mapping file (see the module docstring)."""

    source: str = ""
    header_row: int | None = None
    separator: str | None = None
    decimal: str = "."
    date_formats: tuple[str, ...] = ()
    vas_unit: str | None = None
    skip_rows: tuple[int, ...] = ()
    columns: Mapping[str, ColumnRule] = field(default_factory=dict)
    table1: tuple[str, ...] = ()


def strptime_format(text: str) -> str:
    """``DD/MM/YYYY`` -> ``%d/%m/%Y`` (a format with ``%`` is taken as it is).

    Examples
    --------
    >>> strptime_format("YYYY.MM.DD"), strptime_format("DD/MM/YYYY")
    ('%Y.%m.%d', '%d/%m/%Y')
    """
    if "%" in text:
        return text
    return re.sub("YYYY|MM|DD", lambda match: _TOKENS[match.group(0)], text)


def _problem(source: str, key: str, value: object, allowed: str) -> Problem:
    return Problem(key, value, allowed, "bad_mapping", None, source)


def load_mapping(path: str | Path) -> SheetMapping:
    """Read and check a mapping file; every problem of it is reported at once.

    Raises
    ------
    CohortError
        An unreadable file, an unknown key, a value of the wrong type.
    """
    source = Path(path)
    try:
        data: dict[str, Any] = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CohortError(
            "--mapping", str(source), f"a readable TOML mapping file ({error})", "unreadable_file"
        ) from None
    name = source.name
    problems = [
        _problem(name, key, key, "sections: " + ", ".join(_TOP_KEYS))
        for key in data
        if key not in _TOP_KEYS
    ]
    sheet = data.get("sheet", {})
    problems += [
        _problem(name, f"sheet.{key}", key, "keys: " + ", ".join(_SHEET_KEYS))
        for key in sheet
        if key not in _SHEET_KEYS
    ]
    header = sheet.get("header_row")
    if header is not None and (not isinstance(header, int) or header < 1):
        problems.append(_problem(name, "sheet.header_row", header, "a row number, 1 or more"))
    decimal = sheet.get("decimal", ".")
    if decimal not in (".", ","):
        problems.append(_problem(name, "sheet.decimal", decimal, "'.' or ','"))
    formats = sheet.get("date_formats", [])
    if isinstance(formats, str):
        formats = [formats]
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        problems.append(
            _problem(name, "sheet.date_formats", formats, "a list such as ['DD/MM/YYYY']")
        )
        formats = []
    vas_unit = sheet.get("vas_unit")
    if vas_unit not in (None, "cm", "mm"):
        problems.append(_problem(name, "sheet.vas_unit", vas_unit, "cm, mm"))
    skip = sheet.get("skip_rows", [])
    if not isinstance(skip, list) or not all(isinstance(r, int) for r in skip):
        problems.append(_problem(name, "sheet.skip_rows", skip, "a list of row numbers"))
        skip = []
    columns: dict[str, ColumnRule] = {}
    for header_text, rule in data.get("columns", {}).items():
        where = f"columns.{header_text!r}"
        if not isinstance(rule, dict):
            problems.append(_problem(name, where, rule, "a table with to, values, strip"))
            continue
        problems += [
            _problem(name, f"{where}.{key}", key, "keys: " + ", ".join(_COLUMN_KEYS))
            for key in rule
            if key not in _COLUMN_KEYS
        ]
        target = rule.get("to")
        if not isinstance(target, str) or not target.strip():
            problems.append(
                _problem(name, f"{where}.to", target, "a cohort column name, or 'ignore'")
            )
            continue
        values = rule.get("values", {})
        strip = rule.get("strip", [])
        if isinstance(strip, str):
            strip = [strip]
        columns[str(header_text)] = ColumnRule(
            target.strip(), {str(k): str(v) for k, v in values.items()}, tuple(map(str, strip))
        )
    table1 = data.get("table1", {}).get("include", [])
    if problems:
        raise CohortError.from_problems(problems)
    return SheetMapping(
        source=str(source),
        header_row=header,
        separator=sheet.get("separator"),
        decimal=decimal,
        date_formats=tuple(formats),
        vas_unit=vas_unit,
        skip_rows=tuple(skip),
        columns=columns,
        table1=tuple(map(str, table1)),
    )


def _is_numeric_target(name: str) -> bool:
    kind = _KINDS.get(name)
    if kind in (Kind.NUMBER, Kind.INTEGER):
        return True
    return kind is None and "_" in name and not name.endswith("_date")


def _is_date_target(name: str) -> bool:
    return _KINDS.get(name) is Kind.DATE or name.endswith("_date")


_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def _decimal_point(text: str) -> str:
    """``"7,5"`` -> ``"7.5"``; anything that is not a number with a decimal comma as given."""
    return text.replace(",", ".") if _DECIMAL_COMMA.match(text) else text


def _parse_date(text: str, formats: tuple[str, ...]) -> str | None:
    for pattern in formats:
        try:
            return dt.datetime.strptime(text, strptime_format(pattern)).date().isoformat()
        except ValueError:
            continue
    return None


def apply_mapping(
    frame: pd.DataFrame, rows: list[int], mapping: SheetMapping, *, file: str
) -> tuple[pd.DataFrame, list[int], list[ColumnUse], list[str], list[Problem]]:
    """Rename, recode, strip and convert a sheet's cells as ``mapping`` says.

    Returns the new frame and row numbers, the columns the mapping ignored (classified),
    notes counting what was changed, and problems (a mapped column absent from the sheet,
    two columns mapped to one name).
    """
    problems: list[Problem] = []
    notes: list[str] = []
    uses: list[ColumnUse] = []
    keep = [row not in set(mapping.skip_rows) for row in rows]
    if not all(keep):
        skipped = [row for row, kept in zip(rows, keep, strict=True) if not kept]
        notes.append(f"{file}: rows {', '.join(map(str, skipped))} skipped (mapping skip_rows)")
    out = frame[keep].reset_index(drop=True)
    rows = [row for row, kept in zip(rows, keep, strict=True) if kept]
    present = list(map(str, out.columns))
    for header in mapping.columns:
        if header not in present:
            problems.append(
                Problem(
                    f"columns.{header!r}",
                    header,
                    "a column header of the sheet: " + ", ".join(present),
                    "unknown_column",
                    None,
                    mapping.source,
                )
            )
    renamed: dict[str, str] = {}
    for header in present:
        rule = mapping.columns.get(header)
        if rule is None:
            continue
        if rule.to == IGNORE:
            uses.append(ColumnUse(header, header, "ignored", "to = 'ignore' in the mapping"))
            out = out.drop(columns=[header])
            continue
        renamed[header] = rule.to
    targets = list(renamed.values())
    for target in sorted({t for t in targets if targets.count(t) > 1}):
        sources = [h for h, t in renamed.items() if t == target]
        problems.append(
            Problem(
                f"columns.*.to = {target!r}",
                ", ".join(sources),
                "one sheet column per cohort column",
                "duplicate_column",
                None,
                mapping.source,
            )
        )
    for header, target in renamed.items():
        rule = mapping.columns[header]
        column = out[header]
        changed = 0

        def clean(value: object, rule: ColumnRule = rule, target: str = target) -> object:
            nonlocal changed
            if not isinstance(value, str):
                return value
            text = value.strip()
            for piece in rule.strip:
                text = text.replace(piece, "").strip()
            if text in rule.values:
                text = rule.values[text]
            else:
                folded = {k.casefold(): v for k, v in rule.values.items()}
                text = folded.get(text.casefold(), text)
            if mapping.decimal == "," and _is_numeric_target(target):
                text = _decimal_point(text)
            if mapping.date_formats and _is_date_target(target):
                text = _parse_date(text, mapping.date_formats) or text
            if text != value:
                changed += 1
            return text

        out[header] = column.map(clean).astype(object)
        if changed:
            notes.append(f"{file}: {header} -> {target}: {changed} cells recoded or converted")
    out = out.rename(columns=renamed)
    if mapping.decimal == "," or mapping.date_formats:  # unmapped columns too
        for name in map(str, out.columns):
            if name in renamed.values():
                continue
            count = 0

            def convert(value: object, name: str = name) -> object:
                nonlocal count
                if not isinstance(value, str):
                    return value
                text = value.strip()
                if mapping.decimal == "," and _is_numeric_target(name):
                    text = _decimal_point(text)
                if mapping.date_formats and _is_date_target(name):
                    text = _parse_date(text, mapping.date_formats) or text
                count += text != value
                return text

            out[name] = out[name].map(convert).astype(object)
            if count:
                notes.append(f"{file}: {name}: {count} cells converted (decimal or date format)")
    renames = [ColumnUse(h, t, "renamed") for h, t in renamed.items()]
    return out, rows, [*uses, *renames], notes, problems
