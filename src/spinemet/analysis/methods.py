"""The methods paragraph of the report: every test named, with the software versions."""

from __future__ import annotations

from spinemet.analysis.outcomes import MCID_RULES
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
        "Baseline characteristics are given as n (%) for categorical variables and, as "
        "declared before the analysis (never chosen by a normality pre-test), mean (SD) or "
        "median [Q1, Q3] for numeric ones (tableone)"
        + (
            f"; groups by {analysis.by} are compared with the test named in each row"
            if analysis.by and analysis.table1_p_values
            else (
                f"; groups by {analysis.by} are described without p-values (CONSORT: baseline "
                "differences between randomised arms are chance)"
                if analysis.by
                else ""
            )
        )
        + ". Follow-up is the time from the index date to death or last contact; "
        "its median potential follow-up is estimated by the reverse Kaplan-Meier method "
        "(Schemper and Smith 1996). Missing values are counted and never imputed.",
        (
            f"Outcomes ({instruments}) are described at each visit by n, mean, SD, median and "
            "interquartile range (quartiles by linear interpolation, R type 7) and the t-based 95% "
            "CI of the mean. Patients die before the later visits in this disease: at every visit "
            "the report gives how many patients were alive and under follow-up, how many were "
            "assessed and how many had died before it, and means at later visits describe the "
            "survivors who were assessed. The primary analysis of change over time is a mixed "
            "model for repeated measures (MMRM): visit as a categorical fixed effect, an "
            "unstructured covariance of a patient's visits, REML, Satterthwaite degrees of "
            "freedom, least-squares means per visit and each visit's contrast with baseline "
            "(t-based 95% CI and p, Holm-adjusted across visits: the pre-specified primary "
            "family); spinemet's own numpy/scipy implementation, equal to R nlme::gls(corSymm, "
            "varIdent, REML) with emmeans; when the unstructured model does not converge, "
            "compound symmetry is used and the report says so. Its estimand is hypothetical (the "
            "outcome had every patient lived and been assessed), assuming missing at random. A "
            "random-intercept model (REML, t tests with nlme's degrees of freedom) is a "
            "sensitivity analysis. Because death is not missing data, two further estimands are "
            "reported beside it (ICH E9(R1)): while alive (the means of the patients alive and "
            "assessed) and a composite strategy (death before a visit scored the worst value of "
            "the instrument, analysed by ranks with the Wilcoxon signed-rank test). As "
            "complete-case analyses (patients assessed at every visit, n given), the Friedman "
            "rank-sum test with Kendall's W and a one-way repeated-measures ANOVA with Mauchly's "
            "test, the Greenhouse-Geisser and Huynh-Feldt corrections and partial and "
            "generalised eta squared are given."
        )
        if analysis.outcomes
        else "No outcome instruments were recorded, so no outcomes are analysed.",
        "Each visit is compared with baseline in the patients assessed at both, by the paired "
        "t-test and the Wilcoxon signed-rank test (zero differences dropped; exact p below 50 "
        "pairs without ties, otherwise the normal approximation with continuity correction). "
        "These are declared sensitivity analyses of the MMRM contrasts; the paired t-test is "
        "listed first by declaration, never by a normality pre-test of the same data, and its "
        "p-values are adjusted across the visits of each instrument by Holm's method. "
        "Mean change (visit minus baseline) is given with its t-based 95% CI, with "
        "Cohen's d_z (t-test) or the matched-pairs rank-biserial correlation (Wilcoxon) "
        "as effect size."
        + (
            " The share of patients reaching the minimal clinically important difference "
            "(MCID) is given with its exact 95% CI: " + "; ".join(mcids) + "."
            if mcids
            else ""
        ),
        "Survival from the index date is estimated by the Kaplan-Meier method with 95% CIs "
        f"on the {analysis.survival.conf_type} scale (equal to R survfit conf.type = "
        f'"{analysis.survival.conf_type}"); medians and quartiles by R\'s quantile rule, '
        "survival at 182 and 365 days, the restricted mean survival time to 182 and 365 "
        "days with its 95% CI and the numbers at risk are given"
        + (
            f", overall and by {analysis.by}, with the log-rank test across groups and the "
            "hazard ratio of each group (Cox model with the group alone)"
            if analysis.by
            else ""
        )
        + "."
        + (
            " A Cox proportional-hazards model (Efron ties) with "
            + ", ".join(analysis.covariates)
            + " gives hazard ratios with Wald 95% CIs; proportional hazards are checked per "
            "term and globally with the score test of R survival 3.x cox.zph (time transform "
            f'"{analysis.survival.cox.ph_transform if analysis.survival.cox else "identity"}"),'
            " with scaled Schoenfeld residual plots for terms that fail."
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
