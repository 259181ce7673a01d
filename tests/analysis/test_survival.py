"""Kaplan-Meier, log-rank and Cox against R 4.2.2, survival 3.5.3, on data lifelines ships."""

from __future__ import annotations

import pandas as pd
import pytest

from spinemet.analysis.survival import at_risk_days, fit_cox, kaplan_meier, kaplan_meier_by, logrank
from spinemet.errors import AnalysisError, SmallSampleWarning


def test_median_survival_and_ci_match_r_survfit_log_log(waltons):
    result = kaplan_meier(waltons, time="T", event="E", times=(30, 50, 60))
    # R 4.2.2, survival 3.5.3:
    # survfit(Surv(T, E) ~ 1, data = waltons, conf.type = "log-log")
    #        n events median 0.95LCL 0.95UCL
    # [1,] 163    156     56      53      58
    assert (result.n, result.events) == (163, 156)
    assert result.median_days == 56
    assert result.median_ci95_days == (53, 58)


def test_survival_at_times_matches_r_summary_survfit(waltons):
    result = kaplan_meier(waltons, time="T", event="E", times=(30, 50, 60))
    # R: summary(survfit(Surv(T, E) ~ 1, data = waltons, conf.type = "log-log"),
    #            times = c(30, 50, 60)); sprintf("%.17g") of surv, lower, upper
    expected = {
        "30": (0.82722392638036801, 0.75966939868374417, 0.87731281370723935),
        "50": (0.61681684560327188, 0.53723907412469596, 0.68676523054785032),
        "60": (0.31152365939559185, 0.24165949355139502, 0.38375862020448953),
    }
    for day, (surv, lower, upper) in expected.items():
        got = result.survival_at_days[day]
        assert got["estimate"] == pytest.approx(surv, rel=1e-13)
        assert got["ci95_low"] == pytest.approx(lower, rel=1e-13)
        assert got["ci95_high"] == pytest.approx(upper, rel=1e-13)


def test_survival_beyond_the_last_follow_up_is_missing_not_extrapolated(waltons):
    result = kaplan_meier(waltons, time="T", event="E", times=(365,))
    assert result.survival_at_days["365"] == {
        "estimate": None,
        "ci95_low": None,
        "ci95_high": None,
    }


def test_median_by_group_matches_r_including_the_log_log_ci(waltons):
    groups = kaplan_meier_by(waltons, by="group", time="T", event="E")
    # R: survfit(Surv(T, E) ~ group, data = waltons, conf.type = "log-log")
    # group=control 129 122 58 56 60 ; group=miR-137 34 34 26 19 29
    assert groups["control"].median_days == 58
    assert groups["control"].median_ci95_days == (56, 60)
    assert groups["miR-137"].median_days == 26
    assert groups["miR-137"].median_ci95_days == (19, 29)  # R's default "log" gives 22


def test_numbers_at_risk_count_patients_still_followed(waltons):
    result = kaplan_meier(waltons, time="T", event="E")
    assert result.at_risk == {"0": 163}
    assert at_risk_days(400) == [0, 91, 182, 273, 365]


def test_median_not_reached_is_none():
    frame = pd.DataFrame({"time_days": [10, 20, 30, 40], "event": [1, 0, 0, 0]})
    with pytest.warns(SmallSampleWarning, match="Kaplan-Meier"):
        result = kaplan_meier(frame)
    assert result.median_days is None
    assert result.median_ci95_days[1] is None


def test_logrank_matches_r_survdiff(waltons):
    result = logrank(waltons, by="group", time="T", event="E")
    # R 4.2.2, survival 3.5.3: survdiff(Surv(T, E) ~ group, data = waltons)
    # chisq = 122.249125573006  df = 1  p = pchisq(chisq, 1, lower.tail=FALSE) = 2.0359832222855e-28
    assert result.statistic == pytest.approx(122.249125573006, rel=1e-11)
    assert result.df == 1
    assert result.p == pytest.approx(2.0359832222855e-28, rel=1e-10)


def test_logrank_with_one_group_is_an_analysis_error(waltons):
    with pytest.raises(AnalysisError, match="needs at least 2"):
        logrank(waltons[waltons["group"] == "control"], by="group", time="T", event="E")


