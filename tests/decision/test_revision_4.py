"""The twelve changes of domain/decision.md revision 4, checked one by one.

Input errors name field, value and what is allowed (§1.2); input warnings are given and the case
is still evaluated; refusal, body involvement, the percutaneous construct, survival estimate
precedence and the new radiotherapy choices behave as §2.2 and §3.3 say.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from spinemet.decision import recommend
from spinemet.errors import CaseError

MakeCase = Callable[..., dict[str, Any]]
PRIOR_RT = {"dose_gy": 30, "fractions": 10, "date": "2024-01-15", "technique": "conventional"}


def _problem(case: dict[str, Any]) -> tuple[str, object, str]:
    with pytest.raises(CaseError) as caught:
        recommend(case, what_if=False)
    assert len(caught.value.problems) == 1, caught.value.problems
    problem = caught.value.problems[0]
    assert problem.code == "inconsistent"
    return problem.field, problem.value, problem.allowed


def _rating(result: Any, option: str) -> str:
    rated = {entry.treatment: entry.suitability for entry in result.options}
    return rated.get(option, "not_addressed")


def _warnings(result: Any) -> dict[str, list[str]]:
    return {note.code: note.levels for note in result.warnings}


# ------------------------------------------------------------------ §1.2 input errors (row 4)


def test_fewer_spinal_metastases_than_lesions_listed_is_an_error(make_case: MakeCase) -> None:
    field, value, allowed = _problem(make_case("V10", {"patient.spinal_metastases": 1}))
    assert (field, value) == ("patient.spinal_metastases", 1)
    assert allowed.startswith("an integer >= 2 (the number of lesions listed")


def test_retropulsion_with_an_intact_posterior_wall_is_an_error(make_case: MakeCase) -> None:
    field, value, allowed = _problem(make_case("V01", {"lesions.0.retropulsion": True}))
    assert (field, value) == ("lesions[0].posterior_wall_intact", True)
    assert allowed.startswith("false (retropulsion is true")


def test_prior_radiotherapy_after_the_case_date_is_an_error(make_case: MakeCase) -> None:
    case = make_case("V01", {"lesions.0.prior_radiotherapy": PRIOR_RT})
    case["case_date"] = "2024-01-01"
    field, value, allowed = _problem(case)
    assert (field, value) == ("lesions[0].prior_radiotherapy.date", "2024-01-15")
    assert allowed.startswith("a date on or before case_date 2024-01-01")
    case["case_date"] = "2024-01-15"
    assert "rt.prior_same_level" in {rule.rule for rule in recommend(case).fired_rules}


def test_prior_radiotherapy_in_the_future_is_an_error_without_a_case_date(
    make_case: MakeCase,
) -> None:
    case = make_case("V01", {"lesions.0.prior_radiotherapy": {**PRIOR_RT, "date": "2999-01-01"}})
    field, value, allowed = _problem(case)
    assert (field, value) == ("lesions[0].prior_radiotherapy.date", "2999-01-01")
    assert allowed.startswith("a date on or before today")


def test_refusing_all_surgery_but_not_open_surgery_is_an_error(make_case: MakeCase) -> None:
    field, value, allowed = _problem(make_case("V01", {"patient.refuses_surgery": True}))
    assert (field, value) == ("patient.refuses_surgery", True)
    assert "refuses_open_surgery = true" in allowed


@pytest.mark.parametrize(
    ("base", "value", "allowed"),
    [
        # collapsed body recorded as not involved
        ("V01", "none", "'le_50' or 'gt_50' (collapse_percent is 30"),
        # > 50 % involved (SINS no_collapse_gt_50_involved) but recorded as none or <= 50 %
        ("V04", "none", "'le_50' or 'gt_50' (collapse_percent is 0"),
        ("V04", "le_50", "'gt_50' (sins.vertebral_body_collapse is"),
        # > 50 % without collapse must be scored no_collapse_gt_50_involved
        ("V14", "gt_50", "'le_50' or null (collapse_percent is 0"),
    ],
)
def test_body_involvement_contradicting_the_collapse_codes_is_an_error(
    make_case: MakeCase, base: str, value: str, allowed: str
) -> None:
    field, found, text = _problem(make_case(base, {"lesions.0.body_involvement": value}))
    assert (field, found) == ("lesions[0].body_involvement", value)
    assert text.startswith(allowed)


@pytest.mark.parametrize(
    ("base", "value"), [("V04", "gt_50"), ("V01", "le_50"), ("V01", "gt_50"), ("V14", "le_50")]
)
def test_body_involvement_agreeing_with_the_collapse_codes_is_accepted(
    make_case: MakeCase, base: str, value: str
) -> None:
    assert recommend(make_case(base, {"lesions.0.body_involvement": value}), what_if=False).top


# ------------------------------------------------------------------ §1.2 levels (row 5)


@pytest.mark.parametrize("level", ["S2", "S3", "S4", "S5"])
def test_sacral_levels_s2_to_s5_are_accepted_with_sins_location_rigid(
    make_case: MakeCase, level: str
) -> None:
    case = make_case("V13", {"lesions.1.level": level, "lesions.1.sins.location": "rigid"})
    result = recommend(case, what_if=False)
    assert result.scores["sins"][level]["total"] == 2  # rigid 0, lytic 2, the rest 0


def test_a_sacral_level_with_another_sins_location_is_an_error(make_case: MakeCase) -> None:
    with pytest.raises(CaseError, match=r"lesions\[1\].sins.location: invalid value 'junctional'"):
        recommend(
            make_case("V13", {"lesions.1.level": "S3", "lesions.1.sins.location": "junctional"})
        )


def test_the_coccyx_is_not_a_level(make_case: MakeCase) -> None:
    with pytest.raises(
        CaseError, match=r"lesions\[1\].level: invalid value 'Co1'; allowed: .*'S5'"
    ):
        recommend(make_case("V13", {"lesions.1.level": "Co1"}))


# ------------------------------------------------------------------ §1.2 input warnings (row 4)


def test_a_progressive_deficit_without_a_deficit_is_a_warning_and_not_urgent(
    make_case: MakeCase,
) -> None:
    case = make_case("V01", {"patient.deficit_new_or_progressive": True,
                             "lesions.0.escc_grade": "1c"})  # fmt: skip
    result = recommend(case, what_if=False)
    assert "deficit_progression_without_deficit" in _warnings(result)
    assert "urgent_mscc" not in {flag.code for flag in result.flags}
    case["patient"]["neurological_symptoms"] = True  # a radicular deficit with Frankel E
    result = recommend(case, what_if=False)
    assert "deficit_progression_without_deficit" not in _warnings(result)
    assert "urgent_mscc" in {flag.code for flag in result.flags}


def test_frankel_a_to_c_with_ambulatory_true_is_a_warning(make_case: MakeCase) -> None:
    warned = recommend(make_case("V02", {"patient.frankel": "C", "patient.ambulatory": True}))
    assert "frankel_ambulatory_inconsistent" in _warnings(warned)
    assert warned.predicates["neuro_deficit"] is True  # Frankel is read as entered
    fine = recommend(make_case("V02", {"patient.frankel": "D", "patient.ambulatory": True}))
    assert "frankel_ambulatory_inconsistent" not in _warnings(fine)


def test_kps_and_ecog_two_grades_apart_is_a_warning_and_kps_is_read(make_case: MakeCase) -> None:
    # kps_to_ecog(90) = 0 (conventional mapping); ECOG 2 is two grades away, ECOG 1 one.
    warned = recommend(make_case("V01", {"patient.kps": 90, "patient.ecog": 2}), what_if=False)
    note = next(note for note in warned.warnings if note.code == "kps_ecog_inconsistent")
    assert note.text.startswith("KPS 90 corresponds to ECOG 0 (conventional mapping), but ECOG 2")
    assert warned.predicates["performance_good"] is True
    fine = recommend(make_case("V01", {"patient.kps": 90, "patient.ecog": 1}), what_if=False)
    assert "kps_ecog_inconsistent" not in _warnings(fine)


def test_two_index_segments_are_a_top_level_warning_with_every_index_level(
    make_case: MakeCase,
) -> None:
    case = make_case("V10", {"lesions.1.level": "L4", "lesions.1.index": True,
                             "lesions.1.sins.pain": "mechanical"})  # fmt: skip
    result = recommend(case, what_if=False)
    assert _warnings(result)["multiple_index_segments"] == ["L2", "L4"]
    contiguous = make_case("V10", {"lesions.1.index": True})
    assert "multiple_index_segments" not in _warnings(recommend(contiguous, what_if=False))


# ------------------------------------------------------------------ consent (rows 1-3)


def test_refused_open_surgery_with_high_grade_compression_gives_radiotherapy(
    make_case: MakeCase,
) -> None:
    # The audit's first defect: separation surgery was recommended against the refusal.
    result = recommend(make_case("V02", {"patient.refuses_open_surgery": True}), what_if=False)
    for option in ("separation_surgery", "open_decompression_fixation", "en_bloc_resection"):
        assert _rating(result, option) == "not_advised"
    separation = next(o for o in result.options if o.treatment == "separation_surgery")
    overridden = [r for r in separation.reasons if r.effect == "raise:recommended"]
    assert overridden
    assert all("consent.refuses_open" in (r.overridden_by or []) for r in overridden)
    assert _rating(result, "conventional_radiotherapy") == "recommended"
    assert _rating(result, "sbrt") == "consider"  # urgent deficit: SBRT must not delay RT
    assert result.top == ["conventional_radiotherapy"]
    assert "informed_refusal" in _warnings(result)


def test_mescc_rt_default_recommends_sbrt_for_a_stable_deficit_in_a_good_candidate(
    make_case: MakeCase,
) -> None:
    result = recommend(make_case("V12", {"patient.deficit_new_or_progressive": False}))
    assert (_rating(result, "conventional_radiotherapy"), _rating(result, "sbrt")) == (
        "recommended",
        "recommended",
    )
    poor = make_case("V12", {"patient.deficit_new_or_progressive": False, "patient.kps": 40,
                             "patient.ecog": 3})  # fmt: skip
    assert _rating(recommend(poor, what_if=False), "sbrt") == "consider"


# ------------------------------------------------------------------ percutaneous construct (row 6)


def test_no_anchor_below_l5_rates_percutaneous_fixation_not_advised_and_raises_open(
    make_case: MakeCase,
) -> None:
    # L5 index, S1 with both pedicles destroyed: the caudal walk leaves T1..S1.
    s1 = {"level": "S1", "index": False, "lesion_type": "lytic", "collapse_percent": 0,
          "posterior_wall_intact": True, "retropulsion": False, "pedicle_involvement": "bilateral",
          "escc_grade": "0", "sins": {"pain": "pain_free", "bone_lesion": "lytic",
          "radiographic_alignment": "normal", "vertebral_body_collapse": "none",
          "posterolateral_involvement": "bilateral"}}  # fmt: skip
    case = make_case("V07", {"lesions.0.level": "L5", "patient.refuses_open_surgery": False,
                             "patient.spinal_metastases": 2})  # fmt: skip
    case["lesions"].append(s1)
    result = recommend(case, what_if=False)
    assert result.predicates["percutaneous_construct_possible"] is False
    assert (_rating(result, "ppsf_pvp"), _rating(result, "ppsf")) == ("not_advised", "not_advised")
    assert _rating(result, "open_decompression_fixation") == "recommended"  # kidney, ESCC 1a
    assert {"no_percutaneous_construct", "lumbopelvic_fixation"} <= set(_warnings(result))
    assert result.plan is None


def test_radioresistant_epidural_disease_without_a_percutaneous_construct_gets_separation(
    make_case: MakeCase,
) -> None:
    case = make_case("V13", {"patient.primary_tumor": "kidney", "lesions.0.escc_grade": "1b"})
    result = recommend(case, what_if=False)
    assert _rating(result, "separation_surgery") == "recommended"
    assert "mech.open_stabilisation_no_percutaneous" in {r.rule for r in result.fired_rules}


def test_the_seed_cap_on_open_fixation_holds_where_a_percutaneous_construct_exists(
    make_case: MakeCase,
) -> None:
    fit = recommend(make_case("V01", {"patient.fit_for_open_surgery": True}), what_if=False)
    assert _rating(fit, "open_decompression_fixation") == "consider"
    sacral = recommend(make_case("V13"), what_if=False)
    odf = next(o for o in sacral.options if o.treatment == "open_decompression_fixation")
    assert "seed.ppsf_pvp.instability_no_compression" not in {r.rule for r in odf.reasons}


# ------------------------------------------------------------------ body involvement (row 7)


def test_unknown_body_involvement_is_not_a_cement_target(make_case: MakeCase) -> None:
    # V14 without body_involvement: no collapse, pedicle and posterolateral involved -> unknown.
    case = make_case("V14")
    del case["lesions"][0]["body_involvement"]
    result = recommend(case, what_if=False)
    assert result.predicates["body_lesion"] == {"L3": False}
    assert _warnings(result)["body_involvement_unknown"] == ["L3"]
    assert _rating(result, "pvp") == "not_advised"


def test_a_lesion_without_posterior_element_involvement_is_read_as_a_body_lesion(
    make_case: MakeCase,
) -> None:
    # Convention of §2.2: body_involvement omitted, pedicles and posterolateral elements free.
    case = make_case("V04", {"lesions.0.sins.vertebral_body_collapse": "none"})
    assert recommend(case, what_if=False).predicates["body_lesion"] == {"L3": True}


def test_the_plan_gives_no_cement_to_a_posterior_element_lesion(make_case: MakeCase) -> None:
    # V01 with a second, painful lesion at T12 confined to the posterior elements.
    t12 = {"level": "T12", "index": False, "lesion_type": "lytic", "collapse_percent": 0,
           "posterior_wall_intact": True, "retropulsion": False, "pedicle_involvement": "none",
           "body_involvement": "none", "escc_grade": "0", "sins": {"pain": "mechanical",
           "bone_lesion": "lytic", "radiographic_alignment": "normal",
           "vertebral_body_collapse": "none",
           "posterolateral_involvement": "unilateral"}}  # fmt: skip
    case = make_case("V01", {"patient.spinal_metastases": 2})
    case["lesions"].append(t12)
    plan = recommend(case, what_if=False).plan
    assert plan is not None
    assert "T12" in plan["screw_levels"]
    assert plan["cement_levels"] == ["L1"]
    with_body = make_case("V01", {"patient.spinal_metastases": 2})
    with_body["lesions"].append({**t12, "body_involvement": "le_50"})
    assert recommend(with_body, what_if=False).plan["cement_levels"] == ["T12", "L1"]


# ------------------------------------------------------------------ survival estimate (row 8)


def test_a_long_estimate_overrules_tomita_supportive_care(make_case: MakeCase) -> None:
    # The audit: Tomita 8 put best supportive care in top for KPS 80 and a 24-month estimate.
    case = make_case("V15", {"patient.life_expectancy_months": 24, "patient.kps": 60,
                             "patient.ecog": 2})  # fmt: skip
    result = recommend(case, what_if=False)
    fired = {rule.rule for rule in result.fired_rules}
    assert "prog.tomita.supportive" not in fired
    assert "prog.estimate_precedence" in fired
    assert _rating(result, "best_supportive_care") == "not_addressed"
    without = recommend(make_case("V15", {"patient.kps": 60, "patient.ecog": 2}), what_if=False)
    assert _rating(without, "best_supportive_care") == "recommended"  # KPS 60: not good


def test_performance_good_reads_ecog_only_without_kps(make_case: MakeCase) -> None:
    explicit = {"general_condition": "good"}
    case = make_case("V15", {"patient.kps": None, "patient.ecog": 1,
                             "patient.tokuhashi_revised": explicit})  # fmt: skip
    result = recommend(case, what_if=False)
    assert result.predicates["performance_good"] is True
    assert _rating(result, "best_supportive_care") == "not_addressed"


def test_a_short_estimate_stops_the_band_raising_en_bloc(make_case: MakeCase) -> None:
    # Tokuhashi 11 (9-11), one spinal metastasis, no visceral disease: en bloc raise to consider
    # only without an estimate under 6 months.
    base = {"patient.kps": 70, "patient.ecog": 1, "patient.extraspinal_bone_metastases": 1}
    long = recommend(make_case("V04", base), what_if=False)
    assert long.scores["tokuhashi_revised"]["total"] == 11
    reasons = {
        r.rule for o in long.options if o.treatment == "en_bloc_resection" for r in o.reasons
    }
    assert "prog.tokuhashi.palliative" in reasons
    short = recommend(make_case("V04", {**base, "patient.life_expectancy_months": 4}))
    en_bloc = next(o for o in short.options if o.treatment == "en_bloc_resection")
    assert all(r.effect != "raise:consider" for r in en_bloc.reasons)


def test_the_estimate_is_shown_beside_the_scores(make_case: MakeCase) -> None:
    result = recommend(make_case("V16"), what_if=False)
    assert (result.scores["life_expectancy_months"], result.scores["life_expectancy_source"]) == (
        4,
        "oncologist",
    )


# ------------------------------------------------------------------ en bloc (row 9)


def test_no_en_bloc_resection_for_an_urgent_cord_compression(make_case: MakeCase) -> None:
    result = recommend(make_case("V02"), what_if=False)
    en_bloc = next(o for o in result.options if o.treatment == "en_bloc_resection")
    assert "enbloc.urgent_mscc" in {reason.rule for reason in en_bloc.reasons}


def test_a_poor_sbrt_candidate_still_gets_recommended_radiotherapy_after_a_procedure(
    make_case: MakeCase,
) -> None:
    # Departure (docs/decision.md): rt.sbrt_selection caps adjuvant SBRT at consider; without
    # the conventional raise of noms.rt_after_procedure no radiotherapy would be recommended
    # after surgery for a radioresistant tumour (PATCHELL2005: post-operative radiotherapy).
    case = make_case("V02", {"patient.life_expectancy_months": 4, "patient.kps": 60,
                             "patient.ecog": 2})  # fmt: skip
    result = recommend(case, what_if=False)
    assert _rating(result, "separation_surgery") == "recommended"
    assert _rating(result, "sbrt") == "consider"
    assert _rating(result, "conventional_radiotherapy") == "recommended"
    good = recommend(make_case("V02"), what_if=False)
    assert _rating(good, "conventional_radiotherapy") == "not_addressed"


def test_unknown_body_involvement_is_a_missing_input_that_can_change_top(
    make_case: MakeCase,
) -> None:
    case = make_case("V14")
    del case["lesions"][0]["body_involvement"]
    entry = next(
        item
        for item in recommend(case).missing_inputs
        if item.field == "lesions[0].body_involvement"
    )
    assert entry.alternatives == [{"values": ["le_50"], "top": ["pvp", "pkp"]}]


def test_the_missing_estimate_is_tried_on_each_side_of_3_and_6_months(
    make_case: MakeCase,
) -> None:
    from spinemet.decision.whatif import candidate_values

    values = [value for value, _ in candidate_values("patient.life_expectancy_months")]
    assert values == [1, 4, 12]
