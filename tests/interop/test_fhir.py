"""FHIR R4 Bundle: built, validated with fhir.resources (R4B models) and R4 codes, read back."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinemet.cohort import synthetic_cohort
from spinemet.errors import CohortError
from spinemet.interop import cohort_to_fhir_bundle, fhir_bundle_to_cohort, read_fhir_bundle
from spinemet.interop.fhir import fhir_codes
from spinemet.interop.fhir_validate import validate_fhir_bundle
from tests.interop.conftest import assert_same_cohort
from tests.interop.test_redcap import _awkward


def test_bundle_passes_r4b_models_and_r4_code_checks(cohort):
    assert validate_fhir_bundle(cohort_to_fhir_bundle(cohort)) == []


def test_validation_catches_a_status_fhir_resources_alone_accepts(cohort):
    bundle = cohort_to_fhir_bundle(cohort)
    observation = next(
        entry for entry in bundle["entry"] if entry["resource"]["resourceType"] == "Observation"
    )
    observation["resource"]["status"] = "done"
    problems = validate_fhir_bundle(bundle)
    assert [(p.field, p.value) for p in problems] == [("Observation.status", "done")]


def test_barthel_observation_has_a_component_per_item_and_the_loinc_total(cohort):
    bundle = cohort_to_fhir_bundle(cohort)
    barthel = next(
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation"
        and entry["resource"]["code"]["coding"][0]["code"] == "barthel"
    )
    assert len(barthel["component"]) == 10
    loinc = barthel["code"]["coding"][1]
    assert (loinc["system"], loinc["code"]) == ("http://loinc.org", "96761-2")
    assert loinc["extension"] == [
        {"url": "urn:spinemet:fhir:extension:code-verified", "valueBoolean": False}
    ]


def test_every_standard_code_names_its_source_and_verification():
    codes = fhir_codes()
    entries = [*codes["bone_metastasis"], *codes["instruments"].values()]
    assert all(entry["source"] and entry["verified"] in (True, False) for entry in entries)


def test_bundle_round_trip_gives_back_the_cohort(cohort):
    assert_same_cohort(
        cohort, fhir_bundle_to_cohort(cohort_to_fhir_bundle(cohort)), value_items=False
    )


def test_awkward_cohort_round_trips():
    cohort = _awkward()
    bundle = cohort_to_fhir_bundle(cohort)
    assert validate_fhir_bundle(bundle) == []
    back = fhir_bundle_to_cohort(bundle)
    assert_same_cohort(cohort, back, value_items=False)
    assert back.is_given("procedures")
    assert not back.is_given("lesions")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31), n=st.integers(1, 10))
def test_bundle_round_trip_on_generated_cohorts(seed, n):
    cohort = synthetic_cohort(n, seed=seed)
    assert_same_cohort(
        cohort, fhir_bundle_to_cohort(cohort_to_fhir_bundle(cohort)), value_items=False
    )


def test_a_bad_entry_is_named_and_nothing_is_read(tmp_path, cohort):
    bundle = copy.deepcopy(cohort_to_fhir_bundle(cohort))
    bundle["entry"][40]["resource"]["subject"]["reference"] = "urn:uuid:nobody"
    bundle["entry"][0]["resource"]["gender"] = "unknown"
    path = tmp_path / "bundle.json"
    import json

    path.write_text(json.dumps(bundle))
    with pytest.raises(CohortError) as caught:
        read_fhir_bundle(path)
    text = str(caught.value)
    assert "bundle.json: row entry 40 (Condition): entry[40].resource.subject.reference" in text
    assert "row entry 0 (Patient): sex: invalid value 'unknown'" in text


def test_docs_list_every_standard_code_as_unverified_where_the_data_say_so():
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "interop.md").read_text(encoding="utf-8")
    codes = fhir_codes()
    for entry in [*codes["bone_metastasis"], *codes["instruments"].values()]:
        row = next(line for line in docs.splitlines() if f"| {entry['code']} |" in line)
        assert row.rstrip().endswith("| yes |" if entry["verified"] else "| no |"), row
