"""The computed values and predicates of a case (domain/decision.md §2, §2.2).

Every predicate is three-valued (:class:`~spinemet.decision.truth.Truth`) except those the
specification defines as two-valued on purpose (§2.1): ``neuro_deficit``, the life-expectancy
and performance predicates, ``urgent_deficit``, ``percutaneous_construct_possible`` and the
safety gates ``body_lesion``, ``cement_permitted`` and ``cement_target_ok`` (an unknown safety
precondition is not met).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spinemet.decision.anchors import index_segment, walk
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
    "body_lesion_state",
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
    "le_at_least_6",
    "le_under_6",
    "performance_good",
    "performance_poor",
    "sbrt_poor_candidate",
    "urgent_deficit",
    "index_in_t1_l5",
    "index_cervical",
    "index_lumbosacral_junction_or_below",
    "percutaneous_construct_possible",
)
LESION_PREDICATES: tuple[str, ...] = ("body_lesion", "cement_permitted", "cement_target_ok")
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


def body_lesion_state(lesion: Lesion) -> bool | None:
    """§2.2 ``body_lesion`` before the safety gate: true, false, or ``None`` (unknown).

    True with stated body involvement, any collapse, a SINS collapse code that implies body
    disease, or (project convention) no posterior-element involvement at all; false when
    ``body_involvement`` is ``none``; otherwise unknown (read as false by the cement gates).

    >>> from spinemet.decision.case import Lesion
    >>> base = {"level": "L3", "lesion_type": "lytic", "collapse_percent": 0,
    ...         "posterior_wall_intact": True, "retropulsion": False, "escc_grade": "0",
    ...         "pedicle_involvement": "left", "sins": {"pain": "mechanical",
    ...         "bone_lesion": "lytic", "radiographic_alignment": "normal",
    ...         "vertebral_body_collapse": "none", "posterolateral_involvement": "unilateral"}}
    >>> body_lesion_state(Lesion.model_validate(base, strict=False)) is None
    True
    >>> body_lesion_state(Lesion.model_validate({**base, "body_involvement": "none"}, strict=False))
    False
    """
    if lesion.body_involvement in ("le_50", "gt_50") or lesion.collapse_percent > 0:
        return True
    if lesion.sins.vertebral_body_collapse in ("gt_50", "lt_50", "no_collapse_gt_50_involved"):
        return True
    if lesion.body_involvement == "none":
        return False
    if lesion.pedicle_involvement == "none" and lesion.sins.posterolateral_involvement == "none":
        return True  # project convention (decision.md §2.2, §8)
    return None


def lesion_predicates(lesion: Lesion) -> dict[str, Truth]:
    """``body_lesion``, ``cement_permitted`` and ``cement_target_ok`` (two-valued, §2.2)."""
    body = body_lesion_state(lesion) is True
    permitted = lesion.escc_grade.value in ("0", "1a") and lesion.retropulsion is False
    target = (
        permitted
        and body
        and lesion.lesion_type in ("lytic", "mixed")
        and lesion.posterior_wall_intact
    )
    return {
        "body_lesion": known(body),
        "cement_permitted": known(permitted),
        "cement_target_ok": known(target),
    }


def percutaneous_construct_possible(
    case: Case, index_levels: tuple[Level, ...], sins_total: dict[Level, int]
) -> bool:
    """§2.2: index in T1..L5 and the §4.3 walk finds an anchor on each side of the segment."""
    if not all(in_range(level, Level.T1, Level.L5) for level in index_levels):
        return False
    segment, _ = index_segment(index_levels, sins_total)
    lesions = {lesion.level: lesion for lesion in case.lesions}
    above = walk(lesions, segment[0], -1, 1).anchors
    below = walk(lesions, segment[-1], +1, 1).anchors
    return bool(above) and bool(below)


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
    deficit = (
        patient.frankel in _DEFICIT_GRADES
        or patient.asia in _DEFICIT_GRADES
        or patient.neurological_symptoms is True
    )
    abutment = escc_max in ("1c", "2", "3")
    estimate = patient.life_expectancy_months
    if patient.kps is not None:
        good, poor = patient.kps >= 70, patient.kps <= 40
    else:  # one of KPS/ECOG is required (§1.1)
        good, poor = patient.ecog is not None and patient.ecog <= 1, (patient.ecog or 0) >= 3
    under_6 = estimate is not None and estimate < 6
    predicates: dict[str, Truth] = {
        "unstable": known(sins_max >= 13),
        "indeterminate": known(7 <= sins_max <= 12),
        "stable": known(sins_max <= 6),
        "translation": known(translation),
        "gross_instability": known(sins_max >= 13 or translation),
        "high_grade_escc": known(high_grade),
        "significant_compression": known(high_grade),
        "cord_abutment_or_worse": known(abutment),
        "compression_one_segment": known(len(contiguous_runs(compressed)) == 1),
        "compression_above_conus": known(
            all(in_range(level, Level.C1, Level.L1) for level in compressed)
        ),
        "compression_below_conus_only": known(
            bool(compressed) and all(in_range(level, Level.L2, Level.S5) for level in compressed)
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
        "neuro_deficit": known(deficit),
        "paraplegia_gt_48h": paraplegia,
        "solitary_spinal": known(
            patient.spinal_metastases == 1
            and patient.extraspinal_bone_metastases == 0
            and len(case.lesions) == 1
        ),
        "short_life_expectancy": known(estimate is not None and estimate < 3),
        "le_at_least_6": known(estimate is not None and estimate >= 6),
        "le_under_6": known(under_6),
        "performance_good": known(good),
        "performance_poor": known(poor),
        "sbrt_poor_candidate": known(poor or under_6),
        "urgent_deficit": known(
            abutment and deficit and patient.deficit_new_or_progressive is not False
        ),
        "index_in_t1_l5": known(all(in_range(lv, Level.T1, Level.L5) for lv in index_levels)),
        "index_cervical": known(any(in_range(lv, Level.C1, Level.C7) for lv in index_levels)),
        "index_lumbosacral_junction_or_below": known(
            any(in_range(lv, Level.L5, Level.S5) for lv in index_levels)
        ),
        "percutaneous_construct_possible": known(
            percutaneous_construct_possible(case, index_levels, sins_total)
        ),
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
