"""Reads of patients and what hangs under them, always from the actor's sites."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from spinemet.registry.common.errors import NotFound
from spinemet.registry.patients.models import Complication, Lesion, Patient, Procedure
from spinemet.registry.sites.selectors import Actor

__all__ = ["patient_get", "patient_list", "patients_visible"]


def patients_visible(actor: Actor) -> QuerySet[Patient]:
    """Every patient the actor may see: the queryset every patient read starts from."""
    patients = Patient.objects.select_related("site", "protocol")
    if actor.site_ids is None:
        return patients
    return patients.filter(site_id__in=actor.site_ids)


def patient_get(actor: Actor, patient_id: object, *, for_update: bool = False) -> Patient:
    """One visible patient, or :class:`NotFound` (also for another site's patient)."""
    try:
        key = int(str(patient_id))
    except ValueError:
        raise NotFound("patient") from None
    patients = patients_visible(actor)
    if for_update:
        patients = patients.select_for_update(of=("self",))
    patient = patients.filter(pk=key).first()
    if patient is None:
        raise NotFound("patient")
    return patient


def patient_list(
    actor: Actor, *, site: str | None = None, study_id: str | None = None
) -> QuerySet[Patient]:
    """Visible patients, optionally of one site code or matching a study id (exact)."""
    patients = patients_visible(actor)
    if site:
        patients = patients.filter(site__code=site)
    if study_id:
        patients = patients.filter(study_id=study_id)
    return patients.order_by("id")


def patient_detail(actor: Actor, patient_id: object) -> Patient:
    """A visible patient with everything under it fetched in a fixed number of queries (the
    visits, whose status is derived in the database, are read by
    :func:`spinemet.registry.visits.selectors.visits_of_patient`)."""
    from spinemet.registry.assessments.models import Assessment
    from spinemet.registry.decisions.models import Decision

    try:
        key = int(str(patient_id))
    except ValueError:
        raise NotFound("patient") from None
    patient = (
        patients_visible(actor)
        .prefetch_related(
            "lesions",
            "procedures",
            "complications",
            Prefetch("assessments", queryset=Assessment.objects.order_by("date", "id")),
            Prefetch("decisions", queryset=Decision.objects.order_by("-created_at", "-id")),
        )
        .filter(pk=key)
        .first()
    )
    if patient is None:
        raise NotFound("patient")
    return patient


__all__ += ["patient_detail"]

_CHILD_MODELS: dict[str, tuple[type[Any], str]] = {
    "lesions": (Lesion, "lesion"),
    "procedures": (Procedure, "procedure"),
    "complications": (Complication, "complication"),
}


def child_get(actor: Actor, table: str, record_id: object, *, for_update: bool = False) -> Any:
    """One lesion, procedure or complication (``table`` names which) of a visible patient, with
    its patient; :class:`NotFound` for one of another site's patients, as for a missing one."""
    model, singular = _CHILD_MODELS[table]
    try:
        key = int(str(record_id))
    except ValueError:
        raise NotFound(singular) from None
    records = model.objects.filter(pk=key, patient__in=patients_visible(actor))
    if for_update:
        records = records.select_for_update(of=("self",))
    record = records.select_related("patient", "patient__site", "patient__protocol").first()
    if record is None:
        raise NotFound(singular)
    return record


__all__ += ["child_get"]
