"""``spinemet recommend``: a decision case in, ranked options, reasons and a plan out."""

from __future__ import annotations

import argparse

from spinemet._cli._io import print_json, read_json_object
from spinemet._i18n import LANGUAGES


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``spinemet recommend``."""
    parser.description = (
        "Recommend treatment options for one case (JSON; format in docs/case.md, or --schema): "
        "scores, ranked "
        "options with the rule and source behind every reason, flags, warnings, the PPSF+PVP "
        "construct plan, and which missing inputs could change the top option. Decision "
        "support for a multidisciplinary team; it does not replace clinical judgement."
    )
    parser.add_argument("--input", metavar="FILE", help="case JSON (default: standard input)")
    parser.add_argument(
        "--schema",
        action="store_true",
        help="print the case's JSON Schema (fields documented in docs/case.md) and exit",
    )
    parser.add_argument(
        "--format",
        choices=("json", "text", "md"),
        default="json",
        help="json (default), or text / md for a case note",
    )
    parser.add_argument(
        "--explain", action="store_true", help="also list every rule, fired or not, and why"
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="language of the text / md case note: en (default) or zh-Hans (Simplified "
        "Chinese: headings, option names, reasons, warnings, flags, plan). Codes, levels, "
        "numbers and citations never change; the JSON output is the same in every language "
        "(codes and the English texts, for scripts)",
    )


def run(args: argparse.Namespace) -> int:
    """Read the case, recommend, print."""
    from spinemet.decision import recommend
    from spinemet.decision.render import render_markdown, render_text

    if args.schema:
        from spinemet.decision.case import case_json_schema

        print_json(case_json_schema())
        return 0
    case = read_json_object(args.input, what="case")
    result = recommend(case, explain=args.explain)
    if args.format == "json":
        print_json(result.as_json())
    elif args.format == "md":
        print(render_markdown(result, lang=args.lang), end="")
    else:
        print(render_text(result, lang=args.lang), end="")
    return 0
