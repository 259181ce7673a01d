"""Vertebral levels as an ordered enumeration, C1 (cranial) to S5 (caudal).

Levels are never free text: every level in a case, a rule or a plan is a :class:`Level`, and
"contiguous" means consecutive in this order (domain/decision.md §4.1).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

__all__ = ["Level", "contiguous_runs", "in_range", "sort_levels"]


class Level(StrEnum):
    """A vertebra, C1..C7, T1..T12, L1..L5, S1..S5, in cranio-caudal order.

    S2-S5 are valid levels since decision.md revision 4 (SINS location ``rigid``); the coccyx
    is not a level (SINS does not define it).

    Examples
    --------
    >>> Level.L1.position, Level.T12 < Level.L1, Level("T11").next()
    (19, True, <Level.T12: 'T12'>)
    """

    C1 = "C1"
    C2 = "C2"
    C3 = "C3"
    C4 = "C4"
    C5 = "C5"
    C6 = "C6"
    C7 = "C7"
    T1 = "T1"
    T2 = "T2"
    T3 = "T3"
    T4 = "T4"
    T5 = "T5"
    T6 = "T6"
    T7 = "T7"
    T8 = "T8"
    T9 = "T9"
    T10 = "T10"
    T11 = "T11"
    T12 = "T12"
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"
    L4 = "L4"
    L5 = "L5"
    S1 = "S1"
    S2 = "S2"
    S3 = "S3"
    S4 = "S4"
    S5 = "S5"

    @property
    def position(self) -> int:
        """Position in the cranio-caudal order (C1 = 0)."""
        return _ORDER[self]

    def next(self) -> Level | None:
        """The level below (caudal), or None below S5."""
        position = _ORDER[self] + 1
        return _LEVELS[position] if position < len(_LEVELS) else None

    def previous(self) -> Level | None:
        """The level above (cranial), or None above C1."""
        position = _ORDER[self] - 1
        return _LEVELS[position] if position >= 0 else None

    # StrEnum compares as text ("T10" < "T9"); anatomical order is what every caller means.
    def __lt__(self, other: object) -> bool:
        if isinstance(other, Level):
            return _ORDER[self] < _ORDER[other]
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Level):
            return _ORDER[self] <= _ORDER[other]
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Level):
            return _ORDER[self] > _ORDER[other]
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Level):
            return _ORDER[self] >= _ORDER[other]
        return NotImplemented

    def __hash__(self) -> int:
        return str.__hash__(self)


_LEVELS: tuple[Level, ...] = tuple(Level)
_ORDER: dict[Level, int] = {level: position for position, level in enumerate(_LEVELS)}


def sort_levels(levels: Iterable[Level]) -> list[Level]:
    """Levels in cranio-caudal order, without duplicates.

    >>> sort_levels([Level.L2, Level.T10, Level.T9, Level.L2])
    [<Level.T9: 'T9'>, <Level.T10: 'T10'>, <Level.L2: 'L2'>]
    """
    return sorted(set(levels), key=lambda level: _ORDER[level])


def in_range(level: Level, first: Level, last: Level) -> bool:
    """Whether ``level`` lies in ``first..last`` inclusive.

    >>> in_range(Level.T1, Level.T1, Level.L5), in_range(Level.S1, Level.T1, Level.L5)
    (True, False)
    """
    return _ORDER[first] <= _ORDER[level] <= _ORDER[last]


def contiguous_runs(levels: Iterable[Level]) -> list[list[Level]]:
    """Split levels into runs of consecutive vertebrae, each in cranio-caudal order.

    >>> contiguous_runs([Level.L3, Level.L1, Level.L2, Level.T8])
    [[<Level.T8: 'T8'>], [<Level.L1: 'L1'>, <Level.L2: 'L2'>, <Level.L3: 'L3'>]]
    """
    runs: list[list[Level]] = []
    for level in sort_levels(levels):
        if runs and _ORDER[runs[-1][-1]] + 1 == _ORDER[level]:
            runs[-1].append(level)
        else:
            runs.append([level])
    return runs
