"""API tokens: issue (only a SHA-256 of the token is stored), check, revoke."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from spinemet.registry.api.models import ApiToken

__all__ = ["issue_token", "revoke_tokens", "user_for_token"]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: Any, *, kind: str = ApiToken.KIND_API) -> tuple[str, dt.datetime | None]:
    """A new token for ``user`` and when it expires. REDCap tokens are 32 upper-case hex
    characters, as REDCap issues them, and last until revoked; API tokens expire after
    ``SPINEMET_TOKEN_HOURS``."""
    if kind == ApiToken.KIND_REDCAP:
        token = secrets.token_hex(16).upper()
        expires = None
    else:
        token = secrets.token_urlsafe(32)
        expires = timezone.now() + dt.timedelta(hours=settings.TOKEN_HOURS)
    ApiToken.objects.create(user=user, kind=kind, key_hash=_hash(token), expires_at=expires)
    return token, expires


def user_for_token(token: str, *, kind: str = ApiToken.KIND_API) -> Any | None:
    """The active user of a valid, unexpired, unrevoked token, else ``None``."""
    if not token:
        return None
    now = timezone.now()
    record = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(token), kind=kind, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if record is None or not record.user.is_active:
        return None
    return record.user


def revoke_tokens(user: Any, *, token: str | None = None) -> int:
    """Revoke one token of ``user``, or all of them; the number revoked."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if token is not None:
        tokens = tokens.filter(key_hash=_hash(token))
    return tokens.update(revoked_at=timezone.now())
