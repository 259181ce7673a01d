"""The HTML report is self-contained and labels synthetic data; the PDF is written."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from spinemet.analysis.outputs import write_outputs
from spinemet.analysis.pipeline import analyze_cohort
from spinemet.analysis.report import SYNTHETIC_BANNER, render_html


@pytest.fixture(scope="module")
def written(synthetic_analysis, tmp_path_factory):
    _, analysis = synthetic_analysis
    folder = tmp_path_factory.mktemp("report")
    write_outputs(analysis, folder)
    return folder


def test_report_html_loads_nothing_from_outside(written):
    document = (written / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", document, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", document, re.I)
    assert document.count('src="data:image/png;base64,') == 4  # 2 outcomes, KM, complications


def test_report_shows_the_synthetic_banner_for_synthetic_data(written):
    document = (written / "report.html").read_text(encoding="utf-8")
    assert html.escape(SYNTHETIC_BANNER) in document
    assert "<title>spinemet analysis report (SYNTHETIC DATA)</title>" in document


def test_report_has_no_banner_for_real_data(synthetic_analysis):
    cohort, _ = synthetic_analysis
    real = dataclasses.replace(
        cohort, provenance=dataclasses.replace(cohort.provenance, synthetic=False)
    )
    document = render_html(analyze_cohort(real), {})
    assert html.escape(SYNTHETIC_BANNER) not in document
    assert "SYNTHETIC" not in document


def test_report_names_every_test_and_says_later_means_describe_survivors(written):
    text = (written / "report.html").read_text(encoding="utf-8")
    for name in (
        "Friedman",
        "Greenhouse-Geisser",
        "mixed model",
        "Wilcoxon",
        "paired t-test",
        "Holm",
        "Kaplan-Meier",
        "log-rank",
        "Cox",
        "Clopper-Pearson",
        "statsmodels 0.15.0",
        "lifelines 0.30.3",
    ):
        assert name in text
    assert "describe the patients who survived" in text
    assert "primary analysis" in text


def test_pdf_and_figures_are_written(written):
    assert (written / "report.pdf").read_bytes().startswith(b"%PDF")
    names = {path.name for path in (written / "figures").iterdir()}
    for stem in ("outcome_vas", "outcome_barthel", "survival", "complications"):
        assert {f"{stem}.png", f"{stem}.svg"} <= names


def test_report_says_complications_were_not_recorded_without_a_complications_table(
    tiny_cohort_folder,
):
    from spinemet.cohort import read_cohort
    from spinemet.errors import SmallSampleWarning

    with pytest.warns(SmallSampleWarning):
        analysis = analyze_cohort(read_cohort(tiny_cohort_folder))
    text = html.unescape(re.sub(r"<[^>]+>", " ", render_html(analysis, {})))
    section = text[text.index("Complications") : text.index("Methods")]
    assert "Not recorded: no complications table was given" in section
    assert "exact 95% CI" not in section


def test_every_caveat_of_results_json_is_in_the_report(synthetic_analysis):
    # Issue 12: the Cox model's proportional-hazards caveat was in results.json while the
    # report said "None.".
    import dataclasses
    import html as html_module

    from spinemet.analysis.caveats import caveats_of
    from spinemet.analysis.report import render_html
    from spinemet.analysis.results import results_to_dict

    _, original = synthetic_analysis
    cox = original.survival.cox
    assert cox is not None
    ph = "proportional hazards rejected (p < 0.05) for at least one covariate"
    survival = dataclasses.replace(original.survival, cox=dataclasses.replace(cox, caveats=(ph,)))
    analysis = dataclasses.replace(original, survival=survival)
    caveats = caveats_of(results_to_dict(analysis))
    assert f"survival, cox: {ph}" in caveats
    page = html_module.unescape(render_html(analysis, {}))
    section = page.split("Caveats and notes")[1]
    assert all(text in section for text in caveats)


def test_report_shows_the_mmrm_the_estimands_and_names_the_ph_transform(written):
    document = html.unescape((written / "report.html").read_text(encoding="utf-8"))
    assert "MMRM (primary)" in document
    assert "Estimands: how much the conclusion depends on how death is handled" in document
    assert "hypothetical (MMRM, assumes missing at random)" in document
    assert 'transform = "identity"' in document
    assert "RMST to 6 months" in document
    for glitch in ("not reached months", "(95% CI \u2013 to not reached)", "Outcomes (none)"):
        assert glitch not in document
    assert "Shapiro" not in document


def test_a_median_not_reached_reads_as_such():
    from spinemet.analysis.report import _median_text

    assert _median_text(None, (250.0, None)) == "not reached (95% CI from 8.2 months)"
    assert _median_text(None, (None, None)) == "not reached"
    assert _median_text(304.375, (None, None)) == "10.0 months (95% CI not estimable)"


def test_the_ph_caveat_and_the_schoenfeld_plot_appear_when_a_term_fails(tmp_path):
    from spinemet.cohort import synthetic_cohort

    # 200 synthetic patients (seed 5): age fails the identity-scale PH test (p = 0.044)
    analysis = analyze_cohort(synthetic_cohort(n=200, seed=5), covariates=["age", "kps"])
    assert analysis.survival.cox.ph_failing == ("age",)
    write_outputs(analysis, tmp_path, pdf=False)
    document = html.unescape((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert "Caution: proportional hazards rejected (p < 0.05, identity time scale) for age" in (
        document
    )
    assert "Scaled Schoenfeld residuals" in document
    assert (tmp_path / "figures" / "schoenfeld_cox.png").exists()
