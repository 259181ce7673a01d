"""The input warnings of domain/decision.md §1.2 (revision 4, phase 0).

Plausible charting errors whose correct reading is a clinical question: the case is evaluated
as entered, and the warning names the fields. An error would block the output in an emergency.
"""

from __future__ import annotations

from dataclasses import dataclass

from spinemet.decision.codes import WarningCode
from spinemet.decision.levels import Level, contiguous_runs
from spinemet.decision.predicates import Facts
from spinemet.decision.texts import (
    DEFICIT_WITHOUT_DEFICIT,
    FRANKEL_AMBULATORY,
    INDEX_SEGMENTS,
    KPS_ECOG,
)
from spinemet.instruments import kps_to_ecog

__all__ = ["InputWarning", "input_warnings"]


@dataclass(frozen=True, slots=True)
class InputWarning:
    """One input warning: code, the levels it concerns, the sentence, the source."""

    code: str
    text: str
    levels: tuple[Level, ...] = ()
    citation: str | None = None


def input_warnings(facts: Facts) -> list[InputWarning]:
    """The §1.2 input warnings of a case, in the order of §3.4."""
    patient = facts.case.patient
    found: list[InputWarning] = []
    if patient.deficit_new_or_progressive is True and not facts.predicates["neuro_deficit"].is_true:
        grade = patient.frankel if patient.frankel is not None else patient.asia
        found.append(
            InputWarning(
                WarningCode.DEFICIT_PROGRESSION_WITHOUT_DEFICIT,
                DEFICIT_WITHOUT_DEFICIT % {"grade": grade},
            )
        )
    if patient.frankel in ("A", "B", "C") and patient.ambulatory is True:
        found.append(
            InputWarning(
                WarningCode.FRANKEL_AMBULATORY_INCONSISTENT,
                FRANKEL_AMBULATORY % {"grade": patient.frankel},
                citation="instruments.md §7",
            )
        )
    if patient.kps is not None and patient.ecog is not None:
        expected = kps_to_ecog(patient.kps)
        if abs(expected - patient.ecog) >= 2:
            found.append(
                InputWarning(
                    WarningCode.KPS_ECOG_INCONSISTENT,
                    KPS_ECOG % {"kps": patient.kps, "expected": expected, "ecog": patient.ecog},
                    citation="MA2010",
                )
            )
    runs = contiguous_runs(facts.index_levels)
    if len(runs) > 1:
        found.append(
            InputWarning(
                WarningCode.MULTIPLE_INDEX_SEGMENTS,
                INDEX_SEGMENTS
                % {
                    "count": len(runs),
                    "segments": "; ".join(
                        "-".join(dict.fromkeys((run[0], run[-1]))) for run in runs
                    ),
                },
                levels=facts.index_levels,
            )
        )
    return found
