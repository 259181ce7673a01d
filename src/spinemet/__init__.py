"""spinemet: decision support, registry and analysis for the surgical care of spinal metastases.

spinemet supports clinical judgement; it does not replace it.
"""

# The single place the version is written (pyproject.toml reads it); reading it here instead of
# through importlib.metadata keeps every command's start-up ~50 ms shorter.
__version__ = "0.1.0"

__all__ = ["__version__"]
