"""``spinemet manage [--db URL] COMMAND ...``: Django's own commands (migrate, check --deploy,
createsuperuser, ...) on the registry's settings."""

from __future__ import annotations

import argparse

from spinemet._cli._registry import add_db_argument


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "Run a Django management command on the registry."
    add_db_argument(parser)
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="the command and its options")


def run(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    from spinemet.registry.bootstrap import setup

    command = args.arguments[:1]
    setup(args.db, migrate=command not in (["migrate"], ["check"], ["makemigrations"]))
    execute_from_command_line(["spinemet manage", *args.arguments])
    return 0
