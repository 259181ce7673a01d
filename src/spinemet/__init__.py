"""spinemet: decision support, registry and analysis for the surgical care of spinal metastases.

spinemet supports clinical judgement; it does not replace it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("spinemet")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
