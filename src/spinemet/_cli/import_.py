"""``spinemet import PATH [--site CODE] [--dry-run]``: a cohort into the registry, all or
nothing, updating by key (site + study id; visit + instrument) so a second import of the same
file duplicates nothing."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from spinemet._cli._registry import add_db_argument, start


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Import a cohort (a folder of CSVs, an Excel workbook, a wide sheet, a REDCap record "
        "export, a FHIR R4 Bundle: anything 'spinemet analyze' reads) into the registry in "
        "one transaction: any bad row and nothing is written (every problem listed, exit 2). "
        "With --site every patient goes to that site (a site column naming another is an "
        "error); without it the file's site column places each patient."
    )
    parser.add_argument("path", metavar="PATH")
    parser.add_argument("--site", metavar="CODE")
    parser.add_argument(
        "--dry-run", action="store_true", help="report what would change; write nothing"
    )
    parser.add_argument("--vas-unit", choices=("cm", "mm"))
    parser.add_argument("--schedule", metavar="FILE")
    parser.add_argument(
        "--study", metavar="CODE", help="the study whose schedule the file follows (default)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    from spinemet.cohort import VisitSchedule, load_schedule
    from spinemet.interop.sources import read_any_cohort

    schedule = None if args.schedule is None else load_schedule(args.schedule)
    start(args)
    from spinemet.registry.patients.services import study_named

    if schedule is None and args.study is not None:
        schedule = VisitSchedule.from_dict(study_named(args.study).schedule)
    cohort = read_any_cohort(args.path, vas_unit=args.vas_unit, schedule=schedule)
    from spinemet.registry.importer import import_cohort
    from spinemet.registry.sites.selectors import command_line_actor

    report = import_cohort(
        actor=command_line_actor(),
        cohort=cohort,
        site_code=args.site,
        dry_run=args.dry_run,
        source=Path(args.path).name,
        study_code=args.study,
    )
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(("dry run of " if args.dry_run else "imported ") + str(args.path))
        for line in report.lines():
            print(f"  {line}")
    return 0
