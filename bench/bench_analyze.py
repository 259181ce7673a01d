"""Benchmark: the whole ``spinemet analyze`` on synthetic cohorts of 40, 4,000 and 40,000
patients, and its overhead against calling the statistical libraries directly.

For each size, a fresh subprocess (so peak memory is that size's alone):
  * writes the synthetic cohort as CSVs (not timed),
  * times ``analyze`` end to end as the command runs it: read and validate the cohort, analyse,
    write results.json, figures (PNG + SVG), report.html and report.pdf,
  * times :func:`analyze_cohort` alone (the statistics) and, on the same frames, the direct
    library calls a user would otherwise write: statsmodels ``mixedlm`` (formula, REML) and
    scipy ``friedmanchisquare`` per instrument, lifelines ``KaplanMeierFitter`` and
    ``CoxPHFitter``; imports are warm for both, so neither pays them,
  * records peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``).

Goals (issue #5): 40 patients end to end with the PDF < 10 s; 40,000 < 2 min and < 4 GiB;
analysis overhead <= 1.3x the direct calls. Issue #11: the whole ``analyze`` at 40,000 patients
< 40 s and < 2 GiB; and, per size, spinemet's MMRM (unstructured covariance, Satterthwaite df)
and its random-intercept model (the same REML machinery) against statsmodels ``MixedLM``
(random intercept, REML, the only one of these statsmodels fits) on the VAS frame.
Run: ``.venv/bin/python bench/bench_analyze.py`` (``--sizes 40,4000`` for fewer).
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

SIZES = (40, 4_000, 40_000)
SEED = 20230214
COVARIATES = ("age", "kps")


def _outcome_frames(cohort: object) -> dict[str, object]:
    """The outcomes ``analyze`` follows over visits: every instrument but the prognostic scores
    (revised Tokuhashi, Tomita), which are Table 1 variables assessed once, before surgery."""
    from spinemet.analysis.spine import PROGNOSTIC_SCORES

    return {
        name: cohort.outcome_frame(name)  # type: ignore[attr-defined]
        for name in cohort.instruments()  # type: ignore[attr-defined]
        if name not in PROGNOSTIC_SCORES
    }


def direct_calls(cohort: object) -> float:
    """Seconds for the direct library calls on the cohort's frames (what spinemet wraps)."""
    import numpy as np
    import statsmodels.formula.api as smf
    from lifelines import CoxPHFitter, KaplanMeierFitter
    from scipy.stats import friedmanchisquare

    frames = _outcome_frames(cohort)
    survival = cohort.survival_frame().dropna(subset=["time_days", "event"])  # type: ignore[attr-defined]
    start = time.perf_counter()
    for frame in frames.values():
        data = frame.assign(visit=frame["visit"].astype(str))
        smf.mixedlm("total ~ C(visit, Treatment('preop'))", data, groups=data["patient_id"]).fit(
            reml=True
        )
        wide = data.pivot(index="patient_id", columns="visit", values="total").dropna()
        friedmanchisquare(*np.asarray(wide, dtype=float).T)
    durations = survival["time_days"].astype(float)
    events = survival["event"].astype(int)
    KaplanMeierFitter().fit(durations, events)
    cox = survival[["time_days", "event", *COVARIATES]].astype(float).dropna()
    CoxPHFitter().fit(cox, "time_days", "event")
    return time.perf_counter() - start


def wrapped_calls(cohort: object) -> float:
    """Seconds for spinemet's wrappers of exactly the direct calls (same scope)."""
    from spinemet.analysis import fit_cox, fit_mixed_model, friedman, kaplan_meier

    frames = _outcome_frames(cohort)
    survival = cohort.survival_frame().dropna(subset=["time_days", "event"])  # type: ignore[attr-defined]
    start = time.perf_counter()
    for frame in frames.values():
        data = frame.assign(visit=frame["visit"].astype(object))
        visits = [str(code) for code in frame["visit"].cat.categories]
        fit_mixed_model(data, visits=visits)
        friedman(data, visits=visits)
    survival = survival.assign(event=survival["event"].astype(int))
    kaplan_meier(survival)
    fit_cox(survival, covariates=COVARIATES)
    return time.perf_counter() - start


def mixed_models(cohort: object) -> dict[str, float]:
    """Seconds for the MMRM, spinemet's random intercept and statsmodels MixedLM on VAS."""
    from statsmodels.regression.mixed_linear_model import MixedLM

    from spinemet.analysis.mixed import fit_mixed_model, mixed_model_design
    from spinemet.analysis.mmrm import fit_mmrm

    frame = cohort.outcome_frame("vas")  # type: ignore[attr-defined]
    visits = [str(code) for code in frame["visit"].cat.categories]
    data = frame.assign(visit=frame["visit"].astype(object))
    start = time.perf_counter()
    fit_mmrm(data, visits=visits)
    mmrm = time.perf_counter() - start
    start = time.perf_counter()
    fit_mixed_model(data, visits=visits)
    intercept = time.perf_counter() - start
    outcome, design, groups, _ = mixed_model_design(data, visits=visits)
    start = time.perf_counter()
    MixedLM(outcome, design, groups=groups).fit(reml=True)
    statsmodels = time.perf_counter() - start
    return {"mmrm_s": mmrm, "intercept_s": intercept, "mixedlm_s": statsmodels}


