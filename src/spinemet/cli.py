"""The ``spinemet`` command: parse, call one layer, print.

Exit codes (DESIGN.md): 0 success, 2 bad input (the message names the file, row, field, value
and what is allowed; nothing is written), 1 internal error. Errors are mapped to exit codes here
and nowhere else. Each sub-command lives in ``spinemet._cli.<name>`` and is imported only when
it runs, so ``spinemet score vas`` never imports pandas.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from spinemet import __version__
from spinemet.errors import SpinemetError, SpinemetInputError, grouped_messages

# Sub-command name -> (module under spinemet._cli, one-line help). Each module defines
# ``configure(parser)`` and ``run(args) -> int``.
COMMANDS: dict[str, tuple[str, str]] = {
    "instruments": ("instruments", "list the clinical instruments, or describe one"),
    "score": ("score", "score an instrument from its raw items (JSON, CSV or Excel)"),
    "recommend": ("recommend", "recommend treatment options and a construct plan for a case"),
    "map": ("map", "propose a mapping file (mapping.toml) for a hospital's own sheet"),
    "analyze": ("analyze", "analyse a cohort: results.json, report (HTML, PDF), figures"),
    "export": (
        "export",
        "write a cohort as REDCap, FHIR R4, OMOP CDM, SPSS, Stata or cohort files",
    ),
    "demo": ("demo", "run the demonstration: scores, a recommendation, a synthetic cohort report"),
    "serve": ("serve", "serve the web registry and its JSON API"),
    "sites": ("sites", "add or list the registry's sites"),
    "studies": ("studies", "add or list studies and their visit schedules"),
    "users": ("users", "add users with a role and sites; issue or revoke API tokens"),
    "import": ("import_", "import a cohort into the registry (all or nothing)"),
    "manage": ("manage", "run a Django management command on the registry"),
}

EPILOG = """\
spinemet supports clinical judgement; it does not replace it.

examples:
  spinemet instruments
  echo '{"vas": 7.6}' | spinemet score vas
  spinemet score sins --input lesion.json
  spinemet score barthel --csv visits.csv --out scored.csv
  spinemet recommend --input examples/case_seed.json --format text
  spinemet map hospital.xlsx --out mapping.toml
  spinemet analyze hospital.xlsx --mapping mapping.toml --out report/
  spinemet analyze cohort/ --out report/ --by primary_tumor --covariates age,kps
  spinemet export --format redcap-records --from cohort/ --out records.csv
  spinemet demo

exit codes: 0 success, 2 bad input (nothing written), 1 internal error
"""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser; only the sub-command named in ``argv`` is configured in full."""
    parser = argparse.ArgumentParser(
        prog="spinemet",
        description="Decision support, registry and analysis for spinal metastasis surgery.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"spinemet {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = next((arg for arg in (argv or []) if arg in COMMANDS), None)
    for name, (module_name, help_text) in COMMANDS.items():
        sub = commands.add_parser(
            name, help=help_text, formatter_class=argparse.RawDescriptionHelpFormatter
        )
        if name == wanted:
            module = importlib.import_module(f"spinemet._cli.{module_name}")
            module.configure(sub)
            sub.set_defaults(_run=module.run)
    return parser


def _input_error_text(error: SpinemetInputError, args: argparse.Namespace) -> str:
    """Every problem; many alike (one cause on many rows) as one line each, unless
    ``--verbose`` asks for every row."""
    problems = error.problems
    if len(problems) <= 1 or getattr(args, "verbose", False):
        return str(error)
    lines = grouped_messages(problems)
    if len(lines) == len(problems):
        return str(error)
    return (
        f"{len(problems)} problems, {len(lines)} causes (--verbose lists every row):\n"
        + "\n".join(lines)
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        status: int = args._run(args)
    except SpinemetInputError as error:
        print(f"spinemet {args.command}: error: {_input_error_text(error, args)}", file=sys.stderr)
        return 2
    except SpinemetError as error:
        print(f"spinemet {args.command}: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader (e.g. `| head`) closed the pipe: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as error:  # the CLI edge: anything unexpected is a bug, exit 1
        print(
            f"spinemet {args.command}: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in spinemet; please report it with the input that caused it.",
            file=sys.stderr,
        )
        return 1
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
