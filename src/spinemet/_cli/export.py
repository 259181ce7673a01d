"""``spinemet export --format cohort --out DIR [--site CODE]``: the registry as the cohort
folder that ``spinemet analyze`` reads (withdrawn patients left out unless asked)."""

from __future__ import annotations

import argparse

from spinemet._cli._registry import add_db_argument, start

FORMATS = ("cohort",)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "Export the registry's data (no identifying details)."
    parser.add_argument("--format", choices=FORMATS, default="cohort")
    parser.add_argument("--out", metavar="DIR", required=True)
    parser.add_argument(
        "--site", metavar="CODE", action="append", help="only this site (repeatable)"
    )
    parser.add_argument("--include-withdrawn", action="store_true")
    add_db_argument(parser)


def _source_cohort(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    start(args)
    from spinemet.registry.extract import cohort_extract
    from spinemet.registry.sites.selectors import command_line_actor

    return cohort_extract(
        command_line_actor(), sites=args.site, include_withdrawn=args.include_withdrawn
    )


def run(args: argparse.Namespace) -> int:
    from spinemet.cohort import write_cohort

    cohort = _source_cohort(args)
    target = write_cohort(cohort, args.out)
    print(f"exported {cohort.n_patients} patients to {target}")
    return 0
