"""``spinemet analyze PATH --out DIR``: read a cohort, analyse it, write the report.

Bad input (an invalid cohort, an unknown ``--by`` or covariate column) exits 2 with every
problem listed and nothing written; the outputs are written beside DIR and moved into place
only when complete.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinemet.errors import SpinemetWarning

if TYPE_CHECKING:
    from spinemet.analysis.pipeline import CohortAnalysis
    from spinemet.cohort import ColumnUse


EXAMPLES = """\
examples:
  spinemet analyze examples/cohort/ --out report/
  spinemet analyze examples/cohort_wide.csv --out report/ --by primary_tumor --covariates age,kps
  spinemet analyze examples/cohort/ --out report/ --mmrm-covariates age   # adjusted MMRM
  spinemet map hospital.xlsx --out mapping.toml     # propose a mapping; check and edit it
  spinemet analyze hospital.xlsx --mapping mapping.toml --out report/
  spinemet analyze cohort.xlsx --out report/ --strict   # refuse doubtful columns
  spinemet analyze sheet.csv --vas-unit mm --schedule schedule.toml --out report/

writes DIR/report.html, DIR/report.pdf, DIR/results.json, DIR/tables.docx, DIR/tables.xlsx and
DIR/figures/ (SVG and PNG). Every column of the patients sheet is classified on stderr and in
the report; only declared columns enter Table 1. Exit 2 on bad input, nothing written.
"""


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``spinemet analyze``."""
    parser.description = (
        "Analyse a cohort (a folder of CSV or Parquet tables, an Excel workbook with one sheet "
        "per table, one wide sheet, a REDCap record export or a FHIR R4 Bundle) and write "
        "DIR/results.json, DIR/report.html, DIR/report.pdf and DIR/figures/."
    )
    parser.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help="cohort folder, workbook, wide sheet, REDCap export or FHIR Bundle",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="analyse the registry's database instead of PATH (DATABASE_URL or the default "
        "SQLite file with --db default)",
    )
    parser.add_argument(
        "--site", metavar="CODE", action="append", help="with --db: only this site (repeatable)"
    )
    parser.add_argument(
        "--include-withdrawn", action="store_true", help="with --db: keep withdrawn patients"
    )
    parser.add_argument("--out", metavar="DIR", required=True, help="output folder")
    parser.add_argument(
        "--by", metavar="COLUMN", help="patient column for Table 1 and survival by group"
    )
    parser.add_argument(
        "--covariates",
        metavar="A,B",
        default="",
        help="patient columns for the Cox model, comma-separated",
    )
    parser.add_argument(
        "--mmrm-covariates",
        metavar="A,B",
        default="",
        help="numeric patient columns the MMRM adjusts for (beside visit), comma-separated; "
        "each needs a value for every patient with an assessment",
    )
    parser.add_argument(
        "--vas-unit",
        choices=("cm", "mm"),
        help="unit of the VAS values (mm: read on a 100 mm line, converted to 0-10 and reported); "
        "a folder may declare it in cohort.toml instead",
    )
    parser.add_argument(
        "--schedule",
        metavar="FILE",
        help="visit schedule (TOML, YAML or JSON) instead of the seed study's default",
    )
    parser.add_argument(
        "--mapping",
        metavar="FILE",
        help="mapping file for the sheet (renames, recoding, formats; `spinemet map SHEET` "
        "proposes one); default: mapping.toml in the folder or beside the sheet",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse columns that look like outcomes or identifiers instead of warning",
    )
    parser.add_argument(
        "--lang",
        choices=("en", "zh-Hans"),
        default="en",
        help="language of the report and tables (zh-Hans: Simplified Chinese; needs a CJK "
        "font, fonts-noto-cjk or fonts-wqy-microhei)",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="list every row of an error, not one line a cause"
    )
    parser.add_argument(
        "--km-ci",
        choices=("log-log", "log"),
        default="log-log",
        help="scale of the Kaplan-Meier confidence intervals (default log-log; R's default is log)",
    )
    parser.add_argument(
        "--ph-transform",
        choices=("identity", "km"),
        default="identity",
        help="time scale of the proportional-hazards test (R cox.zph transform; default identity)",
    )
    parser.add_argument(
        "--summary",
        metavar="COLUMN=KIND",
        action="append",
        default=[],
        help="Table 1 summary of a numeric column: mean_sd or median_iqr (repeatable)",
    )
    parser.add_argument(
        "--table1-p",
        action="store_true",
        help="compare the --by groups in Table 1 with tests (off by default, as CONSORT asks "
        "for treatment arms)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress or caution lines on stderr"
    )
    parser.epilog = EXAMPLES


