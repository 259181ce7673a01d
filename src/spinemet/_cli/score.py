"""``spinemet score INSTRUMENT``: score one case (JSON) or every row of a table (CSV, Excel)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinemet._cli._io import print_json, read_json_object, write_atomically
from spinemet.errors import ItemError, Problem, SpinemetInputError
from spinemet.instruments import INSTRUMENTS, InstrumentSpec, ItemKind, get_spec, score

if TYPE_CHECKING:
    import pandas as pd

_TABLE_SUFFIXES = (".csv", ".xlsx")
FIRST_DATA_ROW = 2  # row 1 of a sheet or CSV holds the column names


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``spinemet score``."""
    parser.description = (
        "Score a clinical instrument from its raw items. One case: a JSON object on standard "
        "input or in --input FILE, result printed as JSON. A table: --csv IN --out OUT scores "
        "every row (CSV or .xlsx) and writes the table with total, category and the points of "
        "each item added; if any row is invalid nothing is written and every bad cell is listed."
    )
    parser.epilog = (
        "examples:\n"
        "  echo '{\"vas\": 7.6}' | spinemet score vas\n"
        '  echo \'{"location": "junctional", "pain": "mechanical", "bone_lesion": "lytic",\n'
        '         "radiographic_alignment": "normal", "vertebral_body_collapse": "lt_50",\n'
        '         "posterolateral_involvement": "unilateral"}\' | spinemet score sins\n'
        "  spinemet score sins --schema\n"
        "  spinemet score barthel --csv visits.csv --out scored.xlsx\n\n"
        "instruments (items and allowed values: spinemet instruments CODE):\n"
        + "\n".join(
            f"  {code:<20} {', '.join(spec.item_names)}" for code, spec in INSTRUMENTS.items()
        )
        + "\n\nexit codes: 0 success, 2 bad input (nothing written), 1 internal error"
    )
    parser.add_argument("instrument", help="instrument code (see: spinemet instruments)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--input", metavar="FILE", help="JSON object of items (default: stdin)")
    source.add_argument("--schema", action="store_true", help="print the items' JSON Schema")
    source.add_argument("--csv", metavar="IN", help="score every row of a .csv or .xlsx table")
    parser.add_argument("--out", metavar="OUT", help="where --csv writes (.csv or .xlsx)")


def run(args: argparse.Namespace) -> int:
    """Score one case, print a schema, or score a table."""
    spec = get_spec(args.instrument)
    if args.schema:
        from spinemet.instruments import json_schema

        print_json(json_schema(spec.code))
        return 0
    if args.csv:
        return _score_table(spec, Path(args.csv), args.out)
    if args.out:
        raise SpinemetInputError("--out", args.out, "only together with --csv IN", "misused_option")
    items = _aliased(spec, read_json_object(args.input, what=f"{spec.code} items"))
    print_json(score(spec.code, items).as_dict())
    return 0


# The name a decision case gives an instrument's one item (patient.frankel, patient.asia) is
# accepted for it: ``{"frankel": "D"}`` scores like ``{"grade": "D"}``.
ITEM_ALIASES: dict[str, dict[str, str]] = {
    "frankel": {"frankel": "grade"},
    "asia": {"asia": "grade"},
}


def _aliased(spec: InstrumentSpec, items: dict[str, Any]) -> dict[str, Any]:
    """``items`` with a case field name (``frankel``) renamed to the item (``grade``).

    >>> from spinemet.instruments import get_spec
    >>> _aliased(get_spec("frankel"), {"frankel": "D"})
    {'grade': 'D'}
    """
    for alias, item in ITEM_ALIASES.get(spec.code, {}).items():
        if alias in items:
            if item in items:
                raise SpinemetInputError(
                    alias,
                    items[alias],
                    f"either {item!r} or {alias!r} (the same item), not both",
                    "duplicate_item",
                )
            items = {(item if key == alias else key): value for key, value in items.items()}
    return items


def _check_suffix(option: str, path: Path) -> None:
    if path.suffix.lower() not in _TABLE_SUFFIXES:
        raise SpinemetInputError(option, str(path), "a file ending in .csv or .xlsx", "bad_suffix")


def read_table(spec: InstrumentSpec, path: Path) -> pd.DataFrame:
    """Read a CSV or Excel table for ``spec``: code columns as text, numbers as numbers.

    The index is the sheet's row number (the header is row 1), so errors point at the row a
    person sees in a spreadsheet.
    """
    import pandas as pd
    from pandas.api.types import is_numeric_dtype

    _check_suffix("--csv", path)
    # Code columns as categoricals of their text: Bilsky "2" stays a grade, and scoring the
    # codes then hashes a few categories instead of every cell.
    text_columns: Any = {  # read_csv and read_excel type their dtype mappings differently
        item.name: pd.CategoricalDtype() for item in spec.items if item.kind is ItemKind.CHOICE
    }
    try:
        if path.suffix.lower() == ".csv":
            frame = pd.read_csv(
                path, dtype=text_columns, dtype_backend="numpy_nullable", skip_blank_lines=False
            )
        else:
            frame = pd.read_excel(path, dtype=text_columns, dtype_backend="numpy_nullable")
    except FileNotFoundError:
        raise SpinemetInputError("--csv", str(path), "an existing file", "no_such_file") from None
    except (ValueError, OSError, pd.errors.ParserError) as error:
        raise SpinemetInputError(
            "--csv", str(path), f"a readable table ({error})", "unreadable_table"
        ) from None
    for item in spec.items:
        column = frame.get(item.name)
        if item.kind in _NUMERIC and column is not None and not is_numeric_dtype(column.dtype):
            # A column with some text is read as text; its numbers are still numbers.
            values = [None if value is pd.NA else _number_from_text(value) for value in column]
            frame[item.name] = pd.Series(values, index=frame.index, dtype=object)
    frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame))
    return frame


_NUMERIC = (ItemKind.INTEGER, ItemKind.NUMBER)


def _number_from_text(value: object) -> object:
    """``"7.5"`` -> 7.5 and ``"76"`` -> 76; other text is kept, to be reported as it is."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return value


def _score_table(spec: InstrumentSpec, source: Path, out: str | None) -> int:
    if not out:
        raise SpinemetInputError(
            "--out", None, "a .csv or .xlsx path for the scored table", "missing_option"
        )
    target = Path(out)
    _check_suffix("--out", target)
    if not target.parent.is_dir():
        raise SpinemetInputError("--out", out, "a file in an existing folder", "no_such_folder")
    frame = read_table(spec, source)
    for alias, item in ITEM_ALIASES.get(spec.code, {}).items():
        if alias in frame.columns:
            if item in frame.columns:
                raise SpinemetInputError(
                    alias, alias, f"either column {item!r} or {alias!r}, not both", "duplicate_item"
                )
            frame = frame.rename(columns={alias: item})
    from spinemet.instruments import score_frame

    try:
        scored = score_frame(spec.code, frame)
    except ItemError as error:
        raise ItemError.from_problems(
            Problem(p.field, p.value, p.allowed, p.code, row=p.row, file=str(source))
            for p in error.problems
        ) from None

    def write(temporary: Path) -> None:
        from spinemet._spreadsheet import write_csv, write_xlsx

        # Input cells are data: a cell typed =HYPERLINK(...) stays text (OWASP).
        if target.suffix.lower() == ".csv":
            write_csv(scored, temporary, index=False)
        else:
            write_xlsx({"scored": scored}, temporary)

    write_atomically(target, write)
    complete = int(scored["category"].notna().sum())
    print(f"scored {len(scored)} rows of {spec.code} ({complete} complete) -> {target}")
    return 0
