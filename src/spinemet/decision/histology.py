"""The primary tumour table (domain/decision.md §1.4), read from ``primary_tumors.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from spinemet.decision.case import Patient, PrimaryTumor

# libyaml's safe loader where PyYAML was built with it (the wheels are): same result, faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["TumourFacts", "radiosensitivity_group", "tumour_facts"]


@dataclass(frozen=True, slots=True)
class TumourFacts:
    """What §1.4 says about one primary: radiosensitivity group and score item codes."""

    radiosensitivity: str | None
    unverified: bool
    tokuhashi_primary_site: str | None
    tomita_primary_tumor_growth: str | None


@cache
def _table() -> dict[str, TumourFacts]:
    text = files("spinemet.decision").joinpath("primary_tumors.yaml").read_text("utf-8")
    raw = yaml.load(text, Loader=_LOADER)
    table = {
        code: TumourFacts(
            radiosensitivity=row["radiosensitivity"],
            unverified=bool(row.get("unverified", False)),
            tokuhashi_primary_site=row["tokuhashi_primary_site"],
            tomita_primary_tumor_growth=row["tomita_primary_tumor_growth"],
        )
        for code, row in raw.items()
    }
    if set(table) != {tumour.value for tumour in PrimaryTumor}:  # pragma: no cover - packaging
        raise RuntimeError("primary_tumors.yaml does not match the PrimaryTumor codes")
    return table


def tumour_facts(primary: PrimaryTumor) -> TumourFacts:
    """The §1.4 row of a primary tumour.

    >>> tumour_facts(PrimaryTumor.KIDNEY).radiosensitivity
    'radioresistant'
    """
    return _table()[primary.value]


def radiosensitivity_group(patient: Patient) -> tuple[str | None, bool]:
    """The radiosensitivity group after the patient's override, and whether it was overridden."""
    if patient.radiosensitivity is not None:
        return patient.radiosensitivity, True
    return tumour_facts(patient.primary_tumor).radiosensitivity, False
