"""The result of scoring one case: the total with its explanation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

_EMPTY: Mapping[str, object] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """A scored instrument: total, category and why (points per item, citation).

    ``total`` is ``None`` for classifications (Bilsky, Frankel, ASIA, Clavien-Dindo, screw
    loosening) and whenever a required item is missing; ``missing`` then lists those items and
    ``category`` and ``interpretation`` are ``None`` too: no total is ever guessed.
    """

    instrument: str
    total: int | float | None
    category: str | None
    interpretation: str | None
    components: Mapping[str, object]
    reference: str
    grade: str | None = None
    missing: tuple[str, ...] = ()
    extras: Mapping[str, object] = field(default_factory=lambda: _EMPTY)
    is_classification: bool = False

    @property
    def is_complete(self) -> bool:
        """Whether every required item was given."""
        return not self.missing

    def as_dict(self) -> dict[str, object]:
        """The result as JSON-ready data, keys as in DESIGN.md and domain/instruments.md."""
        data: dict[str, object] = {
            "instrument": self.instrument,
            "total": self.total,
            "category": self.category,
            "interpretation": self.interpretation,
            "components": dict(self.components),
            "reference": self.reference,
        }
        if self.is_classification:
            data["grade"] = self.grade
        if self.missing:
            data["missing"] = list(self.missing)
        data.update(self.extras)
        return data
