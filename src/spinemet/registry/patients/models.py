"""Patients (pseudonymous), their identity (kept apart), lesions, procedures, complications.

Fields other than keys and bookkeeping are the tidy cohort's columns (made from
:mod:`spinemet.cohort`'s declarations by :mod:`spinemet.registry.common.fields`). Fields of a
decision case that the cohort does not declare (``coagulopathy_uncorrectable``,
``active_infection``, ``prior_radiotherapy`` ...) are kept in ``case_fields``, validated by the
decision layer's case model.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from spinemet.registry.common.fields import cohort_model_fields
from spinemet.registry.common.models import ClinicalRecord
from spinemet.registry.sites.models import Site


class Study(models.Model):
    """A study and its visit schedule (data: :class:`spinemet.cohort.VisitSchedule`)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    schedule = models.JSONField()

    def __str__(self) -> str:
        return self.code


class Patient(ClinicalRecord):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="patients")
    # The study (and so the visit schedule) the patient is in; "study_id" is the pseudonym.
    protocol = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="patients")
    study_id = models.CharField(max_length=64)
    locals().update(cohort_model_fields("patients", exclude=("patient_id", "site")))
    case_fields = models.JSONField(default=dict, blank=True)
    # Invented data (the demo's synthetic cohort): every export and report made from them says so.
    synthetic = models.BooleanField(default=False)
    withdrawn = models.BooleanField(default=False)
    withdrawal_reason = models.TextField(blank=True, default="")
    withdrawn_at = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("site", "study_id"), name="patient_study_id_per_site")
        ]
        indexes = [models.Index(fields=("site", "id"))]
        ordering = ("id",)

    def __str__(self) -> str:  # a server key only: study ids stay out of logs
        return f"patient {self.pk}"


class Identity(models.Model):
    """Identifying details, optional and kept apart: never in exports, logs or the API unless
    a flag asks (``include_identity``) and the role allows it."""

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, related_name="identity")
    name = models.CharField(max_length=200, blank=True, default="")
    hospital_number = models.CharField(max_length=64, blank=True, default="")
    date_of_birth = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"identity of patient {self.patient_id}"


class Lesion(ClinicalRecord):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="lesions")
    locals().update(cohort_model_fields("lesions", exclude=("patient_id",)))
    case_fields = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("patient", "level"), name="lesion_level_per_patient")
        ]
        ordering = ("id",)


class Procedure(ClinicalRecord):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="procedures")
    locals().update(cohort_model_fields("procedures", exclude=("patient_id",)))

    class Meta:
        ordering = ("date", "id")


class Complication(ClinicalRecord):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="complications")
    locals().update(cohort_model_fields("complications", exclude=("patient_id",)))

    class Meta:
        ordering = ("date", "id")