class StepPrinter:
    """Progress on stderr: one line per step with the seconds since the start."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.start = time.perf_counter()

    def __call__(self, text: str) -> None:
        if self.enabled:
            elapsed = time.perf_counter() - self.start
            print(f"[{elapsed:6.1f} s] {text}", file=sys.stderr, flush=True)


def analyze_path(
    path: str | Path,
    out: str | Path,
    *,
    by: str | None = None,
    covariates: tuple[str, ...] = (),
    vas_unit: str | None = None,
    schedule: str | Path | None = None,
    progress: StepPrinter | None = None,
    options: dict[str, object] | None = None,
) -> Path:
    """Read, analyse and write; returns the output folder. Raises CohortError on bad input.

    ``options`` are passed on to :func:`spinemet.analysis.pipeline.analyze_cohort`
    (``km_ci``, ``ph_transform``, ``table1_summaries``, ``table1_p_values``,
    ``mmrm_covariates``).
    """
    target, _ = _read_analyse_write(
        path,
        out,
        by=by,
        covariates=covariates,
        vas_unit=vas_unit,
        schedule=schedule,
        progress=progress,
        options=options,
    )
    return target


class RegistrySource:
    """The registry's database as the cohort to analyse (``analyze --db``)."""

    def __init__(self, db: str, sites: list[str] | None, include_withdrawn: bool) -> None:
        self.db = None if db == "default" else db
        self.sites = sites
        self.include_withdrawn = include_withdrawn
        self.label = "default database" if self.db is None else db

    def extract(self) -> Any:
        from spinemet.registry.bootstrap import database_label, setup

        setup(self.db)
        self.label = database_label(self.db)
        from spinemet.registry.extract import cohort_extract
        from spinemet.registry.sites.selectors import command_line_actor

        return cohort_extract(
            command_line_actor(), sites=self.sites, include_withdrawn=self.include_withdrawn
        )


def _read_analyse_write(
    path: str | Path | RegistrySource,
    out: str | Path,
    *,
    by: str | None,
    covariates: tuple[str, ...],
    vas_unit: str | None,
    schedule: str | Path | None,
    progress: StepPrinter | None,
    mapping: str | None = None,
    strict: bool = False,
    lang: str = "en",
    options: dict[str, object] | None = None,
) -> tuple[Path, CohortAnalysis]:
    from spinemet.analysis.outputs import write_outputs_into_place
    from spinemet.analysis.pipeline import analyze_cohort
    from spinemet.cohort import load_schedule
    from spinemet.interop.sources import read_any_cohort

    step = progress or StepPrinter(enabled=False)
    if isinstance(path, RegistrySource):
        step(f"extracting the cohort from the registry ({path.label})")
        cohort = path.extract()
    else:
        step(f"reading and validating {path}")
        cohort = read_any_cohort(
            path,
            vas_unit=vas_unit,  # type: ignore[arg-type]  # argparse restricts it to the units
            schedule=None if schedule is None else load_schedule(schedule),
            mapping=mapping,
            strict=strict,
        )
        if progress is not None and progress.enabled:
            _print_columns(cohort.provenance.columns)
    analysis = analyze_cohort(
        cohort,
        by=by,
        covariates=covariates,
        progress=step,
        **(options or {}),  # type: ignore[arg-type]
    )
    target = Path(out)
    write_outputs_into_place(analysis, target, progress=step, lang=lang)
    step(f"done: {target}")
    return target, analysis


