"""``spinemet export`` and ``spinemet analyze`` on the interop formats; bad files exit 2."""

from __future__ import annotations

import json

import pytest

from spinemet.cli import main
from spinemet.cohort import write_cohort
from spinemet.interop import read_any_cohort
from tests.interop.conftest import assert_same_cohort


@pytest.fixture
def cohort_folder(tmp_path, cohort):
    return write_cohort(cohort, tmp_path / "cohort")


@pytest.mark.parametrize(
    ("format", "name"),
    [
        ("redcap-records", "records.csv"),
        ("redcap-records", "records.json"),
        ("fhir", "bundle.json"),
    ],
)
def test_export_then_read_gives_back_the_cohort(tmp_path, cohort, cohort_folder, format, name):
    out = tmp_path / name
    assert (
        main(["export", "--format", format, "--from", str(cohort_folder), "--out", str(out)]) == 0
    )
    assert_same_cohort(cohort, read_any_cohort(out), value_items=format != "fhir")


@pytest.mark.parametrize(
    ("format", "files"),
    [
        ("omop", "person.csv"),
        ("spss", "wide.sav"),
        ("stata", "wide.dta"),
        ("cohort", "patients.csv"),
    ],
)
def test_export_writes_folder_formats(tmp_path, cohort_folder, format, files):
    out = tmp_path / "out"
    assert (
        main(["export", "--format", format, "--from", str(cohort_folder), "--out", str(out)]) == 0
    )
    assert (out / files).exists()


def test_dictionary_needs_no_cohort(tmp_path):
    out = tmp_path / "dictionary.csv"
    assert main(["export", "--format", "redcap-dictionary", "--out", str(out)]) == 0
    assert out.read_text().startswith("Variable / Field Name,Form Name,")


def test_export_from_a_file_and_the_registry_at_once_exits_2(cohort_folder, tmp_path, capsys):
    # Without --from the registry is the source (tests/registry/test_import_export.py).
    out = tmp_path / "records.csv"
    args = ["export", "--format", "redcap-records", "--from", str(cohort_folder), "--out", str(out)]
    assert main([*args, "--site", "site_a"]) == 2
    assert "either --from PATH or the registry" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("format", ["redcap-records", "fhir"])
def test_analyze_reads_redcap_and_fhir(tmp_path, cohort_folder, format):
    source = tmp_path / ("records.csv" if format == "redcap-records" else "bundle.json")
    main(["export", "--format", format, "--from", str(cohort_folder), "--out", str(source)])
    out = tmp_path / "report"
    assert main(["analyze", str(source), "--out", str(out), "--quiet"]) == 0
    results = json.loads((out / "results.json").read_text())
    assert results["n_patients"] == 40


def test_malformed_redcap_export_exits_2_naming_the_place(tmp_path, cohort_folder, capsys):
    source = tmp_path / "records.csv"
    main(
        ["export", "--format", "redcap-records", "--from", str(cohort_folder), "--out", str(source)]
    )
    lines = source.read_text().splitlines()
    lines[5] = lines[5].replace("preop_arm_1", "m9_arm_1")
    source.write_text("\n".join(lines) + "\n")
    out = tmp_path / "again.json"
    capsys.readouterr()
    assert main(["export", "--format", "fhir", "--from", str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "records.csv: row record S001, event m9_arm_1 (CSV row 6): redcap_event_name" in err
    assert not out.exists()


def test_malformed_fhir_bundle_exits_2_naming_the_entry(tmp_path, cohort_folder, capsys):
    source = tmp_path / "bundle.json"
    main(["export", "--format", "fhir", "--from", str(cohort_folder), "--out", str(source)])
    bundle = json.loads(source.read_text())
    bundle["entry"][1]["resource"]["resourceType"] = "Medication"
    source.write_text(json.dumps(bundle))
    out = tmp_path / "records.csv"
    capsys.readouterr()
    assert (
        main(["export", "--format", "redcap-records", "--from", str(source), "--out", str(out)])
        == 2
    )
    assert (
        "bundle.json: row entry 1 (Medication): entry[1].resource.resourceType"
        in capsys.readouterr().err
    )
    assert not out.exists()


def test_malformed_spss_file_exits_2(tmp_path, cohort_folder, capsys):
    from spinemet.interop.statfiles import read_statfiles

    out = tmp_path / "spss"
    main(["export", "--format", "spss", "--from", str(cohort_folder), "--out", str(out)])
    (out / "patients.sav").write_bytes(b"not an spss file")
    from spinemet.errors import CohortError

    with pytest.raises(CohortError, match="patients.sav"):
        read_statfiles(out, format="spss")


def test_one_patients_fhir_bundle(tmp_path, cohort, cohort_folder):
    out = tmp_path / "S003.json"
    args = ["export", "--format", "fhir", "--from", str(cohort_folder), "--out", str(out)]
    assert main([*args, "--patient", "S003"]) == 0
    back = read_any_cohort(out)
    assert back.patients["patient_id"].tolist() == ["S003"]
    expected = cohort.assessments[cohort.assessments["patient_id"] == "S003"]
    assert len(back.assessments) == len(expected)


def test_an_unknown_patient_exits_2(tmp_path, cohort_folder, capsys):
    out = tmp_path / "x.json"
    args = ["export", "--format", "fhir", "--from", str(cohort_folder), "--out", str(out)]
    assert main([*args, "--patient", "NOPE"]) == 2
    assert "--patient: invalid value 'NOPE'" in capsys.readouterr().err
    assert not out.exists()


def test_malformed_stata_folder_exits_2_naming_the_file(tmp_path, cohort_folder, capsys):
    out = tmp_path / "stata"
    main(["export", "--format", "stata", "--from", str(cohort_folder), "--out", str(out)])
    (out / "lesions.dta").write_bytes(b"\x00garbage")
    target = tmp_path / "records.csv"
    capsys.readouterr()
    assert (
        main(["export", "--format", "redcap-records", "--from", str(out), "--out", str(target)])
        == 2
    )
    assert "lesions.dta" in capsys.readouterr().err
    assert not target.exists()


def test_spss_folder_with_a_bad_value_exits_2_naming_file_row_and_field(
    tmp_path, cohort_folder, capsys
):
    import pyreadstat

    out = tmp_path / "spss"
    main(["export", "--format", "spss", "--from", str(cohort_folder), "--out", str(out)])
    frame, meta = pyreadstat.read_sav(str(out / "patients.sav"))
    frame.loc[2, "age"] = 150.0
    pyreadstat.write_sav(
        frame,
        str(out / "patients.sav"),
        column_labels=meta.column_names_to_labels,
        variable_value_labels=meta.variable_value_labels,
    )
    capsys.readouterr()
    assert main(["analyze", str(out), "--out", str(tmp_path / "report"), "--quiet"]) == 2
    assert "patients.sav: row 3: age: invalid value 150.0" in capsys.readouterr().err
    assert not (tmp_path / "report").exists()
