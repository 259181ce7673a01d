"""The index segment and the anchor walk of domain/decision.md §4.1 and §4.3 steps 2-3.

One definition for two callers: phase 0 (predicate ``percutaneous_construct_possible``, §2.2,
which reads input fields only) and the construct plan of phase 5. Both walk the same way, so a
rating can never promise a percutaneous construct the planner cannot build (rev 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from spinemet.decision.case import Lesion
from spinemet.decision.codes import WarningCode
from spinemet.decision.levels import Level, contiguous_runs, in_range

__all__ = ["ANCHOR_RANGE", "Walk", "index_segment", "walk"]

ANCHOR_RANGE = (Level.T1, Level.S1)
"""Percutaneous anchors are proposed within T1..S1 (§4.3 step 3)."""


@dataclass(frozen=True, slots=True)
class Walk:
    """The anchor levels found on one side, and the plan warnings the walk gave (with levels)."""

    anchors: tuple[Level, ...]
    notes: tuple[tuple[str, tuple[Level, ...]], ...] = field(default=())


def index_segment(
    index_levels: tuple[Level, ...], sins_totals: Mapping[Level, int]
) -> tuple[list[Level], list[Level]]:
    """§4.1: the contiguous run of index levels holding the highest-SINS index lesion.

    Returns the segment and the index levels outside it (empty when the index lesions are
    contiguous). Ties on SINS: the cranial lesion.

    >>> index_segment((Level.T8, Level.L1, Level.L2), {Level.T8: 9, Level.L1: 13, Level.L2: 7})
    ([<Level.L1: 'L1'>, <Level.L2: 'L2'>], [<Level.T8: 'T8'>])
    """
    runs = contiguous_runs(index_levels)
    if len(runs) == 1:
        return runs[0], []
    best = max(index_levels, key=lambda level: (sins_totals[level], -level.position))
    chosen = next(run for run in runs if best in run)
    return chosen, [level for level in index_levels if level not in chosen]


def walk(lesions: Mapping[Level, Lesion], start: Level, step: int, needed: int) -> Walk:
    """§4.3 steps 2-3: walk outward from ``start`` (cranially: step -1) for ``needed`` anchors.

    A level is an anchor if it is not a listed lesion or its pedicles are not involved; both
    pedicles destroyed: skipped (the construct is extended); one pedicle involved: skipped as a
    bilateral anchor; an involved level with intact pedicles is an anchor (with a warning). The
    side stops where it would leave T1..S1 (``anchor_range_exceeded``; below S1 also
    ``lumbopelvic_fixation``).

    >>> walk({}, Level.L5, +1, 2).anchors
    (<Level.S1: 'S1'>,)
    """
    notes: list[tuple[str, tuple[Level, ...]]] = []
    anchors: list[Level] = []
    current: Level | None = start
    while len(anchors) < needed:
        if current is not None:
            current = current.next() if step > 0 else current.previous()
        if current is None or not in_range(current, *ANCHOR_RANGE):
            notes.append((WarningCode.ANCHOR_RANGE_EXCEEDED, ()))
            if step > 0:
                notes.append((WarningCode.LUMBOPELVIC_FIXATION, (start,)))
            break
        lesion = lesions.get(current)
        if lesion is not None and lesion.pedicle_involvement == "bilateral":
            notes.append((WarningCode.PEDICLE_DESTROYED_SKIP_EXTEND, (current,)))
            continue
        if lesion is not None and lesion.pedicle_involvement in ("left", "right"):
            notes.append((WarningCode.UNILATERAL_PEDICLE_INVOLVEMENT, (current,)))
            continue
        if lesion is not None:
            notes.append((WarningCode.ANCHOR_IN_INVOLVED_VERTEBRA, (current,)))
        if current is Level.S1:
            notes.append((WarningCode.S1_ANCHOR, (current,)))
        anchors.append(current)
    return Walk(tuple(anchors), tuple(notes))
