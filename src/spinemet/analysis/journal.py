"""The report's tables as a journal prints them: labels not codes, N in the column headers,
tests as footnotes. One :class:`JournalTable` feeds the HTML report, ``tables.docx`` and
``tables.xlsx``, so the three always agree.
"""

from __future__ import annotations

import string
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from spinemet._i18n import _
from spinemet.analysis._format import (
    DAYS_PER_MONTH,
    interval,
    months,
    number,
    p_value,
    percent,
    to_interval,
)
from spinemet.analysis.labels import code_label, variable_label
from spinemet.analysis.pipeline import CohortAnalysis, OutcomeAnalysis

__all__ = ["JournalTable", "journal_tables"]


@dataclass(frozen=True)
class JournalTable:
    """A titled table of text cells with its footnotes; ``group_rows`` are the row indices
    that open a variable (a journal names a variable once, above its levels)."""

    key: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    footnotes: tuple[str, ...] = ()
    group_rows: tuple[int, ...] = field(default=())


def _n_header(label: str, n: object) -> str:
    return f"{label} (N = {n})"


def table1(analysis: CohortAnalysis) -> JournalTable | None:
    """Table 1 with labels, N per column and the tests as footnotes."""
    table = analysis.table1
    if table is None:
        return None
    frame = table.rows.fillna("")
    n_row = frame[frame["variable"] == "n"]
    p_column = next((c for c in ("pvalue", "p") if c in frame.columns), None)
    value_columns = [c for c in frame.columns if c not in ("variable", "level", p_column, "test")]
    header = [_("Characteristic")]
    for column in value_columns:
        if column == "missing":
            header.append(_("Missing"))
            continue
        n = n_row[column].iloc[0] if len(n_row) and column in n_row else ""
        label = _("Overall") if column == "overall" else code_label(column)
        header.append(_n_header(label, str(n).strip()))
    has_p = p_column is not None
    if has_p:
        header.append(_("p"))
    marks: dict[str, str] = {}
    rows: list[tuple[str, ...]] = []
    starts: list[int] = []
    previous = None
    for record in frame.to_dict("records"):
        variable = str(record["variable"])
        if variable == "n":
            continue
        level = str(record["level"]).strip()
        if variable != previous:
            starts.append(len(rows))
            if level:  # a categorical variable: its label on a row of its own
                rows.append((variable_label(variable), *([""] * (len(header) - 1))))
        cells = [f"    {code_label(level)}" if level else variable_label(variable)]
        cells += [str(record[column]).strip() for column in value_columns]
        if has_p:
            p_text = str(record.get(p_column, "")).strip()
            test = str(record.get("test", "")).strip()
            if p_text and test:
                mark = marks.setdefault(test, string.ascii_lowercase[len(marks) % 26])
                p_text = f"{p_text}{mark}"
            cells.append(p_text)
        rows.append(tuple(cells))
        previous = variable
    footnotes = [f"{mark} {_(test)}" for test, mark in marks.items()]
    footnotes.append(
        _("Categorical variables: n (%); numeric: mean (SD), or median [Q1, Q3] when not normal.")
    )
    footnotes.extend(_prognostic_footnotes(analysis))
    return JournalTable(
        "table1",
        _("Baseline characteristics"),
        tuple(header),
        tuple(rows),
        tuple(footnotes),
        tuple(starts),
    )


def _prognostic_footnotes(analysis: CohortAnalysis) -> list[str]:
    """How the revised Tokuhashi and Tomita totals were obtained (items, or given totals)."""
    notes = []
    for code, counts in analysis.prognostic_scores.items():
        name = variable_label(code)
        if counts["given"] and counts["given"] == counts["n"]:
            notes.append(
                _("{score}: all {n} totals given without their items (used as recorded).").format(
                    score=name, n=counts["n"]
                )
            )
        elif counts["given"]:
            notes.append(
                _(
                    "{score}: {given} of {n} totals given without their items (used as "
                    "recorded); the others computed from the items at the baseline visit."
                ).format(score=name, given=counts["given"], n=counts["n"])
            )
        else:
            notes.append(
                _("{score}: computed from the items at the baseline visit (n = {n}).").format(
                    score=name, n=counts["n"]
                )
            )
    return notes


