"""``spinemet map SHEET --out mapping.toml``: propose a mapping file for a hospital's sheet.

The proposal names every column of the sheet and what it probably is; the user checks and
edits it, then runs ``spinemet analyze SHEET --mapping mapping.toml``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spinemet.errors import SpinemetInputError

EXAMPLES = """\
examples:
  spinemet map 病例.xlsx --out mapping.toml
  spinemet analyze 病例.xlsx --mapping mapping.toml --out report/

The proposal matches headers (English and Chinese) to the cohort's columns and instrument
visits (VAS术前 -> vas_preop), recodes values it recognises (男 -> male, 死亡 -> dead,
breast ca -> breast), strips units from numbers (47岁), finds the header row, note rows,
the date formats and the decimal separator. What it cannot decide is marked TODO and left
out, so that analyze refuses it until you decide.
"""


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``spinemet map``."""
    parser.description = "Propose a mapping file (mapping.toml) for a sheet, to check and edit."
    parser.epilog = EXAMPLES
    parser.add_argument("sheet", metavar="SHEET", help="a .csv or .xlsx sheet (first sheet)")
    parser.add_argument(
        "--out", metavar="FILE", help="where to write the mapping (default: print it)"
    )
    parser.add_argument("--sheet-name", metavar="NAME", help="the workbook sheet to map")
    parser.add_argument("--force", action="store_true", help="replace an existing --out file")


def run(args: argparse.Namespace) -> int:
    """Write or print the proposed mapping."""
    from spinemet._files import write_atomically
    from spinemet.cohort._propose import propose_mapping

    source = Path(args.sheet)
    if not source.is_file():
        raise SpinemetInputError(
            "SHEET", str(source), "an existing .csv or .xlsx file", "no_such_file"
        )
    if source.suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
        raise SpinemetInputError(
            "SHEET", str(source), "a file ending in .csv or .xlsx", "bad_suffix"
        )
    proposal = propose_mapping(source, sheet=args.sheet_name or 0)
    text = proposal.toml()
    if args.out is None:
        sys.stdout.write(text)
        return 0
    target = Path(args.out)
    if target.exists() and not args.force:
        raise SpinemetInputError(
            "--out", str(target), "a new file (or --force to replace it)", "file_exists"
        )
    if not target.parent.is_dir():
        raise SpinemetInputError(
            "--out", str(target), "a file in an existing folder", "no_such_folder"
        )
    write_atomically(target, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    todo = text.count("TODO")
    print(f"mapping: {target} ({len(proposal.columns)} columns; {todo} TODO to decide)")
    print(f"next: check it, then spinemet analyze {source} --mapping {target} --out report/")
    return 0
