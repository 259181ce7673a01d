"""JSON Schema (draft 2020-12) of an instrument's items, derived from its spec."""

from __future__ import annotations

from typing import Any

from spinemet.instruments._registry import get_spec
from spinemet.instruments._spec import Item, ItemKind

_TYPES = {
    ItemKind.CHOICE: "string",
    ItemKind.INTEGER: "integer",
    ItemKind.NUMBER: "number",
    ItemKind.BOOLEAN: "boolean",
}


def _item_schema(item: Item) -> dict[str, Any]:
    schema: dict[str, Any] = {"title": item.label}
    if item.choices:
        schema["oneOf"] = [
            {"const": choice.code, "title": choice.label}
            | ({} if choice.points is None else {"x-points": choice.points})
            for choice in item.choices
        ]
    else:
        schema["type"] = _TYPES[item.kind]
        if item.minimum is not None:
            schema["minimum"] = item.minimum
        if item.maximum is not None:
            schema["maximum"] = item.maximum
    if item.required:
        schema["description"] = "Required for the total; null or absent = missing."
    else:
        schema["description"] = f"Optional; absent means {item.default!r}."
    return {"anyOf": [schema, {"type": "null"}]}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one instrument's input object.

    Items are optional in the schema because a missing item is not an error (the total is then
    ``null``); ``x-required-for-total`` lists the items the total needs. Each allowed value
    carries its label (``title``) and, where it has one, its points (``x-points``).
    JSON Schema counts 5.0 as the integer 5; the scorer is stricter and refuses 5.0 where an
    integer is required (domain/instruments.md §0.4).

    Examples
    --------
    >>> schema = json_schema("bilsky")
    >>> [option["const"] for option in schema["properties"]["escc_grade"]["anyOf"][0]["oneOf"]]
    ['0', '1a', '1b', '1c', '2', '3']
    """
    spec = get_spec(name)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:spinemet:instrument:{spec.code}",
        "title": spec.name,
        "description": f"Items of {spec.code}. Reference: {spec.reference}",
        "type": "object",
        "properties": {item.name: _item_schema(item) for item in spec.items},
        "additionalProperties": False,
        "x-required-for-total": list(spec.required_items),
    }
