"""Barthel Index of activities of daily living: 0-100 (``barthel``) and 0-20 (``barthel_20``).

Mahoney FI, Barthel DW. Md State Med J 1965;14:61-5; Collin C, Wade DT, Davies S, Horne V.
Int Disabil Stud 1988;10(2):61-3 (0-20 form); bands: Shah S, Vanclay F, Cooper B. J Clin
Epidemiol 1989;42(8):703-9. domain/instruments.md §9. In the 0-100 form each item's value is
its points; the 0-20 form is the same items with every value divided by 5.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spinemet.errors import ItemError
from spinemet.instruments._i18n import N_
from spinemet.instruments._spec import (
    Band,
    Choice,
    InstrumentSpec,
    Item,
    ItemKind,
    ItemValues,
    Scoring,
)

__all__ = ["BARTHEL", "BARTHEL_20", "BARTHEL_MCID_100", "barthel_20_to_100", "barthel_100_to_20"]

# Item name, label, ((points on 0-100, level description), ...): the table written once.
_LEVELS: tuple[tuple[str, str, tuple[tuple[int, str], ...]], ...] = (
    (
        "feeding",
        N_("Feeding"),
        (
            (0, N_("Unable")),
            (5, N_("Needs help cutting, spreading butter etc., or requires modified diet")),
            (10, N_("Independent")),
        ),
    ),
    ("bathing", N_("Bathing"), ((0, N_("Dependent")), (5, N_("Independent (bath or shower)")))),
    (
        "grooming",
        N_("Grooming"),
        (
            (0, N_("Needs help with personal care")),
            (5, N_("Independent face/hair/teeth/shaving (implements provided)")),
        ),
    ),
    (
        "dressing",
        N_("Dressing"),
        (
            (0, N_("Dependent")),
            (5, N_("Needs help but can do about half unaided")),
            (10, N_("Independent (including buttons, zips, laces)")),
        ),
    ),
    (
        "bowels",
        N_("Bowels"),
        (
            (0, N_("Incontinent (or needs to be given enemas)")),
            (5, N_("Occasional accident")),
            (10, N_("Continent")),
        ),
    ),
    (
        "bladder",
        N_("Bladder"),
        (
            (0, N_("Incontinent, or catheterised and unable to manage alone")),
            (5, N_("Occasional accident")),
            (10, N_("Continent")),
        ),
    ),
    (
        "toilet_use",
        N_("Toilet use"),
        (
            (0, N_("Dependent")),
            (5, N_("Needs some help, but can do something alone")),
            (10, N_("Independent (on and off, dressing, wiping)")),
        ),
    ),
    (
        "transfers",
        N_("Transfers (bed to chair and back)"),
        (
            (0, N_("Unable, no sitting balance")),
            (5, N_("Major help (one or two people, physical), can sit")),
            (10, N_("Minor help (verbal or physical)")),
            (15, N_("Independent")),
        ),
    ),
    (
        "mobility",
        N_("Mobility (on level surfaces)"),
        (
            (0, N_("Immobile or < 50 yards")),
            (5, N_("Wheelchair independent, including corners, > 50 yards")),
            (10, N_("Walks with help of one person (verbal or physical) > 50 yards")),
            (15, N_("Independent (but may use any aid, e.g. stick) > 50 yards")),
        ),
    ),
    (
        "stairs",
        N_("Stairs"),
        (
            (0, N_("Unable")),
            (5, N_("Needs help (verbal, physical, carrying aid)")),
            (10, N_("Independent")),
        ),
    ),
)

_REFERENCE = (
    "Mahoney FI, Barthel DW. Functional evaluation: the Barthel Index. Md State Med J. "
    "1965;14:61-65."
)
_COLLIN = (
    "Collin C, Wade DT, Davies S, Horne V. The Barthel ADL Index: a reliability study. "
    "Int Disabil Stud. 1988;10(2):61-63. doi:10.3109/09638288809164103"
)
_SHAH = (
    "Shah S, Vanclay F, Cooper B. Improving the sensitivity of the Barthel Index for stroke "
    "rehabilitation. J Clin Epidemiol. 1989;42(8):703-709. doi:10.1016/0895-4356(89)90065-6"
)
_HSIEH = (
    "Hsieh YW, Wang CH, Wu SC, Chen PC, Sheu CF, Hsieh CL. Establishing the minimal clinically "
    "important difference of the Barthel Index in stroke patients. Neurorehabil Neural Repair. "
    "2007;21(3):233-238."
)

BARTHEL_MCID_100 = 9.25
"""Minimal clinically important difference on 0-100: 1.85 on 0-20 x 5 (Hsieh 2007, stroke)."""

# Shah et al. derived these bands for their modified index; applying them to the original
# 0-100 index is common practice and the project convention (domain/instruments.md §9).
_BANDS = (
    Band("total_dependency", N_("total dependency"), 0, 20),
    Band("severe_dependency", N_("severe dependency"), 21, 60),
    Band("moderate_dependency", N_("moderate dependency"), 61, 90),
    Band("slight_dependency", N_("slight dependency"), 91, 99),
    Band("independent", N_("independent"), 100, 100),
)


def _items(divisor: int) -> tuple[Item, ...]:
    return tuple(
        Item(
            name,
            label,
            ItemKind.INTEGER,
            tuple(
                Choice(points // divisor, f"{points // divisor}: {text}", points // divisor)
                for points, text in levels
            ),
        )
        for name, label, levels in _LEVELS
    )


BARTHEL = InstrumentSpec(
    code="barthel",
    name=N_("Barthel Index of activities of daily living (0-100)"),
    scoring=Scoring.SUM,
    reference=_REFERENCE,
    total_range=(0, 100),
    items=_items(1),
    bands=_BANDS,
    sources=(_COLLIN, _SHAH, _HSIEH),
    notes=N_("Each item's value is its points. MCID 1.85/20 (about 9.25/100) in stroke."),
)


def _total_100(values: ItemValues, total: float | None) -> dict[str, object]:
    return {"total_100": None if total is None else int(total) * 5}


def _frame_total_100(values: Mapping[str, Any], total: Any) -> dict[str, Any]:
    return {"total_100": total * 5}


BARTHEL_20 = InstrumentSpec(
    code="barthel_20",
    name=N_("Barthel Index of activities of daily living (0-20)"),
    scoring=Scoring.SUM,
    reference=_COLLIN,
    total_range=(0, 20),
    items=_items(5),
    bands=_BANDS,
    band_factor=5,
    extras=_total_100,
    frame_extras=_frame_total_100,
    sources=(_REFERENCE, _SHAH, _HSIEH),
    notes=N_("Collin & Wade form: every 0-100 value divided by 5; banded on total x 5."),
)


def barthel_100_to_20(total: int) -> int:
    """A 0-100 Barthel total on the 0-20 scale (the total must be a multiple of 5).

    Examples
    --------
    >>> barthel_100_to_20(90)
    18
    """
    if isinstance(total, bool) or not isinstance(total, int) or not 0 <= total <= 100 or total % 5:
        raise ItemError("barthel.total", total, "0 <= integer <= 100, a multiple of 5")
    return total // 5


def barthel_20_to_100(total: int) -> int:
    """A 0-20 Barthel total on the 0-100 scale.

    Examples
    --------
    >>> barthel_20_to_100(18)
    90
    """
    if isinstance(total, bool) or not isinstance(total, int) or not 0 <= total <= 20:
        raise ItemError("barthel_20.total", total, "0 <= integer <= 20")
    return total * 5
