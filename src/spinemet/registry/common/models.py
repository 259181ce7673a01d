"""What every clinical record has: a version for optimistic locking, times, and history."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class ClinicalRecord(models.Model):
    """Abstract base of every clinical model.

    ``version`` starts at 1 and goes up by one at every change; a save that carries another
    version than the stored one is refused (HTTP 409), so no one overwrites a change they have
    not seen. Every save leaves a history row (django-simple-history) with its user and
    reason; nothing is ever hard-deleted.
    """

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
