"""The language of the pages, kept per account (issue #13: "the user's choice persists").

Django's ``LocaleMiddleware`` reads the language cookie, which stays in one browser. A logged-in
user's choice is kept with the account (:class:`~spinemet.registry.sites.models.LanguageChoice`,
written by :func:`~spinemet.registry.sites.services.language_set`):

- :func:`set_language` is Django's ``/i18n/setlang/`` view (cookie and redirect, as before),
  which also keeps the choice of a logged-in user;
- at login (:func:`apply_at_login`) the account's choice is put in the session;
- :class:`AccountLanguageMiddleware` applies the session's choice on every request (no query:
  the session is read anyway) and sets the cookie to it, so that after logging out the login
  page stays in that language. Anonymous users keep the cookie alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.i18n import set_language as django_set_language

from spinemet.errors import SpinemetInputError
from spinemet.registry.sites.selectors import language_of
from spinemet.registry.sites.services import language_set

__all__ = ["SESSION_KEY", "AccountLanguageMiddleware", "apply_at_login", "set_language"]

SESSION_KEY = "spinemet_language"


def apply_at_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: the account's language into the new session."""
    language = language_of(user)
    if language and hasattr(request, "session"):
        request.session[SESSION_KEY] = language


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (the cookie, the redirect to ``next``); a logged-in user's
    choice is also kept with the account (an unknown code changes nothing, as Django's)."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            language = language_set(user=request.user, language=request.POST.get("language"))
        except SpinemetInputError:
            return response
        request.session[SESSION_KEY] = language
    return response


class AccountLanguageMiddleware:
    """After ``AuthenticationMiddleware``: a logged-in user's kept language wins over the
    cookie and the browser's ``Accept-Language``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._kept(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        # read again: the set-language view may have changed it (and set the cookie itself)
        language = self._kept(request)
        cookie = settings.LANGUAGE_COOKIE_NAME
        if language and cookie not in response.cookies and request.COOKIES.get(cookie) != language:
            response.set_cookie(
                cookie,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    @staticmethod
    def _kept(request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not hasattr(request, "session"):
            return None
        language = request.session.get(SESSION_KEY)
        return language if isinstance(language, str) else None
