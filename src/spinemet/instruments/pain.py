"""Pain intensity: visual analogue scale (VAS, 0-10) and numeric rating scale (NRS, 0-10).

Severity bands: Jensen MP, Chen C, Brugger AM. J Pain 2003;4(7):407-14 (VAS) and Serlin RC et al.
Pain 1995;61(2):277-84 (NRS). Clinically important change: Farrar JT et al. Pain
2001;94(2):149-58. domain/instruments.md §8.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from decimal import Decimal

from spinemet.errors import ItemError
from spinemet.instruments._i18n import N_
from spinemet.instruments._score import is_valid_value
from spinemet.instruments._spec import Band, InstrumentSpec, Item, ItemKind, Scoring

__all__ = ["NRS", "VAS", "PainChange", "pain_change", "vas_mm_to_cm"]

FARRAR_2001 = (
    "Farrar JT, Young JP Jr, LaMoreaux L, Werth JL, Poole RM. Clinical importance of changes in "
    "chronic pain intensity measured on an 11-point numerical pain rating scale. Pain. "
    "2001;94(2):149-158. doi:10.1016/S0304-3959(01)00349-9"
)

VAS = InstrumentSpec(
    code="vas",
    name=N_("Visual analogue scale for pain (0-10)"),
    scoring=Scoring.VALUE,
    reference=(
        "Jensen MP, Chen C, Brugger AM. Interpretation of visual analog scale ratings and change "
        "scores: a reanalysis of two clinical trials of postoperative pain. J Pain. "
        "2003;4(7):407-414."
    ),
    total_range=(0, 10),
    items=(
        Item(
            "vas",
            N_("Pain on a 10 cm line (0 no pain, 10 worst imaginable pain); mm: divide by 10"),
            ItemKind.NUMBER,
            minimum=0,
            maximum=10,
        ),
    ),
    bands=(
        Band("none", N_("no pain"), 0, 0.5, high_inclusive=False),
        Band("mild", N_("mild pain"), 0.5, 4.5, high_inclusive=False),
        Band("moderate", N_("moderate pain"), 4.5, 7.5, high_inclusive=False),
        Band("severe", N_("severe pain"), 7.5, 10),
    ),
    sources=(FARRAR_2001,),
    notes=N_(
        "The scorer never guesses the unit: 76 is out of range, not 7.6. Convert a 100 mm "
        "reading with vas_mm_to_cm first."
    ),
)

NRS = InstrumentSpec(
    code="nrs",
    name=N_("Numeric rating scale for pain (0-10)"),
    scoring=Scoring.VALUE,
    reference=(
        "Serlin RC, Mendoza TR, Nakamura Y, Edwards KR, Cleeland CS. When is cancer pain mild, "
        "moderate or severe? Grading pain severity by its interference with function. Pain. "
        "1995;61(2):277-284."
    ),
    total_range=(0, 10),
    items=(
        Item(
            "nrs",
            N_("Pain on the 11-point numeric rating scale (0 no pain, 10 worst)"),
            ItemKind.INTEGER,
            minimum=0,
            maximum=10,
        ),
    ),
    bands=(
        Band("none", N_("no pain"), 0, 0),
        Band("mild", N_("mild pain"), 1, 4),
        Band("moderate", N_("moderate pain"), 5, 6),
        Band("severe", N_("severe pain"), 7, 10),
    ),
    sources=(FARRAR_2001,),
)


def vas_mm_to_cm(millimetres: float) -> float:
    """A VAS reading on a 100 mm line, on the 0-10 scale.

    Examples
    --------
    >>> vas_mm_to_cm(76)
    7.6
    """
    if (
        isinstance(millimetres, bool)
        or not isinstance(millimetres, numbers.Real)
        or not 0 <= millimetres <= 100
    ):
        raise ItemError("vas_mm", millimetres, "0 <= number <= 100 (millimetres)")
    return float(Decimal(str(millimetres)) / 10)


@dataclass(frozen=True, slots=True)
class PainChange:
    """Change in pain between two readings on the same scale, with Farrar's flags."""

    scale: str
    absolute_change: float
    change_0_10: float
    percent_change: float | None
    mcid_points_met: bool
    mcid_percent_met: bool
    clinically_important_improvement: bool
    reference: str = FARRAR_2001


def pain_change(baseline: float, follow_up: float, scale: str) -> PainChange:
    """Change from ``baseline`` to ``follow_up`` and whether it is clinically important.

    Parameters
    ----------
    baseline, follow_up
        Two readings on the same 0-10 scale.
    scale
        ``"vas"`` or ``"nrs"``; both readings are validated as that instrument's item.

    Returns
    -------
    PainChange
        ``absolute_change`` (negative = improvement), ``percent_change`` (``None`` when the
        baseline is 0), ``mcid_points_met`` (reduction >= 2.0 points), ``mcid_percent_met``
        (reduction >= 30 % of baseline) and ``clinically_important_improvement`` (the percent
        flag: Farrar found it tracked patients' global impression best).

    Notes
    -----
    Arithmetic is decimal, so a boundary change is not lost to binary floating point.

    References
    ----------
    Farrar JT et al. Pain 2001;94(2):149-158.

    Examples
    --------
    >>> change = pain_change(3.0, 1.8, "vas")
    >>> (change.absolute_change, change.percent_change,
    ...  change.mcid_points_met, change.mcid_percent_met)
    (-1.2, -40.0, False, True)
    """
    specs = {"vas": VAS, "nrs": NRS}
    if scale not in specs:
        raise ItemError("scale", scale, "vas, nrs (both readings on the same scale)")
    item = specs[scale].items[0]
    for name, value in (("baseline", baseline), ("follow_up", follow_up)):
        if not is_valid_value(item, value):
            raise ItemError(f"{scale}.{name}", value, item.allowed_text())
    start, end = Decimal(str(baseline)), Decimal(str(follow_up))
    change = end - start
    percent = None if start == 0 else change / start * 100
    points_met = start != 0 and change <= Decimal(-2)
    percent_met = percent is not None and percent <= Decimal(-30)
    return PainChange(
        scale=scale,
        absolute_change=float(change),
        change_0_10=float(change),
        percent_change=None if percent is None else float(percent),
        mcid_points_met=points_met,
        mcid_percent_met=percent_met,
        clinically_important_improvement=percent_met,
    )
