"""The Simplified Chinese catalogue: complete, compiled, read by gettext as Django reads it."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

import spinemet._i18n as i18n
from spinemet._catalogue import compile_po, read_po

PO = i18n.LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCE = Path(i18n.__file__).parent
_LITERAL = re.compile(r"""\b_\(\s*(?:"([^"]+)"|'([^']+)')\s*\)""")


def _catalogue() -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in read_po(PO.read_text(encoding="utf-8"))}


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = read_po(PO.read_text(encoding="utf-8"))[1:]  # [0] is the header
    assert entries
    assert [e.msgid for e in entries if not e.msgstr or "fuzzy" in e.flags] == []


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


def test_the_reports_of_two_cohorts_leave_no_word_untranslated(monkeypatch, tmp_path):
    # Every string the report and the tables pass to gettext, recorded while rendering.
    catalogue = _catalogue()
    asked: list[str] = []

    class Recorder(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            asked.append(message)
            return catalogue.get(message, message)

    monkeypatch.setattr(i18n, "translations", lambda lang: Recorder())
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
            analyze_cohort(synthetic_cohort(40, seed=5), by="sex", covariates=["age", "kps"]),
            analyze_cohort(read_cohort(sheet)),
            # deaths, small-sample caveats, a proportional-hazards failure (age, p = 0.044),
            # the Schoenfeld figure, the prognostic scores and cement leakage
            analyze_cohort(synthetic_cohort(200, seed=5), covariates=["age", "kps"]),
            # twelve patients: models not computed, notes, no Cox model requested
            analyze_cohort(synthetic_cohort(12, seed=3)),
        ]
    assert analyses[2].survival.cox is not None
    assert analyses[2].survival.cox.ph_failing
    for number, analysis in enumerate(analyses):
        figures = {}
        with i18n.language("zh-Hans"):
            if cjk_font() is not None:  # figures' labels and captions (drawn in the CJK font)
                figures = make_figures(analysis, tmp_path / f"f{number}", progress=lambda t: None)
            journal_tables(analysis)
        render_html(analysis, figures, lang="zh-Hans")
    words = {m for m in asked if m.strip() and not re.fullmatch(r"[\d.]+", m)}
    assert len(words) > 100
    assert sorted(words - set(catalogue)) == []


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
