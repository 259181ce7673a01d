"""``GET /api/export/cohort``: the cohort of the actor's sites as a zip of the files that
``spinemet export --format cohort`` writes (the folder ``spinemet analyze`` reads).

The zip is built in a temporary file and streamed from it, so a large export does not hold
the archive in memory beside the cohort."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from django.http import FileResponse

from spinemet.cohort import write_cohort
from spinemet.registry.extract import cohort_extract
from spinemet.registry.sites.selectors import Actor

__all__ = ["cohort_zip_response"]


def cohort_zip_response(
    actor: Actor, *, sites: list[str] | None, include_withdrawn: bool
) -> FileResponse:
    cohort = cohort_extract(actor, sites=sites, include_withdrawn=include_withdrawn)
    archive = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115 (FileResponse closes it)
    with tempfile.TemporaryDirectory(prefix="spinemet-export-") as folder:
        write_cohort(cohort, Path(folder) / "cohort", format="csv")
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
            for path in sorted((Path(folder) / "cohort").iterdir()):
                zipped.write(path, arcname=path.name)
    archive.seek(0)
    return FileResponse(
        archive,
        as_attachment=True,
        filename="cohort.zip",
        content_type="application/zip",
    )
