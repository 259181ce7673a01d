"""The Methods of the report: the full paragraphs and a short one for the manuscript.

Both are generated from what was actually run (the outcome models that were fitted, the
groups and covariates asked for, whether complications, prognostic scores and cement leakage
were recorded) and name the software versions. Every sentence is a msgid of the gettext
catalogue with named placeholders for its numbers and names, so ``--lang zh-Hans`` translates
it and the translator never sees a number (:mod:`spinemet._i18n`).
"""

from __future__ import annotations

from spinemet._i18n import _, current_language
from spinemet.analysis.labels import structure_label, variable_label
from spinemet.analysis.outcomes import MCID_RULES
from spinemet.analysis.pipeline import CohortAnalysis

__all__ = ["methods_paragraphs", "methods_short"]

_ALPHA = "0.05"


def _join(parts: list[str]) -> str:
    """Sentences one after the other (Chinese sentences end in a full-width stop, no space)."""
    space = "" if current_language() == "zh-Hans" else " "
    return space.join(part for part in parts if part)


def join_names(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` (``a、b和c``)."""
    if len(names) < 2:
        return "".join(names)
    return _("{first} and {last}").format(first=_(", ").join(names[:-1]), last=names[-1])


def _software(analysis: CohortAnalysis) -> str:
    provenance = analysis.provenance
    libraries = ", ".join(f"{name} {version}" for name, version in provenance.libraries.items())
    return _("Software: spinemet {spinemet}, Python {python}, {libraries}.").format(
        spinemet=provenance.spinemet_version,
        python=provenance.python_version,
        libraries=libraries,
    )


def _prognostic(analysis: CohortAnalysis) -> str:
    scores = analysis.prognostic_scores
    if not scores:
        return ""
    names = join_names([variable_label(code) for code in scores])
    given = sum(counts["given"] for counts in scores.values())
    text = _(
        "{scores} are computed from their items at the baseline visit with spinemet's "
        "instrument scorers and shown in Table 1 as total and band (the instruments' published "
        "bands: Tokuhashi 2005, Tomita 2001)."
    ).format(scores=names)
    if given:
        text += " " + _(
            "{given} totals were recorded without their items and are used as given."
        ).format(given=given)
    return text


def _baseline(analysis: CohortAnalysis) -> str:
    groups = ""
    if analysis.by and analysis.table1_p_values:
        groups = _("Groups by {by} are compared with the test named in each row.")
    elif analysis.by:
        groups = _(
            "Groups by {by} are described without p-values (CONSORT: baseline differences "
            "between randomised arms are chance)."
        )
    return _join(
        [
            _(
                "Baseline characteristics are given as n (%) for categorical variables and, as "
                "declared before the analysis (never chosen by a normality pre-test), mean (SD) "
                "or median [Q1, Q3] for numeric ones (tableone)."
            ),
            groups.format(by=analysis.by) if groups else "",
            _prognostic(analysis),
            _(
                "Follow-up is the time from the index date to death or last contact; its median "
                "potential follow-up is estimated by the reverse Kaplan-Meier method (Schemper "
                "and Smith 1996). Missing values are counted and never imputed."
            ),
        ]
    )


def _outcomes(analysis: CohortAnalysis) -> str:
    if not analysis.outcomes:
        return _("No outcome instruments were recorded, so no outcomes are analysed.")
    instruments = join_names([variable_label(name) for name in analysis.outcomes])
    return _join(
        [
            _(
                "Outcomes ({instruments}) are described at each visit by n, mean, SD, median "
                "and interquartile range (quartiles by linear interpolation, R type 7) and the "
                "t-based 95% CI of the mean."
            ).format(instruments=instruments),
            _(
                "Patients die before the later visits in this disease: at every visit the "
                "report gives how many patients were alive and under follow-up, how many were "
                "assessed and how many had died before it, and means at later visits describe "
                "the survivors who were assessed."
            ),
            _(
                "The primary analysis of change over time is a mixed model for repeated "
                "measures (MMRM): visit as a categorical fixed effect, an unstructured "
                "covariance of a patient's visits, REML, Satterthwaite degrees of freedom, "
                "least-squares means per visit and each visit's contrast with baseline (t-based "
                "95% CI and p, Holm-adjusted across visits: the pre-specified primary family); "
                "spinemet's own numpy/scipy implementation, equal to R nlme::gls(corSymm, "
                "varIdent, REML) with emmeans; when the unstructured model does not converge, "
                "compound symmetry is used and the report says so."
            ),
            _adjustment(analysis),
            _(
                "Its estimand is hypothetical (the outcome had every patient lived and been "
                "assessed), assuming missing at random. A random-intercept model (REML, t tests "
                "with nlme's degrees of freedom) is a sensitivity analysis. Because death is not "
                "missing data, two further estimands are reported beside it (ICH E9(R1)): while "
                "alive (the means of the patients alive and assessed) and a composite strategy "
                "(death before a visit scored the worst value of the instrument, analysed by "
                "ranks with the Wilcoxon signed-rank test)."
            ),
            _(
                "As complete-case analyses (patients assessed at every visit, n given), the "
                "Friedman rank-sum test with Kendall's W and a one-way repeated-measures ANOVA "
                "with Mauchly's test, the Greenhouse-Geisser and Huynh-Feldt corrections and "
                "partial and generalised eta squared are given."
            ),
        ]
    )


def _adjustment(analysis: CohortAnalysis) -> str:
    """The MMRM's declared covariates (``analyze --mmrm-covariates``), or nothing."""
    if not analysis.mmrm_covariates:
        return ""
    return _(
        "The MMRM is adjusted for {covariates} (patient columns declared before the analysis); "
        "its least-squares means are taken at their mean."
    ).format(covariates=join_names([variable_label(name) for name in analysis.mmrm_covariates]))


def _mcid(rule_name: str) -> str:
    rule = MCID_RULES[rule_name]
    if rule.percent:
        text = _("{instrument}: {points} points or {percent}% of baseline").format(
            instrument=variable_label(rule.instrument),
            points=f"{rule.points:g}",
            percent=f"{rule.percent:g}",
        )
    else:
        text = _("{instrument}: {points} points").format(
            instrument=variable_label(rule.instrument), points=f"{rule.points:g}"
        )
    primary = _("primary: percent") if rule.primary == "percent" else _("primary: points")
    return f"{text} ({primary}; {rule.reference})"


def _paired(analysis: CohortAnalysis) -> str:
    mcids = [_mcid(name) for name in MCID_RULES if name in analysis.outcomes]
    return _join(
        [
            _(
                "Each visit is compared with baseline in the patients assessed at both, by the "
                "paired t-test and the Wilcoxon signed-rank test (zero differences dropped; "
                "exact p below 50 pairs without ties, otherwise the normal approximation with "
                "continuity correction)."
            ),
            _(
                "These are declared sensitivity analyses of the MMRM contrasts; the paired "
                "t-test is listed first by declaration, never by a normality pre-test of the "
                "same data, and its p-values are adjusted across the visits of each instrument "
                "by Holm's method."
            ),
            _(
                "Mean change (visit minus baseline) is given with its t-based 95% CI, with "
                "Cohen's d_z (t-test) or the matched-pairs rank-biserial correlation (Wilcoxon) "
                "as effect size."
            ),
            _(
                "The share of patients reaching the minimal clinically important difference "
                "(MCID) is given with its exact 95% CI: {rules}."
            ).format(rules="; ".join(mcids))
            if mcids
            else "",
        ]
    )


def _survival(analysis: CohortAnalysis) -> str:
    survival = analysis.survival
    parts = [
        _(
            "Survival from the index date is estimated by the Kaplan-Meier method with 95% CIs "
            'on the {scale} scale (equal to R survfit conf.type = "{scale}"); medians and '
            "quartiles by R's quantile rule, survival at {day1} and {day2} days, the restricted "
            "mean survival time to {day1} and {day2} days with its 95% CI and the numbers at "
            "risk are given."
        ).format(scale=survival.conf_type, day1=182, day2=365)
    ]
    if analysis.by:
        parts.append(
            _(
                "Survival is given overall and by {by}, with the log-rank test across groups and "
                "the hazard ratio of each group (Cox model with the group alone)."
            ).format(by=analysis.by)
        )
    if analysis.covariates:
        transform = survival.cox.ph_transform if survival.cox else "identity"
        parts.append(
            _(
                "A Cox proportional-hazards model (Efron ties) with {covariates} gives hazard "
                "ratios with Wald 95% CIs; proportional hazards are checked per term and "
                "globally with the score test of R survival 3.x cox.zph (time transform "
                '"{transform}"), with scaled Schoenfeld residual plots for terms that fail.'
            ).format(covariates=", ".join(analysis.covariates), transform=transform)
        )
    return _join(parts)


def _complications(analysis: CohortAnalysis) -> str:
    if analysis.complications is not None:
        text = _(
            "Complications are counted per type as patients with at least one event, with the "
            "exact (Clopper-Pearson) 95% CI; infection, screw loosening and cement leakage are "
            "always reported, also when none occurred."
        )
    else:
        text = _(
            "Complications were not recorded (no complications table was given) and are not "
            "reported."
        )
    leakage = ""
    if analysis.cement_leakage is not None:
        leakage = _(
            "Cement leakage is classified per cemented level by Yeom's types B, S and C (Yeom "
            "2003; types not exclusive) and reported per level and per patient (any level), "
            "each with the exact (Clopper-Pearson) 95% CI. The per-level interval treats the "
            "levels as independent, which levels of one patient are not; the per-patient "
            "proportion is the one to quote."
        )
    return _join([text, leakage, _("Tests are two-sided at alpha = {alpha}.").format(alpha=_ALPHA)])


def methods_paragraphs(analysis: CohortAnalysis) -> list[str]:
    """The statistical methods as paragraphs of plain text, specific to this analysis, in the
    current language (:func:`spinemet._i18n.language`)."""
    return [
        _baseline(analysis),
        _outcomes(analysis),
        _paired(analysis),
        _survival(analysis),
        _complications(analysis),
        _software(analysis),
    ]


def methods_short(analysis: CohortAnalysis) -> str:
    """One paragraph for a manuscript's statistical methods: what was run, the estimands and
    the software versions, in the current language. The full paragraphs
    (:func:`methods_paragraphs`) give the details a reviewer may ask for.
    """
    parts = [
        _(
            "Baseline characteristics are summarised as n (%), mean (SD) or median [Q1, Q3] "
            "as declared in advance."
        )
    ]
    if analysis.prognostic_scores:
        parts.append(
            _("{scores} were computed from their items before treatment.").format(
                scores=join_names([variable_label(code) for code in analysis.prognostic_scores])
            )
        )
    if analysis.outcomes:
        instruments = join_names([variable_label(name) for name in analysis.outcomes])
        fitted = [outcome.mmrm for outcome in analysis.outcomes.values() if outcome.mmrm]
        if fitted:
            structures = sorted({model.covariance for model in fitted})
            parts.append(
                _(
                    "Change in {instruments} from baseline was analysed with a mixed model for "
                    "repeated measures ({covariance} covariance, REML, Satterthwaite degrees of "
                    "freedom; Holm-adjusted contrasts with baseline), estimating the "
                    "hypothetical estimand under missing at random; while-alive and "
                    "composite-strategy estimands (death scored worst) were supplementary."
                ).format(
                    instruments=instruments,
                    covariance=join_names([structure_label(s) for s in structures]),
                )
            )
            if analysis.mmrm_covariates:
                parts.append(_adjustment(analysis))
        else:
            parts.append(
                _("{instruments} were described at each visit.").format(instruments=instruments)
            )
        parts.append(
            _(
                "Paired t-tests and Wilcoxon signed-rank tests against baseline, the Friedman "
                "test and repeated-measures ANOVA (complete cases) were sensitivity analyses."
            )
        )
    parts.append(
        _("Overall survival was estimated by the Kaplan-Meier method ({scale} 95% CIs).").format(
            scale=analysis.survival.conf_type
        )
    )
    if analysis.by:
        parts.append(_("Groups by {by} were compared by the log-rank test.").format(by=analysis.by))
    if analysis.survival.cox is not None:
        parts.append(
            _(
                "A Cox model with {covariates} gave hazard ratios; proportional hazards were "
                "checked with scaled Schoenfeld residuals."
            ).format(covariates=", ".join(analysis.covariates))
        )
    if analysis.complications is not None:
        parts.append(_("Complication rates are given with exact (Clopper-Pearson) 95% CIs."))
    if analysis.cement_leakage is not None:
        parts.append(
            _(
                "Cement leakage was classified per cemented level by Yeom's types and reported "
                "per level and per patient with exact 95% CIs."
            )
        )
    parts.append(_("Tests were two-sided at alpha = {alpha}.").format(alpha=_ALPHA))
    provenance = analysis.provenance
    libraries = ", ".join(f"{name} {version}" for name, version in provenance.libraries.items())
    parts.append(
        _("Analyses used spinemet {spinemet} (Python {python}; {libraries}).").format(
            spinemet=provenance.spinemet_version,
            python=provenance.python_version,
            libraries=libraries,
        )
    )
    return _join(parts)