# R 4.2.2, survival 3.5.3:
# coxph(Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio, data = rossi,
#       ties = "efron"); full-precision coef, se(coef), Pr(>|z|), lower .95, upper .95
R_COX_ROSSI = {
    "fin": (-0.3794221664859, 0.1913794807135, 0.04741609486577, 0.470236717852, 0.995684063631),
    "age": (-0.0574377426841, 0.0219994706007, 0.00903123990442, 0.904334547176, 0.985782464827),
    "race": (0.3138997878425, 0.3079927765574, 0.30811796697728, 0.748446943271, 2.503161511145),
    "wexp": (-0.1497956976665, 0.2122242962486, 0.48028969400903, 0.567935356931, 1.304938978127),
    "mar": (-0.4337038779373, 0.3818680576688, 0.25606424338064, 0.306618333612, 1.369908243350),
    "paro": (-0.0848710825004, 0.1957566719066, 0.66461236567925, 0.625910988322, 1.348246614461),
    "prio": (0.0914970809853, 0.0286485499600, 0.00140424527933, 1.035979084425, 1.159103900614),
}


@pytest.fixture(scope="module")
def rossi_cox(rossi):
    return fit_cox(rossi, covariates=list(R_COX_ROSSI), time="week", event="arrest")


def test_cox_coefficients_hazard_ratios_and_cis_match_r_coxph(rossi_cox):
    # tolerance: R and lifelines stop at different convergence tolerances (|d coef| ~ 4e-9)
    assert [term.term for term in rossi_cox.terms] == list(R_COX_ROSSI)
    for term in rossi_cox.terms:
        coef, se, p, lower, upper = R_COX_ROSSI[term.term]
        assert term.coef == pytest.approx(coef, rel=1e-6)
        assert term.se == pytest.approx(se, rel=1e-6)
        assert term.p == pytest.approx(p, rel=1e-6)
        assert term.hr_ci95 == pytest.approx((lower, upper), rel=1e-6)
    # R: concordance = 0.640329247100; loglik fitted = -658.747659446087
    assert rossi_cox.concordance == pytest.approx(0.640329247100, abs=1e-12)
    assert rossi_cox.log_likelihood == pytest.approx(-658.747659446087, rel=1e-12)
    assert (rossi_cox.n, rossi_cox.events) == (432, 114)


def test_cox_ph_check_matches_the_survival_2x_cox_zph_identity_formula(rossi_cox):
    # Not survival >= 3.0 cox.zph (an exact score test, different numbers; notes c).
    # R 4.2.2: legacy_zph(fit, "identity") from /work/notes/r/c2_legacy_zph_rossi.R, the
    # survival 2.x cox.zph formula: age chisq 12.0613828452252, wexp 6.9348351666906,
    # fin 0.0561707834334
    by_term = {term.term: term for term in rossi_cox.terms}
    assert by_term["age"].ph_statistic == pytest.approx(12.0613828452252, rel=1e-6)
    assert by_term["wexp"].ph_statistic == pytest.approx(6.9348351666906, rel=1e-6)
    assert by_term["fin"].ph_statistic == pytest.approx(0.0561707834334, rel=1e-6)
    assert any("proportional hazards rejected" in caveat for caveat in rossi_cox.caveats)


def test_cox_text_covariates_become_indicators_against_the_first_level(rossi):
    frame = rossi.assign(fin_text=rossi["fin"].map({0: "no", 1: "yes"}))
    result = fit_cox(frame, covariates=["fin_text", "age"], time="week", event="arrest")
    assert [term.term for term in result.terms] == ["fin_text=yes", "age"]


def test_cox_leaves_out_and_counts_patients_with_a_missing_covariate(rossi):
    frame = rossi.astype({"age": float})
    frame.loc[:9, "age"] = float("nan")
    result = fit_cox(frame, covariates=["age", "prio"], time="week", event="arrest")
    assert (result.n, result.n_excluded_missing) == (422, 10)


def test_cox_without_events_is_an_analysis_error(rossi):
    frame = rossi.assign(arrest=0)
    with pytest.raises(AnalysisError, match="no deaths"):
        fit_cox(frame, covariates=["age"], time="week", event="arrest")
