"""The repository's docs describe the case format and the rule set completely (users get the
repository, not the project's specification files)."""

from __future__ import annotations

import json
import re

from pydantic import BaseModel
from tests.conftest import REPO

from spinemet.decision import load_rules
from spinemet.decision.case import Case, Lesion, Patient, SinsItems, TokuhashiItems, TomitaItems

CASE_DOC = (REPO / "docs" / "case.md").read_text(encoding="utf-8")
DECISION_DOC = (REPO / "docs" / "decision.md").read_text(encoding="utf-8")


def _fields(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


def test_case_doc_names_every_field_of_the_case_model() -> None:
    named = set(re.findall(r"`([a-z_0-9]+)`", CASE_DOC))
    for model in (Case, Patient, Lesion, SinsItems, TokuhashiItems, TomitaItems):
        assert _fields(model) - named == set(), model.__name__


def test_case_doc_has_a_row_for_every_patient_and_lesion_field() -> None:
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", CASE_DOC, flags=re.MULTILINE))
    assert _fields(Patient) | _fields(Lesion) | _fields(Case) <= rows


def test_case_doc_example_is_the_shipped_seed_case() -> None:
    block = CASE_DOC[CASE_DOC.index("## Example") :]
    example = json.loads(block[block.index("```json") + 7 : block.index("```\n", 20)])
    assert example == json.loads((REPO / "examples" / "case_seed.json").read_text("utf-8"))


def test_decision_doc_lists_every_rule_and_every_source() -> None:
    rules = load_rules()
    section = DECISION_DOC[DECISION_DOC.index("## Every rule") : DECISION_DOC.index("## Sources")]
    listed = {line.split("`")[1] for line in section.splitlines() if line.startswith("| `")}
    assert listed == {rule.id for rule in rules.rules}
    sources = DECISION_DOC[DECISION_DOC.index("## Sources") :]
    rows = [line for line in sources.splitlines() if line.startswith("| ")][1:]
    assert {line.split(" | ")[0][2:] for line in rows} == set(rules.sources)
    assert rules.version in DECISION_DOC
    assert rules.version in CASE_DOC


def test_docs_do_not_point_outside_the_repository() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for text in (CASE_DOC, DECISION_DOC, readme):
        assert "domain/" not in text
        assert "/work/" not in text
