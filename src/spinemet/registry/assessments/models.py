"""Assessments: an instrument's raw items at a visit; the total and category are computed by
:mod:`spinemet.instruments` on the server and stored beside them, never typed by a person."""

from __future__ import annotations

from django.db import models

from spinemet.registry.common.models import ClinicalRecord
from spinemet.registry.patients.models import Patient


class Assessment(ClinicalRecord):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="assessments")
    visit = models.CharField(max_length=40, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    instrument = models.CharField(max_length=40)
    items = models.JSONField(default=dict)
    total = models.FloatField(null=True, blank=True)
    category = models.CharField(max_length=80, null=True, blank=True)
    # "computed" from the items, or "given" where an imported sheet had only the total (as
    # published series do); the web form and the API only ever compute.
    total_source = models.CharField(max_length=10, default="computed")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("patient", "visit", "instrument"),
                condition=models.Q(visit__isnull=False),
                name="assessment_instrument_per_visit",
            )
        ]
        indexes = [models.Index(fields=("patient", "visit"))]
        ordering = ("patient_id", "date", "id")
