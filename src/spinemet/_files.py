"""Writing files so that a reader never sees half of one (shared by every layer)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["default_file_mode", "write_atomically"]


def default_file_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give a new file under the current umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: str | os.PathLike[str], write: Callable[[Path], object]) -> None:
    """Write a file through a temporary file in the same folder, then move it into place.

    The folder must exist. Nothing is left behind at ``path`` if ``write`` fails, and the file
    gets the usual permissions (a temporary file is private until it is moved).
    """
    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent
    )
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, default_file_mode())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
