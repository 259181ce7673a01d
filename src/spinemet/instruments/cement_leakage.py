"""Cement leakage after vertebroplasty, by Yeom's types B, S and C.

Yeom JS, Kim WJ, Choy WS, et al. J Bone Joint Surg Br 2003;85(1):83-9.
domain/instruments.md §11a. Per treated vertebra; the types are not exclusive.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spinemet.instruments._i18n import N_
from spinemet.instruments._spec import (
    Band,
    InstrumentSpec,
    Item,
    ItemKind,
    ItemValues,
    Scoring,
    counted_flag,
)

__all__ = ["CEMENT_LEAKAGE_YEOM"]


def _leak_type(name: str, label: str) -> Item:
    return counted_flag(name, label, N_("Present"), N_("Absent"))


def _venous(values: ItemValues, total: float | None) -> dict[str, object]:
    basivertebral, segmental = values["type_b"], values["type_s"]
    if basivertebral is True or segmental is True:
        venous: bool | None = True
    elif basivertebral is None or segmental is None:
        venous = None
    else:
        venous = False
    return {"venous": venous, "symptomatic": values["symptomatic"]}


def _frame_venous(values: Mapping[str, Any], total: Any) -> dict[str, Any]:
    # Kleene logic of the nullable boolean dtype: True | NA is True, False | NA is NA.
    return {"venous": values["type_b"] | values["type_s"]}


CEMENT_LEAKAGE_YEOM = InstrumentSpec(
    code="cement_leakage_yeom",
    name=N_("Cement leakage after vertebroplasty (Yeom types B, S, C)"),
    scoring=Scoring.SUM,
    reference=(
        "Yeom JS, Kim WJ, Choy WS, Lee CK, Chang BS, Kang JW. Leakage of cement in percutaneous "
        "transpedicular vertebroplasty for painful osteoporotic compression fractures. J Bone "
        "Joint Surg Br. 2003;85(1):83-89. doi:10.1302/0301-620X.85B1.13026"
    ),
    total_range=(0, 3),
    items=(
        _leak_type(
            "type_b",
            N_("Type B: via the basivertebral vein (posteriorly, toward the spinal canal)"),
        ),
        _leak_type("type_s", N_("Type S: via a segmental vein")),
        _leak_type(
            "type_c",
            N_("Type C: through a cortical defect (disc, paravertebral tissue or canal)"),
        ),
        Item(
            "symptomatic",
            N_("The leakage caused clinical symptoms (not part of the count)"),
            ItemKind.BOOLEAN,
            required=False,
            counts=False,
        ),
    ),
    bands=(
        Band("no_leakage", N_("no cement leakage"), 0, 0),
        Band("leakage", N_("cement leakage"), 1, 3),
    ),
    extras=_venous,
    frame_extras=_frame_venous,
    notes=N_("Assess on CT where possible. Type D (intradiscal) is not part of Yeom's scheme."),
)
