"""The columns of the tidy cohort tables: name, kind, allowed values, whether required.

One declaration per column (DESIGN.md "The tidy cohort"; patient and lesion fields as
domain/decision.md §1.1-1.2; primary tumour codes §1.4). Validation, type conversion and the
empty tables are derived from it. Columns not declared here are kept (a study may record more
baseline fields) and typed as numbers when every value is a number, as text otherwise.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

import pandas as pd

from spinemet.decision.case import PrimaryTumor
from spinemet.decision.levels import Level
from spinemet.instruments import get_spec

__all__ = [
    "ASSESSMENT_COLUMNS",
    "COMPLICATION_TYPES",
    "LEVELS",
    "PRIMARY_TUMORS",
    "PROCEDURE_TYPES",
    "TABLES",
    "TABLE_KEYS",
    "TABLE_NAMES",
    "Column",
    "Kind",
    "Scale",
    "column_scales",
    "dtype_of",
    "empty_table",
]


class Kind(StrEnum):
    """How a column's cells are read and checked."""

    ID = "id"  # patient identifier: text, never a number (P007 stays P007, 007 stays 007)
    TEXT = "text"  # free text
    CODE = "code"  # one of a fixed list of codes
    INTEGER = "integer"  # whole number (nullable Int64), optionally from a list or a range
    NUMBER = "number"  # float in a range
    DATE = "date"  # ISO 8601 date YYYY-MM-DD (Excel date cells accepted)
    BOOLEAN = "boolean"  # true/false (also yes/no, 1/0 as people type them)
    LEVELS = "levels"  # a list of vertebral levels, "T11,T12,L2" (comma, semicolon or space)


Scale = Literal["categorical", "numeric"]
"""How a column is summarised: counts per value, or as a number (mean, median)."""


