"""The registry's errors beyond bad input (which is :class:`spinemet.errors.SpinemetInputError`).

Each maps to one HTTP status in the API (``api/errors.py``), one message on a page and one exit
code on the command line: not visible 404, not allowed 403, stale version 409.
"""

from __future__ import annotations

from typing import Any

from spinemet.errors import SpinemetError

__all__ = ["NotFound", "NotPermitted", "VersionConflict"]


class NotFound(SpinemetError):
    """The object does not exist or lies outside the user's sites (its existence is not
    revealed: both answer the same)."""

    def __init__(self, what: str = "object") -> None:
        super().__init__(f"{what} not found")
        self.what = what


class NotPermitted(SpinemetError):
    """The user's role does not allow this action (a monitor's write, an investigator's
    import)."""


class VersionConflict(SpinemetError):
    """The record changed since the caller read it: ``current`` is the stored record."""

    def __init__(self, *, given: object, stored: int, current: dict[str, Any]) -> None:
        super().__init__(
            f"version: {given!r} is not the stored version {stored}; someone saved in between. "
            "Nothing was written: reload, check their change, and save again."
        )
        self.given = given
        self.stored = stored
        self.current = current
