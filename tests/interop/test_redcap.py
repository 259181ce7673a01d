"""REDCap: the data dictionary, events, and record exports in and out of the cohort."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinemet.cohort import Cohort, synthetic_cohort
from spinemet.errors import CohortError
from spinemet.instruments import get_spec
from spinemet.interop import (
    cohort_to_redcap_records,
    read_redcap_records,
    redcap_events,
    redcap_form_event_mapping,
    redcap_metadata,
    redcap_records_to_cohort,
    write_redcap_dictionary,
)
from spinemet.interop.redcap_project import DICTIONARY_HEADERS, calc_formula
from tests.interop.conftest import assert_same_cohort


def test_dictionary_has_the_18_headers_redcap_writes(tmp_path):
    path = write_redcap_dictionary(tmp_path / "dictionary.csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert tuple(frame.columns) == DICTIONARY_HEADERS
    assert len(DICTIONARY_HEADERS) == 18
    assert frame.iloc[0]["Variable / Field Name"] == "patient_id"


def test_barthel_total_is_a_calc_field_blank_until_every_item_is_filled():
    fields = {field["field_name"]: field for field in redcap_metadata()}
    total = fields["barthel_total"]
    assert total["field_type"] == "calc"
    assert total["select_choices_or_calculations"] == (
        "([barthel_feeding]) + ([barthel_bathing]) + ([barthel_grooming]) + "
        "([barthel_dressing]) + ([barthel_bowels]) + ([barthel_bladder]) + "
        "([barthel_toilet_use]) + ([barthel_transfers]) + ([barthel_mobility]) + "
        "([barthel_stairs])"
    )
    assert fields["barthel_feeding"]["select_choices_or_calculations"].startswith("0, 0: Unable")


def test_sins_calc_gives_each_code_its_points():
    formula = calc_formula(get_spec("sins"))
    assert "if([sins_location] = 'junctional', 3, if([sins_location] = 'mobile', 2," in formula
    assert formula.count("if([sins_") == sum(len(item.choices) for item in get_spec("sins").items)


def test_validation_and_branching_come_from_the_specs():
    fields = {field["field_name"]: field for field in redcap_metadata()}
    assert fields["vas_score"]["text_validation_type_or_show_slider_number"] == "number"
    assert (
        fields["vas_score"]["text_validation_min"],
        fields["vas_score"]["text_validation_max"],
    ) == ("0", "10")
    assert fields["index_date"]["text_validation_type_or_show_slider_number"] == "date_ymd"
    assert fields["death_date"]["branching_logic"] == "[vital_status] = 'dead'"
    assert fields["procedure_screw_levels"]["field_type"] == "checkbox"


def test_events_and_mapping_follow_the_schedule():
    names = [event["unique_event_name"] for event in redcap_events()]
    assert names == [
        "enrolment_arm_1",
        "preop_arm_1",
        "d7_arm_1",
        "m3_arm_1",
        "m6_arm_1",
        "m12_arm_1",
        "m24_arm_1",
        "unscheduled_arm_1",
    ]
    mapping = redcap_form_event_mapping()
    assert {"arm_num": 1, "unique_event_name": "m3_arm_1", "form": "barthel"} in mapping
    assert {"arm_num": 1, "unique_event_name": "m3_arm_1", "form": "patient"} not in mapping


@pytest.mark.parametrize("longitudinal", [True, False])
@pytest.mark.parametrize("raw_or_label", ["raw", "label"])
def test_records_round_trip_gives_back_the_cohort(cohort, longitudinal, raw_or_label):
    records = cohort_to_redcap_records(cohort, longitudinal=longitudinal, raw_or_label=raw_or_label)
    assert_same_cohort(cohort, redcap_records_to_cohort(records))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31), n=st.integers(1, 12))
def test_records_round_trip_on_generated_cohorts(seed, n):
    cohort = synthetic_cohort(n, seed=seed)
    assert_same_cohort(cohort, redcap_records_to_cohort(cohort_to_redcap_records(cohort)))


def _awkward() -> Cohort:
    patients = pd.DataFrame(
        {
            "patient_id": ["张三-01", "P2"],
            "site": ["北京协和", None],
            "sex": ["male", "female"],
            "index_date": ["2024-01-10", "2024-02-01"],
            "vital_status": ["dead", "alive"],
            "death_date": ["2024-03-01", None],
            "last_contact_date": ["2024-03-01", "2024-09-01"],
        }
    )
    sins = {
        "location": "junctional",
        "pain": "mechanical",
        "bone_lesion": "lytic",
        "radiographic_alignment": "normal",
        "vertebral_body_collapse": "lt_50",
        "posterolateral_involvement": "none",
    }
    assessments = pd.DataFrame(
        {
            "patient_id": ["张三-01", "张三-01", "P2", "P2", "P2", "P2"],
            "visit": ["preop", None, "m6", "preop", "preop", "preop"],
            "date": [None, "2024-02-20", "2024-08-01", "2024-01-30", None, None],
            "instrument": ["vas", "vas", "barthel", "ecog", "frankel", "sins"],
            "total": [8.0, 5.5, 65.0, 2, None, None],
            "grade": [None, None, None, None, "D", None],
            **{name: [None] * 5 + [code] for name, code in sins.items()},
        }
    )
    complications = pd.DataFrame(
        {
            "patient_id": ["张三-01", "张三-01"],
            "date": ["2024-01-20", "2024-02-02"],
            "type": ["infection", "infection"],
            "grade": ["II", "IIIb"],
            "detail": ["切口感染, deep", None],
            "resolved": [True, None],
        }
    )
    return Cohort.from_tables(
        patients,
        assessments=assessments,
        complications=complications,
        procedures=pd.DataFrame(columns=["patient_id", "date", "type"]),
    )


def test_awkward_cohort_round_trips_chinese_text_deaths_repeats_and_empty_tables():
    cohort = _awkward()
    back = redcap_records_to_cohort(cohort_to_redcap_records(cohort))
    assert_same_cohort(cohort, back)
    assert back.is_given("procedures")
    assert back.procedures.empty
    assert not back.is_given("lesions")


def test_csv_export_reads_back(tmp_path, cohort):
    from spinemet.interop import write_redcap_records

    path = write_redcap_records(cohort, tmp_path / "records.csv")
    assert_same_cohort(cohort, read_redcap_records(path))


def test_a_bad_value_names_record_event_field_and_value(tmp_path, cohort):
    records = cohort_to_redcap_records(cohort)
    records[4]["barthel_feeding"] = "7"
    records[0]["sex"] = "unknown"
    frame = pd.DataFrame(records)
    path = tmp_path / "records.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(CohortError) as caught:
        read_redcap_records(path)
    text = str(caught.value)
    assert "record S001, event enrolment_arm_1 (CSV row 2): sex: invalid value 'unknown'" in text
    assert "record S001, event preop_arm_1 (CSV row 6): barthel_feeding: invalid value '7'" in text


def test_data_on_the_wrong_row_and_unknown_events_are_refused(cohort):
    records = cohort_to_redcap_records(cohort)
    records[1]["sex"] = "male"  # a lesion instance row
    records[5]["redcap_event_name"] = "m9_arm_1"
    with pytest.raises(CohortError) as caught:
        redcap_records_to_cohort(records)
    codes = {problem.code for problem in caught.value.problems}
    assert {"misplaced_value", "unknown_event"} <= codes


def test_an_unknown_column_is_refused(cohort):
    records = cohort_to_redcap_records(cohort)
    records[0]["odi_total"] = "3"
    with pytest.raises(CohortError, match="odi_total"):
        redcap_records_to_cohort(records)


def test_import_files_leave_out_calculated_fields_redcap_refuses(cohort):
    # redcapAPI (vubiostat) importRecords: "'calc_addition' ... are calculated fields and
    # cannot be imported"; REDCap computes them itself.
    rows = cohort_to_redcap_records(cohort)
    assert not any("barthel_total" in row for row in rows)
    rows = cohort_to_redcap_records(cohort, calculated=True)
    assert any(row.get("barthel_total") for row in rows)


def test_a_calculated_total_that_disagrees_with_its_items_is_refused(cohort):
    rows = cohort_to_redcap_records(cohort, calculated=True)
    position = next(i for i, row in enumerate(rows) if row.get("barthel_total"))
    rows[position]["barthel_total"] = "99"
    with pytest.raises(CohortError, match="barthel_total"):
        redcap_records_to_cohort(rows)


def test_label_export_names_events_and_forms_by_label(cohort):
    rows = cohort_to_redcap_records(cohort, raw_or_label="label")
    assert rows[0]["redcap_event_name"] == "enrolment"
    assert rows[1]["redcap_repeat_instrument"] == "Lesions"
    assert rows[0]["vital_status"] == "Dead"


def test_label_headers_are_refused_with_what_to_do():
    with pytest.raises(CohortError, match="rawOrLabelHeaders=raw"):
        redcap_records_to_cohort([{"Patient identifier": "S1", "Event Name": "enrolment"}])


def test_eav_shape_round_trips_to_the_same_cohort(cohort):
    from spinemet.interop import redcap_eav_to_flat, redcap_flat_to_eav

    eav = redcap_flat_to_eav(cohort_to_redcap_records(cohort))
    first = cohort.procedures.iloc[0]
    screws = [
        row["value"]
        for row in eav
        if row["record"] == first["patient_id"]
        and row["field_name"] == "procedure_screw_levels"
        and row.get("redcap_repeat_instance") == "1"
    ]
    assert ",".join(screws) == first["screw_levels"]
    assert_same_cohort(cohort, redcap_records_to_cohort(redcap_eav_to_flat(eav)))
