"""Options a study declares about its data (units), shared by the readers and the builder."""

from __future__ import annotations

from typing import Literal

__all__ = ["TABLE1_SUMMARIES", "VAS_UNITS", "VasUnit"]

VasUnit = Literal["cm", "mm"]
"""The unit a study recorded its VAS in: ``cm`` (0-10, spinemet's scale) or ``mm`` (0-100,
converted to 0-10 on reading and said so in the provenance notes)."""

VAS_UNITS: tuple[str, ...] = ("cm", "mm")

TABLE1_SUMMARIES: tuple[str, ...] = ("mean_sd", "median_iqr")
"""How Table 1 summarises a numeric characteristic: mean (SD) or median [Q1, Q3], declared
(``[summary]`` of ``cohort.toml``, ``analyze --summary``), never chosen by a normality test."""
