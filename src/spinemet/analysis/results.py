"""``results.json``: the analysis as plain data, exactly as DESIGN.md fixes its keys.

Keys of DESIGN.md are never renamed; added keys (``provenance``, ``visit_status``,
``synthetic``, per-test details) sit beside them. Missing values are ``null``, never NaN: the
JSON is written with ``allow_nan=False``.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd

from spinemet.analysis.complications import ALWAYS_REPORTED
from spinemet.analysis.paired import PairedComparison, PairedTestResult
from spinemet.analysis.pipeline import CohortAnalysis, OutcomeAnalysis, SurvivalAnalysis
from spinemet.analysis.survival import KaplanMeierResult

__all__ = ["RESULTS_SCHEMA_VERSION", "results_json", "results_to_dict"]

RESULTS_SCHEMA_VERSION = "1"


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: numpy and pandas scalars unwrapped, NaN/inf/NA to None."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value
    return str(value)


def _test(result: PairedTestResult) -> dict[str, Any]:
    return {
        "statistic": result.statistic,
        "df": result.df,
        "p": result.p,
        "effect_size": result.effect_size,
        "effect_size_name": result.effect_size_name,
        "method": result.method or None,
    }


def _comparison(comparison: PairedComparison) -> dict[str, Any]:
    primary = comparison.primary_result
    return {
        "test": comparison.primary,
        "statistic": primary.statistic,
        "p": primary.p,
        "p_holm": comparison.p_holm,
        "mean_change": comparison.mean_change,
        "ci95": list(comparison.ci95),
        "n": comparison.n,
        "sd_change": comparison.sd_change,
        "effect_size": primary.effect_size,
        "effect_size_name": primary.effect_size_name,
        "prespecified": True,
        "paired_t": _test(comparison.t_test),
        "wilcoxon": _test(comparison.wilcoxon),
        "caveat": comparison.caveat,
    }


def _records(frame: pd.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    return {
        str(row[key]): {name: row[name] for name in frame.columns if name != key}
        for row in frame.to_dict(orient="records")
    }


def _outcome(outcome: OutcomeAnalysis) -> dict[str, Any]:
    visits = {
        visit: {
            "n": int(values["n"]),
            "mean": values["mean"],
            "sd": values["sd"],
            "median": values["median"],
            "q1": values["q1"],
            "q3": values["q3"],
            "min": values["min"],
            "max": values["max"],
            "ci95": [values["ci95_low"], values["ci95_high"]],
        }
        for visit, values in _records(outcome.descriptives, "visit").items()
    }
    friedman = outcome.friedman
    anova = outcome.rm_anova
    model = outcome.mixed_model
    return {
        "baseline": outcome.visits[0] if outcome.visits else None,
        "visits": visits,
        "friedman": None
        if friedman is None
        else {
            "statistic": friedman.statistic,
            "df": friedman.df,
            "p": friedman.p,
            "n_complete": friedman.n_complete,
            "kendall_w": friedman.kendall_w,
            "caveat": friedman.caveat,
        },
        "rm_anova": None
        if anova is None
        else {
            "F": anova.F,
            "df1": anova.df1,
            "df2": anova.df2,
            "p": anova.p,
            "p_greenhouse_geisser": anova.p_greenhouse_geisser,
            "epsilon": anova.epsilon,
            "epsilon_huynh_feldt": anova.epsilon_huynh_feldt,
            "p_huynh_feldt": anova.p_huynh_feldt,
            "mauchly": anova.mauchly,
            "partial_eta_squared": anova.partial_eta_squared,
            "generalized_eta_squared": anova.generalized_eta_squared,
            "n_complete": anova.n_complete,
            "caveat": anova.caveat,
        },
        "mixed_model": None
        if model is None
        else {
            "estimates": {
                estimate.visit: {
                    "diff_vs_baseline": estimate.diff_vs_baseline,
                    "ci95": list(estimate.ci95),
                    "p": estimate.p,
                    "se": estimate.se,
                    "t": estimate.t,
                    "df": estimate.df,
                }
                for estimate in model.estimates
            },
            "role": "sensitivity (random intercept; nlme lme degrees of freedom)",
            "baseline": model.baseline,
            "baseline_mean": model.baseline_mean,
            "n_patients": model.n_patients,
            "n_observations": model.n_observations,
            "patient_variance": model.patient_variance,
            "residual_variance": model.residual_variance,
            "converged": model.converged,
            "caveat": model.caveat,
        },
        "mmrm": _mmrm(outcome),
        "estimands": _estimands(outcome),
        "vs_baseline": {c.visit: _comparison(c) for c in outcome.vs_baseline},
        "mcid": None if outcome.mcid is None else _records(outcome.mcid, "visit"),
        "notes": list(outcome.notes),
    }


def _mmrm(outcome: OutcomeAnalysis) -> dict[str, Any] | None:
    model = outcome.mmrm
    if model is None:
        return None
    return {
        "role": "primary",
        "covariance": model.covariance,
        "fallback": model.fallback,
        "df_method": model.df_method,
        "baseline": model.baseline,
        "covariates": list(model.covariates),
        "ls_means": {
            m.visit: {"estimate": m.estimate, "se": m.se, "df": m.df, "ci95": list(m.ci95)}
            for m in model.ls_means
        },
        "contrasts": {
            c.visit: {
                "diff_vs_baseline": c.estimate,
                "se": c.se,
                "df": c.df,
                "t": c.t,
                "p": c.p,
                "p_holm": c.p_holm,
                "ci95": list(c.ci95),
            }
            for c in model.contrasts
        },
        "covariance_matrix": [list(row) for row in model.covariance_matrix],
        "n_patients": model.n_patients,
        "n_observations": model.n_observations,
        "n_patterns": model.n_patterns,
        "converged": model.converged,
        "caveats": list(model.caveats),
    }


def _estimands(outcome: OutcomeAnalysis) -> dict[str, Any]:
    return {
        "while_alive": {
            row["visit"]: {"n": int(row["n"]), "mean": row["mean"], "sd": row["sd"]}
            for row in outcome.descriptives.to_dict(orient="records")
        },
        "hypothetical_mmrm": None
        if outcome.mmrm is None
        else {
            m.visit: {"ls_mean": m.estimate, "ci95": list(m.ci95)} for m in outcome.mmrm.ls_means
        },
        "hypothetical_assumption": "missing at random (MAR) given the observed visits",
        "composite_worst": None
        if outcome.composite is None
        else _records(outcome.composite, "visit"),
    }


def _km(result: KaplanMeierResult) -> dict[str, Any]:
    return {
        "n": result.n,
        "events": result.events,
        "median_days": result.median_days,
        "median_ci95_days": list(result.median_ci95_days),
        "survival_at_days": {
            day: values["estimate"] for day, values in result.survival_at_days.items()
        },
        "survival_at_days_ci95": {
            day: [values["ci95_low"], values["ci95_high"]]
            for day, values in result.survival_at_days.items()
        },
        "at_risk": dict(result.at_risk),
        "caveat": result.caveat,
        "conf_type": result.conf_type,
        "quantiles_days": result.quantiles_days,
        "rmst_days": result.rmst_days,
    }


def _survival(survival: SurvivalAnalysis) -> dict[str, Any]:
    overall = (
        _km(survival.overall)
        if survival.overall is not None
        else {
            "n": len(survival.frame),
            "events": int(survival.frame["event"].sum()),
            "median_days": None,
            "median_ci95_days": [None, None],
            "survival_at_days": {"182": None, "365": None},
        }
    )
    test = survival.logrank
    cox = survival.cox
    group_cox = survival.group_cox
    return {
        "km_conf_type": survival.conf_type,
        "hazard_ratios_by_group": None
        if group_cox is None
        else {
            term.term: {"hazard_ratio": term.hazard_ratio, "ci95": list(term.hr_ci95), "p": term.p}
            for term in group_cox.terms
        },
        **overall,
        "by": survival.by,
        "by_group": {group: _km(result) for group, result in survival.by_group.items()},
        "logrank": None
        if test is None
        else {
            "statistic": test.statistic,
            "df": test.df,
            "p": test.p,
            "by": test.by,
            "groups": list(test.groups),
            "n_excluded_missing_group": test.n_excluded_missing_group,
        },
        "cox": None
        if cox is None
        else {
            "covariates": list(cox.covariates),
            "n": cox.n,
            "events": cox.events,
            "n_excluded_missing": cox.n_excluded_missing,
            "concordance": cox.concordance,
            "ph_test": cox.ph_test,
            "terms": {
                term.term: {
                    "hazard_ratio": term.hazard_ratio,
                    "ci95": list(term.hr_ci95),
                    "p": term.p,
                    "coef": term.coef,
                    "se": term.se,
                    "z": term.z,
                    "ph_statistic": term.ph_statistic,
                    "ph_p": term.ph_p,
                    "ph_km_statistic": term.ph_km_statistic,
                    "ph_km_p": term.ph_km_p,
                    "ph_identity_statistic": term.ph_identity_statistic,
                    "ph_identity_p": term.ph_identity_p,
                }
                for term in cox.terms
            },
            "ph_transform": cox.ph_transform,
            "ph_global": cox.ph_global,
            "caveats": list(cox.caveats),
        },
        "n_excluded_unknown": survival.n_excluded_unknown,
        "notes": list(survival.notes),
    }


def _methods(analysis: CohortAnalysis) -> dict[str, Any]:
    """The Methods in each report language (``en``, ``zh-Hans``): ``short`` for the
    manuscript, ``full`` the paragraphs of the report."""
    from spinemet._i18n import LANGUAGES, language
    from spinemet.analysis.methods import methods_paragraphs, methods_short

    methods = {}
    for lang in LANGUAGES:
        with language(lang):
            methods[lang] = {"short": methods_short(analysis), "full": methods_paragraphs(analysis)}
    return methods


def results_to_dict(analysis: CohortAnalysis) -> dict[str, Any]:
    """The analysis as the ``results.json`` object of DESIGN.md, plus added keys."""
    followup = analysis.followup
    recorded = analysis.complications is not None
    complications = (
        analysis.complications.set_index("type")
        if analysis.complications is not None
        else pd.DataFrame(index=pd.Index(ALWAYS_REPORTED, name="type"))
    )
    types = [name for name in complications.index if name != "any"]

    def complication(name: str) -> dict[str, Any] | None:
        if not recorded:  # no complications table: unknown, never a made-up zero
            return None
        row = complications.loc[name]
        return {
            "n": int(row["n"]),
            "proportion": float(row["proportion"]),
            "ci95_exact": [float(row["ci95_low"]), float(row["ci95_high"])],
            "events": int(row["events"]),
            "n_patients": int(row["n_patients"]),
        }

    data = {
        "n_patients": analysis.n_patients,
        "followup_days": {
            "mean": followup.mean,
            "sd": followup.sd,
            "min": followup.min,
            "max": followup.max,
            "median_reverse_km": followup.median_reverse_km,
            "median_reverse_km_ci95": list(followup.median_reverse_km_ci95),
            "median_observed": followup.median,
            "n_alive": followup.n_alive,
            "median_alive": followup.median_alive,
        },
        "outcomes": {name: _outcome(outcome) for name, outcome in analysis.outcomes.items()},
        "survival": _survival(analysis.survival),
        "complications": {name: complication(name) for name in types},
        "complications_any": complication("any"),
        "complications_recorded": recorded,
        "baseline_table": None
        if analysis.table1 is None
        else {
            "by": analysis.table1.by,
            "rows": analysis.table1.rows.to_dict(orient="records"),
            "tests": analysis.table1.tests,
        },
        "visit_status": {
            name: _records(outcome.visit_status, "visit")
            for name, outcome in analysis.outcomes.items()
        },
        "synthetic": analysis.synthetic,
        "provenance": {
            **analysis.provenance.as_dict(),
            "cohort": analysis.cohort_provenance,
            "schedule": list(analysis.schedule),
        },
        "options": {
            "by": analysis.by,
            "covariates": list(analysis.covariates),
            "mmrm_covariates": list(analysis.mmrm_covariates),
            "table1_summaries": dict(analysis.table1_summaries),
        },
        "perioperative": None
        if analysis.perioperative is None
        else analysis.perioperative.to_dict(orient="records"),
        "clavien_dindo": None
        if analysis.clavien_dindo is None
        else analysis.clavien_dindo.to_dict(orient="records"),
        "cement_leakage": None
        if analysis.cement_leakage is None
        else analysis.cement_leakage.to_dict(orient="records"),
        "prognostic_scores": analysis.prognostic_scores,
        "methods": _methods(analysis),
        "caveats": list(analysis.caveats),
        "notes": list(analysis.notes),
        "schema_version": RESULTS_SCHEMA_VERSION,
    }
    return plain(data)  # type: ignore[no-any-return]


def results_json(analysis: CohortAnalysis) -> str:
    """``results.json`` text: indented, UTF-8, no NaN (``allow_nan=False``)."""
    return json.dumps(results_to_dict(analysis), indent=2, ensure_ascii=False, allow_nan=False)
