"""Sub-commands of the ``spinemet`` command line (one module each)."""
