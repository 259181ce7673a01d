"""``spinemet serve``: the web registry (gunicorn), on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import argparse
import os
import sys

from spinemet._cli._registry import add_db_argument, start


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Serve the registry (JSON API under /api/). Binds 127.0.0.1 unless --host says "
        "otherwise; put it behind an HTTPS proxy with SPINEMET_ENV=production for real use."
    )
    add_db_argument(parser)
    add_serve_arguments(parser)


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("SPINEMET_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SPINEMET_PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("SPINEMET_WORKERS", "2")))
    parser.add_argument(
        "--timeout",
        type=int,
        default=int(os.environ.get("SPINEMET_WORKER_TIMEOUT", "300")),
        help="seconds a request may take before its worker is restarted (default 300: a whole "
        "registry's export takes tens of seconds; gunicorn's own default of 30 cut it off)",
    )


def serve(host: str, port: int, workers: int, timeout: int = 300) -> int:
    """Run gunicorn in the foreground until Ctrl-C (the database is already migrated)."""
    from gunicorn.app.wsgiapp import WSGIApplication

    sys.argv = [
        "gunicorn",
        "spinemet.registry.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "5",
        "--timeout",
        str(timeout),
    ]
    WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
    return 0


def run(args: argparse.Namespace) -> int:
    start(args)
    from django.db import connections

    # gunicorn forks its workers from this process: a connection opened here (to migrate)
    # would be shared by every worker and corrupt their conversations with the database.
    connections.close_all()
    print(f"serving the registry on http://{args.host}:{args.port}/ (Ctrl-C stops it)", flush=True)
    return serve(args.host, args.port, args.workers, args.timeout)
