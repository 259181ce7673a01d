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
    # R's default stop (relative log-likelihood change 1e-9) leaves R ~1e-8 from the optimum
    assert [term.term for term in rossi_cox.terms] == list(R_COX_ROSSI)
    for term in rossi_cox.terms:
        coef, se, p, lower, upper = R_COX_ROSSI[term.term]
        assert term.coef == pytest.approx(coef, rel=1e-7)
        assert term.se == pytest.approx(se, rel=1e-7)
        assert term.p == pytest.approx(p, rel=1e-6)  # p magnifies the 1e-8 in coef
        assert term.hr_ci95 == pytest.approx((lower, upper), rel=1e-7)
    # R: concordance = 0.640329247100; loglik fitted = -658.747659446087
    assert rossi_cox.concordance == pytest.approx(0.640329247100, abs=1e-12)
    assert rossi_cox.log_likelihood == pytest.approx(-658.747659446087, rel=1e-12)
    assert (rossi_cox.n, rossi_cox.events) == (432, 114)


# R 4.2.2, survival 3.5.3, run to full precision (/work/notes/r/cox_tight.R):
# fit <- coxph(Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio,
#              data = rossi, ties = "efron", control = coxph.control(eps = 1e-14, iter.max = 100))
# sprintf("%.15g", coef(fit)); sprintf("%.15g", sqrt(diag(vcov(fit))))
R_COX_ROSSI_TIGHT = {
    "fin": (-0.379422166871205, 0.191379480712809),
    "age": (-0.0574377430137615, 0.0219994706279538),
    "race": (0.313899785949302, 0.307992776392938),
    "wexp": (-0.149795697222782, 0.212224296158163),
    "mar": (-0.43370387669025, 0.381868057464921),
    "paro": (-0.0848710829908305, 0.195756671920923),
    "prio": (0.0914970793511212, 0.0286485500734706),
}


def test_cox_fit_reaches_r_coxph_run_to_full_precision(rossi_cox):
    for term in rossi_cox.terms:
        coef, se = R_COX_ROSSI_TIGHT[term.term]
        assert term.coef == pytest.approx(coef, rel=1e-10)
        assert term.se == pytest.approx(se, rel=1e-10)


def test_cox_ph_test_matches_survival_3x_cox_zph_identity_per_term_and_global(rossi_cox):
    # R 4.2.2, survival 3.5.3 (default coxph fit):
    # cox.zph(fit, transform = "identity", terms = FALSE)$table, print(digits = 15)
    expected = {
        "fin": 0.00895055875129511,
        "age": 6.61594378929424654,
        "race": 2.14442625678453691,
        "wexp": 3.87675512467369865,
        "mar": 1.03134831871162924,
        "paro": 0.02817659872311458,
        "prio": 0.42479839630292304,
    }
    by_term = {term.term: term for term in rossi_cox.terms}
    for name, chisq in expected.items():
        assert by_term[name].ph_statistic == pytest.approx(chisq, rel=1e-6)
    assert by_term["age"].ph_p == pytest.approx(0.0101069762849632, rel=1e-6)
    assert by_term["wexp"].ph_p == pytest.approx(0.0489590948702802, rel=1e-6)
    # GLOBAL 18.18268703912928430 7 0.0111723884672712
    assert rossi_cox.ph_global["statistic"] == pytest.approx(18.1826870391292843, rel=1e-6)
    assert rossi_cox.ph_global["p"] == pytest.approx(0.0111723884672712, rel=1e-6)
    assert rossi_cox.ph_transform == "identity"
    assert 'transform = "identity"' in rossi_cox.ph_test
    assert rossi_cox.ph_failing == ("age", "wexp")
    assert any("age, wexp" in caveat for caveat in rossi_cox.caveats)


def test_cox_ph_test_on_the_km_scale_matches_r_default_cox_zph(rossi_cox):
    # R: cox.zph(fit, transform = "km", terms = FALSE)$table
    by_term = {term.term: term for term in rossi_cox.terms}
    assert by_term["age"].ph_km_statistic == pytest.approx(5.9739816534184254, rel=1e-6)
    assert by_term["wexp"].ph_km_statistic == pytest.approx(4.2245956334215924, rel=1e-6)
    assert by_term["fin"].ph_km_statistic == pytest.approx(0.0624297513580852, rel=1e-6)
    assert by_term["prio"].ph_km_p == pytest.approx(0.4705925638172174, rel=1e-6)


