"""Hypothesis strategies derived from the instrument specs (valid and invalid item values)."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

from spinemet.instruments import Item, ItemKind
from spinemet.instruments._score import is_valid_value
from spinemet.instruments._spec import InstrumentSpec


def valid_value(item: Item) -> st.SearchStrategy[Any]:
    """Any value the item allows."""
    if item.choices:
        return st.sampled_from(item.codes)
    if item.kind is ItemKind.BOOLEAN:
        return st.booleans()
    if item.kind is ItemKind.INTEGER:
        return st.integers(int(item.minimum or 0), int(item.maximum or 100))
    high = item.maximum if item.maximum is not None else 25.0
    numbers = st.floats(item.minimum or 0.0, high, allow_nan=False, allow_infinity=False)
    return numbers | st.integers(math.ceil(item.minimum or 0), int(high))


def valid_items(
    spec: InstrumentSpec, *, missing: bool = False
) -> st.SearchStrategy[dict[str, Any]]:
    """A complete valid case (or, with ``missing``, one where any item may be ``None``)."""

    def one(item: Item) -> st.SearchStrategy[Any]:
        value = valid_value(item)
        return st.none() | value if missing or not item.required else value

    def consistent(items: dict[str, Any]) -> bool:
        return spec.check is None or not spec.check(with_defaults(spec, items))

    return st.fixed_dictionaries({item.name: one(item) for item in spec.items}).filter(consistent)


def with_defaults(spec: InstrumentSpec, items: dict[str, Any]) -> dict[str, Any]:
    """The values the scorer sees: optional items absent or None read as their default."""
    return {
        item.name: item.default
        if items.get(item.name) is None and not item.required
        else items.get(item.name)
        for item in spec.items
    }


_ANYTHING = (
    st.text(max_size=12)
    | st.integers(-1000, 1000)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.lists(st.integers(), max_size=2)
)


def invalid_value(item: Item) -> st.SearchStrategy[Any]:
    """A non-null value the item does not allow (wrong type, outside the set or range)."""
    return _ANYTHING.filter(lambda value: value is not None and not is_valid_value(item, value))
