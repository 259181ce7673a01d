"""Analysis jobs: ``spinemet analyze`` on the registry's extract, run in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class AnalysisJob(models.Model):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="analysis_jobs"
    )
    sites = models.JSONField(default=list, blank=True)  # site codes; empty: all the user's
    status = models.CharField(max_length=10, choices=JobStatus.choices, default="queued")
    progress = models.TextField(blank=True, default="")  # the analysis's steps, one a line
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"analysis job {self.pk}"
