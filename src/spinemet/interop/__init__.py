"""Interoperation: the cohort in and out of REDCap, FHIR R4, OMOP CDM v5.4, SPSS and Stata.

No Django: every function converts between a :class:`spinemet.cohort.Cohort` and a format; the
registry and the command line call them. docs/interop.md describes each format, the codes used
and what is and is not validated.
"""

from spinemet.interop.export import FORMATS, export_cohort
from spinemet.interop.fhir import cohort_to_fhir_bundle, write_fhir_bundle
from spinemet.interop.fhir_read import fhir_bundle_to_cohort, read_fhir_bundle
from spinemet.interop.redcap_eav import redcap_eav_to_flat, redcap_flat_to_eav
from spinemet.interop.redcap_export import (
    cohort_to_redcap_records,
    read_redcap_dictionary,
    write_redcap_dictionary,
    write_redcap_records,
)
from spinemet.interop.redcap_import import read_redcap_records, redcap_records_to_cohort
from spinemet.interop.redcap_project import (
    redcap_events,
    redcap_form_event_mapping,
    redcap_metadata,
    redcap_repeating_forms_events,
)
from spinemet.interop.sources import detect_format, read_any_cohort

__all__ = [
    "FORMATS",
    "cohort_to_fhir_bundle",
    "cohort_to_redcap_records",
    "export_cohort",
    "fhir_bundle_to_cohort",
    "read_fhir_bundle",
    "read_redcap_dictionary",
    "read_redcap_records",
    "redcap_events",
    "redcap_form_event_mapping",
    "redcap_metadata",
    "redcap_records_to_cohort",
    "redcap_repeating_forms_events",
    "write_fhir_bundle",
    "write_redcap_dictionary",
    "write_redcap_records",
]
__all__ += ["detect_format", "read_any_cohort", "redcap_eav_to_flat", "redcap_flat_to_eav"]
