"""Data queries in the API (DESIGN.md: ``POST/GET /api/queries``, ``/answer``, ``/close``):
parse, call the selector or service of :mod:`spinemet.registry.audit`, render. Mounted on the
API with ``api.add_router``; authentication and the error mapping are the API's."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict

from spinemet.registry.api import schemas
from spinemet.registry.api.errors import parse_body
from spinemet.registry.audit.models import DataQuery

__all__ = ["query_out", "router"]

router = Router(tags=["queries"])


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = ""


def query_out(query: DataQuery) -> dict[str, Any]:
    """A query with its thread (raise, answers, close), oldest message first."""
    return {
        "id": query.pk,
        "patient": query.patient_id,
        "study_id": query.patient.study_id,
        "site": query.patient.site.code,
        "object": query.object,
        "field": query.field,
        "status": query.status,
        "raised_by": query.raised_by,
        "created_at": query.created_at.isoformat(),
        "updated_at": query.updated_at.isoformat(),
        "messages": [
            {"kind": m.kind, "text": m.text, "author": m.author, "at": m.at.isoformat()}
            for m in query.messages.all()
        ],
    }


def _body(model: type[BaseModel]) -> dict[str, Any]:
    return {
        "requestBody": {
            "content": {"application/json": {"schema": model.model_json_schema()}},
            "required": True,
        }
    }


def _actor(request: HttpRequest) -> Any:
    return request.actor  # type: ignore[attr-defined]


def _reloaded(actor: Any, query: DataQuery) -> DataQuery:
    from spinemet.registry.audit.query_selectors import queries_visible

    return queries_visible(actor).get(pk=query.pk)


@router.post(
    "",
    response={
        201: dict,
        401: schemas.ErrorOut,
        403: schemas.ErrorOut,
        404: schemas.ErrorOut,
        422: schemas.InvalidOut,
    },
    openapi_extra=_body(schemas.QueryIn),
)
def query_create(request: HttpRequest) -> Any:
    """Raise a query on a field of a record (monitors, data managers)."""
    from spinemet.registry.audit.services import query_raise

    actor = _actor(request)
    body = parse_body(schemas.QueryIn, request)
    query = query_raise(
        actor=actor, patient_id=body.patient, target=body.object, field=body.field, text=body.text
    )
    return Status(201, query_out(_reloaded(actor, query)))


@router.get("", response={200: dict, 401: schemas.ErrorOut, 422: schemas.InvalidOut})
def query_list(
    request: HttpRequest,
    status: str | None = None,
    site: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Any:
    """The queries on the user's sites, with their thread, newest first."""
    from spinemet.errors import Problem, SpinemetInputError
    from spinemet.registry.api.api import MAX_LIMIT
    from spinemet.registry.audit.query_selectors import queries_visible

    if limit < 1 or limit > MAX_LIMIT or offset < 0:
        raise SpinemetInputError.from_problems(
            [Problem("limit", limit, f"1 <= limit <= {MAX_LIMIT}", "out_of_range")]
            if limit < 1 or limit > MAX_LIMIT
            else [Problem("offset", offset, "offset >= 0", "out_of_range")]
        )
    found = queries_visible(_actor(request), status=status, site=site)
    return {
        "count": found.count(),
        "items": [query_out(q) for q in found[offset : offset + limit]],
    }


@router.post(
    "/{query_id}/answer",
    response={
        200: dict,
        401: schemas.ErrorOut,
        403: schemas.ErrorOut,
        404: schemas.ErrorOut,
        422: schemas.InvalidOut,
    },
    openapi_extra=_body(schemas.AnswerIn),
)
def query_answer(request: HttpRequest, query_id: int) -> Any:
    """The site's answer; correcting the value is a normal edit with its reason."""
    from spinemet.registry.audit.query_selectors import query_get
    from spinemet.registry.audit.services import may_answer
    from spinemet.registry.audit.services import query_answer as answer
    from spinemet.registry.common.errors import NotPermitted

    actor = _actor(request)
    query_get(actor, query_id)
    if not may_answer(actor):
        raise NotPermitted("the patient's site answers a data query")
    body = parse_body(schemas.AnswerIn, request)
    query = answer(actor=actor, query_id=query_id, text=body.text)
    return query_out(_reloaded(actor, query))


@router.post(
    "/{query_id}/close",
    response={
        200: dict,
        401: schemas.ErrorOut,
        403: schemas.ErrorOut,
        404: schemas.ErrorOut,
        422: schemas.InvalidOut,
    },
    openapi_extra=_body(CloseIn),
)
def query_close(request: HttpRequest, query_id: int) -> Any:
    """Close a query (its raiser)."""
    from spinemet.registry.audit.query_selectors import query_get
    from spinemet.registry.audit.services import may_close
    from spinemet.registry.audit.services import query_close as close
    from spinemet.registry.common.errors import NotPermitted

    actor = _actor(request)
    query = query_get(actor, query_id)
    if not may_close(actor, query):
        raise NotPermitted("the user who raised a data query closes it")
    body = parse_body(CloseIn, request) if request.body else CloseIn()
    query = close(actor=actor, query_id=query_id, text=body.text)
    return query_out(_reloaded(actor, query))
