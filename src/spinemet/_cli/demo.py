"""``spinemet demo``: show what spinemet does, on the examples shipped with it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from spinemet._cli._demo_cohort import DEMO_PATIENTS, DEMO_SEED, show_cohort_analysis
from spinemet._cli._demo_decision import show_recommendation
from spinemet._examples import examples_dir
from spinemet.instruments import score


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``spinemet demo``."""
    parser.description = (
        "Run spinemet on its shipped examples: score every example case of every instrument, "
        "score a small table of Barthel visits, recommend treatment for the seed study's typical "
        "patient, then make a synthetic cohort shaped like the seed study (labelled synthetic), "
        "analyse it and write its report. Outputs go to --out."
    )
    parser.add_argument(
        "--out", metavar="DIR", default="spinemet-demo", help="output folder (default: %(default)s)"
    )
    parser.add_argument(
        "--n",
        type=_positive,
        default=DEMO_PATIENTS,
        help="patients in the synthetic cohort (default: %(default)s, as the seed study)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEMO_SEED,
        help="random seed of the synthetic cohort (default: %(default)s); same seed, same data",
    )

    parser.add_argument(
        "--db", metavar="URL", help="registry database (default: OUT/registry.sqlite3)"
    )
    parser.add_argument(
        "--password",
        help="password of the demo users (else SPINEMET_DEMO_PASSWORD, else generated)",
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="load the demo registry but do not serve it"
    )
    from spinemet._cli.serve import add_serve_arguments

    add_serve_arguments(parser)


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"invalid value {text!r}; allowed: a whole number >= 1")
    return number


def show_instruments(examples: Path, out: Path) -> None:
    """Score ``instruments.json`` and ``barthel_visits.csv`` of the examples; print the results."""
    cases = json.loads((examples / "instruments.json").read_text(encoding="utf-8"))
    print("Scores of the example cases (examples/instruments.json):")
    print(f"  {'instrument':<20} {'total':>6}  {'category':<28} note")
    for case in cases:
        result = score(case["instrument"], case["items"])
        total = "-" if result.total is None else f"{result.total:g}"
        label = result.category if result.grade is None else f"{result.grade} {result.category}"
        print(f"  {result.instrument:<20} {total:>6}  {label:<28} {case['note']}")

    import pandas as pd

    from spinemet._cli.score import read_table
    from spinemet.instruments import get_spec, score_frame

    visits = read_table(get_spec("barthel"), examples / "barthel_visits.csv")
    scored = score_frame("barthel", visits)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "barthel_visits_scored.csv"
    scored.to_csv(target, index=False)
    summary = scored.groupby("visit", sort=False)["total"].agg(["count", "mean", "min", "max"])
    print("\nBarthel Index by visit (examples/barthel_visits.csv, scored from the items):")
    with pd.option_context("display.float_format", "{:.1f}".format):
        print(summary.to_string())
    incomplete = scored[scored["total"].isna()]
    for row, missing in incomplete["missing"].items():
        print(f"  row {row}: total not computed, missing item(s): {missing}")
    print(f"  scored table: {target}")


def run(args: argparse.Namespace) -> int:
    """Run every demonstration step."""
    print("spinemet supports clinical judgement; it does not replace it.\n")
    show_instruments(examples_dir(), Path(args.out))
    show_recommendation(examples_dir())
    show_cohort_analysis(Path(args.out), patients=args.n, seed=args.seed)
    return show_registry(args)


def show_registry(args: argparse.Namespace) -> int:
    """Load the synthetic cohort into a two-site demo registry, print the logins, serve it."""
    import datetime as dt

    from spinemet._cli._demo_registry import DEMO_USERS, load_demo_registry, recent_cohort
    from spinemet.cohort import synthetic_cohort

    cohort = recent_cohort(synthetic_cohort(n=args.n, seed=args.seed), today=dt.date.today())
    database, password = load_demo_registry(
        cohort, out=Path(args.out), db=args.db, password=args.password
    )
    print(f"\nDemo registry (SYNTHETIC patients over site_a and site_b): {database}")
    for name, role, sites in DEMO_USERS:
        print(f"  {name:<15} {role:<13} {', '.join(sites) or 'all sites'}")
    print(f"  password of every demo user: {password}")
    address = f"http://{args.host}:{args.port}/"
    print(f"  API: {address}api/docs  (token: POST {address}api/auth/token)")
    if args.no_serve:
        return 0
    from django.db import connections

    from spinemet._cli.serve import serve

    connections.close_all()
    print(f"serving on {address} (Ctrl-C stops it)", flush=True)
    return serve(args.host, args.port, 2)
