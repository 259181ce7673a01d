"""Provenance: what produced a number (input hash, software versions, date)."""

from __future__ import annotations

import datetime as dt
import platform
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from spinemet import __version__

__all__ = ["LIBRARIES", "Provenance", "collect_provenance", "library_versions"]

LIBRARIES = (
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "lifelines",
    "tableone",
    "matplotlib",
    "weasyprint",
)
"""The libraries whose versions every result records."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """Input SHA-256, software versions and the time of an analysis."""

    input_sha256: str | None
    sources: tuple[str, ...]
    synthetic: bool
    spinemet_version: str
    python_version: str
    libraries: dict[str, str]
    created_utc: str
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready data."""
        return {
            "input_sha256": self.input_sha256,
            "sources": list(self.sources),
            "synthetic": self.synthetic,
            "spinemet_version": self.spinemet_version,
            "python_version": self.python_version,
            "libraries": dict(self.libraries),
            "created_utc": self.created_utc,
            "notes": list(self.notes),
        }


def library_versions(names: Iterable[str] = LIBRARIES) -> dict[str, str]:
    """Installed versions of ``names`` (read from package metadata, nothing is imported)."""
    found = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def collect_provenance(
    *,
    input_sha256: str | None,
    sources: Iterable[str] = (),
    synthetic: bool = False,
    notes: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> Provenance:
    """Provenance of an analysis run now (or at ``now``) on the input with ``input_sha256``."""
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    return Provenance(
        input_sha256=input_sha256,
        sources=tuple(str(source) for source in sources),
        synthetic=synthetic,
        spinemet_version=__version__,
        python_version=platform.python_version(),
        libraries=library_versions(),
        created_utc=moment.replace(microsecond=0).isoformat(),
        notes=tuple(notes),
    )
