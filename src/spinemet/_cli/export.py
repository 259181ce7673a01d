"""``spinemet export --format FORMAT --out PATH [--from COHORT | --db URL --site CODE]``: write
the registry's data, or a cohort file, in a format.

The cohort comes from :func:`_source_cohort` alone: ``--from PATH`` (anything ``analyze``
reads), else the registry (``--db URL`` / ``DATABASE_URL`` / the default SQLite file; withdrawn
patients left out unless ``--include-withdrawn``; identifying details never). Bad input exits 2
and writes nothing.
"""

from __future__ import annotations

import argparse

from spinemet.cohort import Cohort
from spinemet.errors import SpinemetInputError


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``spinemet export``."""
    from spinemet.interop.export import FORMATS

    parser.description = (
        "Write a cohort as a REDCap data dictionary or record export, a FHIR R4 Bundle, OMOP "
        "CDM v5.4 CSVs, SPSS or Stata files, or cohort files (docs/interop.md)."
    )
    from spinemet._cli._registry import add_db_argument

    parser.add_argument(
        "--format", default="cohort", choices=list(FORMATS), help="output format (cohort)"
    )
    parser.add_argument("--out", metavar="PATH", required=True, help="file or folder to write")
    parser.add_argument(
        "--from",
        dest="source",
        metavar="COHORT_PATH",
        help="the cohort: any path `spinemet analyze` reads (folder, workbook, wide sheet, "
        "REDCap record export, FHIR Bundle, SPSS/Stata folder)",
    )
    parser.add_argument(
        "--patient",
        metavar="ID",
        action="append",
        help="export only this patient (repeat for several), e.g. one patient's FHIR Bundle",
    )
    add_db_argument(parser)
    parser.add_argument(
        "--site", metavar="CODE", action="append", help="registry: only this site (repeatable)"
    )
    parser.add_argument(
        "--include-withdrawn", action="store_true", help="registry: keep withdrawn patients"
    )
    parser.add_argument("--schedule", metavar="FILE", help="visit schedule (TOML, YAML, JSON)")
    parser.add_argument("--vas-unit", choices=("cm", "mm"), help="unit of the VAS in the input")
    parser.add_argument(
        "--classic",
        action="store_true",
        help="redcap-records: a classic (non-longitudinal) project's export",
    )
    parser.add_argument(
        "--labels", action="store_true", help="redcap-records: choice labels instead of codes"
    )
    parser.add_argument(
        "--calculated",
        action="store_true",
        help="redcap-records: include the calculated totals (as REDCap's own export does; "
        "leave them out for a file to import into REDCap, which refuses calculated fields)",
    )


def _source_cohort(args: argparse.Namespace) -> Cohort:
    """The cohort to export: ``--from PATH``, else the registry."""
    from spinemet.cohort import load_schedule
    from spinemet.interop.sources import read_any_cohort

    schedule = None if args.schedule is None else load_schedule(args.schedule)
    if args.source is None:
        if args.format == "redcap-dictionary":
            from spinemet.cohort import DEFAULT_SCHEDULE, Cohort
            from spinemet.cohort._columns import empty_table

            return Cohort.from_tables(
                empty_table("patients"), schedule=schedule or DEFAULT_SCHEDULE
            )
        from spinemet._cli._registry import start

        start(args)
        from spinemet.registry.extract import cohort_extract
        from spinemet.registry.sites.selectors import command_line_actor

        return cohort_extract(
            command_line_actor(), sites=args.site, include_withdrawn=args.include_withdrawn
        )
    if args.db is not None or args.site:
        raise SpinemetInputError(
            "--from",
            args.source,
            "either --from PATH or the registry (--db, --site), not both",
            "two_sources",
        )
    return read_any_cohort(args.source, schedule=schedule, vas_unit=args.vas_unit)


def _options(args: argparse.Namespace) -> dict[str, object]:
    if args.format == "redcap-records":
        return {
            "longitudinal": not args.classic,
            "raw_or_label": "label" if args.labels else "raw",
            "calculated": args.calculated,
        }
    return {}


def run(args: argparse.Namespace) -> int:
    """Export the cohort."""
    from spinemet.interop.export import export_cohort

    cohort = _source_cohort(args)
    if args.patient:
        from spinemet.interop.subset import patients_subset

        cohort = patients_subset(cohort, args.patient)
    path = export_cohort(cohort, args.format, args.out, **_options(args))
    print(f"{args.format}: {path}")
    return 0
