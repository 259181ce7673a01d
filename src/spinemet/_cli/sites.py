"""``spinemet sites add CODE --name NAME`` and ``spinemet sites list``."""

from __future__ import annotations

import argparse

from spinemet._cli._registry import add_db_argument, start


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "Add or list the registry's sites."
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a site")
    add.add_argument("code", help="site code (lower-case letters, digits, _ or -)")
    add.add_argument("--name", required=True, help="the site's name")
    add_db_argument(add)
    listing = actions.add_parser("list", help="list the sites")
    add_db_argument(listing)


def run(args: argparse.Namespace) -> int:
    start(args)
    from spinemet.registry.sites.models import Site
    from spinemet.registry.sites.services import site_add

    if args.action == "add":
        site = site_add(code=args.code, name=args.name)
        print(f"site {site.code} added ({site.name})")
    else:
        for site in Site.objects.all():
            print(f"{site.code}\t{site.name}")
    return 0
