"""Reads of data queries, always from the actor's sites (a query lives on a patient)."""

from __future__ import annotations

from django.db.models import QuerySet

from spinemet.errors import SpinemetInputError
from spinemet.registry.audit.models import DataQuery, QueryStatus
from spinemet.registry.common.errors import NotFound
from spinemet.registry.patients.selectors import patients_visible
from spinemet.registry.sites.selectors import Actor

__all__ = ["queries_visible", "query_get"]


def queries_visible(
    actor: Actor, *, status: str | None = None, site: str | None = None
) -> QuerySet[DataQuery]:
    """The data queries on the actor's patients, newest first, threads prefetched."""
    if status is not None and status not in QueryStatus.values:
        raise SpinemetInputError(
            "status", status, ", ".join(QueryStatus.values), "value_not_allowed"
        )
    queries = DataQuery.objects.filter(patient__in=patients_visible(actor))
    if status:
        queries = queries.filter(status=status)
    if site:
        queries = queries.filter(patient__site__code=site)
    return queries.select_related("patient", "patient__site").prefetch_related("messages")


def query_get(actor: Actor, query_id: object, *, for_update: bool = False) -> DataQuery:
    """One query on a visible patient, or :class:`NotFound`."""
    try:
        key = int(str(query_id))
    except ValueError:
        raise NotFound("query") from None
    queries = DataQuery.objects.filter(patient__in=patients_visible(actor))
    if for_update:
        queries = queries.select_for_update(of=("self",))
    query = queries.select_related("patient", "patient__site").filter(pk=key).first()
    if query is None:
        raise NotFound("query")
    return query
