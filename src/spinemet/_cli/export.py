"""``spinemet export --format FORMAT --out PATH --from COHORT``: write a cohort in a format.

The cohort comes from :func:`_source_cohort` alone (today a cohort path that ``analyze``
reads; the registry adds ``--db URL`` / ``--site CODE`` there). Bad input exits 2 and writes
nothing.
"""

from __future__ import annotations

import argparse

from spinemet.cohort import Cohort
from spinemet.errors import MISSING, SpinemetInputError


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``spinemet export``."""
    from spinemet.interop.export import FORMATS

    parser.description = (
        "Write a cohort as a REDCap data dictionary or record export, a FHIR R4 Bundle, OMOP "
        "CDM v5.4 CSVs, SPSS or Stata files, or cohort files (docs/interop.md)."
    )
    parser.add_argument("--format", required=True, choices=list(FORMATS), help="output format")
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
    """The cohort to export: ``--from PATH`` (the registry source will be added here)."""
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
        raise SpinemetInputError(
            "--from",
            MISSING,
            "the cohort to export: a cohort folder, workbook, wide sheet, REDCap record export "
            "or FHIR Bundle (the registry as a source is not available in this version)",
            "missing_source",
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
