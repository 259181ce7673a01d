"""Read a gettext ``.po`` catalogue and write its ``.mo``, without a dependency.

The build compiles ``locale/*/LC_MESSAGES/django.po`` to ``.mo`` with :func:`compile_po`
(``hatch_build.py``), so Python's :mod:`gettext` and Django (``LOCALE_PATHS``) read the same
catalogue; a source checkout without a build compiles it in memory. Only what spinemet's
catalogue uses is supported: ``msgctxt``-free singular entries, ``#,`` flags (``fuzzy``
entries are skipped, as ``msgfmt`` does), comments, multi-line strings.
"""

from __future__ import annotations

import ast
import struct
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PoEntry", "compile_po", "mo_bytes", "read_po"]


@dataclass
class PoEntry:
    """One catalogue entry: ``msgid``, ``msgstr``, its flags and comments."""

    msgid: str
    msgstr: str = ""
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)


def read_po(text: str) -> list[PoEntry]:
    """The entries of ``.po`` text (the header entry, ``msgid ""``, included)."""
    entries: list[PoEntry] = []
    current: PoEntry | None = None
    target = ""
    pending_flags: set[str] = set()
    pending_comments: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            pending_comments.append(line)
        elif line.startswith("msgid "):
            current = PoEntry(ast.literal_eval(line[6:]), "", pending_flags, pending_comments)
            entries.append(current)
            pending_flags, pending_comments = set(), []
            target = "msgid"
        elif line.startswith("msgstr "):
            if current is not None:
                current.msgstr = ast.literal_eval(line[7:])
            target = "msgstr"
        elif line.startswith('"') and current is not None:
            piece = ast.literal_eval(line)
            if target == "msgid":
                current.msgid += piece
            else:
                current.msgstr += piece
    return entries


def mo_bytes(entries: list[PoEntry]) -> bytes:
    """The GNU ``.mo`` file of the translated, non-fuzzy entries (and the header)."""
    pairs = sorted(
        (entry.msgid, entry.msgstr)
        for entry in entries
        if entry.msgstr and "fuzzy" not in entry.flags
    )
    ids = b""
    strs = b""
    offsets = []
    for msgid, msgstr in pairs:
        key, value = msgid.encode("utf-8"), msgstr.encode("utf-8")
        offsets.append((len(ids), len(key), len(strs), len(value)))
        ids += key + b"\0"
        strs += value + b"\0"
    count = len(pairs)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + len(ids)
    table: list[int] = []
    for id_offset, id_length, _, _ in offsets:
        table += [id_length, key_start + id_offset]
    for _, _, str_offset, str_length in offsets:
        table += [str_length, value_start + str_offset]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    return header + struct.pack(f"{len(table)}i", *table) + ids + strs


def compile_po(po: Path, mo: Path | None = None) -> Path:
    """Compile ``po`` to ``mo`` (default: beside it, ``.mo``); returns the ``.mo`` path."""
    target = mo or po.with_suffix(".mo")
    target.write_bytes(mo_bytes(read_po(po.read_text(encoding="utf-8"))))
    return target
