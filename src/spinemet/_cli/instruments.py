"""``spinemet instruments [CODE]``: list the instruments, or describe one in full."""

from __future__ import annotations

import argparse

from spinemet._cli._io import print_json
from spinemet.instruments import INSTRUMENTS, InstrumentSpec, get_spec


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``spinemet instruments``."""
    parser.description = "List the clinical instruments spinemet scores, or describe one."
    parser.epilog = "examples:\n  spinemet instruments\n  spinemet instruments sins\n"
    parser.add_argument("code", nargs="?", help="an instrument code: describe its items")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def _range(spec: InstrumentSpec) -> str:
    if spec.total_range is None:
        return "classification"
    low, high = spec.total_range
    return f"{low:g}-{high:g}"


def describe(spec: InstrumentSpec) -> str:
    """A readable description of an instrument, derived from its spec (the CLI help)."""
    lines = [
        f"{spec.code}: {spec.name}",
        f"  range: {_range(spec)}",
        f"  reference: {spec.reference}",
    ]
    lines += [f"  also: {source}" for source in spec.sources]
    lines.append("  items:")
    for item in spec.items:
        flag = "" if item.required else f" (optional, default {item.default!r})"
        lines.append(f"    {item.name}: {item.label}{flag}")
        if item.choices:
            for choice in item.choices:
                worth = "" if choice.points is None else f"  [{choice.points} points]"
                worth = worth or (f"  [{choice.category}]" if choice.category else "")
                lines.append(f"      {choice.code!r:<30} {choice.label}{worth}")
        else:
            lines.append(f"      {item.allowed_text()}")
    if spec.bands:
        lines.append("  categories:")
        for band in spec.bands:
            high = f"{band.high:g}" if band.high_inclusive else f"<{band.high:g}"
            lines.append(f"    {band.low:g}-{high}: {band.code} ({band.interpretation})")
    elif spec.categories:
        lines.append("  categories:")
        lines += [f"    {code}: {text}" for code, text in spec.categories.items()]
    if spec.notes:
        lines.append(f"  notes: {spec.notes}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """List or describe."""
    if args.code:
        spec = get_spec(args.code)
        if args.json:
            from spinemet.instruments import json_schema

            print_json(json_schema(spec.code))
        else:
            print(describe(spec))
        return 0
    rows = [
        {"code": spec.code, "name": spec.name, "range": _range(spec), "reference": spec.reference}
        for spec in INSTRUMENTS.values()
    ]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        print(f"{row['code']:<20} {row['range']:<15} {row['name']}")
        print(f"{'':<20} {row['reference']}")
    return 0
