"""One mapping from the registry's errors to HTTP answers, the same for every endpoint:
bad input 422 ``{"detail": [{field, value, allowed, code, message}]}``, not visible 404,
not allowed 403, stale version 409 ``{"detail", "current"}``."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from spinemet.errors import MISSING, Problem, SpinemetInputError
from spinemet.registry.common.validation import problems_as_detail

__all__ = ["input_error_detail", "lockout_response", "parse_body", "pydantic_problems"]

M = TypeVar("M", bound=BaseModel)


def _json_value(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)
    return value


def pydantic_problems(
    error: ValidationError, *, prefix: str = "", model: type[BaseModel] | None = None
) -> list[Problem]:
    """Pydantic's errors as problems naming field, value and what is allowed; a missing field
    of ``model`` says what it is (its description: ``reason: missing; required: why the
    record changes``) rather than pydantic's "Field required"."""
    fields = model.model_fields if model is not None else {}
    problems = []
    for item in error.errors(include_url=False):
        location = ".".join(str(part) for part in item["loc"] if part != "body") or "body"
        kind = item["type"]
        if kind == "extra_forbidden":
            problems.append(Problem(prefix + location, location, "no such field", "unknown_field"))
            continue
        value = MISSING if kind == "missing" else _json_value(item.get("input"))
        allowed = item["msg"]
        if kind == "missing":
            described = fields.get(location)
            allowed = (described.description if described else None) or "a value"
        if allowed.startswith("Input should be "):
            allowed = allowed[len("Input should be ") :]
        problems.append(Problem(prefix + location, value, allowed, kind))
    return problems


def input_error_detail(error: SpinemetInputError) -> list[dict[str, Any]]:
    return problems_as_detail(error)


def parse_body(model: type[M], request: Any) -> M:
    """The request's JSON body as ``model``, or one input error with every problem."""
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise SpinemetInputError("body", None, "a JSON object", "invalid_json") from None
    if not isinstance(data, dict):
        raise SpinemetInputError("body", _json_value(data), "a JSON object", "not_an_object")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise SpinemetInputError.from_problems(pydantic_problems(error, model=model)) from None


def lockout_response(request: Any, original_response: Any = None, credentials: Any = None) -> Any:
    """django-axes' answer to a locked-out attempt (``AXES_LOCKOUT_CALLABLE``): 429 with the
    API's JSON error body under ``/api/``, a plain-text 429 elsewhere; neither names the user."""
    from django.conf import settings
    from django.http import HttpResponse, JsonResponse

    hours = settings.AXES_COOLOFF_TIME
    message = (
        "Too many failed attempts for this user name from this address; "
        f"try again in {round(float(hours) * 60)} minutes."
    )
    if str(getattr(request, "path", "")).startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
