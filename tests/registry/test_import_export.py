"""Import all or nothing, by key, and the round trip cohort -> registry -> cohort."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from spinemet._examples import examples_dir
from spinemet.cohort import read_cohort


def _import(path: Path, **options: Any) -> Any:
    from spinemet.registry.importer import import_cohort
    from spinemet.registry.sites.selectors import command_line_actor

    return import_cohort(
        actor=command_line_actor(), cohort=read_cohort(path), source=path.name, **options
    )


def _comparable(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    frame = frame.dropna(axis=1, how="all")
    return frame.sort_values(keys).reset_index(drop=True)


def test_cohort_registry_cohort_gives_back_the_same_data(registry: Any) -> None:
    from spinemet.registry.extract import cohort_extract
    from spinemet.registry.sites.selectors import command_line_actor

    source = examples_dir() / "cohort"
    _import(source, site_code="site_a")
    back = cohort_extract(command_line_actor())
    given = read_cohort(source)
    for table, keys in {
        "patients": ["patient_id"],
        "lesions": ["patient_id", "level"],
        "procedures": ["patient_id", "date", "type"],
        "complications": ["patient_id", "date", "type"],
        "assessments": ["patient_id", "instrument", "visit", "date"],
    }.items():
        pd.testing.assert_frame_equal(
            _comparable(getattr(back, table), keys),
            _comparable(getattr(given, table), keys),
            check_dtype=False,
            check_like=True,
            obj=table,
        )


def test_importing_the_same_file_twice_duplicates_nothing(registry: Any) -> None:
    from spinemet.registry.assessments.models import Assessment
    from spinemet.registry.patients.models import Patient

    source = examples_dir() / "cohort"
    first = _import(source, site_code="site_a")
    second = _import(source, site_code="site_a")
    assert first.added["patients"] == 5
    assert second.added == {
        "patients": 0,
        "lesions": 0,
        "procedures": 0,
        "complications": 0,
        "assessments": 0,
    }
    assert second.unchanged["assessments"] == first.added["assessments"]
    assert Patient.objects.count() == 5
    assert Assessment.objects.count() == first.added["assessments"]
    assert Patient.history.filter(history_change_reason="import of cohort").count() == 5


def test_a_changed_value_is_updated_by_key_with_the_import_as_reason(
    registry: Any, tmp_path: Path
) -> None:
    from spinemet.registry.patients.models import Patient

    source = tmp_path / "cohort"
    shutil.copytree(examples_dir() / "cohort", source)
    _import(source, site_code="site_a")
    patients = pd.read_csv(source / "patients.csv", dtype=str)
    patients.loc[patients["patient_id"] == "P01", "kps"] = "70"
    patients.to_csv(source / "patients.csv", index=False)
    report = _import(source, site_code="site_a", dry_run=True)
    assert report.changed["patients"] == 1
    assert Patient.objects.get(study_id="P01").kps == 60  # a dry run writes nothing
    _import(source, site_code="site_a")
    patient = Patient.objects.get(study_id="P01")
    assert (patient.kps, patient.version) == (70, 2)
    assert patient.history.first().history_change_reason == "import of cohort"


def test_a_bad_file_imports_nothing_and_names_every_problem(registry: Any, tmp_path: Path) -> None:
    from spinemet.errors import CohortError
    from spinemet.registry.patients.models import Patient

    source = tmp_path / "cohort"
    shutil.copytree(examples_dir() / "cohort", source)
    patients = pd.read_csv(source / "patients.csv", dtype=str)
    patients.loc[1, "sex"] = "f"
    patients.loc[3, "vital_status"] = "unknown"
    patients.to_csv(source / "patients.csv", index=False)
    with pytest.raises(CohortError) as caught:
        _import(source, site_code="site_a")
    assert {problem.field for problem in caught.value.problems} >= {"sex", "vital_status"}
    assert Patient.objects.count() == 0


def test_a_site_column_naming_another_site_is_refused(registry: Any) -> None:
    from spinemet.errors import SpinemetInputError
    from spinemet.registry.patients.models import Patient

    with pytest.raises(SpinemetInputError) as caught:
        _import(examples_dir() / "cohort", site_code="site_b")  # the file says site_a
    assert caught.value.problems[0].code == "site_mismatch"
    assert Patient.objects.count() == 0


def test_import_and_export_through_the_command_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "SPINEMET_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = [sys.executable, "-m", "spinemet.cli"]
    subprocess.run(
        [*run, "sites", "add", "site_a", "--name", "A"], env=env, check=True, capture_output=True
    )
    bad = subprocess.run(
        [*run, "import", str(examples_dir() / "cohort"), "--site", "nowhere"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2
    assert "site: invalid value 'nowhere'; allowed: site_a" in bad.stderr
    done = subprocess.run(
        [*run, "import", str(examples_dir() / "cohort"), "--site", "site_a"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "patients: added 5" in done.stdout
    out = tmp_path / "export"
    exported = subprocess.run(
        [*run, "export", "--format", "cohort", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert exported.returncode == 0, exported.stderr
    assert read_cohort(out).n_patients == 5
    bundle = tmp_path / "bundle.json"
    fhir = [*run, "export", "--format", "fhir", "--out", str(bundle), "--site", "site_a"]
    assert subprocess.run(fhir, env=env, capture_output=True).returncode == 0
    from spinemet.interop import read_any_cohort

    assert read_any_cohort(bundle).n_patients == 5


def test_synthetic_patients_stay_labelled_synthetic_in_the_extract(registry: Any) -> None:
    from spinemet.cohort import synthetic_cohort
    from spinemet.registry.extract import cohort_extract
    from spinemet.registry.importer import import_cohort
    from spinemet.registry.sites.selectors import command_line_actor

    actor = command_line_actor()
    import_cohort(actor=actor, cohort=synthetic_cohort(6), site_code="site_a", source="synthetic")
    extract = cohort_extract(actor)
    assert extract.synthetic is True
    assert extract.n_patients == 6


def test_analyze_reads_the_registry_directly(tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "SPINEMET_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = [sys.executable, "-m", "spinemet.cli"]
    db = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    subprocess.run([*run, "sites", "add", "site_a", "--name", "A", "--db", db], env=env, check=True)
    cohort = str(examples_dir() / "cohort")
    subprocess.run([*run, "import", cohort, "--site", "site_a", "--db", db], env=env, check=True)
    out = tmp_path / "report"
    done = subprocess.run(
        [*run, "analyze", "--db", db, "--site", "site_a", "--out", str(out), "--quiet"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads((out / "results.json").read_text())
    assert results["n_patients"] == 5
    assert results["synthetic"] is False


def test_a_study_with_its_own_schedule_takes_a_file_that_follows_it(
    registry: Any, tmp_path: Path
) -> None:
    from spinemet.cohort import VisitSchedule
    from spinemet.errors import SpinemetInputError
    from spinemet.registry.patients.models import Patient
    from spinemet.registry.patients.services import study_add
    from spinemet.registry.visits.models import Visit

    weekly = VisitSchedule.from_dict(
        {
            "visits": [
                {"code": "preop", "target_day": 0, "window_low_day": -30, "window_high_day": 0},
                {"code": "w2", "target_day": 14, "window_low_day": 10, "window_high_day": 18},
            ]
        }
    )
    study_add(code="weekly", name="Two-week follow-up", schedule=weekly)
    patients = tmp_path / "patients.csv"
    patients.write_text(
        "patient_id,index_date,vital_status,last_contact_date\nW1,2026-01-05,alive,2026-02-01\n"
    )
    (tmp_path / "assessments.csv").write_text(
        "patient_id,visit,date,instrument,vas\nW1,w2,2026-01-19,vas,2\n"
    )
    from spinemet.registry.importer import import_cohort
    from spinemet.registry.sites.selectors import command_line_actor

    cohort = read_cohort(tmp_path, schedule=weekly)
    with pytest.raises(SpinemetInputError) as caught:
        import_cohort(actor=command_line_actor(), cohort=cohort, site_code="site_a")
    assert caught.value.code == "schedule_mismatch"
    import_cohort(
        actor=command_line_actor(), cohort=cohort, site_code="site_a", study_code="weekly"
    )
    patient = Patient.objects.get(study_id="W1")
    assert patient.protocol.code == "weekly"
    assert list(Visit.objects.filter(patient=patient).values_list("code", flat=True)) == [
        "preop",
        "w2",
    ]
