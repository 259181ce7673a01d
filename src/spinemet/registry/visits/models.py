"""Scheduled visits, made from the patient's index date by the study's schedule.

A visit row holds its dates and the facts of its status that do not depend on the day: whether
an assessment names it (``done``) and whether the patient's death or withdrawal ended the
follow-up before its window closed (``follow_up_ended``). Both are derived from the patient's
records by the one write path (:func:`spinemet.registry.visits.services.store_facts`), never
typed; the status itself (upcoming, due, overdue, done, missed, not_applicable) is derived
from them and the day at read time (:mod:`spinemet.registry.visits.selectors`).
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
    # Derived, kept by visits.services.store_facts: an assessment names the visit.
    done = models.BooleanField(default=False)
    # Derived likewise: the patient died or was withdrawn before the window closed (or was
    # withdrawn without a date); unless done, the visit is not applicable.
    follow_up_ended = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("patient", "code"), name="visit_code_per_patient")
        ]
        indexes = [
            # The visits whose status depends on the day (neither done nor ended): due, overdue
            # and the work list are ranges of these dates (counted from the index alone).
            models.Index(
                fields=("missed_from", "window_start", "window_end"),
                condition=models.Q(done=False, follow_up_ended=False),
                name="visit_open_by_date",
            ),
        ]
        ordering = ("patient_id", "position")

    def __str__(self) -> str:
        return f"visit {self.code} of patient {self.patient_id}"
