"""Every warning code of domain/decision.md §3.4 reads as a sentence in the text case note.

The rule-firing cases of ``test_rules_fire.py`` and a few more (below) produce every warning
code except ``no_anchor_on_one_side``, which revision 4 made unreachable for a rated option
(``scope.no_percutaneous_construct`` rates the option not advised exactly when no plan exists;
§3.4 keeps the fallback for safety). For each code given, the case note carries its sentence.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from tests.decision.conftest import variant
from tests.decision.test_rules_fire import CASES

from spinemet.decision import FlagCode, WarningCode, recommend
from spinemet.decision.render import render_markdown, render_text
from spinemet.decision.texts import FLAG_SENTENCES, WARNING_SENTENCES

UNREACHABLE = {WarningCode.NO_ANCHOR_ON_ONE_SIDE}
T12 = {"level": "T12", "index": False, "lesion_type": "lytic", "collapse_percent": 0,
       "posterior_wall_intact": True, "retropulsion": False, "pedicle_involvement": "none",
       "body_involvement": "le_50", "escc_grade": "0", "sins": {"pain": "mechanical",
       "bone_lesion": "lytic", "radiographic_alignment": "normal",
       "vertebral_body_collapse": "none", "posterolateral_involvement": "unilateral"}}  # fmt: skip


def _with_lesion(base: str, lesion: dict[str, Any], **changes: Any) -> dict[str, Any]:
    case = variant(base, {"patient.spinal_metastases": 2, **changes})
    case["lesions"].append(copy.deepcopy(lesion))
    return case


def _extra_cases() -> list[dict[str, Any]]:
    no_body = variant("V14")
    del no_body["lesions"][0]["body_involvement"]
    return [
        _with_lesion("V01", T12),  # anchor_in_involved_vertebra
        _with_lesion("V01", {**T12, "pedicle_involvement": "left"}),  # unilateral pedicle
        variant("V01", {"lesions.0.level": "L5"}),  # s1_anchor, anchor_range_exceeded
        variant("V01", {"lesions.0.lesion_type": "blastic", "lesions.0.sins.bone_lesion": "blastic",
                        "lesions.0.sins.radiographic_alignment": "subluxation_translation"}),
        variant("V01", {"lesions.0.retropulsion": True, "lesions.0.posterior_wall_intact": False}),
        no_body,  # body_involvement_unknown
        variant("V01", {"lesions.0.collapse_percent": 50}),
        variant("V01", {"patient.deficit_new_or_progressive": True}),
        variant("V02", {"patient.frankel": "C", "patient.ambulatory": True}),
        variant("V01", {"patient.kps": 90, "patient.ecog": 2}),
        variant("V10", {"lesions.1.level": "L4", "lesions.1.index": True,
                        "lesions.1.pedicle_involvement": "none",
                        "lesions.1.sins.posterolateral_involvement": "none",
                        "lesions.1.sins.pain": "mechanical"}),
        variant("V10", {"lesions.0.index": None}),
        variant("V04", {"patient.coagulopathy_uncorrectable": True,
                        "patient.primary_tumor": "uterus"}),
    ]  # fmt: skip


def _corpus() -> list[dict[str, Any]]:
    cases = [variant(base, changes) for pair in CASES.values() for base, changes in pair]
    return cases + _extra_cases()


def test_every_warning_and_flag_code_has_a_sentence() -> None:
    assert set(WARNING_SENTENCES) == set(WarningCode)
    assert set(FLAG_SENTENCES) == set(FlagCode)
    for text in [*WARNING_SENTENCES.values(), *FLAG_SENTENCES.values()]:
        assert text[0].isupper(), text
        assert text.endswith("."), text


@pytest.fixture(scope="module")
def rendered() -> list[tuple[dict[str, Any], str]]:
    out = []
    for case in _corpus():
        result = recommend(case, what_if=False)
        out.append((result.as_json(), render_text(result)))
    return out


def test_the_cases_give_every_reachable_warning_code(
    rendered: list[tuple[dict[str, Any], str]],
) -> None:
    seen: set[str] = set()
    for data, _ in rendered:
        seen |= {note["code"] for note in data["warnings"]}
        if data["plan"] is not None:
            seen |= {note["code"] for note in data["plan"]["warnings"]}
    assert set(WarningCode) - UNREACHABLE - seen == set()


def test_each_warning_given_reads_as_a_sentence_in_the_text_note(
    rendered: list[tuple[dict[str, Any], str]],
) -> None:
    for data, text in rendered:
        plan = data["plan"]["warnings"] if data["plan"] is not None else []
        for note in [*data["warnings"], *plan]:
            levels = f"At {', '.join(note['levels'])}: " if note["levels"] else ""
            assert f"{levels}{note['text']}" in text
            assert note["text"][0].isupper(), note


def test_a_rule_warning_without_its_own_text_carries_the_code_sentence() -> None:
    data = recommend(variant("V07"), what_if=False).as_json()
    refusal = next(note for note in data["warnings"] if note["code"] == "informed_refusal")
    assert refusal["text"] == WARNING_SENTENCES["informed_refusal"]


def test_markdown_note_carries_the_sentences_too() -> None:
    result = recommend(variant("V14"), what_if=False)
    assert "Disease confined to the posterior elements" in render_markdown(result)
