"""Registry -> REDCap records -> cohort, registry -> FHIR -> cohort and registry -> SPSS ->
cohort give back the registry's data (issue 10 §5), on the synthetic cohort with deaths, missing
visits and repeated complications, plus a patient with Chinese text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spinemet.cohort import Cohort, synthetic_cohort
from tests.interop.conftest import assert_same_cohort


@pytest.fixture
def extract(registry: Any) -> Cohort:
    from spinemet.registry.extract import cohort_extract
    from spinemet.registry.importer import import_cohort
    from spinemet.registry.patients.models import Patient
    from spinemet.registry.patients.services import child_create
    from spinemet.registry.sites.selectors import command_line_actor

    actor = command_line_actor()
    import_cohort(actor=actor, cohort=synthetic_cohort(30, seed=7), source="synthetic")
    patient = Patient.objects.order_by("id").first()
    assert patient is not None
    day = patient.index_date.isoformat()
    infected = "术后切口感染，已愈合"  # noqa: RUF001 - a Chinese note keeps its own comma
    for detail in (infected, "再次感染"):  # repeated infections, Chinese text
        child_create(
            actor=actor,
            patient_id=patient.pk,
            table="complications",
            data={"date": day, "type": "infection", "grade": "II", "detail": detail},
        )
    return cohort_extract(actor)


def test_through_redcap_records(extract: Cohort) -> None:
    from spinemet.interop import cohort_to_redcap_records, redcap_records_to_cohort

    back = redcap_records_to_cohort(cohort_to_redcap_records(extract), schedule=extract.schedule)
    assert_same_cohort(extract, back)  # one-item instruments compared by value


def test_through_fhir(extract: Cohort) -> None:
    from spinemet.interop import cohort_to_fhir_bundle, fhir_bundle_to_cohort

    back = fhir_bundle_to_cohort(cohort_to_fhir_bundle(extract), schedule=extract.schedule)
    assert_same_cohort(extract, back)


def test_through_spss(extract: Cohort, tmp_path: Path) -> None:
    from spinemet.interop import export_cohort, read_any_cohort

    folder = export_cohort(extract, "spss", tmp_path / "spss")
    assert_same_cohort(extract, read_any_cohort(folder, schedule=extract.schedule))
