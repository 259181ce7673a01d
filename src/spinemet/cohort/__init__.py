"""The tidy cohort: validated tables of patients, lesions, procedures, assessments and
complications, with the study's visit schedule and the data's provenance (DESIGN.md).

No Django: a researcher can use it from a notebook on a spreadsheet.
"""

from spinemet.cohort._provenance import OutsideWindow, Provenance, VisitAssignment
from spinemet.cohort._schedule import DEFAULT_SCHEDULE, Visit, VisitSchedule, load_schedule
from spinemet.cohort.cohort import ASSESSMENT_COLUMNS, TABLE_NAMES, Cohort
from spinemet.cohort.synthetic import synthetic_cohort

__all__ = [
    "ASSESSMENT_COLUMNS",
    "DEFAULT_SCHEDULE",
    "TABLE_NAMES",
    "Cohort",
    "OutsideWindow",
    "Provenance",
    "Visit",
    "VisitAssignment",
    "VisitSchedule",
    "load_schedule",
    "synthetic_cohort",
]
