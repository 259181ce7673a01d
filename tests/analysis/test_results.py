"""results.json: the keys of DESIGN.md, numbers from the data, no NaN."""

from __future__ import annotations

import json

import pytest

from spinemet.analysis.pipeline import analyze_cohort
from spinemet.analysis.results import results_json, results_to_dict
from spinemet.cohort import read_cohort
from spinemet.errors import SmallSampleWarning, SpinemetInputError
from tests.conftest import REPO

# DESIGN.md, "results.json": these keys may be added to, never renamed
TOP = {"n_patients", "followup_days", "outcomes", "survival", "complications"}
FOLLOWUP = {"mean", "sd", "min", "max", "median_reverse_km"}
OUTCOME = {"visits", "friedman", "rm_anova", "mixed_model", "vs_baseline"}
VISIT = {"n", "mean", "sd", "median", "q1", "q3"}
FRIEDMAN = {"statistic", "df", "p", "n_complete"}
RM_ANOVA = {"F", "df1", "df2", "p", "p_greenhouse_geisser", "epsilon"}
ESTIMATE = {"diff_vs_baseline", "ci95", "p"}
VS_BASELINE = {"test", "statistic", "p", "p_holm", "mean_change", "ci95"}
SURVIVAL = {
    "n",
    "events",
    "median_days",
    "median_ci95_days",
    "survival_at_days",
    "by_group",
    "logrank",
}
COMPLICATION = {"n", "proportion", "ci95_exact"}


@pytest.fixture(scope="module")
def results(synthetic_analysis):
    _, analysis = synthetic_analysis
    return json.loads(results_json(analysis), parse_constant=_refuse)


def _refuse(name: str) -> None:
    raise AssertionError(f"results.json contains {name}")


def test_results_json_has_every_key_of_the_design(results):
    assert TOP | {"provenance", "visit_status", "synthetic"} <= set(results)
    assert set(results["followup_days"]) >= FOLLOWUP
    assert set(results["outcomes"]) == {"vas", "barthel"}
    for outcome in results["outcomes"].values():
        assert set(outcome) >= OUTCOME
        assert list(outcome["visits"]) == ["preop", "d7", "m3", "m6"]
        for visit in outcome["visits"].values():
            assert set(visit) >= VISIT
        assert set(outcome["friedman"]) >= FRIEDMAN
        assert set(outcome["rm_anova"]) >= RM_ANOVA
        assert list(outcome["mixed_model"]["estimates"]) == ["d7", "m3", "m6"]
        for estimate in outcome["mixed_model"]["estimates"].values():
            assert set(estimate) >= ESTIMATE
        for comparison in outcome["vs_baseline"].values():
            assert set(comparison) >= VS_BASELINE
            assert comparison["test"] in {"paired_t", "wilcoxon"}
    assert set(results["survival"]) >= SURVIVAL
    assert set(results["survival"]["survival_at_days"]) == {"182", "365"}
    for complication in results["complications"].values():
        assert set(complication) >= COMPLICATION


def test_the_seed_complication_types_are_always_in_results(results):
    assert {"infection", "screw_loosening", "cement_leakage"} <= set(results["complications"])


def test_results_numbers_come_from_the_cohort(synthetic_analysis, results):
    cohort, _ = synthetic_analysis
    assert results["n_patients"] == len(cohort.patients)
    vas = cohort.outcome_frame("vas")
    at_m6 = vas.loc[vas["visit"] == "m6", "total"]
    assert results["outcomes"]["vas"]["visits"]["m6"]["n"] == len(at_m6)
    assert results["outcomes"]["vas"]["visits"]["m6"]["mean"] == pytest.approx(at_m6.mean())
    survival = cohort.survival_frame()
    assert results["survival"]["events"] == int(survival["event"].sum())
    assert results["followup_days"]["max"] == survival["time_days"].max()
    leaks = cohort.complications.query("type == 'cement_leakage'")["patient_id"].nunique()
    assert results["complications"]["cement_leakage"]["n"] == leaks


def test_results_are_labelled_synthetic_with_the_input_hash(synthetic_analysis, results):
    cohort, _ = synthetic_analysis
    assert results["synthetic"] is True
    assert results["provenance"]["input_sha256"] == cohort.provenance.sha256
    assert set(results["provenance"]["libraries"]) >= {"statsmodels", "lifelines", "scipy"}


def test_missing_statistics_are_null_not_nan(tiny_cohort_folder):
    with pytest.warns(SmallSampleWarning, match="only"):
        analysis = analyze_cohort(read_cohort(tiny_cohort_folder))
    text = results_json(analysis)
    assert "NaN" not in text
    data = json.loads(text, parse_constant=_refuse)
    assert data["outcomes"]["vas"]["visits"]["m6"]["sd"] is None  # one patient at m6
    assert data["survival"]["median_ci95_days"][1] is None  # not reached
    assert data["caveats"]  # the small samples are recorded


