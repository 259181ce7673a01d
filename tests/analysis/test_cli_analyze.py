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


@pytest.fixture
def vas_cohort_folder(tmp_path):
    """synthetic_cohort(n=60, seed=11): its VAS with age is tests/analysis/data/mmrm_vas.csv."""
    from spinemet.cohort import synthetic_cohort, write_cohort

    folder = tmp_path / "cohort"
    write_cohort(synthetic_cohort(n=60, seed=11), folder)
    return folder


def test_mmrm_covariates_adjust_the_mmrm_as_nlme_gls_and_reach_results_and_report(
    spinemet_cli, vas_cohort_folder, tmp_path
):
    out = tmp_path / "out"
    result = spinemet_cli(
        "analyze", str(vas_cohort_folder), "--out", str(out), "--mmrm-covariates", "age, kps"
    )
    assert result.returncode == 0, result.stderr
    results = json.loads((out / "results.json").read_text())
    assert results["options"]["mmrm_covariates"] == ["age", "kps"]
    assert results["options"]["covariates"] == []  # the Cox model is not adjusted by it
    mmrm = results["outcomes"]["vas"]["mmrm"]
    assert (mmrm["covariates"], mmrm["covariance"]) == (["age", "kps"], "unstructured")
    # R 4.2.2, nlme 3.1.162, emmeans 1.8.4.1; d = the VAS of this cohort with age and kps:
    # fit <- gls(total ~ visit + age + kps, data = d,
    #            correlation = corSymm(form = ~ vnum | patient_id),
    #            weights = varIdent(form = ~ 1 | visit), method = "REML", na.action = na.omit)
    # em <- emmeans(fit, ~ visit, mode = "satterthwaite", data = d)
    # emmean 7.723069919 3.003329611 2.573596666 2.796582429
    # SE 0.1133142086 0.1635541776 0.1458013552 0.1445061815
    means = [mmrm["ls_means"][visit] for visit in ("preop", "d7", "m3", "m6")]
    assert [m["estimate"] for m in means] == pytest.approx(
        [7.723069919, 3.003329611, 2.573596666, 2.796582429], rel=1e-6
    )
    assert [m["se"] for m in means] == pytest.approx(
        [0.1133142086, 0.1635541776, 0.1458013552, 0.1445061815], rel=1e-5
    )
    # summary(contrast(em, "trt.vs.ctrl", ref = 1, adjust = "none"), infer = TRUE)
    # estimate -4.719740309 -5.149473254 -4.926487490; SE 0.1492203008 0.1411609030
    # 0.1346518519; df (appx-satterthwaite) 57.69619131 53.56804858 48.12415271
    contrasts = [mmrm["contrasts"][visit] for visit in ("d7", "m3", "m6")]
    assert [c["diff_vs_baseline"] for c in contrasts] == pytest.approx(
        [-4.719740309, -5.149473254, -4.926487490], rel=1e-6
    )
    assert [c["se"] for c in contrasts] == pytest.approx(
        [0.1492203008, 0.1411609030, 0.1346518519], rel=1e-5
    )
    assert [c["df"] for c in contrasts] == pytest.approx(
        [57.69619131, 53.56804858, 48.12415271], rel=0.02
    )
    report = html.unescape((out / "report.html").read_text())
    adjusted = "MMRM adjusted for Age, years and Karnofsky performance status"
    assert f"{adjusted} (least-squares means at their mean)." in report


@pytest.mark.parametrize(
    ("option", "shown"),
    [
        ("age,bmi", ["--mmrm-covariates: invalid value 'bmi'", "numeric columns", "kps"]),
        ("primary_tumor", ["--mmrm-covariates primary_tumor: invalid value", "numeric columns"]),
    ],
)
def test_an_unknown_or_text_mmrm_covariate_exits_2_naming_it(
    spinemet_cli, vas_cohort_folder, tmp_path, option, shown
):
    out = tmp_path / "out"
    result = spinemet_cli(
        "analyze", str(vas_cohort_folder), "--out", str(out), "--mmrm-covariates", option
    )
    assert result.returncode == 2
    for text in shown:
        assert text in result.stderr
    assert not out.exists()


def test_an_mmrm_covariate_missing_for_an_assessed_patient_exits_2_naming_them(
    spinemet_cli, vas_cohort_folder, tmp_path
):
    patients = vas_cohort_folder / "patients.csv"
    lines = patients.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("kps")] = ""
    patients.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
    out = tmp_path / "out"
    result = spinemet_cli(
        "analyze", str(vas_cohort_folder), "--out", str(out), "--mmrm-covariates", "kps"
    )
    assert result.returncode == 2
    assert "--mmrm-covariates kps" in result.stderr
    assert f"missing for {cells[0]}" in result.stderr
    assert not out.exists()


def test_table1_summaries_come_from_cohort_toml_and_the_command_line_wins(
    spinemet_cli, vas_cohort_folder, tmp_path
):
    (vas_cohort_folder / "cohort.toml").write_text(
        '[summary]\nage = "median_iqr"\nspinal_metastases = "mean_sd"\n'
    )
    out = tmp_path / "file"
    result = spinemet_cli("analyze", str(vas_cohort_folder), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    results = json.loads((out / "results.json").read_text())
    assert results["options"]["table1_summaries"] == {
        "age": "median_iqr",
        "spinal_metastases": "mean_sd",
    }
    age = next(
        row for row in results["baseline_table"]["rows"] if row["variable"].startswith("age")
    )
    assert age["variable"] == "age, median [Q1,Q3]"
    variables = [row["variable"] for row in results["baseline_table"]["rows"]]
    assert "spinal_metastases, mean (SD)" in variables
    out = tmp_path / "cli"
    result = spinemet_cli(
        "analyze", str(vas_cohort_folder), "--out", str(out), "--summary", "age=mean_sd", "--quiet"
    )
    assert result.returncode == 0, result.stderr
    results = json.loads((out / "results.json").read_text())
    assert results["options"]["table1_summaries"]["age"] == "mean_sd"
    age = next(
        row for row in results["baseline_table"]["rows"] if row["variable"].startswith("age")
    )
    assert age["variable"] == "age, mean (SD)"


def test_a_bad_table1_summary_in_cohort_toml_exits_2_naming_it(
    spinemet_cli, tiny_cohort_folder, tmp_path
):
    (tiny_cohort_folder / "cohort.toml").write_text('[summary]\nage = "average"\n')
    out = tmp_path / "out"
    result = spinemet_cli("analyze", str(tiny_cohort_folder), "--out", str(out))
    assert result.returncode == 2
    assert "summary.age: invalid value 'average'" in result.stderr
    assert "mean_sd or median_iqr" in result.stderr
    assert not out.exists()