@dataclass(frozen=True, slots=True)
class Column:
    """One declared column of a cohort table."""

    name: str
    kind: Kind
    required: bool = False
    codes: tuple[str, ...] = ()
    integers: tuple[int, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    @property
    def scale(self) -> Scale | None:
        """``numeric`` for measured numbers and counts (age, life expectancy, number of
        metastases), ``categorical`` for codes, booleans, text and scores from a list (KPS,
        ECOG), ``None`` for dates."""
        if self.kind is Kind.NUMBER or (self.kind is Kind.INTEGER and not self.integers):
            return "numeric"
        if self.kind is Kind.DATE:
            return None
        return "categorical"

    def allowed_text(self) -> str:
        """What the column allows, as error messages say it."""
        if self.kind in (Kind.CODE, Kind.LEVELS) and self.codes:
            text = ", ".join(self.codes)
            if self.kind is Kind.LEVELS:
                text = f"levels separated by commas, each one of {text}"
        elif self.integers:
            text = ", ".join(str(value) for value in self.integers)
        elif self.kind is Kind.DATE:
            text = "a date YYYY-MM-DD"
        elif self.kind is Kind.BOOLEAN:
            text = "true or false"
        elif self.kind in (Kind.INTEGER, Kind.NUMBER):
            noun = "whole number" if self.kind is Kind.INTEGER else "number"
            low = "" if self.minimum is None else f"{self.minimum:g} <= "
            high = "" if self.maximum is None else f" <= {self.maximum:g}"
            text = f"{low}{noun}{high}"
        elif self.kind is Kind.ID:
            text = "a patient identifier (text)"
        else:
            text = "text"
        return text if self.required else f"{text} (or blank)"


LEVELS: tuple[str, ...] = tuple(level.value for level in Level)
"""Vertebral level codes, cranial to caudal (domain/decision.md §1.2; the decision layer's)."""

PRIMARY_TUMORS: tuple[str, ...] = tuple(tumour.value for tumour in PrimaryTumor)
"""Primary tumour codes of domain/decision.md §1.4, in its order (the decision layer's)."""

PROCEDURE_TYPES: tuple[str, ...] = (
    "ppsf_pvp",
    "ppsf",
    "pvp",
    "pkp",
    "separation_surgery",
    "open_decompression_fixation",
    "en_bloc",
    "radiotherapy",
    "conventional_radiotherapy",
    "sbrt",
    "biopsy",
    "other",
)
"""Procedure types (DESIGN.md; the procedure and radiotherapy options of decision.md §3.1)."""

COMPLICATION_TYPES: tuple[str, ...] = (
    "infection",
    "screw_loosening",
    "cement_leakage",
    "neurological_deterioration",
    "wound_dehiscence",
    "haematoma",
    "dural_tear",
    "screw_malposition",
    "implant_failure",
    "adjacent_fracture",
    "pulmonary_embolism",
    "deep_vein_thrombosis",
    "pneumonia",
    "urinary_tract_infection",
    "other",
)
"""Complication types. The seed study's three (infection, screw_loosening, cement_leakage)
come first; ``other`` with a ``detail`` takes the rest."""

CLAVIEN_DINDO_GRADES: tuple[str, ...] = tuple(
    str(code) for code in get_spec("clavien_dindo").item("grade").codes
)


def _sins_columns() -> tuple[Column, ...]:
    spec = get_spec("sins")
    return tuple(
        Column(f"sins_{item.name}", Kind.CODE, codes=tuple(str(code) for code in item.codes))
        for item in spec.items
    )


_KPS = tuple(sorted(int(code) for code in get_spec("kps").items[0].codes))
_GRADES = ("A", "B", "C", "D", "E")

PATIENTS: tuple[Column, ...] = (
    Column("patient_id", Kind.ID, required=True),
    Column("site", Kind.TEXT),
    Column("sex", Kind.CODE, codes=("female", "male")),
    Column("age", Kind.NUMBER, minimum=0, maximum=120),
    Column("primary_tumor", Kind.CODE, codes=PRIMARY_TUMORS),
    Column("index_date", Kind.DATE, required=True),
    Column("last_contact_date", Kind.DATE),
    Column("vital_status", Kind.CODE, required=True, codes=("alive", "dead")),
    Column("death_date", Kind.DATE),
    Column("kps", Kind.INTEGER, integers=_KPS),
    Column("ecog", Kind.INTEGER, integers=(0, 1, 2, 3, 4, 5)),
    Column("frankel", Kind.CODE, codes=_GRADES),
    Column("asia", Kind.CODE, codes=_GRADES),
    Column("neurological_symptoms", Kind.BOOLEAN),
    Column("ambulatory", Kind.BOOLEAN),
    Column("visceral_metastases", Kind.CODE, codes=("none", "removable", "unremovable")),
    Column("extraspinal_bone_metastases", Kind.INTEGER, minimum=0),
    Column("spinal_metastases", Kind.INTEGER, minimum=1),
    Column("life_expectancy_months", Kind.NUMBER, minimum=0),
    Column("fit_for_open_surgery", Kind.BOOLEAN),
    Column("fit_for_general_anaesthesia", Kind.BOOLEAN),
    Column("refuses_open_surgery", Kind.BOOLEAN),
    Column("osteoporosis", Kind.BOOLEAN),
    Column("systemic_therapy_available", Kind.BOOLEAN),
)

LESIONS: tuple[Column, ...] = (
    Column("patient_id", Kind.ID, required=True),
    Column("level", Kind.CODE, required=True, codes=LEVELS),
    Column("index", Kind.BOOLEAN),
    Column("lesion_type", Kind.CODE, codes=("lytic", "blastic", "mixed")),
    Column("collapse_percent", Kind.NUMBER, minimum=0, maximum=100),
    Column("posterior_wall_intact", Kind.BOOLEAN),
    Column("retropulsion", Kind.BOOLEAN),
    Column("pedicle_involvement", Kind.CODE, codes=("none", "left", "right", "bilateral")),
    Column(
        "escc_grade",
        Kind.CODE,
        codes=tuple(str(code) for code in get_spec("bilsky").items[0].codes),
    ),
    *_sins_columns(),
)

PROCEDURES: tuple[Column, ...] = (
    Column("patient_id", Kind.ID, required=True),
    Column("date", Kind.DATE, required=True),
    Column("type", Kind.CODE, required=True, codes=PROCEDURE_TYPES),
    Column("screw_levels", Kind.LEVELS, codes=LEVELS),
    Column("cement_levels", Kind.LEVELS, codes=LEVELS),
    Column("cement_ml", Kind.NUMBER, minimum=0, maximum=200),
    Column("operative_minutes", Kind.NUMBER, minimum=0, maximum=2000),
    Column("blood_loss_ml", Kind.NUMBER, minimum=0, maximum=20000),
    Column("length_of_stay_days", Kind.NUMBER, minimum=0, maximum=1000),
    # Cement leakage by Yeom's types (J Bone Joint Surg Br 2003;85(1):83-9), per cemented
    # level: whether this procedure's cemented levels were assessed, and which leaked by type.
    Column("cement_leakage_assessed", Kind.BOOLEAN),
    Column("cement_leakage_b_levels", Kind.LEVELS, codes=LEVELS),
    Column("cement_leakage_s_levels", Kind.LEVELS, codes=LEVELS),
    Column("cement_leakage_c_levels", Kind.LEVELS, codes=LEVELS),
)

ASSESSMENTS: tuple[Column, ...] = (
    Column("patient_id", Kind.ID, required=True),
    Column("visit", Kind.TEXT),  # checked against the study's schedule, not a fixed list
    Column("date", Kind.DATE),
    Column("instrument", Kind.TEXT, required=True),  # checked against the instruments
    Column("total", Kind.NUMBER),
)

COMPLICATIONS: tuple[Column, ...] = (
    Column("patient_id", Kind.ID, required=True),
    Column("date", Kind.DATE),  # undated: kept, its timing reported as unknown
    Column("type", Kind.CODE, required=True, codes=COMPLICATION_TYPES),
    Column("grade", Kind.CODE, codes=CLAVIEN_DINDO_GRADES),
    Column("detail", Kind.TEXT),
    Column("resolved", Kind.BOOLEAN),
)

TABLES: Mapping[str, tuple[Column, ...]] = MappingProxyType(
    {
        "patients": PATIENTS,
        "lesions": LESIONS,
        "procedures": PROCEDURES,
        "assessments": ASSESSMENTS,
        "complications": COMPLICATIONS,
    }
)
"""The declared columns of each table, in the order the writers put them."""

TABLE_NAMES: tuple[str, ...] = tuple(TABLES)

ASSESSMENT_COLUMNS = (
    "patient_id",
    "visit",
    "date",
    "day",
    "instrument",
    "total",
    "total_source",
    "category",
)
"""The leading columns of :attr:`Cohort.assessments`; item columns follow."""
"""The tables of a cohort, in the order files and sheets are written."""

TABLE_KEYS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "patients": ("patient_id",),
        "lesions": ("patient_id", "level"),
        "assessments": ("patient_id", "visit", "instrument"),
    }
)
"""Columns whose combination must be unique in each table (rows with a blank key part are
not compared: an assessment outside every window has no visit)."""


