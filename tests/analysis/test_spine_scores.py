"""Revised Tokuhashi and Tomita in Table 1, and cement leakage by Yeom type (issue 12).

Every number is checked against a value computed by hand from the published points and bands
(Tokuhashi Y et al. Spine 2005;30(19):2186-91; Tomita K et al. Spine 2001;26(3):298-306) or
against R's ``binom.test``.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from spinemet.analysis.journal import cement_leakage, table1
from spinemet.analysis.pipeline import analyze_cohort
from spinemet.analysis.results import results_to_dict
from spinemet.cohort import Cohort
from spinemet.errors import CohortError

_PATIENTS = pd.DataFrame(
    {
        "patient_id": ["P1", "P2", "P3", "P4"],
        "index_date": ["2020-01-10", "2020-02-01", "2020-03-01", "2020-04-01"],
        "vital_status": ["alive", "dead", "dead", "alive"],
        "last_contact_date": ["2021-01-10", "2020-05-01", "2020-09-01", "2021-04-01"],
        "death_date": [None, "2020-05-01", "2020-09-01", None],
    }
)

_TOKUHASHI = ("general_condition", "extraspinal_bone_metastases", "vertebral_body_metastases",
              "major_organ_metastases", "primary_site", "palsy")  # fmt: skip


def _assessments() -> pd.DataFrame:
    rows = [
        # Tokuhashi 2005 points: 2 + 2 + 2 + 2 + 5 (breast) + 2 = 15 -> 12-15 (>= 1 year)
        ("P1", "preop", "tokuhashi_revised", None,
         ("good", "none", "one", "none", "breast", "none")),
        # 0 + 0 + 0 + 0 + 0 (lung) + 0 = 0 -> 0-8 (< 6 months)
        ("P2", "preop", "tokuhashi_revised", None,
         ("poor", "three_or_more", "three_or_more", "unremovable", "lung", "complete")),
        # 1 + 1 + 1 + 1 + 3 (kidney) + 1 = 8 -> 0-8 (< 6 months)
        ("P3", "preop", "tokuhashi_revised", None,
         ("moderate", "one_to_two", "two", "removable", "kidney", "incomplete")),
        # a sheet with the total only: 10 -> 9-11 (>= 6 months), marked given
        ("P4", "preop", "tokuhashi_revised", 10.0, None),
    ]  # fmt: skip
    records = []
    for patient, visit, instrument, total, items in rows:
        record = {"patient_id": patient, "visit": visit, "instrument": instrument, "total": total}
        if items:
            record |= dict(zip(_TOKUHASHI, items, strict=True))
        records.append(record)
    tomita = [
        ("P1", ("slow", "none", "solitary")),  # 1 + 0 + 1 = 2 -> long-term local control
        ("P2", ("rapid", "untreatable", "multiple")),  # 4 + 4 + 2 = 10 -> terminal care
        ("P3", ("moderate", "treatable", "multiple")),  # 2 + 2 + 2 = 6 -> short-term palliation
    ]
    for patient, (growth, visceral, bone) in tomita:
        records.append(
            {"patient_id": patient, "visit": "preop", "instrument": "tomita",
             "primary_tumor_growth": growth, "visceral_metastases": visceral,
             "bone_metastases": bone}
        )  # fmt: skip
    # Recorded again after surgery: a prognostic score before treatment, so not used.
    records.append({"patient_id": "P1", "visit": "m3", "instrument": "tomita", "total": 3.0})
    records += [
        {"patient_id": p, "visit": v, "instrument": "vas", "total": t}
        for p, v, t in [("P1", "preop", 7.0), ("P1", "m3", 3.0), ("P2", "preop", 8.0)]
    ]
    return pd.DataFrame.from_records(records)


@pytest.fixture(scope="module")
def scored():
    cohort = Cohort.from_tables(_PATIENTS, assessments=_assessments(), check_visit_windows=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return analyze_cohort(cohort)


def _rows(analysis) -> dict[str, tuple[str, ...]]:
    return {row[0].strip(): row[1:] for row in table1(analysis).rows}


def test_tokuhashi_and_tomita_are_scored_from_their_items_into_table_1(scored):
    rows = _rows(scored)
    # Totals 15, 0, 8, 10. Quartiles by R's default rule (type 7): sorted 0, 8, 10, 15;
    # Q1 = 0 + 0.75 * (8 - 0) = 6, median = 9, Q3 = 10 + 0.25 * (15 - 10) = 11.25
    # (R: quantile(c(15, 0, 8, 10)) gives 6, 9, 11.25); tableone prints one decimal.
    assert rows["Revised Tokuhashi score, median [Q1, Q3]"] == ("0", "9.0 [6.0,11.2]")
    assert rows["0-8: predicted survival < 6 months: conservative (non-surgical palliative) "
                "treatment"][-1] == "2 (50.0)"  # fmt: skip
    assert rows["12-15: predicted survival >= 1 year: excisional surgery"][-1] == "1 (25.0)"
    # Tomita totals 2, 10, 6 (P4 has none): median 6, Q1 = 2 + 0.5 * 4 = 4, Q3 = 8.
    assert rows["Tomita score, median [Q1, Q3]"] == ("1", "6.0 [4.0,8.0]")
    assert rows["8-10: terminal care: non-operative supportive care"][-1] == "1 (25.0)"


def test_the_bands_are_listed_in_the_instrument_order_not_alphabetically(scored):
    labels = [row[0].strip() for row in table1(scored).rows]
    start = labels.index("Revised Tokuhashi band, n (%)")
    assert [label.split(":")[0] for label in labels[start + 1 : start + 4]] == [
        "0-8",
        "9-11",
        "12-15",
    ]


def test_a_given_total_is_used_and_said_so_and_later_visits_are_not_used(scored):
    assert scored.prognostic_scores == {
        "tokuhashi_revised": {"n": 4, "given": 1},
        "tomita": {"n": 3, "given": 0},
    }
    assert any("1 of 4 totals given without their items" in note
               for note in table1(scored).footnotes)  # fmt: skip
    assert "tomita" not in scored.outcomes
    assert "tokuhashi_revised" not in scored.outcomes
    assert list(scored.outcomes) == ["vas"]
    assert any(note.startswith("tomita: 1 assessment(s) not at the baseline visit (preop)")
               for note in scored.notes)  # fmt: skip
    assert results_to_dict(scored)["prognostic_scores"]["tokuhashi_revised"]["given"] == 1


def test_a_given_total_that_disagrees_with_its_items_is_refused():
    assessments = _assessments()
    assessments.loc[0, "total"] = 14.0  # P1's items add up to 15
    with pytest.raises(CohortError, match="15"):
        Cohort.from_tables(_PATIENTS, assessments=assessments, check_visit_windows=False)


def test_the_synthetic_demo_cohort_has_both_scores_in_table_1():
    from spinemet.cohort import synthetic_cohort

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = analyze_cohort(synthetic_cohort(40))
    variables = set(analysis.table1.rows["variable"])
    assert {"tokuhashi_revised_total, median [Q1,Q3]", "tomita_band, n (%)"} <= variables
    assert analysis.cement_leakage is not None


# Cement leakage: 40 patients, 101 cemented levels (21 patients with 3, 19 with 2); type C at
# 7 levels of 3 patients, no type B or S.


def _leakage_procedures() -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = [f"L{i:02d}" for i in range(40)]
    patients = pd.DataFrame(
        {
            "patient_id": ids,
            "index_date": "2020-01-01",
            "vital_status": "alive",
            "last_contact_date": "2020-12-01",
        }
    )
    three, two = "T11,T12,L1", "L2,L3"
    cement = [three] * 21 + [two] * 19
    type_c = [three, three, "L1"] + [None] * 37  # 3 + 3 + 1 = 7 levels, 3 patients
    procedures = pd.DataFrame(
        {
            "patient_id": ids,
            "date": "2020-01-01",
            "type": "ppsf_pvp",
            "cement_levels": cement,
            "cement_leakage_assessed": True,
            "cement_leakage_c_levels": type_c,
        }
    )
    return patients, procedures


@pytest.fixture(scope="module")
def leakage():
    patients, procedures = _leakage_procedures()
    cohort = Cohort.from_tables(patients, procedures=procedures)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return analyze_cohort(cohort)


def test_leakage_by_type_per_level_and_patient_matches_r_binom_test(leakage):
    table = leakage.cement_leakage.set_index("type")
    c = table.loc["type_c"]
    assert (c["levels"], c["n_levels"], c["patients"], c["n_patients"]) == (7, 101, 3, 40)
    # R 4.2.2: binom.test(7, 101)$conf.int = 0.0283174078149408 0.137595880808817
    assert c["levels_ci95_low"] == pytest.approx(0.0283174078149408, rel=1e-9)
    assert c["levels_ci95_high"] == pytest.approx(0.137595880808817, rel=1e-9)
    # R 4.2.2: binom.test(3, 40)$conf.int = 0.0157421798510415 0.203864748732899
    assert c["patients_ci95_low"] == pytest.approx(0.0157421798510415, rel=1e-9)
    assert c["patients_ci95_high"] == pytest.approx(0.203864748732899, rel=1e-9)
    b = table.loc["type_b"]
    assert (b["levels"], b["patients"]) == (0, 0)
    # R 4.2.2: binom.test(0, 40)$conf.int = 0 0.0880973028788024; for 0 of n the exact upper
    # bound is 1 - 0.025^(1/n) (Clopper-Pearson with x = 0), so for 101 levels:
    assert b["patients_ci95_high"] == pytest.approx(0.0880973028788024, rel=1e-9)
    assert b["levels_ci95_low"] == 0.0
    assert b["levels_ci95_high"] == pytest.approx(1 - 0.025 ** (1 / 101), rel=1e-12)
    assert table.loc["any"]["levels"] == 7
    assert table.loc["any"]["patients"] == 3


def test_leakage_is_in_the_tables_export_and_results_json(leakage):
    journal = cement_leakage(leakage)
    rows = {row[0]: row[1:] for row in journal.rows}
    assert rows["Type C (cortical defect)"] == ("7/101", "6.9% (2.8 to 13.8)", "3/40",
                                                "7.5% (1.6 to 20.4)")  # fmt: skip
    data = results_to_dict(leakage)["cement_leakage"]
    assert [record["type"] for record in data] == ["type_b", "type_s", "type_c", "any"]


def test_leakage_not_recorded_is_unknown_not_zero():
    patients, procedures = _leakage_procedures()
    procedures = procedures.drop(columns=["cement_leakage_assessed", "cement_leakage_c_levels"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = analyze_cohort(Cohort.from_tables(patients, procedures=procedures))
    assert analysis.cement_leakage is None
    assert results_to_dict(analysis)["cement_leakage"] is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"cement_leakage_c_levels": "T10"},
            "cement_leakage_c_levels: invalid value 'T10'",
        ),
        ({"cement_leakage_assessed": None}, "cement_leakage_assessed"),
        ({"cement_levels": None}, "cement_levels"),
    ],
)
def test_leakage_that_contradicts_the_procedure_is_refused(change, message):
    patients, procedures = _leakage_procedures()
    for column, value in change.items():
        procedures[column] = procedures[column].astype(object)
        procedures.loc[0, column] = value
    with pytest.raises(CohortError, match=message):
        Cohort.from_tables(patients, procedures=procedures)


def test_a_wide_sheet_with_totals_only_gives_the_bands_marked_given(tmp_path):
    from spinemet.cohort import read_cohort

    sheet = tmp_path / "wide.csv"
    sheet.write_text(
        "patient_id,index_date,vital_status,last_contact_date,tokuhashi_revised_preop,"
        "tomita_preop,vas_preop,vas_m3\n"
        "W1,2020-01-01,alive,2021-01-01,10,4,7,3\n"
        "W2,2020-02-01,alive,2021-02-01,5,8,8,4\n"
        "W3,2020-03-01,alive,2021-03-01,13,,6,2\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = analyze_cohort(read_cohort(sheet))
    rows = _rows(analysis)
    # 5, 10, 13: median 10, Q1 = 5 + 0.5 * 5 = 7.5, Q3 = 10 + 0.5 * 3 = 11.5 (R type 7)
    assert rows["Revised Tokuhashi score, median [Q1, Q3]"] == ("0", "10.0 [7.5,11.5]")
    assert rows["12-15: predicted survival >= 1 year: excisional surgery"][-1] == "1 (33.3)"
    assert (
        "Revised Tokuhashi score: all 3 totals given without their items (used as recorded)."
        in (table1(analysis).footnotes)
    )
    assert list(analysis.outcomes) == ["vas"]


def test_leakage_and_the_scores_are_in_tables_docx_and_xlsx(leakage, scored, tmp_path):
    import docx
    import openpyxl

    from spinemet.analysis.exports import write_tables_docx, write_tables_xlsx
    from spinemet.analysis.journal import journal_tables

    tables = journal_tables(leakage)
    assert [table.key for table in tables].count("cement_leakage") == 1
    write_tables_docx(tables, tmp_path / "t.docx", title="report")
    write_tables_xlsx(tables, tmp_path / "t.xlsx")
    texts = [
        [cell.text for cell in row.cells]
        for table in docx.Document(str(tmp_path / "t.docx")).tables
        for row in table.rows
    ]
    assert ["Type C (cortical defect)", "7/101", "6.9% (2.8 to 13.8)", "3/40",
            "7.5% (1.6 to 20.4)"] in texts  # fmt: skip
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    name = next(name for name in book.sheetnames if name.endswith("cement_leakage"))
    values = [[cell.value for cell in row] for row in book[name].iter_rows()]
    assert any(row[:2] == ["Any type", "7/101"] for row in values)
    first = journal_tables(scored)[0]
    assert any(row[0] == "Tomita band, n (%)" for row in first.rows)
