"""The JSON API of DESIGN.md ("The registry"), with django-ninja: every endpoint parses, calls
one selector or service, renders. Checks in DESIGN.md's order: authentication (401), the
object's visibility (404), the role (403), then validation (422) and the version (409).
Bodies are parsed after the visibility and role checks, so another site's object answers 404
whatever is sent."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import NinjaAPI, Path, Query
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Status
from ninja.security import HttpBearer

from spinemet.errors import SpinemetInputError
from spinemet.registry.api import schemas
from spinemet.registry.api.errors import input_error_detail, parse_body, pydantic_problems
from spinemet.registry.api.render import (
    assessment_out,
    child_out,
    decision_out,
    patient_out,
    visit_out,
)
from spinemet.registry.api.tokens import issue_token, user_for_token
from spinemet.registry.common.errors import NotFound, NotPermitted, VersionConflict
from spinemet.registry.common.writing import need_write
from spinemet.registry.sites.selectors import Actor, actor_for, visible_sites

log = logging.getLogger("spinemet.registry.api")

MAX_LIMIT = 200
MAX_KEY = 2**63 - 1  # database keys are 64-bit integers

# Path keys and paging with their bounds in the OpenAPI. A key is a 64-bit integer (any in
# that range that names no visible object is 404; one outside it is bad input, 422, instead
# of an overflow in the database driver).
PatientKey = Annotated[int, Path(ge=-MAX_KEY - 1, le=MAX_KEY, description="the patient's id")]
AssessmentKey = Annotated[int, Path(ge=-MAX_KEY - 1, le=MAX_KEY, description="the assessment's id")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_KEY)]


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.actor = actor_for(user)  # type: ignore[attr-defined]
        return user


api = NinjaAPI(
    title="spinemet registry",
    version="1",
    description=(
        "The multi-site registry of spinemet. Every call but POST /api/auth/token needs "
        "`Authorization: Bearer <token>`. Decision support for a multidisciplinary team; "
        "it does not replace clinical judgement."
    ),
    auth=BearerToken(),
    urls_namespace="api",
)

_ERROR_BODIES: dict[int, Any] = {
    401: schemas.ErrorOut,
    403: schemas.ErrorOut,
    404: schemas.ErrorOut,
    409: schemas.ConflictOut,
    422: schemas.InvalidOut,
    429: schemas.ErrorOut,
}


def _answers(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """The declared answers of an operation: its success and its errors with their bodies."""
    return {**ok, **{code: _ERROR_BODIES[code] for code in errors}}


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]


@api.exception_handler(SpinemetInputError)
def _bad_input(request: HttpRequest, error: SpinemetInputError) -> Any:
    return api.create_response(request, {"detail": input_error_detail(error)}, status=422)


@api.exception_handler(NinjaValidationError)
def _bad_request(request: HttpRequest, error: NinjaValidationError) -> Any:
    detail = []
    for item in error.errors:
        location = ".".join(
            str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path")
        )
        detail.append(
            {
                "field": location or "request",
                "value": item.get("input")
                if isinstance(item.get("input"), (str, int, float, bool, type(None)))
                else None,
                "allowed": item.get("msg", ""),
                "code": item.get("type", "invalid"),
                "message": f"{location}: {item.get('msg', '')}",
            }
        )
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, error: NotFound) -> Any:
    return api.create_response(request, {"detail": "Not Found"}, status=404)


@api.exception_handler(NotPermitted)
def _forbidden(request: HttpRequest, error: NotPermitted) -> Any:
    return api.create_response(request, {"detail": str(error)}, status=403)


@api.exception_handler(VersionConflict)
def _conflict(request: HttpRequest, error: VersionConflict) -> Any:
    return api.create_response(
        request, {"detail": str(error), "current": error.current}, status=409
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: AuthenticationError) -> Any:
    return api.create_response(request, {"detail": "Unauthorized"}, status=401)


def _patient_writer(request: HttpRequest, patient_id: object) -> Actor:
    """The actor of a write under a patient, in DESIGN.md's order: the patient must be
    visible (404) before the role is checked (403), and both before the body is read (422),
    so that another site's patient is 404 whatever is sent."""
    from spinemet.registry.patients.selectors import patient_get

    actor = _actor(request)
    patient_get(actor, patient_id)
    need_write(actor)
    return actor


def _body(model: type[Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "content": {"application/json": {"schema": model.model_json_schema()}},
            "required": True,
        }
    }


# --- authentication -------------------------------------------------------------------------


@api.post(
    "/auth/token",
    auth=None,
    response=_answers({200: schemas.TokenOut}, 401, 422, 429),
    openapi_extra=_body(schemas.TokenIn),
)
def token(request: HttpRequest) -> Any:
    """A bearer token for a user name and password (401 for any bad pair, 429 when locked)."""
    body = parse_body(schemas.TokenIn, request)
    user = authenticate(request, username=body.username, password=body.password)  # type: ignore[attr-defined]
    if getattr(request, "axes_locked_out", False):
        return Status(429, {"detail": "Too many failed attempts for this user name; try later."})
    if user is None:
        return Status(401, {"detail": "Invalid user name or password."})
    value, expires = issue_token(user)
    log.info("token issued to user %s", user.pk)
    return Status(200, {"token": value, "expires": expires.isoformat() if expires else None})


