"""Properties of the engine over generated valid cases (hypothesis).

No crash (a contradictory case is refused with a CaseError, never anything else); every rated
option has at least one reason with a source; a cap (contraindication, refusal, limit) is never
exceeded, so a fired contraindication is never ``recommended``; a refusal never leaves a refused
option above ``not_advised``; no cement option is above ``not_advised`` without a vertebral-body
lesion; screw and cement levels are vertebra names in anatomical order; ``top`` holds only rated
primary options rated recommended or consider.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from spinemet.decision import Level, Option, Rating, recommend
from spinemet.decision.codes import OPEN_OPTIONS, PROCEDURES
from spinemet.decision.recommend import run_engine
from spinemet.errors import CaseError

LEVELS = [level.value for level in Level]
BOOL_OR_NONE = st.one_of(st.none(), st.booleans())


@st.composite
def lesions(draw: st.DrawFn, level: str) -> dict[str, Any]:
    lesion_type = draw(st.sampled_from(["lytic", "blastic", "mixed"]))
    collapse = draw(st.sampled_from([0, 0, 10, 30, 50, 55, 80]))
    if collapse > 50:
        body = "gt_50"
    elif 0 < collapse < 50:
        body = "lt_50"
    elif collapse == 50:
        body = draw(st.sampled_from(["gt_50", "lt_50"]))
    else:
        body = draw(st.sampled_from(["no_collapse_gt_50_involved", "none"]))
    if collapse == 0 and body == "none":
        involvement = draw(st.sampled_from([None, "none", "le_50"]))
    elif collapse == 0:
        involvement = draw(st.sampled_from([None, "gt_50"]))
    else:
        involvement = draw(st.sampled_from([None, "le_50", "gt_50"]))
    retropulsion = draw(BOOL_OR_NONE)
    pedicle = draw(st.sampled_from(["none", "left", "right", "bilateral"]))
    posterolateral = draw(
        st.sampled_from(["unilateral", "bilateral"] if pedicle == "bilateral" else
                        ["none", "unilateral", "bilateral"])
    )  # fmt: skip
    return {
        "level": level,
        "index": draw(BOOL_OR_NONE),
        "lesion_type": lesion_type,
        "collapse_percent": collapse,
        "posterior_wall_intact": False if retropulsion else draw(st.booleans()),
        "retropulsion": retropulsion,
        "pedicle_involvement": pedicle,
        "body_involvement": involvement,
        "escc_grade": draw(st.sampled_from(["0", "1a", "1b", "1c", "2", "3"])),
        "sins": {
            "pain": draw(st.sampled_from(["mechanical", "occasional_non_mechanical", "pain_free"])),
            "bone_lesion": lesion_type,
            "radiographic_alignment": draw(
                st.sampled_from(["subluxation_translation", "de_novo_deformity", "normal"])
            ),
            "vertebral_body_collapse": body,
            "posterolateral_involvement": posterolateral,
        },
        "prior_radiotherapy": draw(st.sampled_from([None, None, {
            "dose_gy": 8, "fractions": 1, "date": "2024-03-01", "technique": "conventional"}])),
    }  # fmt: skip


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    levels = draw(st.lists(st.sampled_from(LEVELS), min_size=1, max_size=3, unique=True))
    kps = draw(st.one_of(st.none(), st.sampled_from(list(range(0, 101, 10)))))
    refuses_open = draw(st.booleans())
    ecog = draw(st.integers(0, 5)) if kps is None else draw(st.one_of(st.none(), st.integers(0, 5)))
    return {
        "patient": {
            "age": draw(st.integers(18, 95)),
            "sex": draw(st.sampled_from(["female", "male"])),
            "primary_tumor": draw(st.sampled_from([
                "breast", "prostate", "thyroid", "kidney", "uterus", "lung_nsclc", "lung_sclc",
                "liver", "colon", "melanoma", "myeloma", "lymphoma", "germ_cell",
                "unknown_primary", "other", "pancreas"])),
            "radiosensitivity": draw(st.sampled_from([None, None, "radiosensitive",
                                                      "radioresistant"])),
            "kps": kps,
            "ecog": ecog,
            "frankel": draw(st.sampled_from(["A", "B", "C", "D", "E", "E"])),
            "neurological_symptoms": draw(BOOL_OR_NONE),
            "deficit_new_or_progressive": draw(BOOL_OR_NONE),
            "paraplegia_hours": draw(st.one_of(st.none(), st.integers(0, 200))),
            "visceral_metastases": draw(st.sampled_from(["none", "removable", "unremovable"])),
            "extraspinal_bone_metastases": draw(st.integers(0, 6)),
            "spinal_metastases": draw(st.integers(len(levels), 6)),
            "life_expectancy_months": draw(st.one_of(st.none(), st.sampled_from([1, 2.5, 6, 24]))),
            "fit_for_open_surgery": draw(st.booleans()),
            "fit_for_general_anaesthesia": draw(st.booleans()),
            "refuses_open_surgery": refuses_open,
            "refuses_surgery": draw(st.sampled_from([None, False, True])) if refuses_open else None,
            "ambulatory": draw(BOOL_OR_NONE),
            "coagulopathy_uncorrectable": draw(st.sampled_from([False, False, False, True])),
            "anticoagulation": draw(BOOL_OR_NONE),
            "active_infection": draw(st.sampled_from(["none", "none", "none", "systemic",
                                                      "local_at_site"])),
            "pmma_allergy": draw(st.sampled_from([None, False, False, True])),
            "osteoporosis": draw(BOOL_OR_NONE),
        },
        "lesions": [draw(lesions(level)) for level in levels],
        "case_date": draw(st.sampled_from([None, "2025-06-01"])),
    }  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_every_rated_option_has_a_reason_with_a_source(case: dict[str, Any]) -> None:
    result = recommend(case, what_if=False)
    for option in result.options:
        assert option.reasons
        assert all(reason.citation and reason.rule for reason in option.reasons)


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_no_option_is_rated_above_a_cap_so_contraindications_win(case: dict[str, Any]) -> None:
    evaluation, _ = run_engine(case)
    for effect in evaluation.applied:
        if effect.kind == "cap" and effect.option is not None and effect.rating is not None:
            final = evaluation.final[effect.option]
            assert final is None or final.rank <= effect.rating.rank
            if effect.rating is Rating.NOT_ADVISED:
                assert final is not Rating.RECOMMENDED


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_plan_levels_are_vertebrae_in_anatomical_order(case: dict[str, Any]) -> None:
    result = recommend(case, what_if=False)
    if result.plan is None:
        return
    order = {name: position for position, name in enumerate(LEVELS)}
    screws = [order[level] for level in result.plan["screw_levels"]]
    cement = [order[level] for level in result.plan["cement_levels"]]
    assert screws == sorted(set(screws))
    assert len(screws) >= 2
    assert cement == sorted(set(cement))
    assert set(result.plan["cement_levels"]) <= {lesion["level"] for lesion in case["lesions"]}
    assert all(order["T1"] <= position <= order["S1"] for position in screws)
    if result.plan["treatment"] == "ppsf":
        assert cement == []


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_a_rated_percutaneous_fixation_always_has_a_buildable_plan(case: dict[str, Any]) -> None:
    # decision.md §3.4 (rev 4): scope.no_percutaneous_construct rates ppsf_pvp/ppsf not advised
    # exactly when the anchor walk finds no anchor on a side, so the fallback never triggers.
    evaluation, plan = run_engine(case)
    supported = {Rating.RECOMMENDED, Rating.CONSIDER}
    if {evaluation.final[Option.PPSF_PVP], evaluation.final[Option.PPSF]} & supported:
        assert plan.treatment is not None
        assert not plan.moved_warnings


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_top_holds_only_supported_primary_options(case: dict[str, Any]) -> None:
    result = recommend(case, what_if=False)
    rated = {option.treatment: option for option in result.options}
    for treatment in result.top:
        assert rated[treatment].role == "primary"
        assert rated[treatment].suitability in ("recommended", "consider")
    assert bool(result.top) != ("no_supported_option" in {w.code for w in result.warnings})


@settings(max_examples=40, deadline=None)
@given(case=cases())
def test_missing_input_analysis_never_crashes_and_names_real_alternatives(
    case: dict[str, Any],
) -> None:
    result = recommend(case, explain=True)
    assert result.explain is not None
    assert len(result.explain) == 70
    for entry in result.missing_inputs:
        assert all(alternative["top"] != result.top for alternative in entry.alternatives)


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_a_refusal_never_leaves_a_refused_option_above_not_advised(case: dict[str, Any]) -> None:
    evaluation, plan = run_engine(case)
    patient = case["patient"]
    refused = set(OPEN_OPTIONS) if patient["refuses_open_surgery"] else set()
    if patient.get("refuses_surgery"):
        refused |= PROCEDURES
    for option in refused:
        assert evaluation.final[option] in (None, Rating.NOT_ADVISED)
    if patient.get("refuses_surgery"):
        assert plan.treatment is None
        assert evaluation.top == () or not set(evaluation.top) & PROCEDURES


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_no_cement_option_above_not_advised_without_a_body_lesion(case: dict[str, Any]) -> None:
    evaluation, plan = run_engine(case)
    facts = evaluation.facts
    body = {
        level: facts.lesion_truths[level]["body_lesion"].is_true for level in facts.index_levels
    }
    supported = (Rating.RECOMMENDED, Rating.CONSIDER)
    if not all(body.values()):
        assert evaluation.final[Option.PVP] not in supported
        assert evaluation.final[Option.PKP] not in supported
    if not any(body.values()):
        assert evaluation.final[Option.PPSF_PVP] not in supported
    assert all(facts.lesion_truths[level]["body_lesion"].is_true for level in plan.cement_levels)


@st.composite
def perturbed(draw: st.DrawFn) -> dict[str, Any]:
    """A valid case with one field set to a value that may contradict another."""
    case = draw(cases())
    lesion = case["lesions"][0]
    change = draw(st.sampled_from(["count", "retropulsion", "refusal", "body", "date", "none"]))
    if change == "count":
        case["patient"]["spinal_metastases"] = draw(st.integers(1, len(case["lesions"])))
    elif change == "retropulsion":
        lesion["retropulsion"], lesion["posterior_wall_intact"] = True, draw(st.booleans())
    elif change == "refusal":
        case["patient"]["refuses_surgery"] = True
    elif change == "body":
        lesion["body_involvement"] = draw(st.sampled_from(["none", "le_50", "gt_50"]))
    elif change == "date":
        lesion["prior_radiotherapy"] = {
            "dose_gy": 8, "fractions": 1, "technique": "sbrt",
            "date": draw(st.sampled_from(["2025-05-01", "2025-07-01"]))}  # fmt: skip
    return case


@settings(max_examples=300, deadline=None)
@given(case=perturbed())
def test_no_case_crashes_a_contradiction_is_a_case_error(case: dict[str, Any]) -> None:
    try:
        result = recommend(case, what_if=False)
    except CaseError as error:
        problems = error.problems
    else:
        assert result.rule_set_version == "2026.2-decision.md-rev4"
        return
    assert problems
    assert all(problem.field and problem.allowed for problem in problems)
