"""Scheduled visits, made from the patient's index date by the study's schedule.

A visit row holds its dates only; its status (upcoming, due, overdue, done, missed,
not_applicable) is derived at read time (:mod:`spinemet.registry.visits.selectors`), never typed.
"""

from __future__ import annotations

from django.db import models

from spinemet.registry.patients.models import Patient


class Visit(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="visits")
    code = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField()
    target_date = models.DateField()
    window_start = models.DateField()
    window_end = models.DateField()
    # Overdue until the next visit's window opens (the last visit: 90 days), then missed.
    missed_from = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("patient", "code"), name="visit_code_per_patient")
        ]
        indexes = [models.Index(fields=("window_start", "missed_from"))]
        ordering = ("patient_id", "position")

    def __str__(self) -> str:
        return f"visit {self.code} of patient {self.patient_id}"
