"""Sites, the user's role and the sites they belong to."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    """Roles of DESIGN.md: what a user may read and write."""

    INVESTIGATOR = "investigator"  # own site: read, write
    MONITOR = "monitor"  # assigned sites: read only, raise data queries
    DATA_MANAGER = "data_manager"  # all sites: read, export, import, raise queries
    ADMIN = "admin"  # all sites, all actions


class Site(models.Model):
    """A participating hospital or unit; the root of every scope."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ("code",)

    def __str__(self) -> str:
        return self.code


class Account(models.Model):
    """A user's role and sites (an investigator belongs to one site, a monitor to several;
    data managers and admins see every site whatever is listed)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    sites = models.ManyToManyField(Site, blank=True, related_name="accounts")

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class LanguageChoice(models.Model):
    """The language a user chose for the pages (a code of ``settings.LANGUAGES``), kept with
    the account so that it follows the user to another browser: applied at login and on every
    request (``spinemet.registry.web.language``). Users who never chose have none."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language_choice"
    )
    language = models.CharField(max_length=20)
    chosen_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"
