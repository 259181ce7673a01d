"""``spinemet analyze PATH --out DIR``: read a cohort, analyse it, write the report.

Bad input (an invalid cohort, an unknown ``--by`` or covariate column) exits 2 with every
problem listed and nothing written; the outputs are written beside DIR and moved into place
only when complete.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``spinemet analyze``."""
    parser.description = (
        "Analyse a cohort (a folder of CSV or Parquet tables, an Excel workbook with one sheet "
        "per table, or one wide sheet) and write DIR/results.json, DIR/report.html, "
        "DIR/report.pdf and DIR/figures/."
    )
    parser.add_argument("path", metavar="PATH", help="cohort folder, workbook or wide sheet")
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
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


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
    progress: StepPrinter | None = None,
) -> Path:
    """Read, analyse and write; returns the output folder. Raises CohortError on bad input."""
    from spinemet.analysis.outputs import write_outputs_into_place
    from spinemet.analysis.pipeline import analyze_cohort
    from spinemet.cohort import read_cohort

    step = progress or StepPrinter(enabled=False)
    step(f"reading and validating {path}")
    cohort = read_cohort(path)
    analysis = analyze_cohort(cohort, by=by, covariates=covariates, progress=step)
    target = Path(out)
    write_outputs_into_place(analysis, target, progress=step)
    step(f"done: {target}")
    return target


def run(args: argparse.Namespace) -> int:
    """Analyse PATH into --out."""
    covariates = tuple(name.strip() for name in args.covariates.split(",") if name.strip())
    target = analyze_path(
        args.path,
        args.out,
        by=args.by,
        covariates=covariates,
        progress=StepPrinter(enabled=not args.quiet),
    )
    print(f"report: {target / 'report.html'}")
    print(f"        {target / 'report.pdf'}")
    print(f"results: {target / 'results.json'}")
    return 0
