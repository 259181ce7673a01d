"""The computed values and predicates of a case (domain/decision.md §2, §2.2).

Every predicate is three-valued (:class:`~spinemet.decision.truth.Truth`) except those the
specification defines as two-valued on purpose: ``neuro_deficit``, ``short_life_expectancy``
and the cement safety gates (an unknown safety precondition is not met).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spinemet.decision.case import Case, Lesion, ParsedCase
from spinemet.decision.histology import radiosensitivity_group
from spinemet.decision.levels import Level, contiguous_runs, in_range
from spinemet.decision.scores import CaseScores, compute_scores
from spinemet.decision.truth import FALSE, Truth, known, unknown

__all__ = [
    "CASE_PREDICATES",
    "COMPUTED_FIELDS",
    "LESION_PREDICATES",
    "Facts",
    "compute_facts",
    "lesion_predicates",
    "predicates_as_dict",
]

CASE_PREDICATES: tuple[str, ...] = (
    "unstable",
    "indeterminate",
    "stable",
    "translation",
    "gross_instability",
    "high_grade_escc",
    "significant_compression",
    "cord_abutment_or_worse",
    "compression_one_segment",
    "compression_above_conus",
    "compression_below_conus_only",
    "pathological_fracture",
    "mechanical_pain",
    "painful",
    "radiosensitive",
    "radioresistant",
    "haematological",
    "patchell_excluded_histology",
    "neuro_deficit",
    "paraplegia_gt_48h",
    "solitary_spinal",
    "short_life_expectancy",
    "index_in_t1_l5",
    "index_cervical",
)
LESION_PREDICATES: tuple[str, ...] = ("cement_permitted", "cement_target_ok")
# Computed values a rule may compare (besides the case's own fields).
COMPUTED_FIELDS: tuple[str, ...] = (
    "sins_max",
    "escc_max",
    "radiosensitivity_group",
    "tokuhashi_revised.total",
    "tomita.total",
)

_HIGH_GRADE = frozenset({"2", "3"})
_DEFICIT_GRADES = frozenset({"A", "B", "C", "D"})


@dataclass(frozen=True, slots=True)
class Facts:
    """A case with its scores, index lesions, computed values and predicates (phase 0)."""

    parsed: ParsedCase
    scores: CaseScores
    index_levels: tuple[Level, ...]
    index_inferred: bool
    values: dict[str, Any]
    predicates: dict[str, Truth]
    lesion_truths: dict[Level, dict[str, Truth]] = field(default_factory=dict)

    @property
    def case(self) -> Case:
        """The validated case."""
        return self.parsed.case

    def lesion(self, level: Level) -> Lesion:
        """The lesion at a level of the case."""
        return next(lesion for lesion in self.case.lesions if lesion.level == level)

    def index_lesions(self) -> list[Lesion]:
        """The index lesions, in cranio-caudal order."""
        return [self.lesion(level) for level in self.index_levels]


def lesion_predicates(lesion: Lesion) -> dict[str, Truth]:
    """``cement_permitted`` and ``cement_target_ok`` of a lesion (two-valued, §2.2)."""
    permitted = lesion.escc_grade.value in ("0", "1a") and lesion.retropulsion is False
    target = permitted and lesion.lesion_type in ("lytic", "mixed") and lesion.posterior_wall_intact
    return {"cement_permitted": known(permitted), "cement_target_ok": known(target)}


def compute_facts(parsed: ParsedCase) -> Facts:
    """Scores, index lesions and every predicate of §2.2 for a validated case."""
    case = parsed.case
    patient = case.patient
    scores = compute_scores(case)
    sins_total = {level: int(result.total or 0) for level, result in scores.sins.items()}
    flagged = [lesion.level for lesion in case.lesions if lesion.index]
    inferred = not flagged
    if inferred:
        best = max(
            (sins_total[lesion.level], lesion.escc_grade.severity) for lesion in case.lesions
        )
        flagged = [
            lesion.level
            for lesion in case.lesions
            if (sins_total[lesion.level], lesion.escc_grade.severity) == best
        ]
    index_levels = tuple(sorted(flagged))
    index = [lesion for lesion in case.lesions if lesion.level in index_levels]
    sins_max = max(sins_total[lesion.level] for lesion in index)
    escc_max = max(case.lesions, key=lambda lesion: lesion.escc_grade.severity).escc_grade
    compressed = [lesion.level for lesion in case.lesions if lesion.escc_grade in _HIGH_GRADE]
    group, _ = radiosensitivity_group(patient)
    grade = patient.frankel if patient.frankel is not None else patient.asia
    primary = patient.primary_tumor.value

    def group_is(name: str) -> Truth:
        return unknown("patient.radiosensitivity") if group is None else known(group == name)

    if grade in ("A", "B"):
        paraplegia = (
            unknown("patient.paraplegia_hours")
            if patient.paraplegia_hours is None
            else known(patient.paraplegia_hours > 48)
        )
    else:
        paraplegia = FALSE
    translation = any(
        lesion.sins.radiographic_alignment == "subluxation_translation" for lesion in index
    )
    high_grade = escc_max in _HIGH_GRADE
    predicates: dict[str, Truth] = {
        "unstable": known(sins_max >= 13),
        "indeterminate": known(7 <= sins_max <= 12),
        "stable": known(sins_max <= 6),
        "translation": known(translation),
        "gross_instability": known(sins_max >= 13 or translation),
        "high_grade_escc": known(high_grade),
        "significant_compression": known(high_grade),
        "cord_abutment_or_worse": known(escc_max in ("1c", "2", "3")),
        "compression_one_segment": known(len(contiguous_runs(compressed)) == 1),
        "compression_above_conus": known(
            all(in_range(level, Level.C1, Level.L1) for level in compressed)
        ),
        "compression_below_conus_only": known(
            bool(compressed) and all(in_range(level, Level.L2, Level.S1) for level in compressed)
        ),
        "pathological_fracture": known(any(lesion.collapse_percent > 0 for lesion in index)),
        "mechanical_pain": known(any(lesion.sins.pain == "mechanical" for lesion in index)),
        "painful": known(any(lesion.sins.pain != "pain_free" for lesion in index)),
        "radiosensitive": group_is("radiosensitive"),
        "radioresistant": group_is("radioresistant"),
        "haematological": known(primary in ("myeloma", "lymphoma", "leukemia")),
        "patchell_excluded_histology": known(
            primary in ("lymphoma", "leukemia", "myeloma", "germ_cell")
        ),
        "neuro_deficit": known(
            patient.frankel in _DEFICIT_GRADES
            or patient.asia in _DEFICIT_GRADES
            or patient.neurological_symptoms is True
        ),
        "paraplegia_gt_48h": paraplegia,
        "solitary_spinal": known(
            patient.spinal_metastases == 1 and patient.extraspinal_bone_metastases == 0
        ),
        "short_life_expectancy": known(
            patient.life_expectancy_months is not None and patient.life_expectancy_months < 3
        ),
        "index_in_t1_l5": known(all(in_range(lv, Level.T1, Level.L5) for lv in index_levels)),
        "index_cervical": known(any(in_range(lv, Level.C1, Level.C7) for lv in index_levels)),
    }
    values: dict[str, Any] = {
        "sins_max": sins_max,
        "escc_max": escc_max.value,
        "radiosensitivity_group": group,
        "tokuhashi_revised.total": scores.tokuhashi_revised.total,
        "tomita.total": scores.tomita.total,
    }
    return Facts(
        parsed=parsed,
        scores=scores,
        index_levels=index_levels,
        index_inferred=inferred,
        values=values,
        predicates=predicates,
        lesion_truths={lesion.level: lesion_predicates(lesion) for lesion in case.lesions},
    )


def predicates_as_dict(facts: Facts) -> dict[str, object]:
    """The ``predicates`` block of the output: computed values, then every predicate."""
    data: dict[str, object] = {"index_lesions": [level.value for level in facts.index_levels]}
    data.update(facts.values)
    data.update({name: truth.value for name, truth in facts.predicates.items()})
    for level, truths in facts.lesion_truths.items():
        for name, truth in truths.items():
            data.setdefault(name, {})
            data[name][level.value] = truth.value  # type: ignore[index]
    return data
