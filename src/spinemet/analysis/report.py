"""The report: one self-contained HTML file (figures embedded, no external links) and its PDF.

:func:`render_html` builds the page from a :class:`CohortAnalysis` and the saved figures;
:func:`write_pdf` prints it with WeasyPrint (imported only there).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from spinemet._i18n import _, language
from spinemet.analysis._format import (
    MISSING,
    interval,
    months,
    number,
    p_value,
    percent,
    to_interval,
)
from spinemet.analysis._messages import translate_message, translate_reason
from spinemet.analysis._report_input import caveats_html, columns_html, no_follow_up_html
from spinemet.analysis.figures import SavedFigure
from spinemet.analysis.journal import JournalTable, journal_tables
from spinemet.analysis.journal import table1 as journal_table1
from spinemet.analysis.labels import code_label, structure_label, variable_label
from spinemet.analysis.methods import join_names, methods_paragraphs, methods_short
from spinemet.analysis.pipeline import CohortAnalysis, OutcomeAnalysis
from spinemet.analysis.results import results_to_dict
from spinemet.analysis.survival import PH_TEST

__all__ = ["SYNTHETIC_BANNER", "render_html", "write_pdf"]

SYNTHETIC_BANNER = (
    "SYNTHETIC DATA: invented numbers from spinemet's generator, not patients. "
    "Do not cite or use for clinical decisions."
)

_CSS = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "DejaVu Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", Arial, sans-serif;
       font-size: 10pt; color: #111;
       max-width: 60em; margin: 1em auto; line-height: 1.35; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 1.4em; }
h3 { font-size: 11pt; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 9pt; }
th, td { border-bottom: 1px solid #ccc; padding: 2px 6px; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
th { background: #eee; }
tr { page-break-inside: avoid; break-inside: avoid; }
thead { display: table-header-group; }
tr.group td:first-child { font-weight: bold; }
td.level { padding-left: 1.6em; }
.footnote { font-size: 8pt; color: #333; margin: 0.1em 0; }
.banner { background: #b00020; color: #fff; font-weight: bold; padding: 0.6em 1em;
          margin: 0.5em 0 1em; }
.note { color: #444; font-size: 9pt; }
figure { margin: 1em 0; page-break-inside: avoid; }
figure img { max-width: 100%; }
figcaption { font-size: 9pt; color: #333; }
code { font-size: 8.5pt; word-break: break-all; }
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    # gettext("") is the catalogue's header (Project-Id-Version ...): an empty cell stays empty
    head = "".join(f"<th>{_e(_(cell) if cell else '')}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(saved: SavedFigure | None) -> str:
    if saved is None:
        return ""
    data = base64.b64encode(saved.png_bytes).decode("ascii")
    return (
        f'<figure><img alt="{_e(saved.name)}" src="data:image/png;base64,{data}">'
        f"<figcaption>{_e(saved.caption)}</figcaption></figure>"
    )


def _summary(analysis: CohortAnalysis) -> str:
    followup = analysis.followup
    survival = analysis.survival.overall
    if followup.median_reverse_km is not None:
        potential = _("median potential follow-up (reverse Kaplan-Meier) {median} months.").format(
            median=months(followup.median_reverse_km)
        )
    elif followup.median_alive is not None:
        potential = _(
            "median potential follow-up (reverse Kaplan-Meier) not reached because most "
            "patients died; the {n} patients alive at last contact were followed for a median "
            "of {median} months."
        ).format(n=followup.n_alive, median=months(followup.median_alive))
    else:
        potential = _(
            "median potential follow-up not estimable: no patient was alive at last contact."
        )
    known = analysis.n_patients - analysis.survival.n_excluded_unknown
    counted = (
        "" if known == analysis.n_patients else _(" (follow-up known for {n})").format(n=known)
    )
    parts = [
        _("{n} patients{counted}.").format(n=analysis.n_patients, counted=counted),
        _(
            "Follow-up (index date to death or last contact): mean {mean} months (SD {sd}), "
            "range {low} to {high} months;"
        ).format(
            mean=months(followup.mean),
            sd=months(followup.sd),
            low=months(followup.min),
            high=months(followup.max),
        )
        + " "
        + potential,
    ]
    if survival is not None:
        parts.append(
            _("{deaths} patients died; median survival {median}.").format(
                deaths=survival.events,
                median=_median_text(survival.median_days, survival.median_ci95_days),
            )
        )
    return "<p>" + " ".join(_e(part) for part in parts) + "</p>"


def _median_text(days: float | None, ci: tuple[float | None, float | None]) -> str:
    """ "12.3 months (95% CI 8.1 to 15.0)", or "not reached (95% CI from 8.1 months)"."""
    low, high = _in_months(ci)
    if days is None:
        if low is None:
            return _("not reached")
        return _("not reached (95% CI from {low} months)").format(low=number(low))
    if low is None and high is None:
        return _("{median} months (95% CI not estimable)").format(median=months(days))
    lower = number(low) if low is not None else _("not estimable")
    upper = number(high) if high is not None else _("not reached")
    return _("{median} months (95% CI {interval})").format(
        median=months(days), interval=_("{low} to {high}").format(low=lower, high=upper)
    )


def _in_months(days: tuple[float | None, float | None]) -> tuple[float | None, float | None]:
    return tuple(None if d is None else d / 30.4375 for d in days)  # type: ignore[return-value]


def _table1(analysis: CohortAnalysis) -> str:
    table = journal_table1(analysis)
    if table is None:
        return f"<p class='note'>{_e(_('Table 1 not computed (see notes).'))}</p>"
    return journal_html(table)


def _visit_status(outcome: OutcomeAnalysis) -> str:
    status = outcome.visit_status
    rows = [
        (
            row.visit,
            row.target_day,
            row.n_alive_in_follow_up,
            row.n_assessed,
            row.n_died_before,
            row.n_censored_before,
            row.n_follow_up_unknown,
        )
        for row in status.itertuples(index=False)
    ]
    return _table(
        [
            "visit",
            "target day",
            "alive & under follow-up",
            "assessed",
            "died before",
            "censored before",
            "follow-up unknown",
        ],
        rows,
    )


def _outcome_table(outcome: OutcomeAnalysis) -> str:
    comparisons = {c.visit: c for c in outcome.vs_baseline}
    estimates = {e.visit: e for e in (outcome.mixed_model.estimates if outcome.mixed_model else ())}
    mcid = outcome.mcid.set_index("visit") if outcome.mcid is not None else pd.DataFrame()
    rows = []
    for row in outcome.descriptives.itertuples(index=False):
        comparison = comparisons.get(str(row.visit))
        estimate = estimates.get(str(row.visit))
        reached = mcid.loc[row.visit] if row.visit in mcid.index else None
        rows.append(
            (
                row.visit,
                row.n,
                f"{number(row.mean, 2)} ± {number(row.sd, 2)}",
                f"{number(row.median, 1)} [{number(row.q1, 1)}, {number(row.q3, 1)}]",
                ""
                if comparison is None
                else f"{number(comparison.mean_change, 2)} "
                f"({interval(*comparison.ci95, digits=2)})",
                "" if comparison is None else _(comparison.primary.replace("_", " ")),
                "" if comparison is None else p_value(comparison.primary_result.p),
                "" if comparison is None else p_value(comparison.p_holm),
                ""
                if estimate is None
                else f"{number(estimate.diff_vs_baseline, 2)} "
                f"({interval(*estimate.ci95, digits=2)}), p {p_value(estimate.p)}",
                ""
                if reached is None
                else f"{reached['n_primary']}/{reached['n']} "
                f"({percent(reached['share_primary'])}%; "
                f"{to_interval(percent(reached['ci95_low']), percent(reached['ci95_high']))})",
            )
        )
    return _table(
        [
            "visit",
            "n",
            "mean ± SD",
            "median [IQR]",
            "change vs baseline (95% CI)",
            "declared paired test",
            "p",
            "p (Holm)",
            "random intercept: diff (95% CI)",
            "MCID reached (exact 95% CI)",
        ],
        rows,
    )


def _mmrm_adjustment(outcome: OutcomeAnalysis) -> str:
    """What the MMRM adjusts for (``analyze --mmrm-covariates``), under its summary line."""
    if outcome.mmrm is None or not outcome.mmrm.covariates:
        return ""
    names = join_names([variable_label(name) for name in outcome.mmrm.covariates])
    text = _("MMRM adjusted for {covariates} (least-squares means at their mean).")
    return f"<p>{_e(text.format(covariates=names))}</p>"


def _mmrm_table(outcome: OutcomeAnalysis) -> str:
    model = outcome.mmrm
    if model is None:
        return ""
    contrasts = {c.visit: c for c in model.contrasts}
    rows = []
    for mean in model.ls_means:
        contrast = contrasts.get(mean.visit)
        rows.append(
            (
                mean.visit,
                f"{number(mean.estimate, 2)} ({interval(*mean.ci95, digits=2)})",
                ""
                if contrast is None
                else f"{number(contrast.estimate, 2)} ({interval(*contrast.ci95, digits=2)})",
                "" if contrast is None else number(contrast.df, 1),
                "" if contrast is None else p_value(contrast.p),
                "" if contrast is None else p_value(contrast.p_holm),
            )
        )
    summary = _(
        "MMRM (primary): {observations} assessments of {patients} patients in {patterns} "
        "patterns of observed visits; {covariance} covariance, REML, Satterthwaite df."
    ).format(
        observations=model.n_observations,
        patients=model.n_patients,
        patterns=model.n_patterns,
        covariance=structure_label(model.covariance),
    )
    header = f"<p>{_e(summary)}</p>"
    if model.fallback:
        fallback = _("Unstructured covariance not used: {reason}; compound symmetry instead.")
        header += (
            f"<p class='note'>{_e(fallback.format(reason=translate_reason(model.fallback)))}</p>"
        )
    return header + _table(
        ["visit", "LS mean (95% CI)", "vs baseline (95% CI)", "df", "p", "p (Holm)"], rows
    )


def _estimand_table(outcome: OutcomeAnalysis) -> str:
    means = {str(r.visit): r for r in outcome.descriptives.itertuples(index=False)}
    ls = {m.visit: m for m in (outcome.mmrm.ls_means if outcome.mmrm else ())}
    composite = (
        {str(r.visit): r for r in outcome.composite.itertuples(index=False)}
        if outcome.composite is not None
        else {}
    )
    rows = []
    for visit in outcome.visits:
        alive = means.get(visit)
        model = ls.get(visit)
        worst = composite.get(visit)
        rows.append(
            (
                visit,
                "" if alive is None else f"{number(alive.mean, 2)} (n = {alive.n})",
                ""
                if model is None
                else f"{number(model.estimate, 2)} ({interval(*model.ci95, digits=2)})",
                ""
                if worst is None
                else f"{number(worst.median, 1)} [{number(worst.q1, 1)}, {number(worst.q3, 1)}] "
                + _("(n = {n}, {died} died), p {p}").format(
                    n=worst.n, died=worst.n_died, p=p_value(worst.p_holm)
                ),
            )
        )
    heading = _("Estimands: how much the conclusion depends on how death is handled")
    return f"<h3>{_e(heading)}</h3>" + _table(
        [
            "visit",
            "while alive: mean of survivors assessed",
            "hypothetical (MMRM, assumes missing at random): LS mean",
            "composite (death = worst value): median [IQR], Wilcoxon vs baseline, Holm p",
        ],
        rows,
    )


def _over_visits(outcome: OutcomeAnalysis) -> str:
    lines = []
    if outcome.friedman is not None:
        f = outcome.friedman
        lines.append(
            _(
                "Friedman test (complete cases, n = {n}): chi-square = {chi2}, df = {df}, p {p}; "
                "Kendall's W = {w}."
            ).format(
                n=f.n_complete,
                chi2=number(f.statistic, 2),
                df=f.df,
                p=p_value(f.p),
                w=number(f.kendall_w, 3),
            )
        )
    if outcome.rm_anova is not None:
        a = outcome.rm_anova
        lines.append(
            _(
                "Repeated-measures ANOVA (complete cases, n = {n}): F({df1}, {df2}) = {f}, p {p}; "
                "Greenhouse-Geisser epsilon = {epsilon}, corrected p {p_gg}; Huynh-Feldt "
                "corrected p {p_hf}; Mauchly's W = {w}, p {p_w}; partial eta squared {partial}, "
                "generalised eta squared {generalised}."
            ).format(
                n=a.n_complete,
                df1=a.df1,
                df2=a.df2,
                f=number(a.F, 2),
                p=p_value(a.p),
                epsilon=number(a.epsilon, 3),
                p_gg=p_value(a.p_greenhouse_geisser),
                p_hf=p_value(a.p_huynh_feldt),
                w=number((a.mauchly or {}).get("W"), 3),
                p_w=p_value((a.mauchly or {}).get("p")),
                partial=number(a.partial_eta_squared, 3),
                generalised=number(a.generalized_eta_squared, 3),
            )
        )
    if outcome.mixed_model is not None:
        m = outcome.mixed_model
        lines.append(
            _(
                "Random-intercept mixed model (sensitivity; all {observations} assessments of "
                "{patients} patients, t tests with nlme's df): baseline mean {mean}."
            ).format(
                observations=m.n_observations,
                patients=m.n_patients,
                mean=number(m.baseline_mean, 2),
            )
        )
    lines.extend(translate_message(note) for note in outcome.notes)
    return "".join(f"<p>{_e(line)}</p>" for line in lines)


def _survival_at(values: dict[str, float | None]) -> str:
    if values["estimate"] is None:
        return _("beyond follow-up")
    if values["ci95_low"] is None or values["ci95_high"] is None:
        return _("{estimate}% (CI not estimable: no death yet)").format(
            estimate=percent(values["estimate"])
        )
    low, high = (percent(values[key]) for key in ("ci95_low", "ci95_high"))
    return f"{percent(values['estimate'])}% ({to_interval(low, high)})"


def _rmst(values: dict[str, float | None]) -> str:
    if values["estimate"] is None:
        return _("beyond follow-up")
    low, high = months(values["ci95_low"]), months(values["ci95_high"])
    return f"{months(values['estimate'])} ({to_interval(low, high)})"


def _survival(analysis: CohortAnalysis) -> str:
    survival = analysis.survival
    parts = []
    results = {_("all patients"): survival.overall} if survival.overall else {}
    results |= {f"{survival.by}={k}": v for k, v in survival.by_group.items()}
    rows = [
        (
            label,
            km.n,
            km.events,
            _median_text(km.median_days, km.median_ci95_days),
            *(_survival_at(km.survival_at_days[day]) for day in ("182", "365")),
            *(_rmst(km.rmst_days[day]) for day in ("182", "365") if day in km.rmst_days),
        )
        for label, km in results.items()
    ]
    parts.append(
        _table(
            [
                "",
                "n",
                "deaths",
                "median survival (95% CI)",
                "S(182 days)",
                "S(365 days)",
                "RMST to 6 months (95% CI), months",
                "RMST to 12 months (95% CI), months",
            ],
            rows,
        )
    )
    scale = _("Confidence intervals of the Kaplan-Meier estimates on the {scale} scale.")
    parts.append(f"<p class='note'>{_e(scale.format(scale=survival.conf_type))}</p>")
    if survival.overall is not None:
        at_risk = survival.overall.at_risk
        parts.append(_table(["day", *at_risk], [(_("at risk"), *at_risk.values())]))
    if survival.logrank is not None:
        test = survival.logrank
        text = _("Log-rank test by {by}: chi-square = {chi2}, df = {df}, p {p}.").format(
            by=test.by, chi2=number(test.statistic, 2), df=test.df, p=p_value(test.p)
        )
        parts.append(f"<p>{_e(text)}</p>")
    if survival.group_cox is not None:
        group = survival.group_cox
        parts.append(
            _table(
                ["hazard ratio vs the first group", "HR", "95% CI", "p"],
                [
                    (
                        t.term,
                        number(t.hazard_ratio, 2),
                        interval(*t.hr_ci95, digits=2),
                        p_value(t.p),
                    )
                    for t in group.terms
                ],
            )
        )
    if survival.cox is not None:
        cox = survival.cox
        text = _(
            "Cox model ({n} patients, {events} deaths; concordance {concordance}). "
            "Proportional hazards: {test}; global p {p}."
        ).format(
            n=cox.n,
            events=cox.events,
            concordance=number(cox.concordance, 3),
            test=_(PH_TEST).format(transform=cox.ph_transform),
            p=p_value(cox.ph_global.get("p")),
        )
        parts.append(f"<p>{_e(text)}</p>")
        parts.append(
            _table(
                ["term", "HR", "95% CI", "p", "PH test p"],
                [
                    (
                        t.term,
                        number(t.hazard_ratio, 2),
                        interval(*t.hr_ci95, digits=2),
                        p_value(t.p),
                        p_value(t.ph_p),
                    )
                    for t in cox.terms
                ],
            )
        )
    for model in (survival.group_cox, survival.cox):
        if model is not None:  # the PH caveat (and small-sample ones) beside the table
            parts.extend(
                f"<p class='note'>{_e(_('Caution: {text}.').format(text=translate_message(text)))}"
                "</p>"
                for text in model.caveats
            )
    parts.extend(f"<p class='note'>{_e(translate_message(note))}</p>" for note in survival.notes)
    return "".join(parts)


def _complications(analysis: CohortAnalysis) -> str:
    if analysis.complications is None:
        text = _(
            "Not recorded: no complications table was given, so complication rates are "
            "unknown (not zero)."
        )
        return f"<p>{_e(text)}</p>"
    rows = [
        (
            code_label(row.type),
            f"{row.n}/{row.n_patients}",
            row.events,
            f"{percent(row.proportion)}%",
            f"{to_interval(percent(row.ci95_low), percent(row.ci95_high))}%",
        )
        for row in analysis.complications.itertuples(index=False)
    ]
    return _table(["type", "patients", "events", "proportion", "exact 95% CI"], rows)


_MAX_LISTED = 200  # rows of the unscheduled list in the report; results.json has them all


def _data_notes(analysis: CohortAnalysis) -> str:
    parts = [f"<p class='note'>{_e(translate_message(note))}</p>" for note in analysis.data_notes]
    outside = analysis.unscheduled
    if outside:
        text = _(
            "{n} assessments fall outside every visit window: they are kept without a visit and "
            "left out of the per-visit analyses above. Correct the date, give the visit, or "
            "widen the window in the study's schedule to include one."
        ).format(n=len(outside))
        parts.append(f"<p>{_e(text)}</p>")
        parts.append(
            _table(
                ["patient", "instrument", "date", "day", "why", "file", "row"],
                [
                    (
                        item.patient_id,
                        item.instrument,
                        item.date,
                        item.day,
                        translate_reason(item.reason),
                        item.file or "",
                        "" if item.row is None else item.row,
                    )
                    for item in outside[:_MAX_LISTED]
                ],
            )
        )
        if len(outside) > _MAX_LISTED:
            more = _(
                "... and {n} more, listed in results.json "
                "(provenance.cohort.visit_assignment.outside_every_window)."
            ).format(n=len(outside) - _MAX_LISTED)
            parts.append(f"<p class='note'>{_e(more)}</p>")
    none = _("None: every assessment is in a visit window.")
    return "".join(parts) or f"<p class='note'>{_e(none)}</p>"


def render_html(
    analysis: CohortAnalysis, figures: dict[str, SavedFigure], *, lang: str = "en"
) -> str:
    """The whole report as one HTML document with every figure embedded (no external links).

    ``lang`` is ``en`` or ``zh-Hans`` (the words translated through the gettext catalogue,
    :mod:`spinemet._i18n`; the numbers are the same).
    """
    with language(lang):
        return _render_html(analysis, figures, lang)


def _journal_sections(analysis: CohortAnalysis, keys: tuple[str, ...]) -> list[str]:
    parts = []
    for table in journal_tables(analysis):
        if table.key in keys:
            parts += [f"<h2>{_e(table.title)}</h2>", journal_html(table)]
    return parts


def journal_html(table: JournalTable) -> str:
    """A journal table as HTML: header, rows (a variable's label row bold), footnotes."""
    head = "".join(f"<th>{_e(cell)}</th>" for cell in table.header)
    starts = set(table.group_rows)
    body = "".join(
        ("<tr class='group'>" if index in starts else "<tr>")
        + "".join(
            f"<td class='level'>{_e(cell.strip())}</td>"
            if position == 0 and cell.startswith("    ")
            else f"<td>{_e(cell)}</td>"
            for position, cell in enumerate(row)
        )
        + "</tr>"
        for index, row in enumerate(table.rows)
    )
    notes = "".join(f"<p class='footnote'>{_e(note)}</p>" for note in table.footnotes)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{notes}"


def _render_html(analysis: CohortAnalysis, figures: dict[str, SavedFigure], lang: str) -> str:
    provenance = analysis.provenance
    banner = f"<div class='banner'>{_e(_(SYNTHETIC_BANNER))}</div>" if analysis.synthetic else ""
    sections = [
        f"<h1>{_e(_('spinemet analysis report'))}</h1>{banner}",
        f"<h2>{_e(_('Summary'))}</h2>",
        _summary(analysis),
        "<p class='note'>"
        + _e(
            _(
                "Means at later visits describe the patients who survived and were assessed; "
                "the MMRM (unstructured covariance), which uses all available assessments, "
                "is the primary analysis of change over time, and the estimand table shows how "
                "the answer depends on how death is handled. Complete-case Friedman and "
                "repeated-measures ANOVA are reported beside it with their n."
            )
        )
        + "</p>",
        f"<h2>{_e(_('Table 1. Baseline characteristics'))}</h2>",
        _table1(analysis),
        *_journal_sections(analysis, ("perioperative",)),
    ]
    for name, outcome in analysis.outcomes.items():
        sections += [
            f"<h2>{_e(_('Outcome'))}: {_e(variable_label(name))}</h2>",
            f"<h3>{_e(_('Who could be assessed at each visit'))}</h3>",
            _visit_status(outcome),
            f"<h3>{_e(_('Primary model'))}</h3>",
            _mmrm_table(outcome),
            _mmrm_adjustment(outcome),
            _estimand_table(outcome),
            f"<h3>{_e(_('By visit (sensitivity analyses)'))}</h3>",
            _outcome_table(outcome),
            _over_visits(outcome),
            _figure(figures.get(f"outcome_{name}")),
        ]
    sections += [
        f"<h2>{_e(_('Survival'))}</h2>",
        _survival(analysis),
        _figure(figures.get("survival")),
        _figure(figures.get("schoenfeld_cox")),
        _figure(figures.get("schoenfeld_group_cox")),
        f"<h2>{_e(_('Complications'))}</h2>",
        _complications(analysis),
        *_journal_sections(analysis, ("clavien_dindo", "cement_leakage")),
        _figure(figures.get("complications")),
        f"<h2>{_e(_('Data notes'))}</h2>",
        _data_notes(analysis),
        no_follow_up_html(analysis),
        f"<h2>{_e(_('Columns read'))}</h2>",
        columns_html(analysis.columns) or f"<p class='note'>{_e(_('Not recorded.'))}</p>",
        f"<h2>{_e(_('Methods'))}</h2>",
        f"<h3>{_e(_('For the manuscript (short)'))}</h3>",
        f"<p>{_e(methods_short(analysis))}</p>",
        f"<h3>{_e(_('In full'))}</h3>",
        *(f"<p>{_e(paragraph)}</p>" for paragraph in methods_paragraphs(analysis)),
        f"<h2>{_e(_('Caveats and notes'))}</h2>",
        caveats_html(analysis, results_to_dict(analysis)),
        f"<h2>{_e(_('Provenance'))}</h2>",
        f"<p>{_e(_('Input SHA-256'))}: <code>{_e(provenance.input_sha256)}</code><br>"
        f"{_e(_('Sources'))}: {_e(', '.join(provenance.sources) or MISSING)}<br>"
        f"{_e(_('Created (UTC)'))}: {_e(provenance.created_utc)}<br>"
        f"spinemet {_e(provenance.spinemet_version)}, Python {_e(provenance.python_version)}, "
        + _e(", ".join(f"{k} {v}" for k, v in provenance.libraries.items()))
        + "</p>",
        f"<p class='note'>{_e(_('spinemet supports clinical judgement; it does not replace it.'))}"
        "</p>",
    ]
    body = "\n".join(sections)
    title = _("spinemet analysis report") + (
        " " + _("(SYNTHETIC DATA)") if analysis.synthetic else ""
    )
    return (
        f"<!DOCTYPE html>\n<html lang='{_e(lang)}'><head><meta charset='utf-8'>"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def write_pdf(document: str, path: Path) -> None:
    """Print the HTML report to a PDF with WeasyPrint (no network: every resource is inline)."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=document, base_url=None).write_pdf(path)
