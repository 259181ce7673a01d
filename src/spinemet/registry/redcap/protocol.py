"""The REDCap API's conventions: parameters as REDCap documents them, replies in the format
asked, errors in REDCap's shape (``{"error": ...}`` for JSON, ``error: ...`` for CSV,
``<error>`` for XML) with REDCap's status codes (400 bad request, 403 no permission)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpResponse

__all__ = ["RedcapRequestError", "error_response", "list_parameter", "reply"]

REDCAP_VERSION = "14.5.0"
"""The REDCap API version whose subset this endpoint answers (``content=version``)."""


class RedcapRequestError(Exception):
    """A request REDCap would refuse: ``status`` 400 (bad request) or 403 (no permission)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def list_parameter(post: Any, name: str) -> list[str]:
    """A PHP-style list (``fields[0]=a&fields[1]=b``), or a comma-separated value."""
    values = [
        post[key]
        for key in sorted(
            (k for k in post if k.startswith(f"{name}[") and k.endswith("]")),
            key=lambda k: int(k[len(name) + 1 : -1]) if k[len(name) + 1 : -1].isdigit() else 0,
        )
    ]
    plain = post.get(name)
    if plain:
        values += [part.strip() for part in str(plain).split(",") if part.strip()]
    return values


def _csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    buffer = io.StringIO()
    names = list(columns or (rows[0].keys() if rows else []))
    writer = csv.DictWriter(buffer, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: "" if row.get(name) is None else row.get(name) for name in names})
    return buffer.getvalue()


def reply(data: Any, fmt: str, *, columns: Sequence[str] | None = None) -> HttpResponse:
    """``data`` (a list of rows, an object, or plain text) in the format asked."""
    if isinstance(data, str):
        return HttpResponse(data, content_type="text/plain; charset=utf-8")
    if fmt == "csv":
        rows = data if isinstance(data, list) else [data]
        return HttpResponse(_csv(rows, columns), content_type="text/csv; charset=utf-8")
    if fmt == "xml":
        raise RedcapRequestError("format=xml is not supported here; use json or csv")
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )


def error_response(error: RedcapRequestError, return_format: str) -> HttpResponse:
    if return_format == "csv":
        return HttpResponse(f"error: {error.message}", status=error.status, content_type="text/csv")
    if return_format == "xml":
        text = (
            '<?xml version="1.0" encoding="UTF-8" ?><hash><error>'
            + error.message.replace("&", "&amp;").replace("<", "&lt;")
            + "</error></hash>"
        )
        return HttpResponse(text, status=error.status, content_type="application/xml")
    return HttpResponse(
        json.dumps({"error": error.message}, ensure_ascii=False),
        status=error.status,
        content_type="application/json",
    )
