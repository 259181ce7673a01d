"""What every page view shares: the logged-in actor, and the core's errors as pages.

The core raises :class:`NotFound` for an object outside the user's sites (answered 404, as for
one that does not exist) and :class:`NotPermitted` for a role that may not act (a monitor's
save: 403 with the reason). Views do no permission checks of their own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse

from spinemet.errors import SpinemetInputError
from spinemet.registry.common.errors import NotFound, NotPermitted
from spinemet.registry.common.validation import problems_as_detail
from spinemet.registry.sites.selectors import Actor, actor_for

__all__ = ["actor_of", "field_errors", "page", "post_only", "url_of_key"]


def actor_of(request: HttpRequest) -> Actor:
    """The request's actor, resolved once per request."""
    actor = getattr(request, "_spinemet_actor", None)
    if actor is None:
        actor = actor_for(request.user)
        request._spinemet_actor = actor  # type: ignore[attr-defined]
    return actor


def page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A logged-in page: ``NotFound`` is 404, ``NotPermitted`` a 403 page saying why."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except NotPermitted as error:
            return render(request, "web/forbidden.html", {"reason": str(error)}, status=403)

    return login_required(wrapped)


def field_errors(error: SpinemetInputError, *, prefix: str = "") -> dict[str, list[str]]:
    """The problems of an input error by field (``items.`` prefix removed for instrument
    forms), each message naming the field, the value and what is allowed, as the API's."""
    by_field: dict[str, list[str]] = {}
    for item in problems_as_detail(error):
        field = str(item["field"])
        if prefix and field.startswith(prefix):
            field = field[len(prefix) :]
        by_field.setdefault(field, []).append(str(item["message"]))
    return by_field


def post_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view that only changes things, so only answers POST (405 otherwise)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, *args, **kwargs)

    return wrapped


_MARKER = 987654321  # a key no URL pattern's text contains


def url_of_key(name: str) -> Callable[[object], str]:
    """``reverse(name, args=[key])`` for many keys: the URL reversed once (with the request's
    script prefix, so it is made per request, never cached across them) and each integer key
    put in its place, for a page that links a hundred rows."""
    head, tail = reverse(name, args=[_MARKER]).split(str(_MARKER))
    return lambda key: f"{head}{int(str(key))}{tail}"
