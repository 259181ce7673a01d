"""The rule loader rejects a bad rule file, naming the rule, for each kind of problem."""

from __future__ import annotations

from importlib.resources import files

import pytest
import yaml

from spinemet.decision import parse_rules
from spinemet.errors import RuleFileError

SOURCES = files("spinemet.decision").joinpath("sources.yaml").read_text("utf-8")
GOOD = {
    "id": "test.rule",
    "when": "gross_instability",
    "effects": [{"raise": "ppsf", "to": "consider"}],
    "because": "A test rule.",
    "source": ["MA2023"],
}


def _load(**changes: object) -> None:
    rule = {**GOOD, **changes}
    rule = {key: value for key, value in rule.items() if value is not None}
    parse_rules(yaml.safe_dump({"version": "t", "rules": [rule]}), SOURCES)


def test_a_valid_rule_loads() -> None:
    rules = parse_rules(yaml.safe_dump({"version": "t1", "rules": [GOOD]}), SOURCES)
    assert (rules.version, rules.rules[0].id) == ("t1", "test.rule")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "red"}, r"rule test.rule: colour: .*'colour'"),
        ({"effects": [{"raise": "surgery", "to": "consider"}]}, r"rule test.rule: .*'surgery'"),
        ({"effects": [{"raise": "ppsf", "to": "maybe"}]}, r"rule test.rule: .*'maybe'"),
        ({"when": "very_unstable"}, r"rule test.rule: when: .*'very_unstable'"),
        ({"when": {"field": "patient.weight", "gt": 80}}, r"rule test.rule: .*'patient.weight'"),
        ({"when": {"field": "patient.sex", "eq": "other"}}, r"rule test.rule: .*'other'"),
        ({"source": None}, r"rule test.rule: source: missing"),
        ({"source": ["SMITH1999"]}, r"rule test.rule: source: .*'SMITH1999'"),
        ({"effects": [{"warning": "be_careful"}]}, r"rule test.rule: .*'be_careful'"),
        ({"effects": [{"flag": "call_someone"}]}, r"rule test.rule: .*'call_someone'"),
        ({"when": {"fired": ["no.such.rule"]}, "phase": 2}, r"rule test.rule: .*no.such.rule"),
        ({"when": {"xor": ["stable"]}}, r"rule test.rule: when: .*'xor'"),
        ({"phase": 4}, r"rule test.rule: phase: invalid value 4"),
        ({"when": {"rating": ["ppsf"], "in": ["recommended"]}}, r"rule test.rule: .*phase 3"),
        ({"when": {"field": "lesion.escc_grade", "eq": "2"}}, r"rule test.rule: .*lesion"),
    ],
)
def test_each_kind_of_bad_rule_is_reported_with_the_rule_id(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(RuleFileError, match=message):
        _load(**changes)


def test_a_rule_may_not_read_a_rule_of_the_same_or_a_later_phase() -> None:
    reader = {**GOOD, "id": "reader", "when": {"fired": ["test.rule"]}}
    with pytest.raises(RuleFileError, match=r"rule reader: .*phase before 1"):
        parse_rules(yaml.safe_dump({"version": "t", "rules": [GOOD, reader]}), SOURCES)


def test_every_problem_of_the_file_is_reported_at_once() -> None:
    bad_one = {**GOOD, "id": "bad.one", "source": ["NOPE"]}
    bad_two = {**GOOD, "id": "bad.two", "when": "nope"}
    with pytest.raises(RuleFileError) as caught:
        parse_rules(yaml.safe_dump({"version": "t", "rules": [bad_one, bad_two]}), SOURCES)
    assert [problem.field.split(":")[0] for problem in caught.value.problems] == [
        "rule bad.one",
        "rule bad.two",
    ]


def test_duplicate_rule_ids_are_rejected() -> None:
    with pytest.raises(RuleFileError, match=r"rule test\.rule"):
        parse_rules(yaml.safe_dump({"version": "t", "rules": [GOOD, GOOD]}), SOURCES)


def test_a_file_without_a_version_is_rejected() -> None:
    with pytest.raises(RuleFileError, match="version"):
        parse_rules(yaml.safe_dump({"rules": [GOOD]}), SOURCES)


def test_the_shipped_rules_cite_only_keys_of_the_sources_table() -> None:
    from spinemet.decision import load_rules

    rules = load_rules()
    cited = {key for rule in rules.rules for key in rule.source}
    assert cited <= set(rules.sources)


def test_docs_list_every_rule_marked_unverified_or_common_practice() -> None:
    from pathlib import Path

    from spinemet.decision import load_rules

    docs = (Path(__file__).parents[2] / "docs" / "decision.md").read_text(encoding="utf-8")
    section = docs[docs.index("## Rules whose sources") : docs.index("## Evaluation")]
    marked = {rule.id for rule in load_rules().rules if rule.evidence}
    listed = {line.split("`")[1] for line in section.splitlines() if line.startswith("| `")}
    assert listed == marked
