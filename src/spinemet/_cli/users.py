"""``spinemet users add NAME --role ROLE [--site CODE ...] [--password-stdin]``,
``spinemet users token NAME [--redcap]``, ``spinemet users revoke NAME``."""

from __future__ import annotations

import argparse
import getpass
import sys

from spinemet._cli._registry import add_db_argument, start

ROLES = ("investigator", "monitor", "data_manager", "admin")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "Manage the registry's users, their roles, sites and API tokens."
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a user (or change an existing user's role/sites)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--site", action="append", default=[], metavar="CODE", help="a site (repeat for several)"
    )
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add_db_argument(add)
    token = actions.add_parser("token", help="print a new API token for a user")
    token.add_argument("name")
    token.add_argument(
        "--redcap", action="store_true", help="a REDCap-style token (32 hex characters)"
    )
    add_db_argument(token)
    revoke = actions.add_parser("revoke", help="revoke every token of a user")
    revoke.add_argument("name")
    add_db_argument(revoke)


def run(args: argparse.Namespace) -> int:
    start(args)
    from spinemet.registry.sites.services import user_add, user_named

    if args.action == "add":
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass(f"password for {args.name}: ")
        user = user_add(name=args.name, role=args.role, sites=args.site, password=password)
        sites = (
            ", ".join(args.site) or "all sites"
            if args.role in ("data_manager", "admin")
            else ", ".join(args.site)
        )
        print(f"user {user.get_username()} ({args.role}; {sites or 'no site'})")
        return 0
    from spinemet.registry.api.models import ApiToken
    from spinemet.registry.api.tokens import issue_token, revoke_tokens

    user = user_named(args.name)
    if args.action == "token":
        value, expires = issue_token(
            user, kind=ApiToken.KIND_REDCAP if args.redcap else ApiToken.KIND_API
        )
        print(value)
        print(f"expires: {expires.isoformat() if expires else 'when revoked'}", file=sys.stderr)
    else:
        print(f"revoked {revoke_tokens(user)} tokens of {args.name}")
    return 0
