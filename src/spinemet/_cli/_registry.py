"""What the registry commands share: the ``--db`` option and starting Django with it."""

from __future__ import annotations

import argparse

__all__ = ["add_db_argument", "start"]


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (postgresql://user@host:5432/name or sqlite:///path); default "
        "DATABASE_URL, else registry.sqlite3 in SPINEMET_DATA_DIR (./spinemet-data)",
    )


def start(args: argparse.Namespace, *, migrate: bool = True) -> None:
    """Configure Django for ``--db`` and create or upgrade the tables (saying so)."""
    from spinemet.registry.bootstrap import setup

    setup(getattr(args, "db", None), migrate=migrate)
