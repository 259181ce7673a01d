"""The methods paragraph of the report: every test named, with the software versions."""

from __future__ import annotations

from spinemet.analysis.outcomes import MCID_RULES
from spinemet.analysis.paired import NORMALITY_ALPHA
from spinemet.analysis.pipeline import CohortAnalysis

__all__ = ["methods_paragraphs"]


def methods_paragraphs(analysis: CohortAnalysis) -> list[str]:
    """The statistical methods as paragraphs of plain text, specific to this analysis."""
    versions = analysis.provenance.libraries
    instruments = ", ".join(analysis.outcomes) or "none"
    mcids = [
        f"{rule.instrument}: {rule.points:g} points"
        + (f" or {rule.percent:g}% of baseline" if rule.percent else "")
        + f" (primary: {rule.primary}; {rule.reference})"
        for name, rule in MCID_RULES.items()
        if name in analysis.outcomes
    ]
    paragraphs = [
        "Baseline characteristics are given as n (%) for categorical variables and as mean "
        "(SD), or median [Q1, Q3] where a Shapiro-Wilk test rejected normality, for continuous "
        "ones (tableone)"
        + (
            f"; groups by {analysis.by} are compared with the test named in each row"
            if analysis.by
            else ""
        )
        + ". Follow-up is the time from the index date (surgery) to death or last contact; "
        "its median potential follow-up is estimated by the reverse Kaplan-Meier method "
        "(Schemper and Smith 1996). Missing values are counted and never imputed.",
        f"Outcomes ({instruments}) are described at each visit by n, mean, SD, median and "
        "interquartile range (quartiles by linear interpolation, R type 7) and the t-based 95% "
        "CI of the mean. Patients die before the later visits in this disease: at every visit "
        "the report gives how many patients were alive and under follow-up, how many were "
        "assessed and how many had died before it, and means at later visits describe the "
        "survivors who were assessed. The primary analysis of change over time is a linear "
        "mixed model with a random intercept per patient and visit as a fixed factor, fitted "
        "by REML on all available assessments (statsmodels MixedLM); each visit is compared "
        "with baseline by its fixed-effect estimate with a Wald 95% CI and p-value. As "
        "secondary, complete-case analyses (patients assessed at every visit, n given), the "
        "Friedman rank-sum test and a one-way repeated-measures ANOVA with the "
        "Greenhouse-Geisser correction of the degrees of freedom (Huynh-Feldt epsilon also "
        "reported) are given.",
        "Each visit is compared with baseline in the patients assessed at both, by the paired "
        "t-test and the Wilcoxon signed-rank test (zero differences dropped; exact p below 50 "
        "pairs without ties, otherwise the normal approximation with continuity correction). "
        "The primary of the two is fixed by a stated rule: the paired t-test when a "
        f"Shapiro-Wilk test of the differences does not reject normality (p >= "
        f"{NORMALITY_ALPHA}), otherwise the Wilcoxon test. Primary p-values are adjusted "
        "across the visits of each instrument by Holm's method. Mean change (visit minus "
        "baseline) is given with its t-based 95% CI, with Cohen's d_z (t-test) or the "
        "matched-pairs rank-biserial correlation (Wilcoxon) as effect size."
        + (
            " The share of patients reaching the minimal clinically important difference "
            "(MCID) is given with its exact 95% CI: " + "; ".join(mcids) + "."
            if mcids
            else ""
        ),
        "Survival from the index date is estimated by the Kaplan-Meier method with 95% CIs "
        'on the log(-log) scale (lifelines; equal to R survfit conf.type = "log-log"); the '
        "median with its CI, survival at 182 and 365 days and the numbers at risk are given"
        + (
            f", overall and by {analysis.by}, with the log-rank test across groups"
            if analysis.by
            else ""
        )
        + "."
        + (
            " A Cox proportional-hazards model (Efron ties) with "
            + ", ".join(analysis.covariates)
            + " gives hazard ratios with Wald 95% CIs; proportional hazards are checked with "
            "the Grambsch-Therneau test of scaled Schoenfeld residuals (lifelines, identity "
            "time transform, as R survival 2.x cox.zph)."
            if analysis.covariates
            else ""
        ),
        (
            "Complications are counted per type as patients with at least one event, with the "
            "exact (Clopper-Pearson) 95% CI; infection, screw loosening and cement leakage are "
            "always reported, also when none occurred. "
            if analysis.complications is not None
            else "Complications were not recorded (no complications table was given) and are "
            "not reported. "
        )
        + "Tests are two-sided at alpha = 0.05.",
        f"Software: spinemet {analysis.provenance.spinemet_version}, Python "
        f"{analysis.provenance.python_version}, "
        + ", ".join(f"{name} {version}" for name, version in versions.items())
        + ".",
    ]
    return paragraphs
