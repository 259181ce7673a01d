"""What every service does around a write: the role check, the reason, the version check, and
the history row's user and reason."""

from __future__ import annotations

from typing import Any

from spinemet.errors import MISSING, SpinemetInputError
from spinemet.registry.common.errors import NotPermitted, VersionConflict
from spinemet.registry.sites.selectors import Actor

__all__ = ["check_version", "mark_history", "need_reason", "need_write"]


def need_write(actor: Actor) -> None:
    """Refuse a write by a read-only role (a monitor), whatever it carries (403)."""
    if not actor.may_write:
        raise NotPermitted(f"{actor.role} accounts are read-only")


def need_reason(reason: object) -> str:
    """A change after the first save needs a reason (422 when it has none)."""
    if not isinstance(reason, str) or not reason.strip():
        raise SpinemetInputError(
            "reason",
            MISSING if reason is None else reason,
            "a non-empty text saying why the record changes",
            "missing_reason",
        )
    return reason.strip()


def check_version(record: Any, given: object, current: dict[str, Any]) -> None:
    """Refuse a save whose ``version`` is not the stored one (409, nothing written)."""
    if isinstance(given, bool) or not isinstance(given, int):
        raise SpinemetInputError(
            "version",
            MISSING if given is None else given,
            "the integer version of the record as last read",
            "missing_version",
        )
    if given != record.version:
        raise VersionConflict(given=given, stored=record.version, current=current)


def mark_history(record: Any, actor: Actor, reason: str) -> None:
    """Attach the actor and reason to the history row the next save writes."""
    record._history_user = actor.user
    record._change_reason = reason if actor.user is not None else f"{reason} [command line]"
