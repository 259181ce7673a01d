"""The tidy cohort: validated tables of patients, lesions, procedures, assessments and
complications, with the study's visit schedule and the data's provenance (DESIGN.md).

No Django: a researcher can use it from a notebook on a spreadsheet.
"""

from spinemet.cohort._classify import ColumnUse
from spinemet.cohort._columns import TABLES, Scale, column_scales
from spinemet.cohort._mapping import SheetMapping, load_mapping
from spinemet.cohort._provenance import OutsideWindow, Provenance, VisitAssignment
from spinemet.cohort._readers import read_cohort
from spinemet.cohort._schedule import DEFAULT_SCHEDULE, Visit, VisitSchedule, load_schedule
from spinemet.cohort._settings import VasUnit
from spinemet.cohort._wide import from_wide, to_wide
from spinemet.cohort._writers import CohortFormat, write_cohort
from spinemet.cohort.cohort import ASSESSMENT_COLUMNS, TABLE_NAMES, Cohort
from spinemet.cohort.synthetic import synthetic_cohort

__all__ = [
    "ASSESSMENT_COLUMNS",
    "DEFAULT_SCHEDULE",
    "TABLES",
    "TABLE_NAMES",
    "Cohort",
    "CohortFormat",
    "ColumnUse",
    "OutsideWindow",
    "Provenance",
    "Scale",
    "SheetMapping",
    "VasUnit",
    "Visit",
    "VisitAssignment",
    "VisitSchedule",
    "column_scales",
    "from_wide",
    "load_mapping",
    "load_schedule",
    "read_cohort",
    "synthetic_cohort",
    "to_wide",
    "write_cohort",
]
