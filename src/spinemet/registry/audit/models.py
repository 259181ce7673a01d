"""Data queries (a monitor's or data manager's question on a field of a record) and their
threads. The clinical models' own history lives in django-simple-history's tables."""

from __future__ import annotations

from django.db import models

from spinemet.registry.patients.models import Patient


class QueryStatus(models.TextChoices):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class DataQuery(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="queries")
    object = models.CharField(max_length=60)  # "patient", "assessment:12", "lesion:3" ...
    field = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=QueryStatus.choices, default="open")
    raised_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("status", "patient"))]


class QueryMessage(models.Model):
    query = models.ForeignKey(DataQuery, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=10)  # raise, answer, close
    text = models.TextField(blank=True, default="")
    author = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("at", "id")
