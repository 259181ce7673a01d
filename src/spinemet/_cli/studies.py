"""``spinemet studies add CODE --schedule FILE [--name NAME]`` and ``spinemet studies list``."""

from __future__ import annotations

import argparse
import json

from spinemet._cli._registry import add_db_argument, start


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Studies and their visit schedules. Patients are in the default study (the seed "
        "study's schedule) unless imported or created with another."
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a study with a visit schedule file")
    add.add_argument("code")
    add.add_argument("--schedule", required=True, metavar="FILE", help="TOML, YAML or JSON")
    add.add_argument("--name", default="")
    add_db_argument(add)
    listing = actions.add_parser("list", help="list the studies and their visits")
    add_db_argument(listing)


def run(args: argparse.Namespace) -> int:
    from spinemet.cohort import load_schedule

    schedule = load_schedule(args.schedule) if args.action == "add" else None
    start(args)
    from spinemet.registry.patients.models import Study
    from spinemet.registry.patients.services import default_study, study_add

    if schedule is not None:
        study = study_add(code=args.code, name=args.name, schedule=schedule)
        print(f"study {study.code} added ({', '.join(schedule.codes)})")
        return 0
    default_study()
    for study in Study.objects.order_by("code"):
        codes = [visit["code"] for visit in study.schedule["visits"]]
        print(f"{study.code}\t{study.name}\t{json.dumps(codes)}")
    return 0
