"""Case validation (decision.md §1), three-valued logic (§2.1) and the missing-input analysis."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from spinemet.decision import recommend
from spinemet.errors import CaseError

MakeCase = Callable[..., dict[str, Any]]


def test_every_problem_of_a_case_is_reported_at_once(make_case: MakeCase) -> None:
    case = make_case("V01", {"patient.kps": 55, "lesions.0.sins.bone_lesion": "blastic"})
    case["patient"]["height"] = 170
    with pytest.raises(CaseError) as caught:
        recommend(case)
    fields = [problem.field for problem in caught.value.problems]
    assert fields == ["patient.kps", "patient"]
    assert "unknown item 'height'" in str(caught.value)


def test_sins_bone_lesion_must_equal_lesion_type(make_case: MakeCase) -> None:
    with pytest.raises(CaseError, match=r"lesions\[0\].sins.bone_lesion: invalid value 'blastic'"):
        recommend(make_case("V01", {"lesions.0.sins.bone_lesion": "blastic"}))


def test_given_location_that_disagrees_with_the_level_is_rejected(make_case: MakeCase) -> None:
    with pytest.raises(CaseError, match=r"sins.location: invalid value 'mobile'.*'junctional'"):
        recommend(make_case("V01", {"lesions.0.sins.location": "mobile"}))


def test_retropulsion_is_required_even_though_null_is_allowed(make_case: MakeCase) -> None:
    case = make_case("V01")
    del case["lesions"][0]["retropulsion"]
    with pytest.raises(CaseError, match=r"lesions\[0\].retropulsion: missing"):
        recommend(case)


def test_bilateral_pedicle_with_no_posterolateral_involvement_is_rejected(
    make_case: MakeCase,
) -> None:
    changes = {"lesions.0.pedicle_involvement": "bilateral",
               "lesions.0.sins.posterolateral_involvement": "none"}  # fmt: skip
    with pytest.raises(CaseError, match="posterolateral_involvement"):
        recommend(make_case("V01", changes))


def test_omitted_defaults_are_read_as_false_and_reported(make_case: MakeCase) -> None:
    # decision.md §1.1: pmma_allergy and (rev 4) refuses_surgery default to false, reported.
    case = make_case("V03")
    assert recommend(case).defaults_applied == [
        {"field": "patient.pmma_allergy", "value": False},
        {"field": "patient.refuses_surgery", "value": False},
    ]
    assert recommend(make_case("V11")).defaults_applied == []


def test_exactly_50_percent_collapse_is_a_warning_not_an_error(make_case: MakeCase) -> None:
    result = recommend(make_case("V01", {"lesions.0.collapse_percent": 50}))
    assert "collapse_exactly_50" in {note.code for note in result.warnings}


def test_no_index_flag_takes_the_highest_sins_lesion_and_says_so(make_case: MakeCase) -> None:
    case = make_case("V10", {"lesions.0.index": None})
    result = recommend(case)
    assert result.predicates["index_lesions"] == ["L2"]
    assert "index_lesions_inferred" in {note.code for note in result.warnings}


# Patchell excluded paraplegia > 48 h: with Frankel A/B and no hours, the rule is unknown.
def test_paraplegia_hours_unknown_leaves_patchell_not_evaluated(make_case: MakeCase) -> None:
    result = recommend(make_case("V02", {"patient.frankel": "B"}))
    entry = {item.rule: item.missing for item in result.not_evaluated}
    assert entry["patchell.mescc.decompression"] == ["patient.paraplegia_hours"]


def test_unknown_radiosensitivity_is_a_missing_input_that_can_change_top(
    make_case: MakeCase,
) -> None:
    result = recommend(make_case("V04", {"patient.primary_tumor": "uterus"}))
    assert "histology_radiosensitivity_unknown" in {note.code for note in result.warnings}
    entry = next(item for item in result.missing_inputs if item.field == "patient.radiosensitivity")
    by_value = {tuple(alt["values"]): alt["top"] for alt in entry.alternatives}
    assert by_value[("radioresistant",)] == ["sbrt"]
    assert entry.text.startswith("patient.radiosensitivity unknown: ")


def test_missing_input_that_cannot_change_top_is_listed_as_such(make_case: MakeCase) -> None:
    result = recommend(make_case("V01"))
    assert "patient.anticoagulation" in result.could_not_change_top


def test_caps_beat_raises_and_the_overridden_raise_names_the_cap(make_case: MakeCase) -> None:
    result = recommend(make_case("V01"))
    open_surgery = next(o for o in result.options if o.treatment == "open_decompression_fixation")
    raise_reason = next(r for r in open_surgery.reasons if r.effect == "raise:consider")
    assert open_surgery.suitability == "not_advised"
    assert raise_reason.overridden_by == ["noms.sys.unfit_open"]


def test_no_supported_option_gives_empty_top_and_a_warning(make_case: MakeCase) -> None:
    changes = {"patient.coagulopathy_uncorrectable": True, "patient.primary_tumor": "uterus"}
    result = recommend(make_case("V04", changes))
    assert result.top == []
    assert "no_supported_option" in {note.code for note in result.warnings}
