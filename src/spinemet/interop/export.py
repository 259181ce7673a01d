"""One entry point for every export format: :func:`export_cohort`."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from spinemet.cohort import Cohort, write_cohort
from spinemet.errors import CohortError

__all__ = ["FORMATS", "export_cohort"]


def _cohort(cohort: Cohort, out: Path, **options: Any) -> Path:
    return write_cohort(cohort, out, **options)


def _redcap_dictionary(cohort: Cohort, out: Path, **options: Any) -> Path:
    from spinemet.interop.redcap_export import write_redcap_dictionary

    return write_redcap_dictionary(out, cohort.schedule, **options)


def _lazy(module: str, function: str) -> Callable[..., Path]:
    def export(cohort: Cohort, out: Path, **options: Any) -> Path:
        writer = getattr(importlib.import_module(f"spinemet.interop.{module}"), function)
        path: Path = writer(cohort, out, **options)
        return path

    return export


FORMATS: Mapping[str, Callable[..., Path]] = MappingProxyType(
    {
        "cohort": _cohort,
        "redcap-dictionary": _redcap_dictionary,
        "redcap-records": _lazy("redcap_export", "write_redcap_records"),
        "fhir": _lazy("fhir", "write_fhir_bundle"),
        "omop": _lazy("omop", "write_omop"),
        "spss": lambda cohort, out, **options: _lazy("statfiles", "write_statfiles")(
            cohort, out, format="spss", **options
        ),
        "stata": lambda cohort, out, **options: _lazy("statfiles", "write_statfiles")(
            cohort, out, format="stata", **options
        ),
    }
)
"""Export format -> writer ``(cohort, out_path, **options) -> Path``."""


def export_cohort(cohort: Cohort, format: str, out_path: str | Path, **options: Any) -> Path:
    """Write ``cohort`` in ``format`` to ``out_path`` and return the path written.

    Parameters
    ----------
    cohort
        The cohort (for ``redcap-dictionary`` only its visit schedule is used).
    format
        One of :data:`FORMATS`: ``cohort`` (:func:`spinemet.cohort.write_cohort`; options
        ``format``), ``redcap-dictionary`` (the 18-column data dictionary CSV),
        ``redcap-records`` (a record export, ``.csv`` or ``.json``; options ``longitudinal``,
        ``raw_or_label``), and the formats listed in docs/interop.md.
    out_path
        The file or folder to write; a failed export leaves nothing behind.

    Raises
    ------
    CohortError
        For an unknown format, or data the format cannot hold (the message says which).
    """
    if format not in FORMATS:
        raise CohortError("--format", format, ", ".join(FORMATS), "value_not_allowed")
    return FORMATS[format](cohort, Path(out_path), **options)
