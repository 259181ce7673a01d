"""Check a Bundle against FHIR: the structure with fhir.resources, the R4 codes it cannot.

fhir.resources 8.3.0 has no R4 (4.0.1) models; it has R4B (4.3.0), whose Patient, Condition,
Procedure, Observation and Bundle have the same elements and cardinalities as R4 for what
spinemet writes. So a Bundle is checked in two steps:

1. every resource is parsed with the R4B model of its type (element names, data types,
   cardinality, primitive formats such as dates and ids, FHIR invariants the models enforce);
2. what the models do not check and R4 requires, spinemet checks itself: the *required*
   value sets of the codes it writes (``Bundle.type``, ``Observation.status``,
   ``Procedure.status``, ``Patient.gender``, ``Condition.clinicalStatus``; fhir.resources
   accepts any code there), and that every ``subject`` reference resolves inside the Bundle.

Not checked: terminology (whether a LOINC or SNOMED CT code exists: see docs/interop.md for
which codes are unverified), profiles, and R4-only differences in resources spinemet does not
write.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spinemet.errors import Problem

__all__ = ["validate_fhir_bundle"]

# Required bindings of FHIR R4 (4.0.1) for the elements spinemet writes.
_R4_CODES: Mapping[tuple[str, str], frozenset[str]] = {
    ("Observation", "status"): frozenset(
        {
            "registered",
            "preliminary",
            "final",
            "amended",
            "corrected",
            "cancelled",
            "entered-in-error",
            "unknown",
        }
    ),
    ("Procedure", "status"): frozenset(
        {
            "preparation",
            "in-progress",
            "not-done",
            "on-hold",
            "stopped",
            "completed",
            "entered-in-error",
            "unknown",
        }
    ),
    ("Patient", "gender"): frozenset({"male", "female", "other", "unknown"}),
}
_BUNDLE_TYPES = frozenset(
    {
        "document",
        "message",
        "transaction",
        "transaction-response",
        "batch",
        "batch-response",
        "history",
        "searchset",
        "collection",
    }
)
_CLINICAL_STATUS = frozenset(
    {"active", "recurrence", "relapse", "inactive", "remission", "resolved"}
)


def validate_fhir_bundle(bundle: Mapping[str, Any]) -> list[Problem]:
    """Every problem found in ``bundle`` (empty when it passes both steps of the module)."""
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    problems: list[Problem] = []
    if bundle.get("type") not in _BUNDLE_TYPES:
        problems.append(
            Problem("Bundle.type", bundle.get("type"), ", ".join(sorted(_BUNDLE_TYPES)))
        )
    entries = bundle.get("entry", [])
    urls = {entry.get("fullUrl") for entry in entries}
    for number, entry in enumerate(entries):
        resource = entry.get("resource", {})
        kind = resource.get("resourceType", "")
        where = f"entry {number} ({kind})"
        try:
            get_fhir_model_class(kind).model_validate(resource)
        except (KeyError, ValueError, ValidationError) as error:
            problems.append(
                Problem(f"{kind}", str(error)[:300], "a valid FHIR resource", "invalid", where)
            )
        for (resource_type, element), codes in _R4_CODES.items():
            if kind == resource_type and element in resource and resource[element] not in codes:
                problems.append(
                    Problem(
                        f"{kind}.{element}",
                        resource[element],
                        ", ".join(sorted(codes)),
                        "value_not_allowed",
                        where,
                    )
                )
        if kind == "Condition" and "clinicalStatus" in resource:
            for coding in resource["clinicalStatus"].get("coding", ()):
                if coding.get("code") not in _CLINICAL_STATUS:
                    problems.append(
                        Problem(
                            "Condition.clinicalStatus",
                            coding.get("code"),
                            ", ".join(sorted(_CLINICAL_STATUS)),
                            "value_not_allowed",
                            where,
                        )
                    )
        subject = resource.get("subject", {}).get("reference") if kind != "Patient" else None
        if kind != "Patient" and subject not in urls:
            problems.append(
                Problem(
                    f"{kind}.subject.reference",
                    subject,
                    "the fullUrl of an entry of the Bundle",
                    "unknown_reference",
                    where,
                )
            )
    return problems
