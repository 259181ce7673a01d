"""The cross-field checks of a lesion (domain/decision.md §1.2), once for a case and a cohort.

A decision case (one lesion at a time) and a cohort's lesions table (tens of thousands of rows)
apply the same four rules; they are written here once, over whole columns, so both say the same
thing. A rule is checked only where both of its fields are given in a row.

Why plain Python over columns rather than numpy or pandas: ``spinemet recommend`` loads neither
(numpy alone would add about a third to its import time), and on 100,000 lesions these
comprehensions take about 0.15 s, small beside the rest of a cohort's validation. One
definition for both callers matters more here than the last factor of speed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spinemet.instruments import sins_location_from_level

__all__ = ["LESION_FIELDS", "LesionInconsistency", "lesion_inconsistencies"]

LESION_FIELDS = (
    "level",
    "lesion_type",
    "collapse_percent",
    "pedicle_involvement",
    "sins_location",
    "sins_bone_lesion",
    "sins_vertebral_body_collapse",
    "sins_posterolateral_involvement",
)
"""The columns the checks read (flat names, as in a cohort's lesions table)."""


@dataclass(frozen=True, slots=True)
class LesionInconsistency:
    """Row ``position`` has ``field`` = ``value``, which disagrees with another field."""

    position: int
    field: str
    value: object
    allowed: str


def _given(value: object) -> bool:
    return value is not None and value == value  # NaN is not equal to itself


def _number(value: float) -> str:
    return f"{value:g}"


def lesion_inconsistencies(columns: Mapping[str, Sequence[object]]) -> list[LesionInconsistency]:
    """The lesions whose fields contradict each other, rule by rule (domain/decision.md §1.2).

    Parameters
    ----------
    columns
        Column name -> values, one per lesion, for any of :data:`LESION_FIELDS`; a missing
        column or a missing value (``None``, NaN) leaves the rules that need it unchecked.

    Returns
    -------
    list of LesionInconsistency
        In rule order, then row order. The field named is the SINS item that disagrees.

    Notes
    -----
    - ``sins_location`` must be the location derived from ``level``
      (:func:`spinemet.instruments.sins_location_from_level`).
    - ``sins_bone_lesion`` must equal ``lesion_type``.
    - ``collapse_percent`` > 50 needs ``sins_vertebral_body_collapse`` ``gt_50``; 0 < x < 50
      needs ``lt_50``; 0 excludes ``gt_50`` and ``lt_50``; exactly 50 is left to the engine.
    - ``pedicle_involvement`` ``bilateral`` excludes ``sins_posterolateral_involvement`` ``none``.

    Examples
    --------
    >>> found = lesion_inconsistencies(
    ...     {"lesion_type": ["lytic", "mixed"], "sins_bone_lesion": ["lytic", "blastic"]}
    ... )
    >>> [(item.position, item.field, item.value, item.allowed) for item in found]
    [(1, 'sins_bone_lesion', 'blastic', "'mixed' (equal to lesion_type)")]
    """
    found: list[LesionInconsistency] = []

    def pairs(first: str, second: str) -> list[tuple[int, object, object]]:
        if first not in columns or second not in columns:
            return []
        return [
            (position, a, b)
            for position, (a, b) in enumerate(zip(columns[first], columns[second], strict=True))
            if _given(a) and _given(b)
        ]

    located = pairs("level", "sins_location")
    derived_of = {level: sins_location_from_level(str(level)) for level in {p[1] for p in located}}
    for position, level, location in located:
        derived = derived_of[level]
        if location != derived:
            found.append(
                LesionInconsistency(
                    position,
                    "sins_location",
                    location,
                    f"{derived!r} (derived from level {level}) or omitted",
                )
            )
    for position, lesion_type, bone_lesion in pairs("lesion_type", "sins_bone_lesion"):
        if bone_lesion != lesion_type:
            found.append(
                LesionInconsistency(
                    position,
                    "sins_bone_lesion",
                    bone_lesion,
                    f"{lesion_type!r} (equal to lesion_type)",
                )
            )
    for position, collapse, item in pairs("collapse_percent", "sins_vertebral_body_collapse"):
        percent = float(collapse)  # type: ignore[arg-type]
        expected: str | None = None
        if percent > 50 and item != "gt_50":
            expected = "'gt_50' (collapse_percent > 50)"
        elif 0 < percent < 50 and item != "lt_50":
            expected = "'lt_50' (0 < collapse_percent < 50)"
        elif percent == 0 and item in ("gt_50", "lt_50"):
            expected = "'no_collapse_gt_50_involved' or 'none' (collapse_percent = 0)"
        if expected is not None:
            found.append(
                LesionInconsistency(
                    position,
                    "sins_vertebral_body_collapse",
                    item,
                    f"{expected}; collapse_percent is {_number(percent)}",
                )
            )
    for position, pedicle, posterolateral in pairs(
        "pedicle_involvement", "sins_posterolateral_involvement"
    ):
        if pedicle == "bilateral" and posterolateral == "none":
            found.append(
                LesionInconsistency(
                    position,
                    "sins_posterolateral_involvement",
                    "none",
                    "'unilateral' or 'bilateral' (pedicle_involvement is 'bilateral')",
                )
            )
    return found