def perioperative(analysis: CohortAnalysis) -> JournalTable | None:
    """Operative time, blood loss, cement, levels, stay; procedure types."""
    frame = analysis.perioperative
    if frame is None:
        return None
    rows = []
    for record in frame.to_dict("records"):
        if record["variable"] == "type":
            code = str(record["label"]).split(": ", 1)[-1]
            rows.append(
                (f"{_('Procedure')}: {code_label(code)}", str(record["n"]),
                 f"{number(record['percent'], 1)}%", "", "")
            )  # fmt: skip
        else:
            rows.append(
                (
                    _(str(record["label"])),
                    str(record["n"]),
                    f"{number(record['mean'], 1)} ({number(record['sd'], 1)})",
                    f"{number(record['median'], 1)} [{number(record['q1'], 1)}, "
                    f"{number(record['q3'], 1)}]",
                    interval(record["min"], record["max"]),
                )
            )
    header = (_("Measure"), _("n"), _("mean (SD)"), _("median [Q1, Q3]"), _("range"))
    return JournalTable("perioperative", _("Perioperative data"), header, tuple(rows))


def outcome(name: str, result: OutcomeAnalysis) -> JournalTable:
    """An outcome by visit: n, mean (SD), median [IQR], change (95% CI), p, MCID responders."""
    comparisons = {c.visit: c for c in result.vs_baseline}
    mcid = result.mcid.set_index("visit") if result.mcid is not None else pd.DataFrame()
    marks: dict[str, str] = {}
    rows = []
    for row in result.descriptives.itertuples(index=False):
        comparison = comparisons.get(str(row.visit))
        reached = mcid.loc[row.visit] if row.visit in mcid.index else None
        p_text = ""
        if comparison is not None:
            test = comparison.primary.replace("_", " ")
            mark = marks.setdefault(test, string.ascii_lowercase[len(marks)])
            p_text = f"{p_value(comparison.p_holm)}{mark}"
        rows.append(
            (
                str(row.visit),
                str(row.n),
                f"{number(row.mean, 2)} ({number(row.sd, 2)})",
                f"{number(row.median, 1)} [{number(row.q1, 1)}, {number(row.q3, 1)}]",
                ""
                if comparison is None
                else f"{number(comparison.mean_change, 2)} "
                f"({interval(*comparison.ci95, digits=2)})",
                p_text,
                ""
                if reached is None
                else f"{reached['n_primary']}/{reached['n']} "
                f"({percent(reached['share_primary'])}%; "
                f"{to_interval(percent(reached['ci95_low']), percent(reached['ci95_high']))})",
            )
        )
    header = (
        _("Visit"),
        _("n"),
        _("mean (SD)"),
        _("median [Q1, Q3]"),
        _("Change from baseline (95% CI)"),
        _("p (Holm)"),
        _("MCID responders, n/N (%; exact 95% CI)"),
    )
    footnotes = [f"{mark} {_(test)}" for test, mark in marks.items()]
    return JournalTable(
        f"outcome_{name}", variable_label(name), header, tuple(rows), tuple(footnotes)
    )


def survival(analysis: CohortAnalysis) -> JournalTable | None:
    """Kaplan-Meier: n, deaths, median (95% CI) in months, survival at 6 and 12 months."""
    result = analysis.survival
    groups = {_("All patients"): result.overall} if result.overall else {}
    groups |= {f"{code_label(k)}": v for k, v in result.by_group.items()}
    if not groups:
        return None

    def at(values: dict[str, float | None]) -> str:
        if values["estimate"] is None:
            return _("beyond follow-up")
        low, high = percent(values["ci95_low"]), percent(values["ci95_high"])
        return f"{percent(values['estimate'])}% ({to_interval(low, high)})"

    rows = tuple(
        (
            label,
            str(km.n),
            str(km.events),
            months(km.median_days),
            _months_interval(km.median_ci95_days),
            at(km.survival_at_days["182"]),
            at(km.survival_at_days["365"]),
        )
        for label, km in groups.items()
    )
    header = (
        "",
        _("n"),
        _("Deaths"),
        _("Median survival, months"),
        _("95% CI"),
        _("Survival at 6 months (95% CI)"),
        _("Survival at 12 months (95% CI)"),
    )
    notes = []
    if result.logrank is not None:
        notes.append(f"{_('Log-rank test')}: p {p_value(result.logrank.p)}")
    return JournalTable("survival", _("Survival (Kaplan-Meier)"), header, rows, tuple(notes))


