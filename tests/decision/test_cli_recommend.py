"""``spinemet recommend`` through the installed console script (DESIGN.md CLI contract)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SPINEMET = str(Path(sys.executable).parent / "spinemet")
SEED = str(Path(__file__).parents[2] / "examples" / "case_seed.json")


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SPINEMET, "recommend", *args], input=stdin, capture_output=True, text=True, check=False
    )


def test_seed_case_recommends_ppsf_pvp_with_its_construct_as_json() -> None:
    result = _run("--input", SEED)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["top"] == ["ppsf_pvp"]
    assert (output["plan"]["screw_levels"], output["plan"]["cement_levels"]) == (
        ["T11", "T12", "L2", "L3"],
        ["L1"],
    )
    assert output["rule_set_version"]
    assert output["disclaimer"].startswith("Decision support")


def test_case_is_read_from_standard_input_by_default() -> None:
    result = _run(stdin=Path(SEED).read_text(encoding="utf-8"))
    assert result.returncode == 0
    assert json.loads(result.stdout)["top"] == ["ppsf_pvp"]


@pytest.mark.parametrize(("fmt", "heading"), [("text", "Top:"), ("md", "### Top")])
def test_text_and_markdown_are_case_notes_with_the_disclaimer(fmt: str, heading: str) -> None:
    result = _run("--input", SEED, "--format", fmt)
    assert result.returncode == 0
    assert heading in result.stdout
    assert "T11, T12, L2, L3" in result.stdout
    assert "seed.ppsf_pvp.poor_systemic" in result.stdout
    assert "not a treatment order" in result.stdout


def test_explain_lists_every_rule_fired_or_not_with_what_decided_it() -> None:
    output = json.loads(_run("--input", SEED, "--explain").stdout)
    by_rule = {entry["rule"]: entry for entry in output["explain"]}
    assert len(by_rule) == 70
    assert by_rule["sins.unstable"]["result"] == "fired"
    assert by_rule["sins.stable"]["decided_by"] == [
        "The predicate stable (highest index SINS 6 or less) is false, so the requirement "
        "'stable' is not met."
    ]
    assert by_rule["vp.rel.posterior_wall"]["decided_by"] == [
        "At L1, posterior_wall_intact is true, so the requirement 'posterior_wall_intact = false' "
        "is not met."
    ]
    assert by_rule["vp.warn.anticoagulation"]["missing"] == ["patient.anticoagulation"]


def test_bad_case_exits_2_naming_field_value_and_allowed(tmp_path: Path) -> None:
    case = json.loads(Path(SEED).read_text(encoding="utf-8"))
    case["lesions"][0]["escc_grade"] = "4"
    case["patient"]["sex"] = "x"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    result = _run("--input", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "lesions[0].escc_grade: invalid value '4'; allowed: '0', '1a'" in result.stderr
    assert "patient.sex: invalid value 'x'" in result.stderr


def test_inconsistent_sins_collapse_exits_2() -> None:
    case = json.loads(Path(SEED).read_text(encoding="utf-8"))
    case["lesions"][0]["collapse_percent"] = 70
    result = _run(stdin=json.dumps(case))
    assert result.returncode == 2
    assert "lesions[0].sins.vertebral_body_collapse: invalid value 'lt_50'" in result.stderr


@pytest.mark.parametrize("extra", [[], ["--format", "text", "--lang", "zh-Hans"]])
def test_recommend_does_not_import_pandas_or_scipy(extra: list[str]) -> None:
    # The decision layer translates through gettext (spinemet._i18n), never through Django.
    code = (
        "import sys, json; from spinemet.cli import main; "
        f"main(['recommend', '--input', {SEED!r}, *{extra!r}]); "
        "print(json.dumps(sorted(m for m in ('pandas', 'scipy', 'django') if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_lang_zh_hans_writes_the_case_note_in_chinese_and_keeps_the_codes(fmt: str) -> None:
    result = _run("--input", SEED, "--format", fmt, "--lang", "zh-Hans")
    assert result.returncode == 0, result.stderr
    note = result.stdout
    # Option, rating and plan words in Chinese; codes, levels and citations as they are.
    assert "推荐" in note
    assert "ppsf_pvp — 经皮椎弓根螺钉固定联合椎体成形术" in note
    assert "T11, T12, L2, L3" in note
    assert "seed.ppsf_pvp.poor_systemic" in note
    assert "[MA2023; VERSTEEG2016]" in note
    assert "供多学科团队使用的决策支持" in note
    assert "not a treatment order" not in note
    assert "Instability without significant cord compression" not in note


def test_lang_does_not_change_the_json_output() -> None:
    english = _run("--input", SEED)
    chinese = _run("--input", SEED, "--lang", "zh-Hans")
    assert chinese.returncode == 0
    assert chinese.stdout == english.stdout


def test_an_unknown_language_exits_2() -> None:
    result = _run("--input", SEED, "--format", "text", "--lang", "fr")
    assert result.returncode == 2
    assert "--lang" in result.stderr
    assert "zh-Hans" in result.stderr


def test_schema_is_the_case_models_json_schema_and_accepts_every_vignette() -> None:
    import jsonschema

    result = _run("--schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    validator = jsonschema.Draft202012Validator(schema)
    vignettes = json.loads((Path(__file__).parent / "vignettes.json").read_text("utf-8"))
    for vignette in vignettes:
        assert list(validator.iter_errors(vignette["case"])) == [], vignette["id"]
    case = json.loads(Path(SEED).read_text(encoding="utf-8"))
    case["patient"]["refuses_surgery"] = None  # a declared default accepts null
    assert validator.is_valid(case)
    del case["lesions"][0]["retropulsion"]  # required, nullable
    assert not validator.is_valid(case)
    case = json.loads(Path(SEED).read_text(encoding="utf-8"))
    del case["patient"]["kps"], case["patient"]["ecog"]  # one of kps/ecog is required
    assert not validator.is_valid(case)
    lesion = schema["$defs"]["Lesion"]["properties"]
    assert lesion["body_involvement"]["description"].startswith("Tumour in the vertebral body")
