"""The input warnings of domain/decision.md §1.2 (revision 4, phase 0).

Plausible charting errors whose correct reading is a clinical question: the case is evaluated
as entered, and the warning names the fields. An error would block the output in an emergency.
"""

from __future__ import annotations

from dataclasses import dataclass

from spinemet.decision.codes import WarningCode
from spinemet.decision.levels import Level, contiguous_runs
from spinemet.decision.predicates import Facts
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
                "The deficit is recorded as new or progressive (deficit_new_or_progressive), but "
                f"no neurological deficit is (grade {grade}, neurological_symptoms not true): "
                "re-grade the "
                "patient. The urgency flag is not given while no deficit is recorded.",
            )
        )
    if patient.frankel in ("A", "B", "C") and patient.ambulatory is True:
        found.append(
            InputWarning(
                WarningCode.FRANKEL_AMBULATORY_INCONSISTENT,
                f"Frankel {patient.frankel} (no useful motor function) is recorded with "
                "ambulatory = true: check both. Frankel is read as entered; ambulatory is read "
                "by no rule.",
                citation="instruments.md §7",
            )
        )
    if patient.kps is not None and patient.ecog is not None:
        expected = kps_to_ecog(patient.kps)
        if abs(expected - patient.ecog) >= 2:
            found.append(
                InputWarning(
                    WarningCode.KPS_ECOG_INCONSISTENT,
                    f"KPS {patient.kps} corresponds to ECOG {expected} (conventional mapping), "
                    f"but ECOG {patient.ecog} is recorded: a difference of 2 or more grades. "
                    "KPS is the one the rules read.",
                    citation="MA2010",
                )
            )
    runs = contiguous_runs(facts.index_levels)
    if len(runs) > 1:
        found.append(
            InputWarning(
                WarningCode.MULTIPLE_INDEX_SEGMENTS,
                "The index lesions form "
                f"{len(runs)} separate segments ("
                + "; ".join("-".join(dict.fromkeys((run[0], run[-1]))) for run in runs)
                + "): the ratings treat them together (the predicates take the worst lesion); "
                "each segment needs its own decision, and a construct plan covers only one.",
                levels=facts.index_levels,
            )
        )
    return found
