"""Write an analysis to a folder: ``results.json``, ``figures/``, ``report.html``,
``report.pdf`` (DESIGN.md, ``spinemet analyze``).

Everything is written into a temporary folder next to the target and moved into place only
when complete, so a failure leaves the target as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from spinemet._i18n import _, language
from spinemet.analysis.exports import write_tables_docx, write_tables_xlsx
from spinemet.analysis.figures import (
    SavedFigure,
    complications_figure,
    outcome_figure,
    save_figure,
    schoenfeld_figure,
    survival_figure,
)
from spinemet.analysis.fonts import require_cjk_font
from spinemet.analysis.journal import journal_tables
from spinemet.analysis.pipeline import CohortAnalysis
from spinemet.analysis.report import SYNTHETIC_BANNER, render_html, write_pdf
from spinemet.analysis.results import results_json
from spinemet.errors import SpinemetInputError

__all__ = ["OUTPUT_FILES", "write_outputs", "write_outputs_into_place"]

OUTPUT_FILES = (
    "results.json",
    "report.html",
    "report.pdf",
    "tables.docx",
    "tables.xlsx",
    "figures",
)


def make_figures(
    analysis: CohortAnalysis, folder: Path, *, progress: Callable[[str], None]
) -> dict[str, SavedFigure]:
    """Draw and save every figure of the report into ``folder``."""
    saved = {}
    target_days = {str(visit["code"]): float(visit["target_day"]) for visit in analysis.schedule}  # type: ignore[arg-type]
    for name, outcome in analysis.outcomes.items():
        progress(f"figure: {name} over time")
        model = outcome.mmrm
        figure, caption = outcome_figure(
            outcome.frame,
            outcome.descriptives,
            instrument=name,
            visits=outcome.visits,
            target_days=target_days,
            model_means=[(m.visit, m.estimate, *m.ci95) for m in model.ls_means]  # type: ignore[misc]
            if model is not None
            else (),
        )
        saved[f"outcome_{name}"] = save_figure(figure, folder, f"outcome_{name}", caption)
    survival = analysis.survival
    if len(survival.frame):
        progress("figure: Kaplan-Meier")
        at_risk = list(survival.overall.at_risk) if survival.overall is not None else None
        figure, caption = survival_figure(
            survival.frame,
            by=survival.by,
            conf_type=survival.conf_type,
            at_risk_days=[int(day) for day in at_risk] if at_risk else None,
        )
        saved["survival"] = save_figure(figure, folder, "survival", caption)
    for label, cox in (("cox", survival.cox), ("group_cox", survival.group_cox)):
        if cox is None or not cox.ph_failing or cox.zph is None:
            continue
        progress(f"figure: scaled Schoenfeld residuals ({label})")
        figure, caption = schoenfeld_figure(
            cox.zph.death_times,
            cox.zph.scaled_residuals,
            terms=[term.term for term in cox.terms],
            failing=cox.ph_failing,
            transform=cox.ph_transform,
            coefficients=[term.coef for term in cox.terms],
        )
        saved[f"schoenfeld_{label}"] = save_figure(figure, folder, f"schoenfeld_{label}", caption)
    if analysis.complications is not None:
        progress("figure: complications")
        figure, caption = complications_figure(analysis.complications)
        saved["complications"] = save_figure(figure, folder, "complications", caption)
    return saved


def write_outputs(
    analysis: CohortAnalysis,
    folder: Path,
    *,
    pdf: bool = True,
    progress: Callable[[str], None] | None = None,
    lang: str = "en",
) -> None:
    """Write results.json, figures/, report.html, tables.docx, tables.xlsx and (``pdf``)
    report.pdf into ``folder``, the words in ``lang`` (``en``, ``zh-Hans``)."""
    step = progress or (lambda _text: None)
    folder.mkdir(parents=True, exist_ok=True)
    step("results.json")
    (folder / "results.json").write_text(results_json(analysis), encoding="utf-8")
    if lang != "en":
        require_cjk_font()  # before anything slow: a clear error naming the package
    with language(lang):
        figures = make_figures(analysis, folder / "figures", progress=step)
        step("report.html")
        document = render_html(analysis, figures, lang=lang)
        (folder / "report.html").write_text(document, encoding="utf-8")
        step("tables.docx, tables.xlsx")
        tables = journal_tables(analysis)
        title = _("spinemet analysis report")
        banner = SYNTHETIC_BANNER if analysis.synthetic else None
        write_tables_docx(tables, folder / "tables.docx", title=title, banner=banner)
        write_tables_xlsx(tables, folder / "tables.xlsx")
    if pdf:
        step("report.pdf (WeasyPrint)")
        write_pdf(document, folder / "report.pdf")


def write_outputs_into_place(
    analysis: CohortAnalysis,
    target: Path,
    *,
    pdf: bool = True,
    progress: Callable[[str], None] | None = None,
    lang: str = "en",
) -> None:
    """:func:`write_outputs` into a temporary folder beside ``target``, then move it there.

    The outputs of an earlier run in ``target`` are replaced; other files in it are kept. If
    anything fails, ``target`` is left exactly as it was.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise SpinemetInputError(
            "--out", str(target), "a folder (a file of that name exists)", "not_a_folder"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    mask = os.umask(0)
    os.umask(mask)
    staging.chmod(0o777 & ~mask)  # mkdtemp makes it private; the report folder is not
    try:
        write_outputs(analysis, staging, pdf=pdf, progress=progress, lang=lang)
        if not target.exists():
            os.replace(staging, target)
            return
        for name in OUTPUT_FILES:
            produced, existing = staging / name, target / name
            if not produced.exists():
                continue
            if existing.is_dir():
                shutil.rmtree(existing)
            os.replace(produced, existing)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