# --- sites and patients ---------------------------------------------------------------------


@api.get("/sites", response=_answers({200: list[schemas.SiteOut]}, 401))
def sites(request: HttpRequest) -> Any:
    return [{"code": site.code, "name": site.name} for site in visible_sites(_actor(request))]


@api.get("/patients", response=_answers({200: schemas.PatientPage}, 401, 422))
def patients(
    request: HttpRequest,
    site: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    from spinemet.registry.patients.selectors import patient_list

    found = patient_list(_actor(request), site=site)
    return {
        "count": found.count(),
        "items": [patient_out(p) for p in found[offset : offset + limit]],
    }


@api.post(
    "/patients",
    response=_answers({201: schemas.PatientOut}, 401, 403, 422),
    openapi_extra=_body(schemas.patient_in),
)
def patient_create(request: HttpRequest) -> Any:
    from spinemet.registry.patients.services import patient_create as create

    actor = _actor(request)
    need_write(actor)
    body = parse_body(schemas.patient_in, request).model_dump(exclude_unset=True)
    site = body.pop("site", None)
    study = body.pop("study", None)
    patient = create(actor=actor, data=body, site_code=site, study_code=study)
    return Status(201, patient_out(patient))


@api.get(
    "/patients/{patient_id}",
    response=_answers({200: schemas.PatientDetailOut}, 401, 404, 422),
)
def patient_detail(request: HttpRequest, patient_id: PatientKey) -> Any:
    from spinemet.registry.patients.selectors import patient_detail as detail
    from spinemet.registry.patients.services import today
    from spinemet.registry.visits.selectors import visits_of_patient

    patient = detail(_actor(request), patient_id)
    data = patient_out(patient)
    data["lesions"] = [child_out("lesions", r) for r in patient.lesions.all()]
    data["procedures"] = [child_out("procedures", r) for r in patient.procedures.all()]
    data["complications"] = [child_out("complications", r) for r in patient.complications.all()]
    data["visits"] = [visit_out(v) for v in visits_of_patient(patient.pk, today=today())]
    data["assessments"] = [assessment_out(a) for a in patient.assessments.all()]
    data["decisions"] = [decision_out(d) for d in patient.decisions.all()]
    return data


@api.patch(
    "/patients/{patient_id}",
    response=_answers({200: schemas.PatientOut}, 401, 403, 404, 409, 422),
    openapi_extra=_body(schemas.patient_patch),
)
def patient_update(request: HttpRequest, patient_id: PatientKey) -> Any:
    from spinemet.registry.patients.services import patient_update as update

    actor = _patient_writer(request, patient_id)
    body = parse_body(schemas.patient_patch, request).model_dump(exclude_unset=True)
    version = body.pop("version")
    reason = body.pop("reason")
    patient = update(
        actor=actor, patient_id=patient_id, version=version, reason=reason, changes=body
    )
    return patient_out(patient)


@api.post(
    "/patients/{patient_id}/withdraw",
    response=_answers({200: schemas.PatientOut}, 401, 403, 404, 422),
    openapi_extra=_body(schemas.WithdrawIn),
)
def patient_withdraw(request: HttpRequest, patient_id: PatientKey) -> Any:
    from spinemet.registry.patients.services import patient_withdraw as withdraw

    actor = _patient_writer(request, patient_id)
    body = parse_body(schemas.WithdrawIn, request)
    return patient_out(withdraw(actor=actor, patient_id=patient_id, reason=body.reason))


def _child_endpoint(table: str) -> None:
    model = schemas.child_in[table]

    def create(request: HttpRequest, patient_id: PatientKey) -> Any:
        from spinemet.registry.patients.services import child_create

        actor = _patient_writer(request, patient_id)
        body = parse_body(model, request).model_dump(exclude_unset=True)
        record = child_create(actor=actor, patient_id=patient_id, table=table, data=body)
        return Status(201, child_out(table, record))

    create.__name__ = f"{table}_create"
    api.post(
        f"/patients/{{patient_id}}/{table}",
        response=_answers({201: schemas.child_out[table]}, 401, 403, 404, 422),
        openapi_extra=_body(model),
        operation_id=f"{table}_create",
    )(create)


for _table in ("lesions", "procedures", "complications"):
    _child_endpoint(_table)


@api.get(
    "/patients/{patient_id}/visits",
    response=_answers({200: list[schemas.VisitOut]}, 401, 404, 422),
)
def patient_visits(request: HttpRequest, patient_id: PatientKey) -> Any:
    from spinemet.registry.patients.selectors import patient_get
    from spinemet.registry.patients.services import today
    from spinemet.registry.visits.selectors import visits_of_patient

    patient = patient_get(_actor(request), patient_id)
    return [visit_out(v) for v in visits_of_patient(patient.pk, today=today())]


@api.post(
    "/patients/{patient_id}/assessments",
    response=_answers({201: schemas.AssessmentOut}, 401, 403, 404, 422),
    openapi_extra=_body(schemas.AssessmentIn),
)
def assessment_create(request: HttpRequest, patient_id: PatientKey) -> Any:
    from spinemet.registry.assessments.services import assessment_create as create

    actor = _patient_writer(request, patient_id)
    body = parse_body(schemas.AssessmentIn, request)
    assessment = create(
        actor=actor,
        patient_id=patient_id,
        instrument=body.instrument,
        items=body.items,
        visit=body.visit,
        date=body.date,
    )
    return Status(201, assessment_out(assessment))


@api.patch(
    "/assessments/{assessment_id}",
    response=_answers({200: schemas.AssessmentOut}, 401, 403, 404, 409, 422),
    openapi_extra=_body(schemas.AssessmentPatch),
)
def assessment_update(request: HttpRequest, assessment_id: AssessmentKey) -> Any:
    from spinemet.errors import MISSING
    from spinemet.registry.assessments.models import Assessment
    from spinemet.registry.assessments.services import assessment_update as update
    from spinemet.registry.patients.selectors import patients_visible

    actor = _actor(request)
    if not Assessment.objects.filter(
        pk=assessment_id, patient__in=patients_visible(actor)
    ).exists():
        raise NotFound("assessment")
    need_write(actor)
    parsed = parse_body(schemas.AssessmentPatch, request)
    given = parsed.model_dump(exclude_unset=True)
    assessment = update(
        actor=actor,
        assessment_id=assessment_id,
        version=parsed.version,
        reason=parsed.reason,
        items=given.get("items"),
        visit=given.get("visit", MISSING),
        date=given.get("date", MISSING),
    )
    return assessment_out(assessment)


@api.get(
    "/patients/{patient_id}/history",
    response=_answers({200: list[schemas.HistoryEntryOut]}, 401, 404, 422),
)
def patient_history(request: HttpRequest, patient_id: PatientKey) -> Any:
    from spinemet.registry.audit.selectors import patient_history as history
    from spinemet.registry.patients.selectors import patient_get

    return history(patient_get(_actor(request), patient_id))


@api.post(
    "/patients/{patient_id}/decisions",
    response=_answers({201: schemas.DecisionOut}, 401, 403, 404, 422),
    openapi_extra=_body(schemas.DecisionIn),
)
def decision_create(request: HttpRequest, patient_id: PatientKey) -> Any:
    from spinemet.registry.decisions.services import decision_create as create

    actor = _patient_writer(request, patient_id)
    body = (
        parse_body(schemas.DecisionIn, request)
        if request.body
        else schemas.DecisionIn(chosen_option="", note="")
    )
    decision = create(
        actor=actor, patient_id=patient_id, chosen_option=body.chosen_option, note=body.note
    )
    return Status(201, decision_out(decision))


@api.get("/visits", response=_answers({200: schemas.WorkListPage}, 401, 422))
def visits(
    request: HttpRequest,
    status: str | None = None,
    site: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    from spinemet.registry.patients.services import today
    from spinemet.registry.visits.selectors import STATUSES, visits_with_status, work_list

    actor = _actor(request)
    if status is not None and status not in STATUSES:
        raise SpinemetInputError("status", status, ", ".join(STATUSES), "value_not_allowed")
    if status is None:
        found = work_list(actor, today=today(), site=site)
    else:
        found = visits_with_status(actor, today=today(), status=status, site=site)
    items = []
    for visit in found[offset : offset + limit]:
        item = visit_out(visit)
        item["patient"] = visit.patient_id
        item["study_id"] = visit.patient.study_id
        item["site"] = visit.patient.site.code
        items.append(item)
    return {"count": found.count(), "items": items}


api.add_router("/queries", "spinemet.registry.api.queries.router")
# --- export ---------------------------------------------------------------------------------


@api.get(
    "/export/cohort",
    response=_answers({200: None}, 401, 422),
    openapi_extra={
        "responses": {
            200: {
                "description": "the tidy cohort as a zip of CSVs (patients.csv, lesions.csv, "
                "procedures.csv, assessments.csv, complications.csv, schedule.json, "
                "provenance.json) that `spinemet analyze` reads once unpacked",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_cohort(
    request: HttpRequest, site: str | None = None, include_withdrawn: bool = False
) -> Any:
    """The tidy cohort of the user's sites (data managers: all sites), withdrawn patients left
    out unless ``include_withdrawn=true``; no identifying details."""
    from spinemet.registry.api.export import cohort_zip_response

    actor = _actor(request)
    return cohort_zip_response(
        actor, sites=[site] if site else None, include_withdrawn=include_withdrawn
    )


__all__ = ["api", "pydantic_problems"]
