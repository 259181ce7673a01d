"""``spinemet map SHEET``: propose a mapping file from a hospital's own sheet.

The proposal is for a person to check: it names every column of the sheet, with the cohort
column it probably means (headers matched in English and Chinese, ``data/synonyms.toml``), the
recoding of the values it recognises (``男`` -> ``male``, ``breast ca`` -> ``breast``), the
suffixes to strip from numbers (``47岁``), the date formats and the decimal separator it found,
the title row above the header and note rows below the data. What it cannot decide (a value
such as ``肺癌``, NSCLC or SCLC?; dates such as ``03/04/2021`` that read both ways) it leaves
out with a ``TODO`` comment, so that ``spinemet analyze`` refuses it until someone decides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from spinemet.cohort._classify import looks_like_identifier
from spinemet.cohort._columns import TABLES, Column, Kind
from spinemet.cohort._patient_events import PROCEDURE_FIELDS
from spinemet.cohort._schedule import DEFAULT_SCHEDULE, VisitSchedule
from spinemet.cohort._sheet import find_header, frame_under_header, read_cells
from spinemet.cohort._synonyms import fold, synonyms
from spinemet.cohort._wide import has_outcome_columns
from spinemet.instruments import INSTRUMENTS

__all__ = ["MappingProposal", "propose_mapping"]

_DECLARED = {column.name: column for column in TABLES["patients"]}
_EVENT_FIELDS = ("complication", "procedure_type", "procedure_date", *PROCEDURE_FIELDS)
_PROCEDURE_TYPES = tuple(
    next(column for column in TABLES["procedures"] if column.name == "type").codes
)
_GRADES = tuple(next(column for column in TABLES["complications"] if column.name == "grade").codes)
_COMPLICATION_TYPES = tuple(
    next(column for column in TABLES["complications"] if column.name == "type").codes
)
_NUMBER = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?\s*$")
_NUMBER_WITH_UNIT = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*(\D{1,6})\s*$")
_DATE_PATTERNS = (
    (re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$"), "YYYY-MM-DD"),
    (re.compile(r"^\d{4}\.\d{1,2}\.\d{1,2}$"), "YYYY.MM.DD"),
    (re.compile(r"^\d{4}/\d{1,2}/\d{1,2}$"), "YYYY/MM/DD"),
    (re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$"), "YYYY年MM月DD日"),
)
_DAY_MONTH = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")


@dataclass
class MappingProposal:
    """What ``spinemet map`` found, and the mapping file text (:meth:`toml`)."""

    source: str
    header_row: int
    separator: str | None
    title_notes: list[str] = field(default_factory=list)
    skip_rows: dict[int, str] = field(default_factory=dict)
    columns: list[tuple[str, str, dict[str, str], list[str], list[str]]] = field(
        default_factory=list
    )
    """(header, to, values, strip, comments) per column of the sheet, in sheet order."""
    decimal: str = "."
    date_formats: list[str] = field(default_factory=list)
    date_comments: list[str] = field(default_factory=list)
    vas_unit: str | None = None
    unknown: list[str] = field(default_factory=list)

    def toml(self) -> str:
        """The proposal as a commented ``mapping.toml``."""
        q = _quote
        lines = [
            f"# mapping.toml proposed by `spinemet map` for {Path(self.source).name}.",
            "# Check every line: nothing here is applied until `spinemet analyze` reads it.",
            '# `to` is the cohort column (docs/cohort.md); to = "ignore" leaves a column out.',
            "",
            "[sheet]",
            f"header_row = {self.header_row}",
        ]
        lines += [f"# {note}" for note in self.title_notes]
        if self.separator is not None:
            lines.append(f"separator = {q(self.separator)}")
        lines.append(f"decimal = {q(self.decimal)}")
        lines += [f"# {comment}" for comment in self.date_comments]
        lines.append("date_formats = [" + ", ".join(q(f) for f in self.date_formats) + "]")
        if self.vas_unit is not None:
            lines.append(f"vas_unit = {q(self.vas_unit)}  # VAS values above 10: a 100 mm line")
        if self.skip_rows:
            for row, text in self.skip_rows.items():
                lines.append(f"# row {row} is a note, not a patient: {text[:60]!r}")
            lines.append("skip_rows = [" + ", ".join(map(str, self.skip_rows)) + "]")
        for header, to, values, strip, comments in self.columns:
            lines += ["", f"[columns.{q(header)}]"]
            lines += [f"# {comment}" for comment in comments]
            lines.append(f"to = {q(to)}")
            if strip:
                lines.append("strip = [" + ", ".join(q(s) for s in strip) + "]")
            if values:
                lines.append("[columns." + q(header) + ".values]")
                for text, code in values.items():
                    if code:
                        lines.append(f"{q(text)} = {q(code)}")
                    else:
                        lines.append(f'# {q(text)} = ""  # TODO: which code? not recognised')
        lines += [
            "",
            "[table1]",
            "# Columns the cohort does not declare are kept but not in Table 1; list here the",
            "# ones to summarise there (by their cohort name).",
        ]
        if self.unknown:
            lines.append("# not declared: " + ", ".join(self.unknown))
        lines.append("include = []")
        return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _snake(header: str) -> str:
    text = re.sub(r"[^0-9a-zA-Z]+", "_", header.strip()).strip("_").lower()
    return text or header.strip()


def _texts(series: pd.Series) -> list[str]:
    return [str(v).strip() for v in series.dropna() if str(v).strip()]


def _target(header: str, schedule: VisitSchedule) -> tuple[str | None, list[str]]:
    words = synonyms()
    codes = schedule.codes
    if header in _DECLARED or has_outcome_columns([header], schedule):
        return header, []
    for found in (
        words.field(header),
        words.outcome(header, codes),
        words.visit_date(header, codes),
    ):
        if found is not None:
            return found, [f"{header!r} read as {found}"]
    if header.startswith("complication_") or header in _EVENT_FIELDS:
        return header, []
    return None, []


def _values_for(target: str, texts: Iterable[str]) -> dict[str, str]:
    column = _DECLARED.get(target)
    words = synonyms()
    found: dict[str, str] = {}
    if target == "procedure_type":
        column = Column("procedure_type", Kind.CODE, codes=_PROCEDURE_TYPES)
    elif target == "complication_grade" or target.endswith("_grade"):
        column = Column(target, Kind.CODE, codes=_GRADES)
    elif target.startswith("complication_") and not target.endswith("_date"):
        column = Column(target, Kind.BOOLEAN)
    if target == "complication":
        for text in dict.fromkeys(texts):
            if text in _COMPLICATION_TYPES:
                continue
            if fold(text) in ("无", "none", "no", "否", "0"):
                found[text] = "none"
            else:
                found[text] = words.code("complication", text) or ""
        return found
    if column is None or column.kind not in (Kind.CODE, Kind.BOOLEAN):
        return {}
    allowed = set(column.codes) if column.kind is Kind.CODE else {"true", "false"}
    for text in dict.fromkeys(texts):
        if text in allowed:
            continue
        found[text] = words.code(target, text) or ""
    return found


def _strip_for(texts: list[str]) -> list[str]:
    units = {match.group(2).strip() for t in texts if (match := _NUMBER_WITH_UNIT.match(t))}
    return sorted(unit for unit in units if unit)


def _date_formats(texts: list[str]) -> tuple[set[str], list[str]]:
    formats: set[str] = set()
    comments: list[str] = []
    slash = []
    for text in texts:
        for pattern, name in _DATE_PATTERNS:
            if pattern.match(text):
                formats.add(name)
                break
        else:
            match = _DAY_MONTH.match(text)
            if match:
                slash.append((int(match.group(1)), int(match.group(3)), match.group(2)))
    if slash:
        separator = slash[0][2]
        first_over = any(first > 12 for first, _, _ in slash)
        second_over = any(second > 12 for _, second, _ in slash)
        day_first = f"DD{separator}MM{separator}YYYY"
        month_first = f"MM{separator}DD{separator}YYYY"
        if first_over and not second_over:
            formats.add(day_first)
        elif second_over and not first_over:
            formats.add(month_first)
        else:
            comments.append(
                f"TODO: dates such as 03{separator}04{separator}2021 read both as {day_first} "
                f"and {month_first}; add the right one to date_formats (until then they are "
                "refused)"
            )
    return formats, comments


def _note_rows(frame: pd.DataFrame, rows: list[int]) -> dict[int, str]:
    """Rows at the end with a single filled cell: notes, not patients (a patient row has at
    least an id, an index date and a vital status)."""
    found: dict[int, str] = {}
    if len(frame.columns) < 3:
        return found
    for position in range(len(frame) - 1, -1, -1):
        row = frame.iloc[position]
        filled = [str(v) for v in row if pd.notna(v) and str(v).strip()]
        if len(filled) == 1:
            found[rows[position]] = filled[0]
        else:
            break
    return dict(sorted(found.items()))


def propose_mapping(
    path: str | Path, *, schedule: VisitSchedule = DEFAULT_SCHEDULE, sheet: str | int = 0
) -> MappingProposal:
    """Propose a mapping for a sheet (CSV, or a workbook's first sheet or ``sheet``)."""
    source = Path(path)
    cells, separator, _ = read_cells(source, sheet=sheet)
    header_row, title_notes = find_header(cells)
    frame, rows = frame_under_header(cells, header_row)
    proposal = MappingProposal(str(source), header_row, separator, title_notes)
    targets = {str(header): _target(str(header), schedule) for header in frame.columns}
    proposal.skip_rows = _note_rows(frame, rows)
    keep = [row not in proposal.skip_rows for row in rows]
    frame = frame[keep]
    formats: set[str] = set()
    for header in map(str, frame.columns):
        to, comments = targets[header]
        texts = _texts(frame[header])
        if to is None:
            if looks_like_identifier(frame[header]):
                to = "ignore"
                comments = ["TODO: many distinct short values (initials? hospital numbers?)"]
            else:
                to = _snake(header)
                comments = [
                    "TODO: not recognised; kept as a column, not in Table 1 (rename it to a "
                    'cohort column, list it under [table1] include, or set to = "ignore")'
                ]
                proposal.unknown.append(to)
        values = _values_for(to, texts)
        column = _DECLARED.get(to)
        numeric = (
            (column is not None and column.kind in (Kind.NUMBER, Kind.INTEGER))
            or (has_outcome_columns([to], schedule) and not to.endswith("_date"))
            or to in PROCEDURE_FIELDS[:3]
            or to == "length_of_stay_days"
        )
        strip: list[str] = []
        if numeric:
            strip = _strip_for(texts)
            if strip:
                comments.append("numbers written with a unit: the unit is stripped")
            if any(re.match(r"^[+-]?\d+,\d+$", t) for t in texts):
                proposal.decimal = ","
            if to.split("_")[0] == "vas" and to.split("_")[0] in INSTRUMENTS:
                numbers = pd.to_numeric(
                    pd.Series([t.replace(",", ".") for t in texts]), errors="coerce"
                )
                if (numbers > 10).any():
                    proposal.vas_unit = "mm"
        if (column is not None and column.kind is Kind.DATE) or to.endswith("_date"):
            found, date_comments = _date_formats(texts)
            formats |= found
            proposal.date_comments += [c for c in date_comments if c not in proposal.date_comments]
        proposal.columns.append((header, to, values, strip, comments))
    order = [name for _, name in _DATE_PATTERNS] + sorted(formats)
    proposal.date_formats = [name for name in dict.fromkeys(order) if name in formats]
    return proposal
