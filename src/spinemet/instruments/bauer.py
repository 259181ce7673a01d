"""Modified Bauer score (four favourable factors, 1 point each).

Leithner A, Radl R, Gruber G, et al. Predictive value of seven preoperative prognostic scoring
systems for spinal metastases. Eur Spine J 2008;17(11):1488-95. Items and groups:
domain/instruments.md §5a. The often-quoted survival figures per group are unverified and are
not part of the output.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spinemet.errors import Problem
from spinemet.instruments._i18n import N_
from spinemet.instruments._spec import (
    Band,
    InstrumentSpec,
    Item,
    ItemValues,
    Scoring,
    counted_flag,
)

__all__ = ["BAUER_MODIFIED"]


def _factor(name: str, label: str) -> Item:
    return counted_flag(name, label, N_("Yes (1 point)"), N_("No (0 points)"))


def _check(values: ItemValues) -> list[Problem]:
    """A favourable primary (breast, kidney, lymphoma, myeloma) cannot be a lung cancer."""
    if values["favorable_primary"] is True and values["not_lung_cancer"] is False:
        return [
            Problem(
                "bauer_modified.favorable_primary",
                True,
                "false when not_lung_cancer is false (a lung primary is not breast, kidney, "
                "lymphoma or myeloma)",
                "inconsistent",
            )
        ]
    return []


def _frame_check(values: Mapping[str, Any]) -> Any:
    return values["favorable_primary"].fillna(False) & ~values["not_lung_cancer"].fillna(True)


BAUER_MODIFIED = InstrumentSpec(
    code="bauer_modified",
    name=N_("Modified Bauer score"),
    scoring=Scoring.SUM,
    reference=(
        "Leithner A, Radl R, Gruber G, Hochegger M, Leithner K, Welkerling H, Rehak P, "
        "Windhager R. Predictive value of seven preoperative prognostic scoring systems for "
        "spinal metastases. Eur Spine J. 2008;17(11):1488-1495. doi:10.1007/s00586-008-0763-1"
    ),
    total_range=(0, 4),
    items=(
        _factor("no_visceral_metastases", N_("No visceral metastases")),
        _factor("solitary_skeletal_metastasis", N_("One solitary skeletal metastasis")),
        _factor("not_lung_cancer", N_("Primary tumour is not lung cancer")),
        _factor(
            "favorable_primary",
            N_("Primary is breast, kidney, lymphoma or multiple myeloma"),
        ),
    ),
    bands=(
        Band("poor", N_("poor: supportive care, no surgery"), 0, 1),
        Band("moderate", N_("moderate: short-term palliation, posterior (dorsal) surgery"), 2, 2),
        Band(
            "good",
            N_("good: middle-term local control, combined anterior-posterior surgery"),
            3,
            4,
        ),
    ),
    check=_check,
    frame_check=_frame_check,
    sources=(
        "Bauer HC, Wedin R. Survival after surgery for spinal and extremity metastases. "
        "Acta Orthop Scand. 1995;66(2):143-146.",
    ),
)
