"""Construct planning for ``ppsf_pvp`` and ``ppsf`` (domain/decision.md §4, phase 5).

The plan reads the final ratings and never changes them. Steps in the order of the
specification: index segment (§4.1), cement analysis (§4.2), anchor levels (§4.3), further
cement levels and screw augmentation (§4.4), cement volume as a reference only (§4.5).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spinemet.decision.anchors import index_segment, walk
from spinemet.decision.codes import FlagCode, Option, Rating, WarningCode
from spinemet.decision.engine import Evaluation
from spinemet.decision.levels import Level, in_range, sort_levels
from spinemet.decision.predicates import Facts, body_lesion_state
from spinemet.instruments._i18n import N_

__all__ = ["PlanNote", "PlanOutcome", "make_plan"]

JUNCTIONAL = frozenset(
    {
        Level.C1,
        Level.C2,
        Level.C7,
        Level.T1,
        Level.T2,
        Level.T11,
        Level.T12,
        Level.L1,
        Level.L5,
        Level.S1,
    }
)
CEMENT_NOTE = N_("fill under fluoroscopy to the maximal safe filling; stop at leakage")

# Code -> (text, sources). Sources are keys of sources.yaml; "common practice" as in §4.
_TEXTS: dict[str, tuple[str, str]] = {
    WarningCode.NON_CONTIGUOUS_INDEX_LESIONS: (
        N_(
            "Index lesions are not contiguous: the plan covers the run with the highest-SINS "
            "lesion; a single construct spanning the others is the surgeon's decision."
        ),
        "common practice",
    ),
    WarningCode.EPIDURAL_DISEASE_NO_CEMENT: (
        N_("Epidural disease (ESCC 1b or worse): no cement into this vertebra."),
        "CIANFONI2015; CIRSE2017",
    ),
    WarningCode.RETROPULSION_NO_CEMENT: (
        N_("Retropulsed fragment: no cement into this vertebra."),
        "CIANFONI2015",
    ),
    WarningCode.RETROPULSION_UNKNOWN: (
        N_("Retropulsion not assessed: not a cement target until CT has assessed it."),
        "CIANFONI2015",
    ),
    WarningCode.POSTERIOR_WALL_BREACH_CEMENT_LEAKAGE_RISK: (
        N_(
            "Posterior wall breach: cement leakage risk (relative contraindication; with ESCC 0/1a "
            "the surgeon may still choose high-viscosity cement or cavity creation)."
        ),
        "CIANFONI2015; CIRSE2017",
    ),
    WarningCode.BLASTIC_NO_CEMENT: (N_("Blastic lesion: no cement planned."), "common practice"),
    WarningCode.NO_BODY_LESION_NO_CEMENT: (
        N_(
            "Disease confined to the posterior elements (body_involvement none): no cement into "
            "this vertebra."
        ),
        "CIRSE2017",
    ),
    WarningCode.BODY_INVOLVEMENT_UNKNOWN: (
        N_(
            "Involvement of the vertebral body not stated and not derivable: not a cement target "
            "until body_involvement is recorded."
        ),
        "CIRSE2017; project rule",
    ),
    WarningCode.LUMBOPELVIC_FIXATION: (
        N_(
            "The caudal anchors would have to pass S1: fixation to the pelvis (iliac or "
            "S2-alar-iliac screws) is outside the percutaneous plan; consider open lumbopelvic "
            "fixation."
        ),
        "common practice",
    ),
    WarningCode.NO_CEMENT_TARGET: (
        N_("No index vertebra is a safe cement target: screws without cement (ppsf)."),
        "MA2023",
    ),
    WarningCode.BONE_QUALITY_UNKNOWN: (
        N_("Bone quality (osteoporosis) not recorded: construct length not adjusted for it."),
        "AOSURGREF",
    ),
    WarningCode.PEDICLE_DESTROYED_SKIP_EXTEND: (
        N_("Both pedicles destroyed at this level: skipped, construct extended by one level."),
        "AOSURGREF; common practice",
    ),
    WarningCode.UNILATERAL_PEDICLE_INVOLVEMENT: (
        N_("One pedicle involved: not a bilateral anchor (a contralateral screw may be placed)."),
        "common practice",
    ),
    WarningCode.ANCHOR_IN_INVOLVED_VERTEBRA: (
        N_("Anchor in an involved vertebra with intact pedicles."),
        "common practice",
    ),
    WarningCode.ANCHOR_RANGE_EXCEEDED: (
        N_(
            "The construct would need a level outside T1-S1 (cervical or pelvic fixation is "
            "outside the seed technique; consider an open construct)."
        ),
        "MA2023",
    ),
    WarningCode.S1_ANCHOR: (
        N_("S1 anchor: percutaneous S1 screws are routine; consider iliac/pelvic extension."),
        "common practice",
    ),
    WarningCode.NO_ANCHOR_ON_ONE_SIDE: (
        N_("No anchor level can be placed on one side of the index segment: no plan is produced."),
        "AOSURGREF",
    ),
    FlagCode.OPTIONAL_INDEX_SCREWS: (
        N_("Index-level pedicles intact: index-level screws are optional."),
        "HAREL2015; common practice",
    ),
    FlagCode.CONTIGUOUS_INVOLVED_LEVEL: (
        N_("Involved, painful vertebra inside the construct that can take cement: cemented too."),
        "LIU2015; common practice",
    ),
    FlagCode.CONSIDER_CEMENT_AUGMENTED_SCREWS: (
        N_("Osteoporosis: consider cement-augmented (fenestrated) screws."),
        "AOSURGREF; BARZILAI2019",
    ),
}


@dataclass(frozen=True, slots=True)
class PlanNote:
    """A plan warning or flag: code, levels it concerns, text, sources."""

    code: str
    levels: tuple[Level, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        text, citation = _TEXTS[self.code]
        return {
            "code": self.code,
            "levels": [level.value for level in self.levels],
            "text": text,
            "citation": citation,
        }


@dataclass(frozen=True, slots=True)
class PlanOutcome:
    """The plan (or ``None``) and, when none could be made, the warnings that move to the top."""

    treatment: Option | None
    screw_levels: tuple[Level, ...] = ()
    cement_levels: tuple[Level, ...] = ()
    anchors_per_side: int = 0
    warnings: tuple[PlanNote, ...] = ()
    flags: tuple[PlanNote, ...] = ()
    moved_warnings: tuple[PlanNote, ...] = field(default=())

    def as_dict(self) -> dict[str, object] | None:
        """The ``plan`` block of §3.4, or None when there is no plan."""
        if self.treatment is None:
            return None
        return {
            "treatment": self.treatment.value,
            "screw_levels": [level.value for level in self.screw_levels],
            "cement_levels": [level.value for level in self.cement_levels],
            "cement_ml_reference": None,
            "cement_note": CEMENT_NOTE,
            "anchors_per_side": self.anchors_per_side,
            "warnings": [note.as_dict() for note in self.warnings],
            "flags": [note.as_dict() for note in self.flags],
        }


def plan_type(final: dict[Option, Rating | None]) -> Option | None:
    """§3.4: the better-rated of ppsf_pvp and ppsf if recommended or consider (tie: ppsf_pvp)."""
    candidates = [
        option
        for option in (Option.PPSF_PVP, Option.PPSF)
        if final.get(option) in (Rating.RECOMMENDED, Rating.CONSIDER)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda option: (final[option].rank, option is Option.PPSF_PVP))  # type: ignore[union-attr]


class _Notes:
    def __init__(self) -> None:
        self.order: list[str] = []
        self.levels: dict[str, list[Level]] = {}

    def add(self, code: str, *levels: Level) -> None:
        if code not in self.levels:
            self.order.append(code)
            self.levels[code] = []
        self.levels[code].extend(levels)

    def notes(self) -> tuple[PlanNote, ...]:
        return tuple(PlanNote(code, tuple(sort_levels(self.levels[code]))) for code in self.order)


def make_plan(evaluation: Evaluation) -> PlanOutcome:
    """The construct plan of §4 for the final ratings of an evaluation."""
    facts = evaluation.facts
    treatment = plan_type(dict(evaluation.final))
    if treatment is None:
        return PlanOutcome(None)
    warnings, flags = _Notes(), _Notes()
    segment = _index_segment(facts, warnings)
    targets = _cement_analysis(facts, segment, warnings)
    if not targets:
        warnings.add(WarningCode.NO_CEMENT_TARGET)
        treatment = Option.PPSF
    cemented = list(targets) if treatment is Option.PPSF_PVP else []
    anchors_needed = _anchors_per_side(facts, segment, cemented, warnings)
    above = _walk(facts, segment[0], -1, anchors_needed, warnings)
    below = _walk(facts, segment[-1], +1, anchors_needed, warnings)
    # Phase 0 ran the same walk (percutaneous_construct_possible): a rated ppsf/ppsf_pvp
    # always has an anchor on each side. The fallback below is kept for safety (§3.4).
    if not above or not below:
        warnings.add(WarningCode.NO_ANCHOR_ON_ONE_SIDE)
        return PlanOutcome(None, moved_warnings=warnings.notes())
    screws = sort_levels(above + below)
    if all(facts.lesion(level).pedicle_involvement == "none" for level in facts.index_levels):
        flags.add(FlagCode.OPTIONAL_INDEX_SCREWS, *facts.index_levels)
    if treatment is Option.PPSF_PVP:
        for lesion in facts.case.lesions:
            inside = in_range(lesion.level, screws[0], screws[-1])
            if (
                inside
                and lesion.level not in facts.index_levels
                and lesion.sins.pain != "pain_free"
                and facts.lesion_truths[lesion.level]["cement_target_ok"].is_true
            ):
                cemented.append(lesion.level)
                flags.add(FlagCode.CONTIGUOUS_INVOLVED_LEVEL, lesion.level)
    if facts.case.patient.osteoporosis is True:
        flags.add(FlagCode.CONSIDER_CEMENT_AUGMENTED_SCREWS)
    return PlanOutcome(
        treatment=treatment,
        screw_levels=tuple(screws),
        cement_levels=tuple(sort_levels(cemented)),
        anchors_per_side=anchors_needed,
        warnings=warnings.notes(),
        flags=flags.notes(),
    )


def _index_segment(facts: Facts, warnings: _Notes) -> list[Level]:
    sins = {level: int(facts.scores.sins[level].total or 0) for level in facts.index_levels}
    chosen, others = index_segment(facts.index_levels, sins)
    if others:
        warnings.add(WarningCode.NON_CONTIGUOUS_INDEX_LESIONS, *others)
    return chosen


def _cement_analysis(facts: Facts, segment: list[Level], warnings: _Notes) -> list[Level]:
    targets: list[Level] = []
    for level in segment:
        lesion = facts.lesion(level)
        if facts.lesion_truths[level]["cement_target_ok"].is_true:
            targets.append(level)
            continue
        if lesion.escc_grade.severity >= 2:
            warnings.add(WarningCode.EPIDURAL_DISEASE_NO_CEMENT, level)
        if lesion.retropulsion is True:
            warnings.add(WarningCode.RETROPULSION_NO_CEMENT, level)
        if lesion.retropulsion is None:
            warnings.add(WarningCode.RETROPULSION_UNKNOWN, level)
        if not lesion.posterior_wall_intact:
            warnings.add(WarningCode.POSTERIOR_WALL_BREACH_CEMENT_LEAKAGE_RISK, level)
        if lesion.lesion_type == "blastic":
            warnings.add(WarningCode.BLASTIC_NO_CEMENT, level)
        body = body_lesion_state(lesion)
        if body is False:
            warnings.add(WarningCode.NO_BODY_LESION_NO_CEMENT, level)
        elif body is None:
            warnings.add(WarningCode.BODY_INVOLVEMENT_UNKNOWN, level)
    return targets


def _anchors_per_side(
    facts: Facts, segment: list[Level], cemented: list[Level], warnings: _Notes
) -> int:
    osteoporosis = facts.case.patient.osteoporosis
    if osteoporosis is None:
        warnings.add(WarningCode.BONE_QUALITY_UNKNOWN)
    lesions = [facts.lesion(level) for level in segment]
    longer = (
        any(level in JUNCTIONAL for level in segment)
        or osteoporosis is True
        or len(segment) >= 2
        or any(les.sins.radiographic_alignment == "subluxation_translation" for les in lesions)
        or any(les.collapse_percent > 50 and les.level not in cemented for les in lesions)
    )
    return 2 if longer else 1


def _walk(facts: Facts, start: Level, step: int, needed: int, warnings: _Notes) -> list[Level]:
    lesions = {lesion.level: lesion for lesion in facts.case.lesions}
    found = walk(lesions, start, step, needed)
    for code, levels in found.notes:
        warnings.add(code, *levels)
    return list(found.anchors)
