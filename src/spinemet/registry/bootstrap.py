"""Start Django for a command: settings from the environment (``--db`` wins), then create or
upgrade the database's tables where they are missing or older, and say so."""

from __future__ import annotations

import os
import sys
from typing import TextIO

__all__ = ["database_label", "setup"]

_done = False


def database_label(url: str | None = None) -> str:
    """The database as a message names it: the SQLite path, or the URL without a password."""
    url = url or os.environ.get("DATABASE_URL") or ""
    if not url:
        from spinemet.registry import settings

        return str(settings.DATA_DIR / "registry.sqlite3")
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return url


def setup(db: str | None = None, *, migrate: bool = True, stream: TextIO | None = None) -> None:
    """Configure Django for the registry and bring the database up to date.

    Parameters
    ----------
    db
        A database URL (``sqlite:///path`` or ``postgresql://...``); ``DATABASE_URL`` or the
        SQLite file in ``SPINEMET_DATA_DIR`` otherwise.
    migrate
        Apply missing migrations (an empty database gets every table), reporting it on
        ``stream`` (stderr by default).
    """
    global _done
    if db:
        os.environ["DATABASE_URL"] = db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spinemet.registry.settings")
    if not _done:
        import django

        django.setup()
        _done = True
    if migrate:
        _migrate(stream or sys.stderr)


def _migrate(stream: TextIO) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        from pathlib import Path

        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return
    empty = not executor.loader.applied_migrations
    verb = "creating" if empty else "upgrading"
    print(
        f"spinemet: {verb} the registry tables in {database_label()} ({len(plan)} migrations)",
        file=stream,
    )
    call_command("migrate", interactive=False, verbosity=0)
