"""Three-valued logic (domain/decision.md §2.1): true, false or unknown, with what is missing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["FALSE", "TRUE", "Truth", "all_of", "any_of", "known", "unknown"]


@dataclass(frozen=True, slots=True)
class Truth:
    """A truth value: ``True``, ``False`` or ``None`` (unknown), with the missing fields.

    ``missing`` names the input fields whose absence made the value unknown (empty when known).

    Examples
    --------
    >>> all_of([TRUE, unknown("patient.kps")])
    Truth(value=None, missing=frozenset({'patient.kps'}))
    >>> all_of([FALSE, unknown("patient.kps")]).value
    False
    >>> any_of([TRUE, unknown("patient.kps")]).value
    True
    """

    value: bool | None
    missing: frozenset[str] = frozenset()

    def __invert__(self) -> Truth:
        return self if self.value is None else Truth(not self.value)

    @property
    def is_true(self) -> bool:
        """Whether the value is known to be true."""
        return self.value is True


TRUE = Truth(True)
FALSE = Truth(False)


def known(value: bool) -> Truth:
    """A known truth value."""
    return TRUE if value else FALSE


def unknown(*missing: str) -> Truth:
    """An unknown truth value because of the given missing fields."""
    return Truth(None, frozenset(missing))


def all_of(parts: Iterable[Truth]) -> Truth:
    """``and``: false if any part is false, else unknown if any is unknown, else true."""
    missing: set[str] = set()
    undecided = False
    for part in parts:
        if part.value is False:
            return FALSE
        if part.value is None:
            undecided = True
            missing |= part.missing
    return Truth(None, frozenset(missing)) if undecided else TRUE


def any_of(parts: Iterable[Truth]) -> Truth:
    """``or``: true if any part is true, else unknown if any is unknown, else false."""
    missing: set[str] = set()
    undecided = False
    for part in parts:
        if part.value is True:
            return TRUE
        if part.value is None:
            undecided = True
            missing |= part.missing
    return Truth(None, frozenset(missing)) if undecided else FALSE
