"""Saved recommendations: the case they were made from, the rule-set version, the output of
:func:`spinemet.decision.recommend`, and the team's own choice."""

from __future__ import annotations

from django.db import models

from spinemet.registry.common.models import ClinicalRecord
from spinemet.registry.patients.models import Patient


class Decision(ClinicalRecord):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="decisions")
    rule_set_version = models.CharField(max_length=80)
    case = models.JSONField()
    recommendation = models.JSONField()
    chosen_option = models.CharField(max_length=60, blank=True, default="")
    note = models.TextField(blank=True, default="")
    made_by = models.CharField(max_length=150)

    class Meta:
        ordering = ("-created_at", "-id")
