"""Every UI string of the pages is in the Simplified Chinese catalogue and translated; each
translation either cites the published Chinese version it follows (``# source:``) or is marked
for review (``# review:``). The strings are extracted the way ``makemessages`` does (Django's
``templatize`` for templates, gettext calls in the Python modules), so a new string without a
translation fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

WEB = Path(__file__).parents[3] / "src" / "spinemet" / "registry" / "web"
CATALOGUE = WEB / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}


def _unquote(text: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text)).replace('\\"', '"')


def parse_po(path: Path) -> dict[str, dict[str, Any]]:
    """msgid -> {"msgstr": [...], "comments": [...], "fuzzy": bool} (header left out)."""
    entries: dict[str, dict[str, Any]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        comments = [line for line in block.splitlines() if line.startswith("#")]
        body = "\n".join(line for line in block.splitlines() if not line.startswith("#"))
        found = re.search(r'^msgid ((?:".*"\n?)+)', body, re.M)
        if found is None:
            continue
        msgid = _unquote(found.group(1))
        if not msgid:
            continue
        strings = [
            _unquote(m.group(1))
            for m in re.finditer(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', body, re.M)
        ]
        entries[msgid] = {
            "msgstr": strings,
            "comments": comments,
            "fuzzy": any(line.startswith("#,") and "fuzzy" in line for line in comments),
        }
    return entries


def ui_strings() -> set[str]:
    """The msgids of the templates and Python modules of the web app."""
    from django.utils.translation.template import templatize

    found: set[str] = set()
    for template in (WEB / "templates").rglob("*.html"):
        code = templatize(template.read_text(encoding="utf-8"), origin=str(template))
        for literal in re.findall(r"\b(?:n|p)?gettext\((u'(?:[^'\\]|\\.)*')", code):
            found.add(ast.literal_eval(literal))
    for module in WEB.rglob("*.py"):
        found.update(_calls(module.read_text(encoding="utf-8")))
    return found


def _calls(code: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(code)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in GETTEXT
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def test_the_extraction_finds_the_strings() -> None:
    strings = ui_strings()
    assert "Work list" in strings
    assert "%(due)s due, %(overdue)s overdue" in strings  # a blocktrans
    assert "Primary tumour" in strings  # a gettext_lazy in labels.py
    assert len(strings) > 150


def test_every_ui_string_is_translated() -> None:
    catalogue = parse_po(CATALOGUE)
    untranslated = sorted(
        msgid
        for msgid in ui_strings()
        if msgid not in catalogue
        or not all(catalogue[msgid]["msgstr"])
        or catalogue[msgid]["fuzzy"]
    )
    assert untranslated == [], "untranslated UI strings (run makemessages, translate)"


def test_every_translation_cites_a_source_or_is_marked_for_review() -> None:
    for msgid, entry in parse_po(CATALOGUE).items():
        marks = [c for c in entry["comments"] if c.startswith(("# source:", "# review:"))]
        assert marks, msgid


def test_placeholders_survive_translation() -> None:
    for msgid, entry in parse_po(CATALOGUE).items():
        wanted = sorted(re.findall(r"%\(\w+\)s", msgid))
        for text in entry["msgstr"]:
            assert sorted(re.findall(r"%\(\w+\)s", text)) == wanted, msgid


@pytest.mark.django_db
def test_pages_render_in_chinese(client: Any, registry: dict[str, Any]) -> None:
    if not CATALOGUE.with_suffix(".mo").exists():
        pytest.fail("the catalogue is not compiled: run `make locale` (compilemessages)")
    client.force_login(registry["users"]["investigator_a"])
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "工作列表" in page
    assert 'lang="zh-Hans"' in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Work list" in client.get("/").content.decode()


@pytest.mark.django_db
def test_decision_support_and_board_sheet_speak_the_sessions_language(
    login: Any, seed: Any
) -> None:
    # The seed case's top option is ppsf_pvp, its plan T11-L3 with cement at L1 (docs/case.md).
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory
    from django.utils import translation

    from spinemet.registry.web.views.board import board_document, board_html

    client = login("investigator_a")
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    page = client.get(f"/patients/{seed.pk}/").content.decode()
    assert "ppsf_pvp — 经皮椎弓根螺钉固定联合椎体成形术 — 推荐" in page  # code, name, rating
    # Chinese punctuation (full-width colon, comma) is part of the expected text.
    assert "脊柱不稳而无明显脊髓压迫：经皮椎弓根螺钉固定联合椎体成形术。" in page  # noqa: RUF001
    assert "经皮椎弓根螺钉 (双侧) 节段：T11, T12, L2, L3" in page  # noqa: RUF001
    assert "供多学科团队使用的决策支持，并非治疗医嘱。" in page  # noqa: RUF001
    assert "Instability without significant cord compression" not in page
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username="investigator_a")
    with translation.override("zh-hans"):
        _, sheet = board_html(request, str(seed.pk))
        _, document = board_document(request, str(seed.pk))
    assert "经皮椎弓根螺钉固定联合椎体成形术" in sheet
    assert "骨水泥 (椎体成形) 节段：L1" in sheet  # noqa: RUF001
    assert "not a treatment order" not in sheet
    assert len(document.pages) == 1, "the Chinese sheet must fit one page too"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/patients/{seed.pk}/").content.decode()
    name = "Percutaneous pedicle screw fixation with vertebroplasty"
    assert f"ppsf_pvp — {name} — recommended" in page
    assert "Percutaneous pedicle screws (bilateral) at: T11, T12, L2, L3" in page


def test_score_categories_show_the_instruments_labels_in_the_sessions_language() -> None:
    # The patient page and the board sheet print a SINS or an assessment's category with the
    # instrument's own label (instruments/sins.py, bilsky.py), not its code.
    from django.utils import translation

    from spinemet.registry.web.views.patients import category_label

    with translation.override("zh-hans"):
        assert category_label("sins", "unstable") == "不稳；建议外科会诊"  # noqa: RUF001
        assert category_label("bilsky", "high_grade").startswith("高级别")
        assert category_label("tomita", "terminal_care") == "终末关怀：非手术支持治疗"  # noqa: RUF001
        assert category_label("no_such_instrument", "x") == "x"
        assert category_label("sins", None) == ""
    with translation.override("en"):
        label = category_label("sins", "unstable")
        assert label == "instability; surgical consultation recommended"


# Codes that are notation in every language (vertebral levels, neurological and Bilsky and
# Clavien-Dindo grades): shown as they are.
NOTATION = {"level", "frankel", "asia", "escc_grade", "grade"}


@pytest.mark.django_db
def test_every_code_a_form_offers_has_words_in_both_languages() -> None:
    from django.utils import translation

    from spinemet.cohort._columns import Kind
    from spinemet.registry.common.fields import cohort_columns
    from spinemet.registry.web.labels import code_text

    unnamed = []
    for table in ("patients", "lesions", "procedures", "complications"):
        for column in cohort_columns(table):
            if column.kind is not Kind.CODE or column.name in NOTATION:
                continue
            if column.name.startswith("sins_"):
                continue  # the SINS items show the SINS spec's labels (test_pages)
            for code in column.codes:
                with translation.override("zh-hans"):
                    chinese = code_text(code, column.name)
                with translation.override("en"):
                    english = code_text(code, column.name)
                # an English word may be its own code (alive, lytic); a snake_case code is not
                # words, and the same text in both languages is not translated
                if chinese == english or "_" in english:
                    unnamed.append(f"{table}.{column.name}: {code} ({english} / {chinese})")
    assert unnamed == []


@pytest.mark.django_db
def test_the_patients_codes_read_as_words_on_the_pages(login: Any, seed: Any) -> None:
    # The seed patient: breast primary, alive, a lytic L1 lesion (examples/case_seed.json).
    client = login("investigator_a")
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    edit = client.get(f"/patients/{seed.pk}/edit/").content.decode()
    assert '<option value="breast" selected>乳腺</option>' in edit
    page = client.get(f"/patients/{seed.pk}/").content.decode()
    assert "乳腺" in page
    assert "溶骨性" in page
    assert "lesion_type: lytic" not in page
    listed = client.get("/patients/").content.decode()
    assert "<td>乳腺</td>" in listed
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/patients/{seed.pk}/").content.decode()
    assert "Breast" in page
    assert "Lesion type: lytic" in page


@pytest.mark.django_db
def test_a_query_status_reads_in_the_sessions_language(login: Any, seed: Any) -> None:
    monitor = login("monitor_a")
    monitor.post(
        f"/patients/{seed.pk}/queries/", {"object": "patient", "field": "kps", "text": "KPS?"}
    )
    client = login("investigator_a")
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    for path in ("/", f"/patients/{seed.pk}/"):
        page = client.get(path).content.decode()
        assert "未处理" in page, path
        assert "— open" not in page
        assert "<td>open</td>" not in page
