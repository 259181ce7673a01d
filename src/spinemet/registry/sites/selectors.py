"""Who is asking, and which sites they may see: the root of every scoped read and write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from spinemet.registry.sites.models import Account, LanguageChoice, Role, Site

__all__ = ["Actor", "actor_for", "command_line_actor", "language_of", "visible_sites"]


@dataclass(frozen=True, slots=True)
class Actor:
    """A user with their role and sites, resolved once per request or command.

    ``site_ids`` is ``None`` for roles that see every site (data manager, admin, the command
    line). ``user`` is ``None`` for the command line, which acts as an administrator of the
    machine it runs on; its changes are recorded as ``command line`` in the history.
    """

    user: Any
    role: str
    site_ids: frozenset[int] | None
    name: str

    @property
    def all_sites(self) -> bool:
        return self.site_ids is None

    @property
    def may_write(self) -> bool:
        """Monitors read only; every other role writes within its sites."""
        return self.role != Role.MONITOR

    @property
    def may_export_all(self) -> bool:
        return self.role in (Role.DATA_MANAGER, Role.ADMIN)

    @property
    def may_raise_queries(self) -> bool:
        return self.role in (Role.MONITOR, Role.DATA_MANAGER, Role.ADMIN)


def actor_for(user: Any) -> Actor:
    """The :class:`Actor` of a logged-in user (a user without an account sees nothing)."""
    account = Account.objects.filter(user=user).prefetch_related("sites").first()
    if account is None:
        role: str = Role.ADMIN if user.is_superuser else Role.INVESTIGATOR
        site_ids: frozenset[int] | None = None if user.is_superuser else frozenset()
    else:
        role = Role(account.role)
        if role in (Role.DATA_MANAGER, Role.ADMIN):
            site_ids = None
        else:
            site_ids = frozenset(site.pk for site in account.sites.all())
    return Actor(user=user, role=role, site_ids=site_ids, name=user.get_username())


def command_line_actor() -> Actor:
    """The actor of ``spinemet import`` and the other commands run on the server itself."""
    return Actor(user=None, role=Role.ADMIN, site_ids=None, name="command line")


def visible_sites(actor: Actor) -> QuerySet[Site]:
    """The sites ``actor`` may see: every query of clinical data starts from these."""
    sites = Site.objects.all()
    if actor.site_ids is None:
        return sites
    return sites.filter(pk__in=actor.site_ids)


def language_of(user: Any) -> str | None:
    """The language the user chose for the pages, or ``None`` if they never chose one."""
    choice = LanguageChoice.objects.filter(user=user).values_list("language", flat=True).first()
    return choice
