"""Pedicle-screw loosening from the radiolucent zone around the screw.

Sanden B, Olerud C, Petren-Mallmin M, Johansson C, Larsson S. J Bone Joint Surg Br
2004;86(3):457-61. domain/instruments.md §11b. Project rule: loosened when the radiolucent zone
is at least 1.0 mm wide (inclusive) or a double halo is seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from spinemet.instruments._i18n import N_
from spinemet.instruments._result import ScoreResult
from spinemet.instruments._spec import InstrumentSpec, Item, ItemKind, ItemValues, Scoring

__all__ = ["LOOSENING_THRESHOLD_MM", "SCREW_LOOSENING", "screw_loosening_patient"]

LOOSENING_THRESHOLD_MM = 1.0
"""Radiolucent zone at or above this width counts as loosening (inclusive; see the notes)."""


def _is_loosened(values: ItemValues) -> Any:
    """Loosened: zone >= 1.0 mm or a double halo (single values or whole columns)."""
    return (values["radiolucent_zone_mm"] >= LOOSENING_THRESHOLD_MM) | values["double_halo"]


SCREW_LOOSENING = InstrumentSpec(
    code="screw_loosening",
    name=N_("Pedicle-screw loosening (radiolucent zone)"),
    scoring=Scoring.RULE,
    reference=(
        "Sanden B, Olerud C, Petren-Mallmin M, Johansson C, Larsson S. The significance of "
        "radiolucent zones surrounding pedicle screws: definition of screw loosening in spinal "
        "instrumentation. J Bone Joint Surg Br. 2004;86(3):457-461. "
        "doi:10.1302/0301-620X.86B3.14323"
    ),
    items=(
        Item(
            "radiolucent_zone_mm",
            N_("Maximal width of the radiolucent zone around the screw (mm)"),
            ItemKind.NUMBER,
            minimum=0,
        ),
        Item(
            "double_halo",
            N_("Double halo: lucent zone with a sclerotic rim"),
            ItemKind.BOOLEAN,
            required=False,
            default=False,
        ),
    ),
    rule=_is_loosened,
    rule_outcomes=("not_loosened", "loosened"),
    categories=MappingProxyType(
        {
            "loosened": N_("screw loosened (radiolucent zone >= 1 mm or double halo)"),
            "not_loosened": N_("screw not loosened"),
        }
    ),
    notes=N_(
        "Published wording varies between '>= 1 mm' and '> 1 mm'; only exactly 1.0 mm is "
        "affected. spinemet counts 1.0 mm as loosened."
    ),
)


def screw_loosening_patient(screws: Iterable[Mapping[str, object]]) -> ScoreResult:
    """Patient-level loosening: ``loosened`` if any screw is, with ``n_loosened``.

    Examples
    --------
    >>> screws = [{"radiolucent_zone_mm": 0.5}, {"radiolucent_zone_mm": 1.2}]
    >>> result = screw_loosening_patient(screws)
    >>> result.category, result.extras["n_loosened"]
    ('loosened', 1)
    """
    from spinemet.instruments import score

    results = [score("screw_loosening", screw) for screw in screws]
    missing = tuple(sorted({name for result in results for name in result.missing}))
    n_loosened = sum(result.category == "loosened" for result in results)
    category: str | None
    if n_loosened:
        category = "loosened"
    elif missing:
        category = None
    else:
        category = "not_loosened"
    return ScoreResult(
        instrument="screw_loosening",
        total=None,
        category=category,
        interpretation=None if category is None else SCREW_LOOSENING.interpretation(category),
        components=MappingProxyType({"screws": len(results)}),
        reference=SCREW_LOOSENING.reference,
        missing=missing,
        extras=MappingProxyType({"n_loosened": n_loosened}),
    )