def test_visit_status_counts_patients_who_died_before_each_visit(tiny_cohort_folder):
    with pytest.warns(SmallSampleWarning, match="only"):
        data = results_to_dict(analyze_cohort(read_cohort(tiny_cohort_folder)))
    status = data["visit_status"]["vas"]
    counts = {
        visit: (row["n_alive_in_follow_up"], row["n_assessed"], row["n_died_before"])
        for visit, row in status.items()
    }
    assert counts == {"preop": (3, 3, 0), "d7": (3, 3, 0), "m3": (2, 2, 1), "m6": (1, 1, 2)}


def test_an_unknown_by_column_is_bad_input_naming_the_allowed_columns(synthetic_analysis):
    cohort, _ = synthetic_analysis
    with pytest.raises(SpinemetInputError, match=r"--by: invalid value 'tumour'.*primary_tumor"):
        analyze_cohort(cohort, by="tumour")


def test_every_caveat_names_its_instrument_and_none_is_merged_with_another():
    # examples/cohort: 5 patients; VAS and Barthel both have 4 patients at m3 vs preop, so
    # without the instrument their caveats read the same and one was lost as a duplicate.
    with pytest.warns(SmallSampleWarning):
        analysis = analyze_cohort(read_cohort(REPO / "examples" / "cohort"), by="sex")
    caveats = results_to_dict(analysis)["caveats"]
    for instrument in ("vas", "barthel"):
        expected = (
            f"{instrument}, m3 vs preop: only 4 patient(s); fewer than 10, interpret with care"
        )
        assert expected in caveats
        assert any(text.startswith(f"{instrument}, mixed model: only") for text in caveats)
    # Kaplan-Meier by group: each group's caveat names its group.
    assert any(text.startswith("Kaplan-Meier (sex=female): only 2") for text in caveats)
    assert any(text.startswith("Kaplan-Meier (sex=male): only 3") for text in caveats)


def test_complications_without_a_complications_table_are_not_recorded_not_zero(
    tiny_cohort_folder,
):
    # tiny_cohort_folder has no complications.csv: nothing is known about complications.
    with pytest.warns(SmallSampleWarning):
        data = results_to_dict(analyze_cohort(read_cohort(tiny_cohort_folder)))
    assert data["complications"] == {
        "infection": None,
        "screw_loosening": None,
        "cement_leakage": None,
    }
    assert data["complications_any"] is None
    assert data["complications_recorded"] is False
    assert "complications: not recorded (no complications table given)" in data["notes"]


def test_an_empty_complications_table_reports_real_zeros_with_exact_cis(tiny_cohort_folder):
    (tiny_cohort_folder / "complications.csv").write_text("patient_id,date,type\n")
    with pytest.warns(SmallSampleWarning):
        data = results_to_dict(analyze_cohort(read_cohort(tiny_cohort_folder)))
    assert data["complications_recorded"] is True
    infection = data["complications"]["infection"]
    assert (infection["n"], infection["n_patients"], infection["proportion"]) == (0, 3, 0.0)
    # R 4.2.2: binom.test(0, 3)$conf.int -> 0.0000000 0.7075982
    assert infection["ci95_exact"] == [0.0, pytest.approx(0.7075982, abs=1e-7)]


def test_results_carry_the_mmrm_the_estimands_and_the_survival_extras(results):
    for outcome in results["outcomes"].values():
        mmrm = outcome["mmrm"]
        assert mmrm["role"] == "primary"
        assert mmrm["covariance"] in {"unstructured", "compound_symmetry"}
        assert list(mmrm["contrasts"]) == ["d7", "m3", "m6"]
        assert set(mmrm["contrasts"]["m6"]) >= {"diff_vs_baseline", "df", "p", "p_holm", "ci95"}
        assert set(outcome["estimands"]) >= {"while_alive", "hypothetical_mmrm", "composite_worst"}
        assert "missing at random" in outcome["estimands"]["hypothetical_assumption"]
        assert set(outcome["rm_anova"]) >= {"p_huynh_feldt", "mauchly", "partial_eta_squared"}
        assert "kendall_w" in outcome["friedman"]
        assert outcome["mixed_model"]["role"].startswith("sensitivity")
    survival = results["survival"]
    assert survival["km_conf_type"] == survival["conf_type"] == "log-log"
    assert set(survival["rmst_days"]) == {"182", "365"}
    assert set(survival["quantiles_days"]) == {"0.25", "0.5", "0.75"}
    assert survival["hazard_ratios_by_group"] is not None
    assert survival["cox"]["ph_transform"] == "identity"
    assert set(survival["cox"]["ph_global"]) == {"statistic", "df", "p"}