# veteran (R survival's Veterans' Administration lung cancer trial; Kalbfleisch & Prentice),
# exported with write.csv(veteran); karnofsky score is the textbook non-proportional term.
# R 4.2.2, survival 3.5.3 (/work/notes/r/cox_tight.R):
# fv <- coxph(Surv(time, status) ~ trt + celltype + karno + age, data = vet, ties = "efron",
#             control = coxph.control(eps = 1e-14, iter.max = 100))
# sprintf("%.15g", cox.zph(fv, transform = tr, terms = FALSE)$table[, 1])
R_ZPH_VETERAN = {
    "identity": {
        "trt": 4.86506027954698e-05,
        "celltype=large": 6.1465582300615,
        "celltype=smallcell": 5.07903914199229,
        "celltype=squamous": 1.47839258357056,
        "karno": 6.23053952381727,
        "age": 0.794205824739167,
        "GLOBAL": 24.5995022269884,
    },
    "km": {
        "trt": 0.284421629240655,
        "celltype=large": 5.44357270755515,
        "celltype=smallcell": 3.96362043779129,
        "celltype=squamous": 3.52447528527277,
        "karno": 12.9772987369558,
        "age": 1.87427472048102,
        "GLOBAL": 29.1792190552202,
    },
}


@pytest.mark.parametrize("transform", ["identity", "km"])
def test_cox_zph_on_non_proportional_veteran_data_matches_r(veteran, transform):
    result = fit_cox(
        veteran,
        covariates=["trt", "celltype", "karno", "age"],
        time="time",
        event="status",
        ph_transform=transform,
    )
    expected = R_ZPH_VETERAN[transform]
    for term in result.terms:
        assert term.ph_statistic == pytest.approx(expected[term.term], rel=1e-9)
    assert result.ph_global["statistic"] == pytest.approx(expected["GLOBAL"], rel=1e-9)
    assert result.ph_global["df"] == 6
    assert "karno" in result.ph_failing
    # R: cox.zph(fv, "km", terms = FALSE)$y[1:3, "karno"], print(digits = 15)
    if transform == "km":
        assert result.zph is not None
        karno = result.zph.scaled_residuals[:3, 4]
        assert karno == pytest.approx(
            [-0.1233827863190576, -0.0628607137262534, -0.0666115217192160], rel=1e-7
        )


def test_cox_text_covariates_become_indicators_against_the_first_level(rossi):
    frame = rossi.assign(fin_text=rossi["fin"].map({0: "no", 1: "yes"}))
    result = fit_cox(frame, covariates=["fin_text", "age"], time="week", event="arrest")
    assert [term.term for term in result.terms] == ["fin_text=yes", "age"]


@pytest.mark.parametrize("covariates", [["one_level"], ["one_level", "age"]])
def test_cox_text_covariate_with_one_level_is_an_analysis_error_not_a_vanished_term(
    rossi, covariates
):
    # one level gives no indicator column: the term must not disappear from the model unsaid
    # (with it alone, the fit met an empty design and raised numpy's ValueError)
    frame = rossi.assign(one_level="male")
    with pytest.raises(AnalysisError, match="one_level do not vary"):
        fit_cox(frame, covariates=covariates, time="week", event="arrest")


def test_cox_leaves_out_and_counts_patients_with_a_missing_covariate(rossi):
    frame = rossi.astype({"age": float})
    frame.loc[:9, "age"] = float("nan")
    result = fit_cox(frame, covariates=["age", "prio"], time="week", event="arrest")
    assert (result.n, result.n_excluded_missing) == (422, 10)


def test_cox_without_events_is_an_analysis_error(rossi):
    frame = rossi.assign(arrest=0)
    with pytest.raises(AnalysisError, match="no deaths"):
        fit_cox(frame, covariates=["age"], time="week", event="arrest")


