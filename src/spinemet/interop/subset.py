"""Some patients of a cohort, with everything recorded about them (``export --patient``)."""

from __future__ import annotations

from collections.abc import Sequence

from spinemet.cohort import Cohort
from spinemet.errors import CohortError, Problem

__all__ = ["patients_subset"]


def patients_subset(cohort: Cohort, patient_ids: Sequence[str]) -> Cohort:
    """The cohort of ``patient_ids`` only (every table filtered, validated again).

    Raises
    ------
    CohortError
        For an id that is not a patient of the cohort (every such id listed).

    Examples
    --------
    >>> from spinemet.cohort import synthetic_cohort
    >>> patients_subset(synthetic_cohort(5), ["S002"]).patients["patient_id"].tolist()
    ['S002']
    """
    known = set(cohort.patients["patient_id"])
    unknown = [pid for pid in patient_ids if pid not in known]
    if unknown:
        allowed = "a patient id of the cohort (" + ", ".join(sorted(known)[:5]) + ", ...)"
        raise CohortError.from_problems(
            Problem("--patient", pid, allowed, "unknown_patient") for pid in unknown
        )
    wanted = set(patient_ids)
    tables = {
        name: frame[frame["patient_id"].isin(wanted)].reset_index(drop=True)
        for name, frame in cohort.tables().items()
    }
    given = {name: tables[name] if cohort.is_given(name) else None for name in tables}
    return Cohort.from_tables(
        tables["patients"],
        lesions=given["lesions"],
        procedures=given["procedures"],
        assessments=given["assessments"],
        complications=given["complications"],
        schedule=cohort.schedule,
        synthetic=cohort.synthetic,
        notes=cohort.provenance.notes,
    )
