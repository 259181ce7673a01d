"""The Methods: the short paragraph for the manuscript says what was run, in both languages."""

from __future__ import annotations

import dataclasses
import re
import warnings

from spinemet._i18n import language
from spinemet.analysis.methods import methods_paragraphs, methods_short
from spinemet.analysis.pipeline import analyze_cohort
from spinemet.analysis.results import results_to_dict


def test_the_short_methods_name_the_models_run_the_estimand_and_the_versions(
    synthetic_analysis,
):
    _cohort, analysis = synthetic_analysis
    text = methods_short(analysis)
    for phrase in (
        "mixed model for repeated measures",
        "hypothetical estimand",
        "while-alive and composite-strategy estimands",
        "Kaplan-Meier method (log-log 95% CIs)",
        "Groups by sex were compared by the log-rank test",
        "A Cox model with age, kps gave hazard ratios",
        "Clopper-Pearson",
        "Yeom's types",
        "Revised Tokuhashi score and Tomita score were computed from their items",
        f"spinemet {analysis.provenance.spinemet_version}",
        f"Python {analysis.provenance.python_version}",
    ):
        assert phrase in text, phrase
    assert len(text) < len(" ".join(methods_paragraphs(analysis))) / 2


def test_the_short_methods_leave_out_what_was_not_run(synthetic_analysis):
    cohort, _analysis = synthetic_analysis
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = analyze_cohort(cohort)
    plain = dataclasses.replace(plain, complications=None, cement_leakage=None)
    text = methods_short(plain)
    assert "Cox" not in text
    assert "log-rank" not in text
    assert "Clopper-Pearson" not in text
    assert "Yeom" not in text


def test_the_methods_are_in_results_json_in_english_and_chinese(synthetic_analysis):
    _cohort, analysis = synthetic_analysis
    methods = results_to_dict(analysis)["methods"]
    assert set(methods) == {"en", "zh-Hans"}
    assert methods["en"]["short"] == methods_short(analysis)
    chinese = methods["zh-Hans"]["short"]
    assert "重复测量混合模型" in chinese
    assert "Kaplan-Meier" in chinese
    # the numbers are the same, and no English sentence is left
    assert re.findall(r"\d+\.\d+", chinese) == re.findall(r"\d+\.\d+", methods["en"]["short"])
    assert not re.search(r"\b(the|was|were|with)\b", chinese)
    with language("zh-Hans"):
        assert methods_paragraphs(analysis) == methods["zh-Hans"]["full"]
