"""Writes of data queries (REDCap's data resolution workflow, OpenClinica's discrepancy
notes): a monitor or data manager raises a query on a field of a record; the site answers
(a correction of the value is a normal edit, with its reason); the raiser closes it. Each step
is a message of the query's thread, which :func:`patient_history` lists with the record's
changes.

Checks in the core's order: the patient's visibility (404), the role (403), then the input
(422). Roles: raising needs :attr:`Actor.may_raise_queries` (monitor, data manager, admin);
answering is the site's (an investigator of the patient's site, or an admin); closing is the
raiser's (or an admin's).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from spinemet.errors import MISSING, Problem, SpinemetInputError
from spinemet.registry.audit.models import DataQuery, QueryMessage, QueryStatus
from spinemet.registry.audit.query_selectors import query_get
from spinemet.registry.common.errors import NotPermitted
from spinemet.registry.common.records import CHILD_FIELDS, PATIENT_FIELDS
from spinemet.registry.patients.selectors import patient_get
from spinemet.registry.sites.models import Role
from spinemet.registry.sites.selectors import Actor

__all__ = ["may_answer", "may_close", "query_answer", "query_close", "query_raise"]

_CHILD_TABLES = {"lesion": "lesions", "procedure": "procedures", "complication": "complications"}
_DECISION_FIELDS = ("chosen_option", "note")


def _text(value: object, name: str = "text") -> str:
    if not isinstance(value, str) or not value.strip():
        raise SpinemetInputError(
            name, MISSING if value is None else value, "a non-empty text", "missing_value"
        )
    return value.strip()


def _target_fields(patient: Any, target: object) -> tuple[str, tuple[str, ...]]:
    """The query's object (``patient``, ``assessment:12``, ``lesion:3`` ...) checked to belong
    to the patient, and the fields it has."""
    allowed_objects = (
        "patient, or assessment:<id>, lesion:<id>, procedure:<id>, complication:<id>, "
        "decision:<id> of this patient"
    )
    if target == "patient":
        return "patient", ("study_id", *PATIENT_FIELDS)
    if not isinstance(target, str) or ":" not in target:
        raise SpinemetInputError("object", target, allowed_objects, "unknown_object")
    kind, _, key = target.partition(":")
    if not key.isdigit():
        raise SpinemetInputError("object", target, allowed_objects, "unknown_object")
    if kind == "assessment":
        found = patient.assessments.filter(pk=int(key)).first()
        if found is not None:
            from spinemet.instruments import get_spec

            return target, ("date", "visit", *get_spec(found.instrument).item_names)
    elif kind == "decision":
        if patient.decisions.filter(pk=int(key)).exists():
            return target, _DECISION_FIELDS
    elif kind in _CHILD_TABLES:
        table = _CHILD_TABLES[kind]
        if getattr(patient, table).filter(pk=int(key)).exists():
            return target, CHILD_FIELDS[table]
    else:
        raise SpinemetInputError("object", target, allowed_objects, "unknown_object")
    raise SpinemetInputError("object", target, f"a {kind} of this patient", "unknown_object")


def query_raise(
    *, actor: Actor, patient_id: object, target: object, field: object, text: object
) -> DataQuery:
    """Raise a query on a field of a record of a visible patient."""
    with transaction.atomic():
        patient = patient_get(actor, patient_id, for_update=True)
        if not actor.may_raise_queries:
            raise NotPermitted("only monitors and data managers raise data queries")
        problems: list[Problem] = []
        target_name = ""
        fields: tuple[str, ...] = ()
        try:
            target_name, fields = _target_fields(patient, target)
        except SpinemetInputError as error:
            problems += error.problems
        if fields and field not in fields:
            problems.append(Problem("field", field, ", ".join(fields), "unknown_field"))
        try:
            body = _text(text)
        except SpinemetInputError as error:
            problems += error.problems
        if problems:
            raise SpinemetInputError.from_problems(problems)
        query = DataQuery.objects.create(
            patient=patient, object=target_name, field=str(field), raised_by=actor.name
        )
        QueryMessage.objects.create(query=query, kind="raise", text=body, author=actor.name)
    return query


def query_answer(*, actor: Actor, query_id: object, text: object) -> DataQuery:
    """The site's answer (the query becomes ``answered``; the raiser may then close it)."""
    with transaction.atomic():
        query = query_get(actor, query_id, for_update=True)
        if not may_answer(actor):
            raise NotPermitted("the patient's site answers a data query")
        body = _text(text)
        if query.status == QueryStatus.CLOSED:
            raise SpinemetInputError(
                "status", query.status, "an open or answered query", "query_closed"
            )
        query.status = QueryStatus.ANSWERED
        query.save(update_fields=["status", "updated_at"])
        QueryMessage.objects.create(query=query, kind="answer", text=body, author=actor.name)
    return query


def may_close(actor: Actor, query: DataQuery) -> bool:
    """Whether ``actor`` may close ``query``: its raiser, or an admin."""
    if actor.role == Role.ADMIN:
        return True
    return actor.may_raise_queries and query.raised_by == actor.name


def may_answer(actor: Actor) -> bool:
    """Whether ``actor`` may answer a query on a patient it sees: the site's investigators
    (and admins)."""
    return actor.role in (Role.INVESTIGATOR, Role.ADMIN)


def query_close(*, actor: Actor, query_id: object, text: object = "") -> DataQuery:
    """Close a query: its raiser (or an admin) does, with an optional last word."""
    with transaction.atomic():
        query = query_get(actor, query_id, for_update=True)
        if not may_close(actor, query):
            raise NotPermitted("the user who raised a data query closes it")
        if query.status == QueryStatus.CLOSED:
            raise SpinemetInputError(
                "status", query.status, "an open or answered query", "query_closed"
            )
        if text is not None and not isinstance(text, str):
            raise SpinemetInputError("text", text, "a text (or nothing)", "not_a_text")
        query.status = QueryStatus.CLOSED
        query.save(update_fields=["status", "updated_at"])
        QueryMessage.objects.create(
            query=query, kind="close", text=(text or "").strip(), author=actor.name
        )
    return query
