"""The import page (data managers): upload a cohort (a wide CSV sheet, an Excel workbook, or a
zip of the tidy cohort's CSV folder), see the dry run of
:func:`spinemet.registry.importer.import_cohort` (what would be added and changed, or every
problem), then confirm. All or nothing, as the ``spinemet import`` command."""

from __future__ import annotations

import secrets
import shutil
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from spinemet.errors import Problem, SpinemetInputError
from spinemet.registry.sites.selectors import visible_sites
from spinemet.registry.web.pages import actor_of, field_errors, page

SUFFIXES = (".csv", ".xlsx", ".zip")
MAX_BYTES = 50 * 1024 * 1024
SESSION_KEY = "spinemet_import_upload"


def _uploads() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def _store(upload: Any) -> tuple[str, Path]:
    """Keep the uploaded file under a random token until it is confirmed; a zip is unpacked
    into a folder of its CSVs (plain names only)."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise SpinemetInputError("file", name, ", ".join(SUFFIXES), "unknown_format")
    if upload.size > MAX_BYTES:
        raise SpinemetInputError("file", upload.size, f"at most {MAX_BYTES} bytes", "too_large")
    token = secrets.token_urlsafe(16)
    folder = _uploads() / token
    folder.mkdir(parents=True)
    target = folder / f"upload{suffix}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token, _unpacked(target)


def _unpacked(target: Path) -> Path:
    if target.suffix != ".zip":
        return target
    cohort = target.parent / "cohort"
    cohort.mkdir()
    try:
        with zipfile.ZipFile(target) as archive:
            for member in archive.infolist():
                plain = Path(member.filename).name
                if member.is_dir() or not plain.lower().endswith(".csv") or plain.startswith("."):
                    continue
                (cohort / plain).write_bytes(archive.read(member))
    except zipfile.BadZipFile:
        raise SpinemetInputError("file", target.name, "a zip of CSV files", "bad_zip") from None
    return cohort


def _source_of(token: str) -> Path | None:
    folder = _uploads() / token
    if not token or not folder.is_dir() or "/" in token or token.startswith("."):
        return None
    if (folder / "cohort").is_dir():
        return folder / "cohort"
    files = sorted(folder.glob("upload.*"))
    return files[0] if files else None


def _run(actor: Any, source: Path, site: str | None, *, dry_run: bool, name: str) -> Any:
    from spinemet.cohort import read_cohort
    from spinemet.registry.importer import import_cohort

    cohort = read_cohort(source)
    return import_cohort(actor=actor, cohort=cohort, site_code=site, dry_run=dry_run, source=name)


@page
def import_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    context: dict[str, Any] = {"sites": visible_sites(actor), "site": "", "problems": []}
    if request.method == "POST":
        site = request.POST.get("site") or None
        context["site"] = site or ""
        try:
            if request.POST.get("action") == "confirm":
                token = request.session.get(SESSION_KEY, "")
                source = _source_of(token) if token == request.POST.get("token") else None
                if source is None:
                    raise SpinemetInputError.from_problems(
                        [
                            Problem(
                                "token", None, "the upload of this session's dry run", "no_upload"
                            )
                        ]
                    )
                name = request.session.get(SESSION_KEY + "_name", "upload")
                report = _run(actor, source, site, dry_run=False, name=name)
                shutil.rmtree(_uploads() / token, ignore_errors=True)
                request.session.pop(SESSION_KEY, None)
                context.update(report=report, done=True)
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise SpinemetInputError("file", None, "a cohort file", "missing_value")
                token, source = _store(upload)
                name = Path(upload.name or "upload").name
                report = _run(actor, source, site, dry_run=True, name=name)
                request.session[SESSION_KEY] = token
                request.session[SESSION_KEY + "_name"] = name
                context.update(report=report, token=token, name=name)
        except SpinemetInputError as error:
            context["problems"] = [m for ms in field_errors(error).values() for m in ms]
            context["title"] = _("Nothing was imported")
    status = 422 if context["problems"] else 200
    return render(request, "web/import.html", context, status=status)
