"""Reads of assessments, always from the actor's sites."""

from __future__ import annotations

from spinemet.registry.assessments.models import Assessment
from spinemet.registry.common.errors import NotFound
from spinemet.registry.patients.selectors import patients_visible
from spinemet.registry.sites.selectors import Actor

__all__ = ["assessment_get"]


def assessment_get(actor: Actor, assessment_id: object) -> Assessment:
    """One assessment of a visible patient, or :class:`NotFound`."""
    try:
        key = int(str(assessment_id))
    except ValueError:
        raise NotFound("assessment") from None
    found = (
        Assessment.objects.filter(pk=key, patient__in=patients_visible(actor))
        .select_related("patient", "patient__site")
        .first()
    )
    if found is None:
        raise NotFound("assessment")
    return found
