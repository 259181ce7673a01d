"""The ten worked vignettes of domain/decision.md §5, checked as §5 says.

``vignettes.json`` is the JSON block of §5 copied verbatim. ``expected.top`` is the exact top
set; ratings and roles must match for the options listed (``not_addressed`` = not rated);
``fired``/``not_fired`` list rules that must / must not fire; flags and warnings must be
present; ``plan`` must match where given, with ``plan.warnings``/``plan.flags`` exact sets.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from spinemet.decision import recommend

VIGNETTES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "vignettes.json").read_text(encoding="utf-8")
)


def _by_id(vignette: dict[str, Any]) -> str:
    return str(vignette["id"])


@pytest.fixture(scope="module", params=VIGNETTES, ids=_by_id)
def outcome(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    vignette = request.param
    return vignette["expected"], recommend(vignette["case"]).as_json()


def test_scores_match_the_vignette(outcome: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, result = outcome
    scores = expected["scores"]
    assert {level: result["scores"]["sins"][level]["total"] for level in scores["sins"]} == scores[
        "sins"
    ]
    for name in ("tokuhashi_revised", "tomita"):
        if name in scores:
            assert result["scores"][name]["total"] == scores[name]


def test_top_set_is_exactly_the_vignettes(outcome: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, result = outcome
    assert set(result["top"]) == set(expected["top"])


def test_ratings_match_the_vignette(outcome: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, result = outcome
    rated = {option["treatment"]: option["suitability"] for option in result["options"]}
    unrated = {entry["treatment"] for entry in result["not_addressed"]}
    actual = {
        option: ("not_addressed" if option in unrated else rated[option])
        for option in expected["ratings"]
    }
    assert actual == expected["ratings"]


def test_roles_match_the_vignette(outcome: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, result = outcome
    roles = {option["treatment"]: option["role"] for option in result["options"]}
    assert {option: roles[option] for option in expected.get("roles", {})} == expected.get(
        "roles", {}
    )


def test_expected_rules_fire_and_excluded_rules_do_not(
    outcome: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    expected, result = outcome
    fired = {rule["rule"] for rule in result["fired_rules"]}
    assert set(expected["fired"]) - fired == set()
    assert set(expected.get("not_fired", [])) & fired == set()


def test_expected_flags_and_warnings_are_present(
    outcome: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    expected, result = outcome
    assert set(expected.get("flags", [])) <= {flag["code"] for flag in result["flags"]}
    assert set(expected.get("warnings", [])) <= {note["code"] for note in result["warnings"]}


def test_plan_matches_the_vignette(outcome: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, result = outcome
    if expected["plan"] is None:
        assert result["plan"] is None
        return
    plan = result["plan"]
    for key in ("treatment", "screw_levels", "cement_levels"):
        assert plan[key] == expected["plan"][key]
    for key in ("warnings", "flags"):
        if key in expected["plan"]:
            assert {note["code"] for note in plan[key]} == set(expected["plan"][key])
