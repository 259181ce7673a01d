# ruff: noqa: RUF001  (the Chinese text has full-width punctuation)
"""Generated caveats and notes are printed in the report's language from their templates."""

from __future__ import annotations

import pytest

from spinemet._i18n import language
from spinemet.analysis._messages import TEMPLATES, translate_message


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        (
            "outcomes, vas, friedman: Friedman test: only 5 patient(s); fewer than 20, interpret "
            "with care",
            "结局、疼痛视觉模拟评分 (VAS，0-10)、Friedman 检验：Friedman 检验：仅 5 例患者，"
            "少于 20 例，解释需谨慎",
        ),
        (
            "survival, cox: proportional hazards rejected (p < 0.05, identity time scale) for "
            "age: see the scaled Schoenfeld residual plot; the hazard ratio is an average over "
            "follow-up",
            "生存、Cox 模型：age 的比例风险假设被拒绝 (p < 0.05，identity 时间尺度)：见标度化 "
            "Schoenfeld 残差图；该风险比为随访期间的平均值",
        ),
        (
            "m3 vs preop: only 4 patient(s); fewer than 20, interpret with care",
            "m3 与 preop 比较：仅 4 例患者，少于 20 例，解释需谨慎",
        ),
        (
            "mixed model: only 3 patient(s); fewer than 20, interpret with care; mixed model: "
            "optimiser did not converge",
            "混合模型：仅 3 例患者，少于 20 例，解释需谨慎；混合模型：优化算法未收敛",
        ),
        (
            "Table 1: not computed: Table 1: no patients",
            "表1：未计算：Table 1: no patients",  # an error's details stay as written
        ),
        (
            "vas: 30 values recorded in mm converted to the 0-10 scale (divided by 10)",
            "vas：30 个以 mm 记录的数值已换算为 0-10 分 (除以 10)",
        ),
    ],
)
def test_a_caveat_keeps_its_numbers_and_reads_in_chinese(english, chinese):
    assert translate_message(english) == english  # English: as the statistics wrote it
    with language("zh-Hans"):
        assert translate_message(english) == chinese


def test_every_template_has_a_translation_with_the_same_placeholders():
    import re

    from spinemet._i18n import _

    with language("zh-Hans"):
        for template in TEMPLATES:
            translated = _(template)
            assert translated != template, template
            assert sorted(re.findall(r"\{\w+\}", translated)) == sorted(
                re.findall(r"\{\w+\}", template)
            )


def test_a_message_without_a_template_is_asked_for_as_it_is(monkeypatch):
    import spinemet.analysis._messages as messages

    asked = []
    monkeypatch.setattr(messages, "_", lambda text: asked.append(text) or text)
    with language("zh-Hans"):
        assert translate_message("a note nobody templated") == "a note nobody templated"
    assert asked == ["a note nobody templated"]
