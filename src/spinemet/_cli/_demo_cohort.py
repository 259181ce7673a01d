"""The synthetic-cohort part of ``spinemet demo``: make, write, analyse, report."""

from __future__ import annotations

from pathlib import Path

DEMO_SEED = 20230214  # the seed study's publication date (Ma et al. 2023)
DEMO_PATIENTS = 40


def show_cohort_analysis(
    out: Path, *, patients: int = DEMO_PATIENTS, seed: int = DEMO_SEED
) -> Path:
    """Make the synthetic seed-like cohort, write it as CSVs, analyse it; print where it is."""
    from spinemet._cli.analyze import StepPrinter, analyze_path
    from spinemet.cohort import synthetic_cohort, write_cohort

    print(
        f"\nSynthetic cohort shaped like Ma et al. 2023 ({patients} patients, "
        f"seed {seed}; SYNTHETIC DATA, not patients):"
    )
    cohort = synthetic_cohort(n=patients, seed=seed)
    data = out / "synthetic_cohort"
    write_cohort(cohort, data)
    print(f"  cohort tables: {data}")
    report = analyze_path(
        data,
        out / "report",
        by="sex",
        covariates=("age", "kps"),
        progress=StepPrinter(enabled=True),
    )
    print(f"  report: {report / 'report.html'} (and report.pdf)")
    print(f"  results: {report / 'results.json'}")
    return report
