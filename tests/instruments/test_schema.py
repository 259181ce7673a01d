"""The JSON Schema derived from each spec accepts what score() accepts, and nothing else."""

from __future__ import annotations

import functools
import math

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinemet.errors import ItemError
from spinemet.instruments import INSTRUMENTS, json_schema, score
from tests.instruments.strategies import invalid_value, valid_items

SPECS = list(INSTRUMENTS.values())


@functools.cache
def validator(code: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema(code))


def _json_distinguishes(item, value) -> bool:
    """Whether JSON can carry the value and the schema can tell it from an allowed one.

    JSON Schema reads 5.0 as the integer 5 (and 0.0 as const 0); the scorer does not.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return False  # JSON has no NaN or Infinity: such a value never reaches the schema
    is_whole_float = isinstance(value, float) and value.is_integer()
    return not (item.kind.value == "integer" and is_whole_float)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.code)
def test_schema_is_valid_draft_2020_12(spec):
    jsonschema.Draft202012Validator.check_schema(json_schema(spec.code))


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.code)
@given(data=st.data())
def test_schema_accepts_every_valid_case(spec, data):
    items = data.draw(valid_items(spec, missing=True))
    validator(spec.code).validate(items)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.code)
@given(data=st.data())
def test_schema_and_scorer_refuse_the_same_bad_values(spec, data):
    item = data.draw(st.sampled_from(spec.items))
    bad = data.draw(invalid_value(item).filter(lambda value: _json_distinguishes(item, value)))
    items = data.draw(valid_items(spec)) | {item.name: bad}
    with pytest.raises(jsonschema.ValidationError):
        validator(spec.code).validate(items)
    with pytest.raises(ItemError):
        score(spec.code, items)


def test_schema_carries_labels_and_points_from_the_spec():
    location = json_schema("sins")["properties"]["location"]["anyOf"][0]
    assert location["oneOf"][0] == {
        "const": "junctional",
        "title": "Junctional (occiput-C2, C7-T2, T11-L1, L5-S1)",
        "x-points": 3,
    }


def test_unknown_items_are_refused_by_the_schema():
    with pytest.raises(jsonschema.ValidationError):
        validator("vas").validate({"vas": 5, "nrs": 3})
