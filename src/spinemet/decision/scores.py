"""Scores of a case, computed through :mod:`spinemet.instruments` (domain/decision.md §2).

SINS and Bilsky per lesion; revised Tokuhashi and Tomita per patient, each item taken from the
patient's explicit item object where given (item by item), otherwise derived. A total with any
item missing is ``None`` unless the user gave the total, which is then used and marked
``given``. Nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from spinemet.decision.case import Case, Lesion, Patient
from spinemet.decision.histology import tumour_facts
from spinemet.decision.levels import Level
from spinemet.errors import CaseError
from spinemet.instruments import (
    ScoreResult,
    general_condition_from_kps,
    palsy_from_frankel,
    score,
    sins_location_from_level,
)

__all__ = ["CaseScores", "PatientScore", "compute_scores"]


@dataclass(frozen=True, slots=True)
class PatientScore:
    """A patient-level prognostic score: total, band, how it was obtained, what is missing."""

    total: int | None
    category: str | None
    basis: str | None  # "computed", "given" or None (not available)
    missing: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form for the output's ``scores``."""
        data: dict[str, object] = {
            "total": self.total,
            "category": self.category,
            "basis": self.basis,
        }
        if self.missing:
            data["missing"] = list(self.missing)
        return data


@dataclass(frozen=True, slots=True)
class CaseScores:
    """Every score of a case."""

    sins: dict[Level, ScoreResult]
    bilsky: dict[Level, ScoreResult]
    tokuhashi_revised: PatientScore
    tomita: PatientScore

    def as_dict(self, patient: Patient) -> dict[str, object]:
        """The ``scores`` block of domain/decision.md §3.4."""
        return {
            "sins": {
                level.value: {"total": result.total, "category": result.category}
                for level, result in self.sins.items()
            },
            "bilsky": {
                level.value: {"grade": result.grade, "category": result.category}
                for level, result in self.bilsky.items()
            },
            "tokuhashi_revised": self.tokuhashi_revised.as_dict(),
            "tomita": self.tomita.as_dict(),
            "kps": patient.kps,
            "ecog": patient.ecog,
            "frankel": patient.frankel,
            "asia": patient.asia,
            # The clinician's estimate beside the scores: it takes precedence (§2, rev 4).
            "life_expectancy_months": patient.life_expectancy_months,
            "life_expectancy_source": patient.life_expectancy_source,
        }


def sins_items(lesion: Lesion) -> dict[str, str]:
    """The SINS items of a lesion with ``location`` derived from its level."""
    items = lesion.sins.model_dump()
    items["location"] = sins_location_from_level(lesion.level.value)
    return items


def compute_scores(case: Case) -> CaseScores:
    """Compute every score of a (validated) case.

    Raises
    ------
    CaseError
        A given Tokuhashi or Tomita total disagrees with the one computed from the items.
    """
    sins = {lesion.level: score("sins", sins_items(lesion)) for lesion in case.lesions}
    bilsky = {
        lesion.level: score("bilsky", {"escc_grade": lesion.escc_grade.value})
        for lesion in case.lesions
    }
    return CaseScores(
        sins=sins,
        bilsky=bilsky,
        tokuhashi_revised=_patient_score(
            "tokuhashi_revised", _tokuhashi_items(case.patient), case.patient
        ),
        tomita=_patient_score("tomita", _tomita_items(case.patient), case.patient),
    )


def _tokuhashi_items(patient: Patient) -> dict[str, str | None]:
    bone = patient.extraspinal_bone_metastases
    spine = patient.spinal_metastases
    derived: dict[str, str | None] = {
        "general_condition": (
            # KPS 0 (dead) has no Tokuhashi general condition: left missing, never guessed.
            general_condition_from_kps(patient.kps) if patient.kps else None
        ),
        "extraspinal_bone_metastases": (
            "none" if bone == 0 else "one_to_two" if bone <= 2 else "three_or_more"
        ),
        "vertebral_body_metastases": (
            "one" if spine == 1 else "two" if spine == 2 else "three_or_more"
        ),
        "major_organ_metastases": patient.visceral_metastases,
        "primary_site": tumour_facts(patient.primary_tumor).tokuhashi_primary_site,
        "palsy": palsy_from_frankel(patient.frankel) if patient.frankel is not None else None,
    }
    return _override(derived, patient.tokuhashi_revised)


def _tomita_items(patient: Patient) -> dict[str, str | None]:
    visceral = {"none": "none", "removable": "treatable", "unremovable": "untreatable"}
    solitary = patient.extraspinal_bone_metastases + patient.spinal_metastases == 1
    derived: dict[str, str | None] = {
        "primary_tumor_growth": tumour_facts(patient.primary_tumor).tomita_primary_tumor_growth,
        "visceral_metastases": visceral[patient.visceral_metastases],
        "bone_metastases": "solitary" if solitary else "multiple",
    }
    return _override(derived, patient.tomita)


def _override(derived: dict[str, str | None], given: object) -> dict[str, str | None]:
    if given is None:
        return derived
    explicit = {
        name: value
        for name, value in given.model_dump().items()  # type: ignore[attr-defined]
        if name != "total" and value is not None
    }
    return {**derived, **explicit}


def _patient_score(name: str, items: dict[str, str | None], patient: Patient) -> PatientScore:
    result = score(name, {key: value for key, value in items.items() if value is not None})
    explicit = getattr(patient, name)
    given_total = explicit.total if explicit is not None else None
    missing = tuple(f"patient.{name}.{item}" for item in result.missing)
    if result.total is not None:
        total = int(result.total)
        if given_total is not None and given_total != total:
            raise CaseError(
                f"patient.{name}.total",
                given_total,
                f"{total} (the total computed from the items) or omitted",
                "inconsistent",
            )
        return PatientScore(total, result.category, "computed", ())
    if given_total is not None:
        category = _band_of(name, given_total)
        return PatientScore(given_total, category, "given", missing)
    return PatientScore(None, None, None, missing)


def _band_of(name: str, total: int) -> str | None:
    """The band of a total given by the user (the instrument's declared bands)."""
    from spinemet.instruments import get_spec

    for band in get_spec(name).bands:
        upper_ok = total <= band.high if band.high_inclusive else total < band.high
        if band.low <= total and upper_ok:
            return band.code
    return None