def _months_interval(days: tuple[float | None, float | None]) -> str:
    low, high = (None if d is None else d / DAYS_PER_MONTH for d in days)
    return interval(low, high)


def complications(analysis: CohortAnalysis) -> list[JournalTable]:
    """Complications by type (exact 95% CI) and by Clavien-Dindo grade."""
    tables = []
    frame = analysis.complications
    if frame is not None:
        rows = tuple(
            (
                code_label(r.type),
                f"{r.n}/{r.n_patients}",
                str(r.events),
                f"{percent(r.proportion)}%",
                f"{to_interval(percent(r.ci95_low), percent(r.ci95_high))}%",
            )
            for r in frame.itertuples(index=False)
        )
        header = (_("Complication"), _("Patients"), _("Events"), _("Proportion"), _("Exact 95% CI"))
        tables.append(JournalTable("complications", _("Complications"), header, rows))
    grades = analysis.clavien_dindo
    if grades is not None and len(grades):
        rows = tuple(
            (
                code_label(r.grade),
                str(r.events),
                str(r.patients),
                f"{percent(r.proportion)}% "
                f"({to_interval(percent(r.ci95_low), percent(r.ci95_high))})",
                str(r.undated),
            )
            for r in grades.itertuples(index=False)
        )
        header = (
            _("Clavien-Dindo grade"),
            _("Events"),
            _("Patients"),
            _("Proportion (exact 95% CI)"),
            _("Timing unknown"),
        )
        notes = (_("Dindo D, Demartines N, Clavien PA. Ann Surg. 2004;240(2):205-213."),)
        tables.append(
            JournalTable(
                "clavien_dindo", _("Complications by Clavien-Dindo grade"), header, rows, notes
            )
        )
    leakage = cement_leakage(analysis)
    if leakage is not None:
        tables.append(leakage)
    return tables


_LEAKAGE_LABELS = {
    "type_b": "Type B (basivertebral vein)",
    "type_s": "Type S (segmental vein)",
    "type_c": "Type C (cortical defect)",
    "any": "Any type",
}


def cement_leakage(analysis: CohortAnalysis) -> JournalTable | None:
    """Cement leakage by Yeom type: cemented levels and patients, n/N, % (exact 95% CI)."""
    frame = analysis.cement_leakage
    if frame is None:
        return None

    def share(record: Mapping[Hashable, Any], unit: str) -> tuple[str, str]:
        low = percent(record[f"{unit}_ci95_low"])
        high = percent(record[f"{unit}_ci95_high"])
        return (
            f"{record[unit]}/{record[f'n_{unit}']}",
            f"{percent(record[f'{unit}_proportion'])}% ({to_interval(low, high)})",
        )

    rows = tuple(
        (_(_LEAKAGE_LABELS[str(record["type"])]), *share(record, "levels"),
         *share(record, "patients"))
        for record in frame.to_dict("records")
    )  # fmt: skip
    header = (
        _("Leakage type"),
        _("Cemented levels"),
        _("% of levels (exact 95% CI)"),
        _("Patients"),
        _("% of patients (exact 95% CI)"),
    )
    notes = (
        _(
            "Yeom's types per cemented level assessed (types are not exclusive); a patient "
            "counts for a type when any of their levels has it. Yeom JS et al. J Bone Joint "
            "Surg Br. 2003;85(1):83-89."
        ),
    )
    return JournalTable("cement_leakage", _("Cement leakage by Yeom type"), header, rows, notes)


def journal_tables(analysis: CohortAnalysis) -> list[JournalTable]:
    """Every table of the report, in the report's order (in the current language)."""
    tables: list[JournalTable | None] = [table1(analysis), perioperative(analysis)]
    tables += [outcome(name, result) for name, result in analysis.outcomes.items()]
    tables += [survival(analysis), *complications(analysis)]
    return [table for table in tables if table is not None]
