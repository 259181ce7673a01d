"""Clinical instruments for spinal metastases: validated items in, explained scores out.

Every instrument is declared once (:class:`InstrumentSpec`: items, allowed values with labels,
points, bands, citation); validation, scoring of one case (:func:`score`) and of whole tables
(:func:`score_frame`), the JSON Schema (:func:`json_schema`) and the command-line help are all
derived from that declaration. Definitions and sources: domain/instruments.md.

Pure functions: no I/O, clock or global state. Importing this package does not import pandas.
"""

from spinemet.errors import InvalidItemError, ItemError
from spinemet.instruments._registry import ALIASES, INSTRUMENTS, get_spec, score, score_frame
from spinemet.instruments._result import ScoreResult
from spinemet.instruments._schema import json_schema
from spinemet.instruments._spec import Band, Choice, InstrumentSpec, Item, ItemKind, Scoring
from spinemet.instruments.barthel import barthel_20_to_100, barthel_100_to_20
from spinemet.instruments.clavien_dindo import clavien_dindo_worst, parse_clavien_dindo
from spinemet.instruments.pain import PainChange, pain_change, vas_mm_to_cm
from spinemet.instruments.performance import ecog_to_kps, kps_to_ecog
from spinemet.instruments.screw_loosening import screw_loosening_patient
from spinemet.instruments.sins import sins_location_from_level
from spinemet.instruments.tokuhashi import general_condition_from_kps, palsy_from_frankel

__all__ = [
    "ALIASES",
    "INSTRUMENTS",
    "Band",
    "Choice",
    "InstrumentSpec",
    "InvalidItemError",
    "Item",
    "ItemError",
    "ItemKind",
    "PainChange",
    "ScoreResult",
    "Scoring",
    "barthel_20_to_100",
    "barthel_100_to_20",
    "clavien_dindo_worst",
    "ecog_to_kps",
    "general_condition_from_kps",
    "get_spec",
    "json_schema",
    "kps_to_ecog",
    "pain_change",
    "palsy_from_frankel",
    "parse_clavien_dindo",
    "score",
    "score_frame",
    "screw_loosening_patient",
    "sins_location_from_level",
    "vas_mm_to_cm",
]