# plateau.csv: arm A's curve is exactly 0.5 from day 5 to day 8, arm B's from day 3 to day 6.
# R 4.2.2, survival 3.5.3 (/work/notes/r/km_plateau.R):
# quantile(survfit(Surv(time_days, event) ~ arm, data = d, conf.type = "log-log"),
#          probs = c(.25, .5, .75))
#        25  50 75  | lower 25 50 75 | upper 25 50 75
# arm=A 3.0 6.5 10  |        1  1  5 |        8 NA NA
# arm=B 2.5 4.5  6  |        2  2  2 |       NA NA NA
def test_median_on_a_plateau_at_one_half_is_the_midpoint_as_r(plateau):
    with pytest.warns(SmallSampleWarning):
        groups = kaplan_meier_by(plateau, by="arm")
    assert groups["A"].median_days == 6.5
    assert groups["A"].median_ci95_days == (1.0, None)
    assert groups["B"].median_days == 4.5
    assert groups["A"].quantiles_days["0.25"] == {
        "estimate": 3.0,
        "ci95_low": 1.0,
        "ci95_high": 8.0,
    }
    assert groups["A"].quantiles_days["0.75"]["estimate"] == 10.0
    assert groups["B"].quantiles_days["0.25"]["estimate"] == 2.5
    assert groups["B"].quantiles_days["0.75"] == {
        "estimate": 6.0,
        "ci95_low": 2.0,
        "ci95_high": None,
    }


def test_quantile_cis_on_the_log_scale_match_r(plateau):
    # R: quantile(survfit(Surv(time_days, event) ~ 1, data = d, conf.type = "log"))
    # 25 50 75: 3 5 10; lower 2 3 6; upper 8 NA NA  (the capped upper band is not monotone)
    result = kaplan_meier(plateau, conf_type="log", times=(5,))
    assert result.conf_type == "log"
    assert result.quantiles_days["0.25"] == {"estimate": 3.0, "ci95_low": 2.0, "ci95_high": 8.0}
    assert result.median_ci95_days == (3.0, None)
    assert result.quantiles_days["0.75"]["ci95_low"] == 6.0
    # R: summary(f1, times = 5): surv 0.48979591836734687, lower 0.28394403598058132,
    #    upper 0.84488494650304691
    assert result.survival_at_days["5"] == pytest.approx(
        {
            "estimate": 0.48979591836734687,
            "ci95_low": 0.28394403598058132,
            "ci95_high": 0.84488494650304691,
        },
        rel=1e-13,
    )


def test_restricted_mean_survival_matches_r_print_rmean(plateau):
    # R: summary(survfit(Surv(time_days, event) ~ 1, data = d), rmean = 6)$table
    #    rmean 4.41836734693877542  se(rmean) 0.48054461527354569
    #    rmean = 10: 5.84693877551020424, se 0.90280382093609068
    result = kaplan_meier(plateau, rmst_days=(6, 10, 182))
    assert result.rmst_days["6"]["estimate"] == pytest.approx(4.41836734693877542, rel=1e-13)
    assert result.rmst_days["6"]["se"] == pytest.approx(0.48054461527354569, rel=1e-12)
    assert result.rmst_days["10"]["estimate"] == pytest.approx(5.84693877551020424, rel=1e-13)
    assert result.rmst_days["10"]["se"] == pytest.approx(0.90280382093609068, rel=1e-12)
    low, high = result.rmst_days["10"]["ci95_low"], result.rmst_days["10"]["ci95_high"]
    assert high - low == pytest.approx(2 * 1.959963984540054 * 0.90280382093609068, rel=1e-12)
    assert result.rmst_days["182"]["estimate"] is None  # beyond the last follow-up (day 11)


def test_survival_with_no_event_has_no_log_log_ci_as_r_gives_na():
    frame = pd.DataFrame({"time_days": [100.0 + k for k in range(12)], "event": [0] * 12})
    result = kaplan_meier(frame, times=(105,))
    assert result.survival_at_days["105"] == {
        "estimate": 1.0,
        "ci95_low": None,
        "ci95_high": None,
    }


def test_cox_with_an_infinite_coefficient_is_an_analysis_error_not_a_number():
    # every patient with x = 1 dies before every patient with x = 0: monotone likelihood
    # (R coxph warns "Loglik converged before variable 1; coefficient may be infinite")
    frame = pd.DataFrame(
        {
            "time_days": [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
            "event": [1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0],
            "x": [1.0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
        }
    )
    with (
        pytest.warns(SmallSampleWarning, match="Cox model"),
        pytest.raises(AnalysisError, match="Cox model did not converge"),
    ):
        fit_cox(frame, covariates=["x"])
