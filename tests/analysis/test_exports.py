"""tables.docx and tables.xlsx: the report's tables for co-authors, the same as the HTML."""

from __future__ import annotations

import docx
import openpyxl
import pandas as pd

from spinemet.analysis.exports import write_tables_docx, write_tables_xlsx
from spinemet.analysis.journal import JournalTable, journal_tables
from spinemet.analysis.perioperative import clavien_dindo_table, perioperative_table

ATTACK = '=HYPERLINK("http://example.invalid","click")'


def test_word_and_excel_tables_hold_every_journal_table(synthetic_analysis, tmp_path):
    _, analysis = synthetic_analysis
    tables = journal_tables(analysis)
    write_tables_docx(tables, tmp_path / "t.docx", title="report")
    write_tables_xlsx(tables, tmp_path / "t.xlsx")
    document = docx.Document(str(tmp_path / "t.docx"))
    assert len(document.tables) == len(tables)
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells] == list(tables[0].header)
    assert first.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # header repeats on each page
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert len(book.sheetnames) == len(tables)
    sheet = book[book.sheetnames[0]]
    assert [c.value for c in sheet[2]] == list(tables[0].header)


def test_table_1_has_n_in_its_headers_and_tests_as_footnotes():
    from spinemet.analysis.pipeline import analyze_cohort
    from spinemet.cohort import synthetic_cohort

    # Table 1 p-values are off by default (issue 11, CONSORT); asked for, they are footnoted.
    cohort = synthetic_cohort(n=40, seed=5)
    analysis = analyze_cohort(cohort, by="sex", table1_p_values=True)
    table = journal_tables(analysis)[0]
    assert table.header[2] == "Overall (N = 40)"
    assert all("(N = " in cell for cell in table.header[3:5])
    assert table.header[-1] == "p"
    assert any(note.startswith("a ") for note in table.footnotes)
    labels = [row[0] for row in table.rows]
    assert "Age, years, mean (SD)" in labels or "Age, years, median [Q1, Q3]" in labels
    assert "SINS band, n (%)" in labels  # spine content from the lesions table
    assert "Index level region, n (%)" in labels


def test_table_1_has_no_p_column_unless_asked(synthetic_analysis):
    _, analysis = synthetic_analysis
    table = journal_tables(analysis)[0]
    assert "p" not in table.header
    assert table.header[-1].startswith(("Female (N = ", "Male (N = "))


def test_the_excel_tables_write_text_as_text(tmp_path):
    table = JournalTable("t", "title", ("a", "b"), ((ATTACK, "1"),))
    write_tables_xlsx([table], tmp_path / "t.xlsx")
    cells = [
        c for row in openpyxl.load_workbook(tmp_path / "t.xlsx").active.iter_rows() for c in row
    ]
    assert all(cell.data_type != "f" for cell in cells)
    assert ATTACK in [cell.value for cell in cells]


def test_perioperative_table_counts_levels_and_leaves_out_what_is_not_recorded():
    procedures = pd.DataFrame(
        {
            "type": ["ppsf_pvp", "ppsf_pvp", "pvp"],
            "screw_levels": ["T11,T12,L1,L2", "T12,L1", None],
            "cement_levels": ["T12,L1", "L1", "L1"],
            "blood_loss_ml": [100.0, 200.0, None],
        }
    )
    table = perioperative_table(procedures)
    assert table is not None
    measures = table[table["variable"] != "type"].set_index("variable")
    assert list(measures.index) == ["blood_loss_ml", "levels_instrumented", "levels_cemented"]
    assert measures.loc["levels_instrumented", ["n", "mean"]].tolist() == [2, 3.0]
    assert measures.loc["blood_loss_ml", "median"] == 150.0
    types = table[table["variable"] == "type"]
    assert types["n"].tolist() == [2, 1]


def test_clavien_dindo_grades_in_order_with_exact_intervals():
    complications = pd.DataFrame(
        {
            "patient_id": ["A", "B", "B", "C"],
            "grade": ["IIIb", "I", "I", None],
            "date": [pd.Timestamp("2021-01-01"), None, pd.Timestamp("2021-02-01"), None],
        }
    )
    table = clavien_dindo_table(complications, n_patients=40)
    assert table[["grade", "events", "patients", "undated"]].values.tolist() == [
        ["I", 2, 1, 1], ["IIIb", 1, 1, 0], ["ungraded", 1, 1, 1],
    ]  # fmt: skip
    # Clopper-Pearson for 1/40: the lower bound is 1 - 0.975 ** (1 / 40) in closed form;
    # the upper is checked against scipy's independent binomtest implementation.
    from scipy.stats import binomtest

    assert abs(table.loc[0, "ci95_low"] - (1 - 0.975 ** (1 / 40))) < 1e-12
    upper = binomtest(1, 40).proportion_ci(method="exact").high
    assert abs(table.loc[0, "ci95_high"] - upper) < 1e-12
