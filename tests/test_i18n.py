"""The Simplified Chinese catalogue: complete, compiled, read by gettext as Django reads it."""

from __future__ import annotations

import ast
import gettext
import json
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

import spinemet._i18n as i18n
from spinemet._catalogue import compile_po, read_po

REPO = Path(__file__).parents[1]
PO = i18n.LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCE = Path(i18n.__file__).parent
_LITERAL = re.compile(r"""\b_\(\s*(?:"([^"]+)"|'([^']+)')\s*\)""")


def _catalogue() -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in read_po(PO.read_text(encoding="utf-8"))}


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = read_po(PO.read_text(encoding="utf-8"))[1:]  # [0] is the header
    assert entries
    assert [e.msgid for e in entries if not e.msgstr or "fuzzy" in e.flags] == []


def _decision_msgids() -> set[str]:
    """The decision output's msgids: its ``N_`` / ``_`` literals and the rules' texts."""
    from spinemet.decision import load_rules

    found = set()
    for path in (SOURCE / "decision").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    for rule in load_rules().rules:
        found.add(rule.because)
        found.update(effect.text.strip() for effect in rule.effects if effect.text)
    return found


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Every string passed to gettext while the test runs (answered from the catalogue)."""
    catalogue = _catalogue()
    strings: list[str] = []

    class Recorder(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            strings.append(message)
            return catalogue.get(message, message)

    monkeypatch.setattr(i18n, "translations", lambda lang: Recorder())
    return strings


def test_every_marked_string_in_the_source_is_in_the_catalogue():
    # Django merges the catalogues: the report's (LOCALE_PATHS) and each app's, such as the
    # registry pages' (registry/web/locale), so a marked string may be in either.
    catalogue = set(_catalogue())
    for po in SOURCE.rglob("zh_Hans/LC_MESSAGES/django.po"):
        catalogue |= {entry.msgid for entry in read_po(po.read_text(encoding="utf-8"))}
    marked = set()
    for path in SOURCE.rglob("*.py"):
        for match in _LITERAL.finditer(path.read_text(encoding="utf-8")):
            marked.add(match.group(1) or match.group(2))
    assert sorted(marked - set(catalogue)) == []
    assert sorted(_decision_msgids() - set(catalogue)) == []


def _tiny_cohort_with_gaps(folder: Path) -> Path:
    """The three hand-made patients of tests/analysis (one age for all, so the Cox model on age
    is not computed; one complete patient, so Friedman and RM-ANOVA are not), with three
    assessments outside every visit window: before the first, between two, after the last."""
    from tests.analysis.conftest import TINY_ASSESSMENTS, TINY_PATIENTS

    folder.mkdir()
    patients = TINY_PATIENTS.replace(",70,", ",61,").replace(",55,", ",61,")
    (folder / "patients.csv").write_text(patients.replace("2022-05-01", "2024-01-01"), "utf-8")
    (folder / "assessments.csv").write_text(
        TINY_ASSESSMENTS + "P1,,2020-11-11,vas,6\nP3,,2021-07-09,vas,2\nP3,,2023-12-01,vas,2\n",
        "utf-8",
    )
    return folder


def test_the_reports_of_six_cohorts_leave_no_word_untranslated(asked, tmp_path):
    # Every string the report and the tables pass to gettext, recorded while rendering.
    catalogue = _catalogue()
    from spinemet.analysis.fonts import cjk_font
    from spinemet.analysis.journal import journal_tables
    from spinemet.analysis.outputs import make_figures
    from spinemet.analysis.pipeline import analyze_cohort
    from spinemet.analysis.report import render_html
    from spinemet.cohort import read_cohort, synthetic_cohort
    from spinemet.cohort._propose import propose_mapping
    from tests.cohort.hospital_sheets import chinese_workbook

    sheet = chinese_workbook(tmp_path / "zh.xlsx")
    (tmp_path / "mapping.toml").write_text(propose_mapping(sheet).toml(), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analyses = [
            analyze_cohort(
                synthetic_cohort(40, seed=5),
                by="sex",
                covariates=["age", "kps"],
                mmrm_covariates=["age"],  # the adjustment's sentences in Methods and report
            ),
            analyze_cohort(read_cohort(sheet)),
            # deaths, small-sample caveats, a proportional-hazards failure (age, p = 0.044),
            # the Schoenfeld figure, the prognostic scores and cement leakage
            analyze_cohort(synthetic_cohort(200, seed=5), covariates=["age", "kps"]),
            # twelve patients: models not computed, notes, no Cox model requested
            analyze_cohort(synthetic_cohort(12, seed=3)),
            # the reasons after "not computed:" and outside the visit windows
            analyze_cohort(
                read_cohort(_tiny_cohort_with_gaps(tmp_path / "tiny")), covariates=["age"]
            ),
            # three patients: the MMRM falls back to compound symmetry (REML singular)
            analyze_cohort(synthetic_cohort(3, seed=1)),
        ]
    assert analyses[2].survival.cox is not None
    assert analyses[2].survival.cox.ph_failing
    assert len(analyses[4].unscheduled) == 3
    assert any("not computed" in note for note in analyses[4].outcomes["vas"].notes)
    assert analyses[5].outcomes["vas"].mmrm.fallback
    pages = []
    for number, analysis in enumerate(analyses):
        figures = {}
        with i18n.language("zh-Hans"):
            if cjk_font() is not None:  # figures' labels and captions (drawn in the CJK font)
                figures = make_figures(analysis, tmp_path / f"f{number}", progress=lambda t: None)
            journal_tables(analysis)
        pages.append(render_html(analysis, figures, lang="zh-Hans"))
    words = {m for m in asked if m.strip() and not re.fullmatch(r"[\d.]+", m)}
    assert len(words) > 100
    assert sorted(words - set(catalogue)) == []
    # The last English words: the page title, the PH test, the reasons, the columns' notes.
    assert "<title>spinemet 分析报告 (合成数据)</title>" in pages[0]
    assert "Grambsch-Therneau 得分检验" in pages[2]
    english = {
        4: ["needs at least", "do not vary", "before the first window", "between the windows"],
        5: ["did not converge", "became singular"],
        1: ["of a complication", "of the procedure", "complication types", "kept, not in Table 1"],
    }
    for number, words_left in english.items():
        for text in words_left:
            assert text not in pages[number], text
    assert "after the last window" not in pages[4]
    assert "preop 时的 vas" in pages[1]  # "vas at preop": the codes stay, the words do not
    assert "早于第一个窗口 preop (第 -30 至 0 天)" in pages[4]


def test_the_decision_output_leaves_no_word_untranslated(asked):
    # Every vignette's case note in zh-Hans, with --explain, and every text the output can carry
    # but the vignettes do not reach: each rule's reason and effect text, each warning and flag
    # sentence, each plan text and each option, rating and role name.
    from spinemet.decision import load_rules, recommend
    from spinemet.decision.localize import localized, option_name, translate_text
    from spinemet.decision.plan import _TEXTS, CEMENT_NOTE
    from spinemet.decision.render import render_markdown, render_text
    from spinemet.decision.texts import (
        FLAG_SENTENCES,
        OPTION_NAMES,
        RADIOSENSITIVITY_NAMES,
        RATING_NAMES,
        ROLE_NAMES,
        WARNING_SENTENCES,
    )

    catalogue = _catalogue()
    vignettes = json.loads((REPO / "tests" / "decision" / "vignettes.json").read_text("utf-8"))
    notes = []
    for vignette in vignettes:
        result = recommend(vignette["case"], explain=True)
        notes.append(render_text(result, lang="zh-Hans"))
        notes.append(render_markdown(result, lang="zh-Hans"))
    with i18n.language("zh-Hans"):
        for rule in load_rules().rules:
            translate_text(rule.because)
            for effect in rule.effects:
                if effect.text:
                    translate_text(effect.text.strip())
        for text in [*WARNING_SENTENCES.values(), *FLAG_SENTENCES.values(), CEMENT_NOTE]:
            translate_text(text)
        for text, _citation in _TEXTS.values():
            translate_text(text)
        for code in OPTION_NAMES:
            option_name(code)
        for name in [
            *RATING_NAMES.values(),
            *ROLE_NAMES.values(),
            *RADIOSENSITIVITY_NAMES.values(),
        ]:
            translate_text(name)
        localized(recommend(vignettes[0]["case"]).as_json())
    assert sorted(set(asked) - set(catalogue)) == []
    # Every text of the rules, the sentences and the plan was asked for (the templates of the
    # note are checked against the catalogue by the marked-string test above).
    assert len(set(asked) & _decision_msgids()) > 200
    # English words of the output do not survive in a Chinese note (codes and citations do).
    assert all("Decision support for a multidisciplinary team" not in note for note in notes)
    assert all("推荐" in note or "不建议" in note or "可考虑" in note for note in notes)
    # The --explain sentences, the score categories and bases: words translated, codes kept.
    english = [
        "so the requirement",
        "The requirement",
        "The predicate",
        "the field",
        "The rule applies",
        "computed from its items",
        "surgical consultation recommended",
        "low grade:",
        "high grade:",
    ]
    assert [word for word in english if any(word in note for note in notes)] == []
    assert all("因此要求 “" in note for note in notes)
    assert any("谓词 stable (责任病灶最高 SINS 6 分及以下) 为 否" in note for note in notes)


def test_decision_entries_shared_with_the_pages_catalogue_translate_the_same():
    # Django reads LOCALE_PATHS (this catalogue) before the app's, so an entry here would
    # silently replace the pages' translation of the same heading ("Warnings").
    text = PO.read_text(encoding="utf-8")
    section = read_po(text[text.index("# --- decision output ---") :])
    pages = SOURCE / "registry" / "web" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    theirs = {entry.msgid: entry.msgstr for entry in read_po(pages.read_text(encoding="utf-8"))}
    shared = {entry.msgid: entry.msgstr for entry in section if entry.msgid in theirs}
    assert "Warnings" in shared
    assert shared == {msgid: theirs[msgid] for msgid in shared}


def test_report_entries_shared_with_the_pages_catalogue_translate_the_same():
    # As for the decision output: this catalogue wins on the pages (LOCALE_PATHS first).
    text = PO.read_text(encoding="utf-8")
    section = read_po(text[text.index("# --- report: methods, notes, caveats, figures ---") :])
    pages = SOURCE / "registry" / "web" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    theirs = {entry.msgid: entry.msgstr for entry in read_po(pages.read_text(encoding="utf-8"))}
    shared = {entry.msgid: entry.msgstr for entry in section if entry.msgid in theirs}
    assert "patient" in shared
    assert shared == {msgid: theirs[msgid] for msgid in shared}


def test_a_filled_in_text_is_translated_with_its_values():
    # The values (a grade, a level, a number) are put into the translated template.
    from spinemet.decision.localize import translate_text
    from spinemet.decision.texts import FRANKEL_AMBULATORY, RADIOSENSITIVITY_OVERRIDE

    english = RADIOSENSITIVITY_OVERRIDE % {
        "reason": "Radiotherapy does not restore mechanical stability.",
        "group": "radioresistant",
        "primary": "breast",
        "default": "radiosensitive",
    }
    with i18n.language("zh-Hans"):
        assert translate_text(english) == (
            "放疗不能恢复力学稳定性。 (本患者设定的放疗敏感性"
            "：放疗抵抗；breast 的默认值为 放疗敏感。)"  # noqa: RUF001
        )
        assert translate_text(FRANKEL_AMBULATORY % {"grade": "B"}).startswith("Frankel B (无有用")
    assert translate_text(english) == english


def test_every_translation_keeps_the_numbers_and_placeholders_of_its_msgid():
    # A translator must not change a cut-off (SINS 7, 24-48 h, 8 Gy x 1) or drop a placeholder.
    def numbers(text: str) -> list[str]:
        return sorted(re.findall(r"\d+", re.sub(r"%\(\w+\)s|\{\w+\}", "", text)))

    for msgid, msgstr in _catalogue().items():
        if not msgid:
            continue  # the header
        assert numbers(msgstr) == numbers(msgid), msgid
        assert sorted(re.findall(r"%\(\w+\)s", msgstr)) == sorted(
            re.findall(r"%\(\w+\)s", msgid)
        ), msgid


def test_python_gettext_reads_the_catalogue_as_django_will(tmp_path):
    # Django: LOCALE_PATHS = [LOCALE_DIR], domain "django", language zh_Hans.
    folder = tmp_path / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(PO, folder / "django.po")
    compile_po(folder / "django.po")
    translation = gettext.translation("django", localedir=tmp_path, languages=["zh_Hans"])
    assert translation.gettext("Baseline characteristics") == "基线特征"
    assert translation.gettext("not in the catalogue") == "not in the catalogue"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_gnu_msgfmt_accepts_the_catalogue_and_compiles_the_same_translations(tmp_path):
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(tmp_path / "gnu.mo"), str(PO)], check=True
    )
    with (tmp_path / "gnu.mo").open("rb") as handle:
        gnu = gettext.GNUTranslations(handle)
    ours = compile_po(PO, tmp_path / "ours.mo")
    with ours.open("rb") as handle:
        mine = gettext.GNUTranslations(handle)
    for msgid in _catalogue():
        if msgid:
            assert mine.gettext(msgid) == gnu.gettext(msgid)


def test_an_unknown_language_is_refused():
    from spinemet.errors import SpinemetInputError

    with pytest.raises(SpinemetInputError, match="--lang: invalid value 'fr'"), i18n.language("fr"):
        pass
