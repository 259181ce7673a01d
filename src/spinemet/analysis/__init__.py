"""Cohort in, results out: descriptives, repeated measures, mixed models, survival,
complications, figures, the report and ``results.json`` (DESIGN.md).

Each statistical function takes plain DataFrames and returns a frozen result or a DataFrame,
never modifying its input. lifelines, statsmodels, tableone, matplotlib and WeasyPrint are
imported inside the functions that need them.
"""

from spinemet.analysis.baseline import BaselineTable, baseline_table
from spinemet.analysis.complications import (
    ALWAYS_REPORTED,
    clopper_pearson,
    summarize_complications,
)
from spinemet.analysis.followup import FollowUp, summarize_followup
from spinemet.analysis.mixed import MixedModelResult, VisitEstimate, fit_mixed_model
from spinemet.analysis.outcomes import MCID_RULES, McidRule, describe_outcome, mcid_share
from spinemet.analysis.paired import PairedComparison, compare_with_baseline, holm
from spinemet.analysis.provenance import Provenance, collect_provenance
from spinemet.analysis.repeated import (
    FriedmanResult,
    RmAnovaResult,
    friedman,
    friedman_matrix,
    rm_anova,
    rm_anova_matrix,
)
from spinemet.analysis.survival import (
    CoxResult,
    KaplanMeierResult,
    LogRankResult,
    fit_cox,
    kaplan_meier,
    kaplan_meier_by,
    logrank,
)

__all__ = [
    "ALWAYS_REPORTED",
    "MCID_RULES",
    "BaselineTable",
    "CoxResult",
    "FollowUp",
    "FriedmanResult",
    "KaplanMeierResult",
    "LogRankResult",
    "McidRule",
    "MixedModelResult",
    "PairedComparison",
    "Provenance",
    "RmAnovaResult",
    "VisitEstimate",
    "baseline_table",
    "clopper_pearson",
    "collect_provenance",
    "compare_with_baseline",
    "describe_outcome",
    "fit_cox",
    "fit_mixed_model",
    "friedman",
    "friedman_matrix",
    "holm",
    "kaplan_meier",
    "kaplan_meier_by",
    "logrank",
    "mcid_share",
    "rm_anova",
    "rm_anova_matrix",
    "summarize_complications",
    "summarize_followup",
]