def one_size(n: int) -> dict[str, float]:
    """Run the benchmark for ``n`` patients (called in a fresh process per size)."""
    import lifelines  # noqa: F401  (warm imports: neither side of the ratio pays them)
    import statsmodels.formula.api  # noqa: F401
    import tableone  # noqa: F401

    from spinemet.analysis.pipeline import analyze_cohort
    from spinemet.cohort import read_cohort, synthetic_cohort, write_cohort

    warnings.simplefilter("ignore")
    spinemet = str(Path(sys.executable).with_name("spinemet"))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "cohort"
        write_cohort(synthetic_cohort(n=n, seed=SEED), folder)
        command = [spinemet, "analyze", str(folder), "--out", str(Path(scratch) / "out")]
        start = time.perf_counter()
        subprocess.run([*command, "--covariates", ",".join(COVARIATES), "--quiet"], check=True)
        end_to_end = time.perf_counter() - start
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: KiB
        start = time.perf_counter()
        cohort = read_cohort(folder)
        read = time.perf_counter() - start
        start = time.perf_counter()
        analyze_cohort(cohort, covariates=COVARIATES)
        analysis = time.perf_counter() - start
        wrapped = wrapped_calls(cohort)
        direct = direct_calls(cohort)
        models = mixed_models(cohort)
    return {
        **models,
        "n": n,
        "end_to_end_s": end_to_end,
        "read_s": read,
        "analysis_s": analysis,
        "wrapped_s": wrapped,
        "direct_s": direct,
        "peak_rss_mib": peak_kib / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one)))
        return 0
    rows = []
    for n in (int(size) for size in args.sizes.split(",")):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(n)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"  {n:>6} patients measured in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    print(
        "end-to-end = `spinemet analyze` (console script: start-up, read, validate, analyse, "
        "results.json, figures, HTML, PDF);\nanalysis = analyze_cohort (every statistic); "
        "same-scope = spinemet's wrappers of just the direct calls;\ndirect = statsmodels "
        "mixedlm + scipy friedmanchisquare per instrument, lifelines KM + Cox.\n"
    )
    print(
        f"{'patients':>8} {'end-to-end s':>12} {'peak MiB':>8} {'read s':>7} "
        f"{'analysis s':>10} {'same-scope s':>12} {'direct s':>8} "
        f"{'analysis/direct':>15} {'same-scope/direct':>17}"
    )
    for row in rows:
        print(
            f"{row['n']:>8} {row['end_to_end_s']:>12.2f} {row['peak_rss_mib']:>8.0f} "
            f"{row['read_s']:>7.2f} {row['analysis_s']:>10.2f} {row['wrapped_s']:>12.2f} "
            f"{row['direct_s']:>8.2f} {row['analysis_s'] / row['direct_s']:>14.2f}x "
            f"{row['wrapped_s'] / row['direct_s']:>16.2f}x"
        )
    print(
        "\nmixed models on the VAS frame (same data): spinemet MMRM (unstructured, "
        "Satterthwaite), spinemet random intercept, statsmodels MixedLM (random intercept)"
    )
    print(
        f"{'patients':>8} {'MMRM s':>8} {'rand. int. s':>12} {'MixedLM s':>9} "
        f"{'MMRM/MixedLM':>12} {'rand. int./MixedLM':>18}"
    )
    for row in rows:
        print(
            f"{row['n']:>8} {row['mmrm_s']:>8.2f} {row['intercept_s']:>12.2f} "
            f"{row['mixedlm_s']:>9.2f} {row['mmrm_s'] / row['mixedlm_s']:>11.2f}x "
            f"{row['intercept_s'] / row['mixedlm_s']:>17.2f}x"
        )
    for previous, row in itertools.pairwise(rows):
        growth = row["end_to_end_s"] / previous["end_to_end_s"]
        print(
            f"growth {previous['n']} -> {row['n']} patients ({row['n'] / previous['n']:.0f}x): "
            f"time {growth:.1f}x, memory {row['peak_rss_mib'] / previous['peak_rss_mib']:.1f}x"
        )
    goals = {40: 10.0, 40_000: 120.0}
    for row in rows:
        if row["n"] in goals:
            verdict = "met" if row["end_to_end_s"] < goals[row["n"]] else "MISSED"
            print(f"goal {row['n']} patients end to end < {goals[row['n']]:.0f} s: {verdict}")
        if row["n"] == 40_000:
            verdict = "met" if row["peak_rss_mib"] < 4096 else "MISSED"
            print(f"goal 40000 patients < 4 GiB: {verdict}")
            verdict = "met" if row["end_to_end_s"] < 40 else "MISSED"
            print(f"goal (issue 11) 40000 patients end to end < 40 s: {verdict}")
            verdict = "met" if row["peak_rss_mib"] < 2048 else "MISSED"
            print(f"goal (issue 11) 40000 patients < 2 GiB: {verdict}")
    for key, label in (("wrapped_s", "same scope"), ("analysis_s", "whole analysis")):
        worst = max(row[key] / row["direct_s"] for row in rows)
        verdict = "met" if worst <= 1.3 else "MISSED"
        print(f"goal overhead <= 1.3x direct calls ({label}): {verdict} (worst {worst:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
