"""Neurological grade: Frankel and the ASIA Impairment Scale (AIS).

Frankel HL et al. Paraplegia 1969;7(3):179-92; Kirshblum SC et al. J Spinal Cord Med
2011;34(6):535-46. domain/instruments.md §7. The two scales are not interchangeable; no
conversion is offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from spinemet.instruments._i18n import N_
from spinemet.instruments._spec import (
    Choice,
    InstrumentSpec,
    Item,
    ItemKind,
    ItemValues,
    Scoring,
)

__all__ = ["ASIA", "FRANKEL"]

_FRANKEL_GRADES = (
    ("A", "complete", N_("Complete: no motor or sensory function below the level of the lesion")),
    ("B", "sensory_only", N_("Sensory only: some sensation below the level, no motor function")),
    (
        "C",
        "motor_useless",
        N_("Motor useless: some motor function below the level, of no practical use"),
    ),
    (
        "D",
        "motor_useful",
        N_("Motor useful: useful motor function below the level; can walk, with or without aids"),
    ),
    (
        "E",
        "recovery",
        N_(
            "Free of neurological symptoms (no weakness, sensory loss or sphincter "
            "disturbance); abnormal reflexes may persist"
        ),
    ),
)


def _ambulatory(values: ItemValues, total: float | None) -> dict[str, object]:
    grade = values["grade"]
    return {"ambulatory": None if grade is None else grade in ("D", "E")}


def _frame_ambulatory(values: Mapping[str, Any], total: Any) -> dict[str, Any]:
    grade = values["grade"]
    return {"ambulatory": grade.isin(["D", "E"]).astype("boolean").mask(grade.isna())}


FRANKEL = InstrumentSpec(
    code="frankel",
    name=N_("Frankel grade"),
    scoring=Scoring.GRADE,
    reference=(
        "Frankel HL, Hancock DO, Hyslop G, Melzak J, Michaelis LS, Ungar GH, Vernon JD, Walsh JJ. "
        "The value of postural reduction in the initial management of closed injuries of the "
        "spine with paraplegia and tetraplegia. I. Paraplegia. 1969;7(3):179-192. "
        "doi:10.1038/sc.1969.30"
    ),
    items=(
        Item(
            "grade",
            N_("Frankel grade"),
            ItemKind.CHOICE,
            tuple(
                Choice(grade, label, category=category)
                for grade, category, label in _FRANKEL_GRADES
            ),
        ),
    ),
    categories=MappingProxyType({category: label for _, category, label in _FRANKEL_GRADES}),
    extras=_ambulatory,
    frame_extras=_frame_ambulatory,
    notes=N_("Definitions from the standard reproduction of Frankel's table."),
)

_ASIA_GRADES = (
    (
        "A",
        "complete",
        N_("Complete: no sensory or motor function preserved in the sacral segments S4-S5"),
    ),
    (
        "B",
        "sensory_incomplete",
        N_(
            "Sensory incomplete: sensory but not motor function preserved below the "
            "neurological level, including S4-S5, and no motor function more than three levels "
            "below the motor level on either side"
        ),
    ),
    (
        "C",
        "motor_incomplete",
        N_(
            "Motor incomplete: fewer than half of the key muscle functions below the single "
            "neurological level have muscle grade >= 3"
        ),
    ),
    (
        "D",
        "motor_incomplete",
        N_(
            "Motor incomplete: at least half of the key muscle functions below the single "
            "neurological level have muscle grade >= 3"
        ),
    ),
    (
        "E",
        "normal",
        N_("Normal: sensation and motor function normal in all segments, after prior deficits"),
    ),
)

ASIA = InstrumentSpec(
    code="asia",
    name=N_("ASIA Impairment Scale (AIS)"),
    scoring=Scoring.GRADE,
    reference=(
        "Kirshblum SC, Burns SP, Biering-Sorensen F, Donovan W, Graves DE, Jha A, et al. "
        "International standards for neurological classification of spinal cord injury "
        "(revised 2011). J Spinal Cord Med. 2011;34(6):535-546. "
        "doi:10.1179/204577211X13207446293695"
    ),
    items=(
        Item(
            "grade",
            N_("AIS grade"),
            ItemKind.CHOICE,
            tuple(
                Choice(grade, label, category=category, interpretation=label)
                for grade, category, label in _ASIA_GRADES
            ),
        ),
    ),
    categories=MappingProxyType(
        {
            "complete": N_("complete"),
            "sensory_incomplete": N_("sensory incomplete"),
            "motor_incomplete": N_("motor incomplete"),
            "normal": N_("normal"),
        }
    ),
)
