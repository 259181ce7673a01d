"""Properties of the engine over generated valid cases (hypothesis).

No crash; every rated option has at least one reason with a source; a cap (contraindication,
refusal, limit) is never exceeded, so a fired contraindication is never ``recommended``; screw
and cement levels are vertebra names in anatomical order; ``top`` holds only rated primary
options rated recommended or consider.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from spinemet.decision import Level, Rating, recommend
from spinemet.decision.recommend import run_engine

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
        "posterior_wall_intact": draw(st.booleans()),
        "retropulsion": draw(BOOL_OR_NONE),
        "pedicle_involvement": pedicle,
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
            "refuses_open_surgery": draw(st.booleans()),
            "coagulopathy_uncorrectable": draw(st.sampled_from([False, False, False, True])),
            "anticoagulation": draw(BOOL_OR_NONE),
            "active_infection": draw(st.sampled_from(["none", "none", "none", "systemic",
                                                      "local_at_site"])),
            "pmma_allergy": draw(st.sampled_from([None, False, False, True])),
            "osteoporosis": draw(BOOL_OR_NONE),
        },
        "lesions": [draw(lesions(level)) for level in levels],
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
    assert len(result.explain) == 61
    for entry in result.missing_inputs:
        assert all(alternative["top"] != result.top for alternative in entry.alternatives)
