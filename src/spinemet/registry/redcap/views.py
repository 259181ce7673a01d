"""``/redcap/api/``: the subset of REDCap's API that PyCap and REDCap tools use, over the
registry, with the registry's permissions (a REDCap token belongs to a user; the user's sites
decide what is exported; imports go through the registry's one write path, all or nothing,
audited with the import as the reason).

Contents: ``version``, ``project``, ``metadata``, ``instrument``, ``event``, ``arm``,
``formEventMapping``, ``repeatingFormsEvents``, ``record`` (export and import; ``format`` json
or csv, ``type`` flat or eav, ``rawOrLabel``, ``rawOrLabelHeaders=raw``, ``eventName`` label
or unique, ``fields``, ``forms``, ``records``, ``events``; import ``overwriteBehavior``
normal or overwrite, ``returnContent`` count, ids or nothing, ``dateFormat=YMD``). The formats
themselves are :mod:`spinemet.interop`'s.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from spinemet.errors import SpinemetInputError
from spinemet.registry.common.errors import NotPermitted
from spinemet.registry.redcap.protocol import (
    REDCAP_VERSION,
    RedcapRequestError,
    error_response,
    list_parameter,
    reply,
)
from spinemet.registry.sites.selectors import Actor, actor_for

log = logging.getLogger("spinemet.registry.redcap")

_NO_RIGHTS = "You do not have permissions to use the API"
_KEYS = ("patient_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance")


def _actor(post: Any) -> Actor:
    from spinemet.registry.api.models import ApiToken
    from spinemet.registry.api.tokens import user_for_token

    token = str(post.get("token", "")).strip()
    if len(token) != 32:
        raise RedcapRequestError(_NO_RIGHTS, 403)
    user = user_for_token(token.upper(), kind=ApiToken.KIND_REDCAP)
    if user is None:
        raise RedcapRequestError(_NO_RIGHTS, 403)
    return actor_for(user)


def _schedule() -> Any:
    from spinemet.cohort import VisitSchedule
    from spinemet.registry.patients.services import default_study

    return VisitSchedule.from_dict(default_study().schedule)


@csrf_exempt  # type: ignore[untyped-decorator]  # REDCap clients post forms without CSRF
@require_POST  # type: ignore[untyped-decorator]
def api(request: HttpRequest) -> HttpResponse:
    post = request.POST
    return_format = str(post.get("returnFormat") or post.get("format") or "json")
    try:
        actor = _actor(post)
        content = str(post.get("content", ""))
        handler = _HANDLERS.get(content)
        if handler is None:
            raise RedcapRequestError(
                'The value of the parameter "content" is not valid; allowed: '
                + ", ".join(sorted(_HANDLERS))
            )
        return handler(actor, post)
    except RedcapRequestError as error:
        return error_response(error, return_format)
    except NotPermitted:
        return error_response(
            RedcapRequestError("You do not have API Import/Update privileges", 403),
            return_format,
        )
    except SpinemetInputError as error:
        return error_response(RedcapRequestError(str(error)), return_format)


def _format(post: Any) -> str:
    fmt = str(post.get("format") or "xml")
    if fmt not in ("json", "csv"):
        raise RedcapRequestError(f"format: invalid value {fmt!r}; allowed: json, csv")
    return fmt


def _version(actor: Actor, post: Any) -> HttpResponse:
    return reply(REDCAP_VERSION, "text")


def _project(actor: Actor, post: Any) -> HttpResponse:
    from spinemet import __version__

    info = {
        "project_id": 1,
        "project_title": "spinemet registry",
        "creation_time": "",
        "production_time": "",
        "in_production": 1,
        "project_language": "English",
        "purpose": 2,
        "purpose_other": "",
        "project_notes": f"spinemet {__version__}: REDCap API subset (docs/interop.md)",
        "is_longitudinal": 1,
        "has_repeating_instruments_or_events": 1,
        "surveys_enabled": 0,
        "scheduling_enabled": 0,
        "record_autonumbering_enabled": 0,
        "randomization_enabled": 0,
        "missing_data_codes": "",
        "secondary_unique_field": "",
    }
    return reply(info, _format(post))


def _metadata(actor: Actor, post: Any) -> HttpResponse:
    from spinemet.interop import redcap_metadata

    rows = redcap_metadata(_schedule())
    fields = set(list_parameter(post, "fields"))
    forms = set(list_parameter(post, "forms"))
    if fields:
        unknown = sorted(fields - {row["field_name"] for row in rows})
        if unknown:
            raise RedcapRequestError(
                'The following values in the parameter "fields" are not valid: '
                + ", ".join(unknown)
            )
        rows = [row for row in rows if row["field_name"] in fields]
    if forms:
        rows = [row for row in rows if row["form_name"] in forms]
    return reply(rows, _format(post), columns=list(rows[0]) if rows else None)


def _instrument(actor: Actor, post: Any) -> HttpResponse:
    from spinemet.interop import redcap_metadata
    from spinemet.interop.redcap_export import form_label

    forms = list(dict.fromkeys(row["form_name"] for row in redcap_metadata(_schedule())))
    rows = [{"instrument_name": form, "instrument_label": form_label(form)} for form in forms]
    return reply(rows, _format(post))


def _event(actor: Actor, post: Any) -> HttpResponse:
    from spinemet.interop import redcap_events

    return reply(redcap_events(_schedule()), _format(post))


def _arm(actor: Actor, post: Any) -> HttpResponse:
    return reply([{"arm_num": 1, "name": "Arm 1"}], _format(post))


def _form_event_mapping(actor: Actor, post: Any) -> HttpResponse:
    from spinemet.interop import redcap_form_event_mapping

    return reply(redcap_form_event_mapping(_schedule()), _format(post))


def _repeating(actor: Actor, post: Any) -> HttpResponse:
    from spinemet.interop import redcap_repeating_forms_events

    return reply(redcap_repeating_forms_events(_schedule()), _format(post))


def _record(actor: Actor, post: Any) -> HttpResponse:
    if "data" in post:
        return _import_records(actor, post)
    return _export_records(actor, post)


def _export_records(actor: Actor, post: Any) -> HttpResponse:
    from spinemet.interop import (
        cohort_to_redcap_records,
        redcap_events,
        redcap_flat_to_eav,
        redcap_metadata,
    )
    from spinemet.registry.extract import cohort_extract

    fmt = _format(post)
    record_type = str(post.get("type") or "flat")
    raw_or_label = str(post.get("rawOrLabel") or "raw")
    event_name = str(post.get("eventName") or "label")
    for name, value, allowed in (
        ("type", record_type, ("flat", "eav")),
        ("rawOrLabel", raw_or_label, ("raw", "label")),
        ("eventName", event_name, ("label", "unique")),
        ("rawOrLabelHeaders", str(post.get("rawOrLabelHeaders") or "raw"), ("raw",)),
    ):
        if value not in allowed:
            raise RedcapRequestError(
                f"{name}: invalid value {value!r}; allowed: {', '.join(allowed)}"
            )
    schedule = _schedule()
    records = list_parameter(post, "records")
    cohort = cohort_extract(actor, study_ids=records or None)
    rows = cohort_to_redcap_records(cohort, raw_or_label="raw", calculated=True)
    if raw_or_label == "label":
        labelled = cohort_to_redcap_records(cohort, raw_or_label="label", calculated=True)
        for raw, label in zip(rows, labelled, strict=True):
            label["redcap_event_name"] = raw["redcap_event_name"]
        rows = labelled
    metadata = redcap_metadata(schedule)
    columns = list(rows[0]) if rows else ["patient_id", "redcap_event_name"]
    events = set(list_parameter(post, "events"))
    if events:
        rows = [row for row in rows if row["redcap_event_name"] in events]
    wanted = [f for f in list_parameter(post, "fields") if not f.endswith("_complete")]
    forms = set(list_parameter(post, "forms"))
    known = {row["field_name"] for row in metadata}
    unknown = sorted(set(wanted) - known)
    if unknown:
        raise RedcapRequestError(
            'The following values in the parameter "fields" are not valid: ' + ", ".join(unknown)
        )
    if wanted or forms:
        keep = set(wanted) | {r["field_name"] for r in metadata if r["form_name"] in forms}
        keep |= {f"{form}_complete" for form in forms}
        columns = [c for c in columns if c in _KEYS or c in keep or c.split("___", 1)[0] in keep]
        rows = [{c: row.get(c, "") for c in columns} for row in rows]
    if event_name == "label":
        labels = {
            str(e["unique_event_name"]): str(e["event_name"]) for e in redcap_events(schedule)
        }
        for row in rows:
            row["redcap_event_name"] = labels.get(
                row["redcap_event_name"], row["redcap_event_name"]
            )
    if record_type == "eav":
        rows = redcap_flat_to_eav(rows, schedule=schedule)
        columns = list(rows[0]) if rows else ["record", "redcap_event_name", "field_name", "value"]
    log.info("redcap export of %d rows by user %s", len(rows), getattr(actor.user, "pk", None))
    return reply(rows, fmt, columns=columns)


def _parse_data(post: Any, fmt: str) -> list[dict[str, str]]:
    data = str(post.get("data", ""))
    if fmt == "json":
        try:
            parsed = json.loads(data)
        except ValueError as error:
            raise RedcapRequestError(f"data: not valid JSON ({error})") from None
        if not isinstance(parsed, list) or not all(isinstance(r, dict) for r in parsed):
            raise RedcapRequestError("data: a JSON list of records (objects) is required")
        return [{str(k): "" if v is None else str(v) for k, v in r.items()} for r in parsed]
    reader = csv.DictReader(io.StringIO(data))
    return [dict(row) for row in reader]


def _import_records(actor: Actor, post: Any) -> HttpResponse:
    from spinemet.errors import CohortError
    from spinemet.interop import (
        cohort_to_redcap_records,
        redcap_eav_to_flat,
        redcap_records_to_cohort,
    )
    from spinemet.registry.extract import cohort_extract
    from spinemet.registry.importer import import_cohort
    from spinemet.registry.sites.models import Role, Site

    if not actor.may_write:
        raise NotPermitted("monitors cannot import")
    fmt = _format(post)
    overwrite = str(post.get("overwriteBehavior") or "normal")
    return_content = str(post.get("returnContent") or "count")
    date_format = str(post.get("dateFormat") or "YMD")
    for name, value, allowed in (
        ("overwriteBehavior", overwrite, ("normal", "overwrite")),
        ("returnContent", return_content, ("count", "ids", "nothing")),
        ("dateFormat", date_format, ("YMD",)),
        ("type", str(post.get("type") or "flat"), ("flat", "eav")),
        ("forceAutoNumber", str(post.get("forceAutoNumber") or "false").lower(), ("false", "0")),
    ):
        if value not in allowed:
            raise RedcapRequestError(
                f"{name}: invalid value {value!r}; allowed: {', '.join(allowed)}"
            )
    schedule = _schedule()
    incoming = _parse_data(post, fmt)
    if str(post.get("type") or "flat") == "eav":
        incoming = redcap_eav_to_flat(incoming, schedule=schedule)
    incoming = [{k: v for k, v in row.items() if not k.endswith("_complete")} for row in incoming]
    missing = [i for i, row in enumerate(incoming, start=1) if not row.get("patient_id")]
    if missing:
        raise RedcapRequestError(
            "patient_id: missing on record rows "
            + ", ".join(map(str, missing))
            + "; the record id field patient_id is required"
        )
    ids = list(dict.fromkeys(row["patient_id"] for row in incoming))
    stored = cohort_extract(actor, study_ids=ids, include_withdrawn=True)
    merged = {
        tuple(row.get(k, "") for k in _KEYS): dict(row)
        for row in cohort_to_redcap_records(stored, raw_or_label="raw")
    }
    for row in incoming:
        key = tuple(row.get(k, "") for k in _KEYS)
        target = merged.setdefault(key, {})
        for name, value in row.items():
            if value != "" or overwrite == "overwrite" or name not in target:
                target[name] = value
    site_code = None
    if actor.role == Role.INVESTIGATOR:
        site = Site.objects.filter(pk__in=actor.site_ids or ()).first()
        site_code = site.code if site else None
    try:
        cohort = redcap_records_to_cohort(list(merged.values()), schedule=schedule)
    except CohortError as error:
        raise RedcapRequestError(str(error)) from None
    import_cohort(
        actor=actor,
        cohort=cohort,
        site_code=site_code,
        source="REDCap API",
        reason="REDCap API import",
        investigators_own_site=True,
    )
    log.info("redcap import of %d records by user %s", len(ids), getattr(actor.user, "pk", None))
    if return_content == "ids":
        return reply(ids, fmt)
    if return_content == "nothing":
        return reply([], fmt)
    return reply({"count": len(ids)}, fmt)


_HANDLERS = {
    "version": _version,
    "project": _project,
    "metadata": _metadata,
    "instrument": _instrument,
    "event": _event,
    "arm": _arm,
    "formEventMapping": _form_event_mapping,
    "repeatingFormsEvents": _repeating,
    "record": _record,
}
