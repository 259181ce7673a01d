"""Properties every instrument keeps, for every input hypothesis can think of (STYLE.md)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinemet.errors import ItemError
from spinemet.instruments import INSTRUMENTS, Scoring, score, score_frame
from tests.instruments.strategies import invalid_value, valid_items, with_defaults

SPECS = list(INSTRUMENTS.values())
SUMMED = [spec for spec in SPECS if spec.scoring is Scoring.SUM]
TOTALLED = [spec for spec in SPECS if spec.scoring in (Scoring.SUM, Scoring.VALUE)]


@pytest.mark.parametrize("spec", TOTALLED, ids=lambda spec: spec.code)
@given(data=st.data())
def test_totals_stay_in_range_and_fall_in_their_band(spec, data):
    result = score(spec.code, data.draw(valid_items(spec)))
    low, high = spec.total_range
    assert low <= result.total <= high
    band = spec.band(result.total * spec.band_factor)
    assert (result.category, result.interpretation) == (band.code, band.interpretation)


@pytest.mark.parametrize("spec", SUMMED, ids=lambda spec: spec.code)
@given(data=st.data())
def test_total_is_the_sum_of_the_components(spec, data):
    result = score(spec.code, data.draw(valid_items(spec)))
    assert result.total == sum(result.components.values())


@pytest.mark.parametrize("spec", SUMMED, ids=lambda spec: spec.code)
@given(data=st.data())
def test_raising_any_item_never_lowers_the_total(spec, data):
    items = data.draw(valid_items(spec))
    item = data.draw(st.sampled_from([item for item in spec.items if item.counts]))
    better = data.draw(
        st.sampled_from(
            [c.code for c in item.choices if c.points >= item.choice(items[item.name]).points]
        )
    )
    changed = items | {item.name: better}
    if spec.check and spec.check(with_defaults(spec, changed)):
        return  # a raise that breaks a consistency rule is refused, not scored
    assert score(spec.code, changed).total >= score(spec.code, items).total


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.code)
@given(data=st.data())
def test_any_invalid_item_raises_an_error_naming_it(spec, data):
    items = data.draw(valid_items(spec))
    item = data.draw(st.sampled_from(spec.items))
    bad = data.draw(invalid_value(item))
    with pytest.raises(ItemError) as raised:
        score(spec.code, items | {item.name: bad})
    assert raised.value.field == f"{spec.code}.{item.name}"
    assert raised.value.value is bad
    assert item.allowed_text() in str(raised.value)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.code)
@given(data=st.data())
def test_a_missing_required_item_never_gives_a_total_or_category(spec, data):
    items = data.draw(valid_items(spec))
    item = data.draw(st.sampled_from([item for item in spec.items if item.required]))
    result = score(spec.code, items | {item.name: None})
    assert (result.total, result.category, result.interpretation) == (None, None, None)
    assert item.name in result.missing


def _column(spec, item, values):
    kinds = {"integer": "Int64", "boolean": "boolean", "number": "float64", "choice": object}
    return pd.Series(values, dtype=kinds[item.kind.value])


def _same(frame_value, single_value) -> bool:
    if single_value is None:
        return (
            frame_value is None
            or frame_value is pd.NA
            or (isinstance(frame_value, float) and math.isnan(frame_value))
        )
    return frame_value == single_value


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.code)
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_score_frame_equals_score_row_by_row(spec, data):
    rows = data.draw(st.lists(valid_items(spec, missing=True), min_size=1, max_size=8))
    frame = pd.DataFrame(
        {item.name: _column(spec, item, [row[item.name] for row in rows]) for item in spec.items}
    )
    scored = score_frame(spec.code, frame)
    for position, row in enumerate(rows):
        single = score(spec.code, row).as_dict()
        record = scored.iloc[position]
        assert _same(record["total"], single["total"]), (row, record["total"], single["total"])
        assert _same(record["category"], single["category"])
        assert _same(record["missing"], ", ".join(single.get("missing", [])) or None)
        for name, points in single["components"].items():
            if f"{name}_points" in scored.columns:
                assert record[f"{name}_points"] == points
        for extra in ("total_100", "ambulatory", "venous", "label"):
            if extra in scored.columns:
                assert _same(record[extra], single[extra]), (extra, row)
