"""``spinemet analyze`` through the installed console script."""

from __future__ import annotations

import html
import json
import re

import pytest

from tests.conftest import REPO


def test_analyze_writes_results_report_pdf_and_figures(spinemet_cli, tiny_cohort_folder, tmp_path):
    out = tmp_path / "out"
    result = spinemet_cli("analyze", str(tiny_cohort_folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert {p.name for p in out.iterdir()} == {
        "results.json",
        "report.html",
        "report.pdf",
        "tables.docx",
        "tables.xlsx",
        "figures",
    }
    assert json.loads((out / "results.json").read_text())["n_patients"] == 3
    assert "reading and validating" in result.stderr  # progress lines
    assert not list(tmp_path.glob(".out.*"))  # the staging folder is gone


def test_bad_cohort_exits_2_lists_every_problem_and_writes_nothing(
    spinemet_cli, tiny_cohort_folder, tmp_path
):
    patients = tiny_cohort_folder / "patients.csv"
    text = patients.read_text().replace("P2,male,70", "P2,robot,70")
    patients.write_text(text.replace("2021-03-01,dead,2021-03-01", "2021-03-01,dead,2020-01-01"))
    assessments = tiny_cohort_folder / "assessments.csv"
    assessments.write_text(assessments.read_text() + "P9,preop,2021-01-01,vas,5\n")
    out = tmp_path / "out"
    result = spinemet_cli("analyze", str(tiny_cohort_folder), "--out", str(out))
    assert result.returncode == 2
    assert "robot" in result.stderr
    assert "P9" in result.stderr
    assert "death_date" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tiny_cohort_folder]


def test_bad_input_leaves_an_existing_output_folder_untouched(
    spinemet_cli, tiny_cohort_folder, tmp_path
):
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text("earlier run")
    (tiny_cohort_folder / "patients.csv").write_text("patient_id\n")
    result = spinemet_cli("analyze", str(tiny_cohort_folder), "--out", str(out), "--by", "sex")
    assert result.returncode == 2
    assert [p.name for p in out.iterdir()] == ["results.json"]
    assert (out / "results.json").read_text() == "earlier run"


def test_an_unknown_covariate_exits_2_naming_it(spinemet_cli, tiny_cohort_folder, tmp_path):
    out = tmp_path / "out"
    result = spinemet_cli(
        "analyze", str(tiny_cohort_folder), "--out", str(out), "--covariates", "age,bmi"
    )
    assert result.returncode == 2
    assert "--covariates: invalid value 'bmi'" in result.stderr
    assert not out.exists()


def test_the_shipped_example_folder_is_analysed(spinemet_cli, tmp_path):
    # examples/cohort has 5 patients: too few for Huynh-Feldt at 3 complete patients, which
    # once crashed the run; small samples give cautions, not errors.
    out = tmp_path / "out"
    result = spinemet_cli("analyze", str(REPO / "examples" / "cohort"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "cautions (also in results.json and the report):" in result.stderr
    results = json.loads((out / "results.json").read_text())
    assert results["n_patients"] == 5
    assert results["provenance"]["synthetic"] is False
    # Each caution names its instrument, on stderr and in the report (VAS and Barthel have
    # the same m3 caveat; neither may be lost as a duplicate of the other).
    report = (out / "report.html").read_text()
    for instrument in ("vas", "barthel"):
        caution = f"{instrument}, m3 vs preop: only 4 patient(s)"
        assert f"  {caution}" in result.stderr
        assert caution in report


def test_a_wide_sheet_in_millimetres_is_converted_with_vas_unit(spinemet_cli, tmp_path):
    sheet = tmp_path / "wide.csv"
    sheet.write_text(
        "patient_id,sex,age,index_date,last_contact_date,vital_status,death_date,"
        "vas_preop,vas_d7\n"
        "P1,female,61,2022-01-10,2022-09-01,alive,,76,31\n"
        "P2,male,70,2022-02-03,2022-08-20,dead,2022-08-20,82,40\n"
        "P3,male,55,2022-03-07,2022-12-01,alive,,68,22\n"
    )
    out = tmp_path / "out"
    refused = spinemet_cli("analyze", str(sheet), "--out", str(out), "--quiet")
    assert refused.returncode == 2
    assert "vas_preop" in refused.stderr
    assert not out.exists()
    done = spinemet_cli("analyze", str(sheet), "--out", str(out), "--quiet", "--vas-unit", "mm")
    assert done.returncode == 0, done.stderr
    visits = json.loads((out / "results.json").read_text())["outcomes"]["vas"]["visits"]
    assert visits["preop"]["mean"] == pytest.approx((7.6 + 8.2 + 6.8) / 3)


def test_assessments_outside_every_window_are_listed_on_stderr_and_in_the_report(
    spinemet_cli, tiny_cohort_folder, tmp_path
):
    # P1's index date is 2021-01-10: 2020-11-11 is day -60, before the pre-operative window;
    # P3's is 2021-03-01: 2021-07-09 is day 130, between m3 and m6. Neither has a visit code.
    assessments = tiny_cohort_folder / "assessments.csv"
    assessments.write_text(assessments.read_text() + "P1,,2020-11-11,vas,6\nP3,,2021-07-09,vas,2\n")
    out = tmp_path / "out"
    result = spinemet_cli("analyze", str(tiny_cohort_folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (
        "assessments outside every visit window (kept without a visit, not in the per-visit "
        "analyses; also in the report):\n"
        "  P1 vas 2020-11-11 day -60: before the first window, preop (day -30 to 0)\n"
        "  P3 vas 2021-07-09 day 130: between the windows of m3 (day 77 to 105) and m6 "
        "(day 152 to 212)\n"
    ) in result.stderr
    report = html.unescape(re.sub(r"<[^>]+>", " ", (out / "report.html").read_text()))
    notes = report[report.index("Data notes") :]
    assert "2 assessments fall outside every visit window" in notes
    assert "before the first window, preop (day -30 to 0)" in notes
    assert "between the windows of m3 (day 77 to 105) and m6 (day 152 to 212)" in notes


def _embedded_fonts(pdf: bytes) -> bytes:
    """The decompressed object streams of a PDF (WeasyPrint writes font dictionaries there)."""
    import zlib

    out = b""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out += zlib.decompress(match.group(1))
        except zlib.error:
            continue
    return out


def test_lang_zh_hans_writes_a_chinese_report_with_the_cjk_font_embedded(
    spinemet_cli, tiny_cohort_folder, tmp_path
):
    from spinemet.analysis.fonts import cjk_font

    if cjk_font() is None:
        pytest.skip("no CJK font installed (make installs fonts-wqy-microhei)")
    out = tmp_path / "zh"
    done = spinemet_cli("analyze", str(tiny_cohort_folder), "--out", str(out), "--lang", "zh-Hans")
    assert done.returncode == 0, done.stderr
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<html lang='zh-Hans'>" in page
    assert "表1. 基线特征" in page
    assert "概要" in page
    fonts = _embedded_fonts((out / "report.pdf").read_bytes())
    assert b"FontFile" in fonts
    assert b"WenQuanYi" in fonts or b"NotoSansCJK" in fonts or b"Noto-Sans-CJK" in fonts
    import docx

    document = docx.Document(str(out / "tables.docx"))
    assert document.tables[0].rows[0].cells[0].text == "特征"


def test_figures_are_svg_and_png_at_300_dpi(spinemet_cli, tiny_cohort_folder, tmp_path):
    from PIL import Image

    out = tmp_path / "out"
    done = spinemet_cli("analyze", str(tiny_cohort_folder), "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    pngs = sorted((out / "figures").glob("*.png"))
    assert pngs
    assert {png.with_suffix(".svg").exists() for png in pngs} == {True}
    for png in pngs:
        dpi = Image.open(png).info["dpi"]
        assert round(dpi[0]) == 300


def test_km_ci_and_ph_transform_options_reach_results(spinemet_cli, tmp_path):
    out = tmp_path / "out"
    result = spinemet_cli(
        "analyze",
        str(REPO / "examples" / "cohort"),
        "--out",
        str(out),
        "--km-ci",
        "log",
        "--ph-transform",
        "km",
        "--covariates",
        "age",
        "--quiet",
    )
    assert result.returncode == 0, result.stderr
    survival = json.loads((out / "results.json").read_text())["survival"]
    assert survival["km_conf_type"] == "log"
    assert survival["cox"] is None or survival["cox"]["ph_transform"] == "km"


def test_a_bad_table1_summary_exits_2_naming_it(spinemet_cli, tiny_cohort_folder, tmp_path):
    result = spinemet_cli(
        "analyze", str(tiny_cohort_folder), "--out", str(tmp_path / "o"), "--summary", "age=mean"
    )
    assert result.returncode == 2
    assert "--summary" in result.stderr
    assert "age=mean" in result.stderr
