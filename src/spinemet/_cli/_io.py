"""Reading and writing for the command line: JSON objects, tables, atomic file output."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spinemet.errors import SpinemetInputError


def read_json_object(path: str | None, *, what: str = "input") -> dict[str, Any]:
    """One JSON object from ``path``, or from standard input when ``path`` is None or ``-``."""
    source = "stdin" if path in (None, "-") else str(path)
    try:
        text = sys.stdin.read() if source == "stdin" else Path(source).read_text(encoding="utf-8")
    except OSError as error:
        raise SpinemetInputError(
            "--input", source, f"a readable file ({error.strerror})", "unreadable_file"
        ) from None
    if not text.strip():
        raise SpinemetInputError(what, "", "one JSON object (nothing was given)", "empty_input")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SpinemetInputError(
            what,
            text.strip()[:60],
            f"valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            "invalid_json",
            file=None if source == "stdin" else source,
        ) from None
    if not isinstance(data, dict):
        raise SpinemetInputError(
            what, data, "one JSON object ({...})", "not_an_object", file=source
        )
    return data


def print_json(data: object) -> None:
    """Print JSON the way every spinemet command does (indented, UTF-8, stable key order)."""
    print(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=str))


def write_atomically(path: str | os.PathLike[str], write: Callable[[Path], None]) -> None:
    """Write a file through a temporary file in the same folder, then move it into place.

    Nothing is left behind at ``path`` if ``write`` fails.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent
    )
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
