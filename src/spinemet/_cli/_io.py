"""Reading and writing for the command line: JSON objects in, JSON out, atomic file output."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from spinemet._files import write_atomically
from spinemet.errors import SpinemetInputError

__all__ = ["print_json", "read_json_object", "write_atomically"]


def read_json_object(path: str | None, *, what: str = "input") -> dict[str, Any]:
    """One JSON object from ``path``, or from standard input when ``path`` is None or ``-``.

    The text must be UTF-8 (a byte-order mark, as some Windows editors write, is accepted).
    """
    source = "stdin" if path in (None, "-") else str(path)
    try:
        if source != "stdin":
            raw = Path(source).read_bytes()
        elif hasattr(sys.stdin, "buffer"):
            raw = sys.stdin.buffer.read()
        else:  # a text stream put in place of stdin (tests, notebooks)
            raw = sys.stdin.read().encode("utf-8")
    except OSError as error:
        raise SpinemetInputError(
            "--input", source, f"a readable file ({error.strerror})", "unreadable_file"
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpinemetInputError(
            what,
            f"byte {raw[error.start]:#04x} at position {error.start}",
            "UTF-8 text (save the file as UTF-8)",
            "not_utf8",
            file=None if source == "stdin" else source,
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
