"""Sites and users (the command line's, and the demo's)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from spinemet.errors import Problem, SpinemetInputError
from spinemet.registry.sites.models import Account, LanguageChoice, Role, Site

__all__ = ["language_set", "site_add", "user_add", "user_named"]

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def site_add(*, code: str, name: str) -> Site:
    """Add a site; a code already used is refused."""
    problems = []
    if not _CODE.match(code or ""):
        problems.append(
            Problem(
                "code", code, "lower-case letters, digits, _ or - (at most 40)", "value_not_allowed"
            )
        )
    if not (name or "").strip():
        problems.append(Problem("name", name, "the site's name", "missing_value"))
    if problems:
        raise SpinemetInputError.from_problems(problems)
    if Site.objects.filter(code=code).exists():
        raise SpinemetInputError("code", code, "a site code not yet used", "duplicate_site")
    return Site.objects.create(code=code, name=name.strip())


def user_named(name: str) -> Any:
    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise SpinemetInputError("name", name, "an existing user name", "unknown_user")
    return user


def user_add(
    *, name: str, role: str, sites: list[str], password: str, check_password: bool = True
) -> Any:
    """Add a user with a role and sites, or update an existing user's role, sites and password.

    An investigator has exactly one site; a monitor one or more; data managers and admins see
    every site. The password must pass Django's validators (length 10+, not common, not all
    digits, not like the user name).
    """
    problems = []
    if role not in Role.values:
        problems.append(Problem("role", role, ", ".join(Role.values), "value_not_allowed"))
    known = {site.code: site for site in Site.objects.filter(code__in=sites)}
    for code in sites:
        if code not in known:
            allowed = (
                ", ".join(Site.objects.values_list("code", flat=True))
                or "a site (spinemet sites add)"
            )
            problems.append(Problem("site", code, allowed, "unknown_site"))
    if role == Role.INVESTIGATOR and len(sites) != 1:
        problems.append(Problem("site", sites, "exactly one site for an investigator", "one_site"))
    if role == Role.MONITOR and not sites:
        problems.append(Problem("site", sites, "one or more sites for a monitor", "no_site"))
    model = get_user_model()
    candidate = model(username=name)
    if check_password:
        try:
            validate_password(password, candidate)
        except ValidationError as error:
            problems.append(
                Problem("password", "(hidden)", "; ".join(error.messages), "weak_password")
            )
    if not name or len(name) > 150:
        problems.append(
            Problem("name", name, "a user name of 1-150 characters", "value_not_allowed")
        )
    if problems:
        raise SpinemetInputError.from_problems(problems)
    with transaction.atomic():
        user = model.objects.filter(username=name).first() or candidate
        user.set_password(password)
        user.save()
        account, _ = Account.objects.get_or_create(user=user, defaults={"role": role})
        account.role = role
        account.save()
        account.sites.set(known.values())
    return user


def language_set(*, user: Any, language: object) -> str:
    """Keep ``language`` (a code of ``settings.LANGUAGES``) as the user's choice for the pages;
    another code is refused, naming the codes allowed. Returns the code kept."""
    codes = [code for code, _name in settings.LANGUAGES]
    if not isinstance(language, str) or language not in codes:
        raise SpinemetInputError("language", language, ", ".join(codes), "value_not_allowed")
    LanguageChoice.objects.update_or_create(user=user, defaults={"language": language})
    return language
