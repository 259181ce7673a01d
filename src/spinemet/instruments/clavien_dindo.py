"""Clavien-Dindo classification of surgical complications.

Dindo D, Demartines N, Clavien PA. Ann Surg 2004;240(2):205-13. domain/instruments.md §10.
``minor`` = I-II, ``major`` = IIIa-V (project convention; some studies call only >= IIIb major).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from spinemet.errors import ItemError, Problem
from spinemet.instruments._i18n import N_
from spinemet.instruments._result import ScoreResult
from spinemet.instruments._spec import (
    Choice,
    InstrumentSpec,
    Item,
    ItemKind,
    ItemValues,
    Scoring,
)

__all__ = ["CLAVIEN_DINDO", "GRADE_ORDER", "clavien_dindo_worst", "parse_clavien_dindo"]

_GRADES = (
    (
        "I",
        "minor",
        N_(
            "Any deviation from the normal postoperative course without pharmacological, "
            "surgical, endoscopic or radiological intervention (antiemetics, antipyretics, "
            "analgesics, diuretics, electrolytes, physiotherapy allowed; includes wound "
            "infections opened at the bedside)"
        ),
    ),
    (
        "II",
        "minor",
        N_(
            "Requiring pharmacological treatment with drugs other than those allowed for "
            "grade I; blood transfusion and total parenteral nutrition included"
        ),
    ),
    (
        "IIIa",
        "major",
        N_(
            "Requiring surgical, endoscopic or radiological intervention "
            "not under general anaesthesia"
        ),
    ),
    ("IIIb", "major", N_("Intervention under general anaesthesia")),
    (
        "IVa",
        "major",
        N_(
            "Life-threatening complication requiring IC/ICU management: single-organ "
            "dysfunction (including dialysis)"
        ),
    ),
    (
        "IVb",
        "major",
        N_("Life-threatening complication requiring IC/ICU management: multi-organ dysfunction"),
    ),
    ("V", "major", N_("Death of the patient")),
)
GRADE_ORDER: tuple[str, ...] = tuple(grade for grade, _, _ in _GRADES)
"""Grades from mildest to worst: I < II < IIIa < IIIb < IVa < IVb < V."""

_REFERENCE = (
    "Dindo D, Demartines N, Clavien PA. Classification of surgical complications: a new "
    "proposal with evaluation in a cohort of 6336 patients and results of a survey. Ann Surg. "
    "2004;240(2):205-213. doi:10.1097/01.sla.0000133083.54934.ae"
)
_CATEGORIES = MappingProxyType(
    {
        "minor": N_("minor complication (grade I-II)"),
        "major": N_("major complication (grade IIIa-V)"),
        "no_complication": N_("no complication"),
    }
)


def _check(values: ItemValues) -> list[Problem]:
    if values["grade"] == "V" and values["disability_at_discharge"] is True:
        return [
            Problem(
                "clavien_dindo.disability_at_discharge",
                True,
                "false when grade is 'V' (death): the '-d' suffix needs a living patient",
                "inconsistent",
            )
        ]
    return []


def _label(values: ItemValues, total: float | None) -> dict[str, object]:
    grade = values["grade"]
    if grade is None:
        return {"label": None}
    return {"label": f"{grade}-d" if values["disability_at_discharge"] else grade}


def _frame_check(values: Mapping[str, Any]) -> Any:
    return (values["grade"] == "V") & values["disability_at_discharge"].fillna(False)


def _frame_label(values: Mapping[str, Any], total: Any) -> dict[str, Any]:
    grade = values["grade"]
    suffix = values["disability_at_discharge"].fillna(False).map({True: "-d", False: ""})
    return {"label": (grade.fillna("") + suffix).where(grade.notna(), None)}


CLAVIEN_DINDO = InstrumentSpec(
    code="clavien_dindo",
    name=N_("Clavien-Dindo classification of surgical complications"),
    scoring=Scoring.GRADE,
    reference=_REFERENCE,
    items=(
        Item(
            "grade",
            N_("Grade (III and IV need their sub-grade a/b)"),
            ItemKind.CHOICE,
            tuple(Choice(grade, label, category=category) for grade, category, label in _GRADES),
        ),
        Item(
            "disability_at_discharge",
            N_("Complication persists at discharge (suffix 'd')"),
            ItemKind.BOOLEAN,
            required=False,
            default=False,
        ),
    ),
    categories=_CATEGORIES,
    check=_check,
    extras=_label,
    frame_check=_frame_check,
    frame_extras=_frame_label,
)


def clavien_dindo_worst(grades: Iterable[str]) -> ScoreResult:
    """The patient-level summary: the worst of several complications' grades.

    Examples
    --------
    >>> worst = clavien_dindo_worst(["I", "IVa", "II"])
    >>> worst.grade, worst.category
    ('IVa', 'major')
    >>> clavien_dindo_worst([]).category
    'no_complication'
    """
    given = list(grades)
    problems = [
        Problem(f"clavien_dindo.grades[{index}]", grade, ", ".join(GRADE_ORDER))
        for index, grade in enumerate(given)
        if not isinstance(grade, str) or grade not in GRADE_ORDER
    ]
    if problems:
        raise ItemError.from_problems(problems)
    if not given:
        category, grade = "no_complication", None
    else:
        grade = max(given, key=GRADE_ORDER.index)
        category = "minor" if GRADE_ORDER.index(grade) <= 1 else "major"
    return ScoreResult(
        instrument="clavien_dindo",
        total=None,
        category=category,
        interpretation=_CATEGORIES[category],
        components=MappingProxyType({"grades": tuple(given)}),
        reference=_REFERENCE,
        grade=grade,
        is_classification=True,
    )


_PATTERN = re.compile(r"^\s*(IV|I{1,3}|V)\s*[-_ ]?\s*([AB])?\s*$", re.IGNORECASE)


def parse_clavien_dindo(text: str) -> str:
    """Normalise a typed grade (``"iiia"``, ``"III-a"``, ``" ivb "``) to its code.

    The scorer itself is strict; this helper is for reading people's spreadsheets.

    Examples
    --------
    >>> parse_clavien_dindo("iiia"), parse_clavien_dindo("III-b"), parse_clavien_dindo("v")
    ('IIIa', 'IIIb', 'V')
    """
    match = _PATTERN.match(text) if isinstance(text, str) else None
    grade = None
    if match:
        grade = match.group(1).upper() + (match.group(2) or "").lower()
    if grade not in GRADE_ORDER:
        raise ItemError("clavien_dindo.grade", text, ", ".join(GRADE_ORDER))
    return grade