_DTYPES: Mapping[Kind, str] = MappingProxyType(
    {
        Kind.ID: "object",
        Kind.TEXT: "object",
        Kind.CODE: "object",
        Kind.INTEGER: "Int64",
        Kind.NUMBER: "float64",
        Kind.DATE: "datetime64[ns]",
        Kind.BOOLEAN: "boolean",
        Kind.LEVELS: "object",
    }
)


def dtype_of(column: Column) -> str:
    """The pandas dtype a column has in a :class:`~spinemet.cohort.Cohort`.

    Text and codes are ``object`` (``str`` or ``None``), whole numbers nullable ``Int64``,
    numbers ``float64``, dates ``datetime64[ns]`` (midnight), booleans nullable ``boolean``.
    """
    return _DTYPES[column.kind]


def empty_table(name: str, *, extra: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A table with no rows and the declared columns (and ``extra`` name -> dtype)."""
    # A copy of one made once: building ~40 empty columns costs more than a registry save's
    # validation of the record itself.
    return _empty_table(name, tuple((extra or {}).items())).copy(deep=True)


@functools.lru_cache(maxsize=64)
def _empty_table(name: str, extra: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    dtypes = {column.name: dtype_of(column) for column in TABLES[name]}
    dtypes.update(extra)
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


def column_scales(table: str) -> dict[str, Scale]:
    """The declared columns of ``table`` (``patients``, ...) by how they are summarised.

    Examples
    --------
    >>> scales = column_scales("patients")
    >>> scales["age"], scales["kps"], scales["sex"], "index_date" in scales
    ('numeric', 'categorical', 'categorical', False)
    """
    return {column.name: column.scale for column in TABLES[table] if column.scale is not None}
