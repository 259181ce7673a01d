"""API tokens: only a hash is stored; a token expires and can be revoked."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    KIND_API = "api"
    KIND_REDCAP = "redcap"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, default=KIND_API)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)  # None: until revoked (REDCap)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} token {self.pk} of {self.user_id}"