_MAX_LISTED = 20  # unscheduled assessments printed on stderr; the report lists more


def _print_unscheduled(analysis: CohortAnalysis) -> None:
    outside = analysis.unscheduled
    if not outside:
        return
    print(
        "assessments outside every visit window (kept without a visit, not in the per-visit "
        "analyses; also in the report):",
        file=sys.stderr,
    )
    for item in outside[:_MAX_LISTED]:
        print(
            f"  {item.patient_id} {item.instrument} {item.date} day {item.day}: {item.reason}",
            file=sys.stderr,
        )
    if len(outside) > _MAX_LISTED:
        print(f"  ... and {len(outside) - _MAX_LISTED} more", file=sys.stderr)


def _print_columns(columns: tuple[ColumnUse, ...]) -> None:
    """How each column was read, one line a column, on stderr."""
    if not columns:
        return
    print("columns read:", file=sys.stderr)
    for use in columns:
        print(f"  {use.text()}", file=sys.stderr)


def _print_no_follow_up(analysis: CohortAnalysis) -> None:
    ids = analysis.no_follow_up
    if ids:
        print(
            f"alive without a last contact date (follow-up unknown, not in the survival "
            f"analysis; also in the report): {', '.join(ids)}",
            file=sys.stderr,
        )


def _summaries(pairs: list[str]) -> dict[str, str]:
    from spinemet.errors import SpinemetInputError

    summaries = {}
    for pair in pairs:
        name, _, kind = pair.partition("=")
        if not name.strip() or kind.strip() not in ("mean_sd", "median_iqr"):
            raise SpinemetInputError(
                "--summary", pair, "COLUMN=mean_sd or COLUMN=median_iqr", "value_not_allowed"
            )
        summaries[name.strip()] = kind.strip()
    return summaries


def _names(text: str) -> tuple[str, ...]:
    """Comma-separated column names (``"age, kps"`` -> ``("age", "kps")``)."""
    return tuple(name.strip() for name in text.split(",") if name.strip())


def run(args: argparse.Namespace) -> int:
    """Analyse PATH into --out."""
    covariates = _names(args.covariates)
    if (args.path is None) == (args.db is None):
        from spinemet.errors import SpinemetInputError

        raise SpinemetInputError(
            "PATH", args.path, "either a cohort PATH or --db URL (one of them)", "source"
        )
    source: str | RegistrySource = (
        args.path if args.db is None else RegistrySource(args.db, args.site, args.include_withdrawn)
    )
    options: dict[str, object] = {
        "km_ci": args.km_ci,
        "ph_transform": args.ph_transform,
        "table1_summaries": _summaries(args.summary),
        "table1_p_values": args.table1_p,
        "mmrm_covariates": _names(args.mmrm_covariates),
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SpinemetWarning)
        target, analysis = _read_analyse_write(
            source,
            args.out,
            by=args.by,
            covariates=covariates,
            vas_unit=args.vas_unit,
            schedule=args.schedule,
            progress=StepPrinter(enabled=not args.quiet),
            mapping=args.mapping,
            strict=args.strict,
            lang=args.lang,
            options=options,
        )
    cautions = dict.fromkeys(
        str(w.message) for w in caught if issubclass(w.category, SpinemetWarning)
    )
    if cautions and not args.quiet:
        print("cautions (also in results.json and the report):", file=sys.stderr)
        for text in cautions:
            print(f"  {text}", file=sys.stderr)
    if not args.quiet:
        _print_unscheduled(analysis)
        _print_no_follow_up(analysis)
    print(f"report: {target / 'report.html'}")
    print(f"        {target / 'report.pdf'}")
    print(f"tables: {target / 'tables.docx'}")
    print(f"        {target / 'tables.xlsx'}")
    print(f"results: {target / 'results.json'}")
    return 0
