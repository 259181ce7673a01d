"""The decision case (``spinemet recommend`` input): schema, defaults and consistency checks.

Schema: domain/decision.md §1. :func:`parse_case` validates a whole case, collects every
problem (field path such as ``lesions[0].escc_grade``, the value, what is allowed) and raises
one :class:`~spinemet.errors.CaseError`; it never guesses a value that was not given, except
the declared defaults, which it reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from spinemet.decision.lesion_consistency import lesion_inconsistencies
from spinemet.decision.levels import Level
from spinemet.errors import CaseError, Problem

__all__ = [
    "Case",
    "EsccGrade",
    "Lesion",
    "ParsedCase",
    "Patient",
    "PrimaryTumor",
    "case_json_schema",
    "parse_case",
]

_MODEL = ConfigDict(frozen=True, extra="forbid", strict=True)


class PrimaryTumor(StrEnum):
    """Primary tumour codes (domain/decision.md §1.4)."""

    BREAST = "breast"
    PROSTATE = "prostate"
    THYROID = "thyroid"
    KIDNEY = "kidney"
    UTERUS = "uterus"
    LUNG_NSCLC = "lung_nsclc"
    LUNG_SCLC = "lung_sclc"
    LIVER = "liver"
    STOMACH = "stomach"
    COLON = "colon"
    RECTUM = "rectum"
    ESOPHAGUS = "esophagus"
    PANCREAS = "pancreas"
    BLADDER = "bladder"
    GALLBLADDER = "gallbladder"
    OVARY = "ovary"
    NEUROENDOCRINE = "neuroendocrine"
    MELANOMA = "melanoma"
    SARCOMA = "sarcoma"
    MYELOMA = "myeloma"
    LYMPHOMA = "lymphoma"
    LEUKEMIA = "leukemia"
    GERM_CELL = "germ_cell"
    UNKNOWN_PRIMARY = "unknown_primary"
    OTHER = "other"


class EsccGrade(StrEnum):
    """Bilsky ESCC grades in increasing severity (``instruments.md`` §2)."""

    G0 = "0"
    G1A = "1a"
    G1B = "1b"
    G1C = "1c"
    G2 = "2"
    G3 = "3"

    @property
    def severity(self) -> int:
        """0 for grade 0 up to 5 for grade 3."""
        return _ESCC_ORDER.index(self.value)


_ESCC_ORDER = ("0", "1a", "1b", "1c", "2", "3")

Grade = Literal["A", "B", "C", "D", "E"]


class TokuhashiItems(BaseModel):
    """Explicit revised Tokuhashi items; each one given overrides its derivation (§2)."""

    model_config = _MODEL
    general_condition: Literal["poor", "moderate", "good"] | None = None
    extraspinal_bone_metastases: Literal["three_or_more", "one_to_two", "none"] | None = None
    vertebral_body_metastases: Literal["three_or_more", "two", "one"] | None = None
    major_organ_metastases: Literal["unremovable", "removable", "none"] | None = None
    primary_site: (
        Literal[
            "lung",
            "osteosarcoma",
            "stomach",
            "bladder",
            "esophagus",
            "pancreas",
            "liver",
            "gallbladder",
            "unidentified",
            "other",
            "kidney",
            "uterus",
            "rectum",
            "thyroid",
            "breast",
            "prostate",
            "carcinoid",
        ]
        | None
    ) = None
    palsy: Literal["complete", "incomplete", "none"] | None = None
    total: int | None = Field(default=None, ge=0, le=15)


class TomitaItems(BaseModel):
    """Explicit Tomita items; each one given overrides its derivation (§2)."""

    model_config = _MODEL
    primary_tumor_growth: Literal["slow", "moderate", "rapid"] | None = None
    visceral_metastases: Literal["none", "treatable", "untreatable"] | None = None
    bone_metastases: Literal["solitary", "multiple"] | None = None
    total: int | None = Field(default=None, ge=2, le=10)


def _doc(text: str) -> Any:
    """A field's description in the JSON Schema (``spinemet recommend --schema``)."""
    return Field(description=text)


class Patient(BaseModel):
    """Patient fields (domain/decision.md §1.1; docs/case.md)."""

    model_config = _MODEL
    age: int = Field(ge=0, le=120, description="Age in years at the decision.")
    sex: Literal["female", "male"]
    primary_tumor: PrimaryTumor = _doc(
        "Primary tumour code (docs/case.md, primary tumour codes); drives radiosensitivity and "
        "the Tokuhashi/Tomita primary items."
    )
    radiosensitivity: Literal["radiosensitive", "radioresistant"] | None = Field(
        default=None, description="Override of the primary tumour's radiosensitivity group."
    )
    kps: Literal[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] | None = Field(
        default=None,
        description="Karnofsky performance status. At least one of kps and ecog is required; "
        "where both are given the performance predicates read KPS.",
    )
    ecog: Literal[0, 1, 2, 3, 4, 5] | None = Field(
        default=None, description="ECOG performance status (read only when kps is not given)."
    )
    frankel: Grade | None = Field(
        default=None, description="Frankel grade. At least one of frankel and asia is required."
    )
    asia: Grade | None = Field(default=None, description="ASIA Impairment Scale grade.")
    neurological_symptoms: bool | None = Field(
        default=None,
        description="Radiculopathy, myelopathy or cauda equina symptoms from the lesion; true "
        "counts as a neurological deficit even with Frankel E.",
    )
    deficit_new_or_progressive: bool | None = Field(
        default=None,
        description="The deficit is new or worsening (days); only false suppresses urgency.",
    )
    deficit_onset_hours: int | None = Field(
        default=None, ge=0, description="Hours since onset or last worsening of the deficit."
    )
    paraplegia_hours: int | None = Field(
        default=None, ge=0, description="Hours since loss of all motor function (Frankel A/B)."
    )
    ambulatory: bool | None = Field(
        default=None, description="Walks (read by no rule; checked against Frankel)."
    )
    visceral_metastases: Literal["none", "removable", "unremovable"] = _doc(
        "Metastases to major internal organs (lung, liver, kidney, brain)."
    )
    extraspinal_bone_metastases: int = Field(
        ge=0, description="Number of extraspinal bone metastases."
    )
    spinal_metastases: int = Field(
        ge=1,
        description="Number of involved vertebrae (all, not only those listed); at least the "
        "number of lesions listed.",
    )
    life_expectancy_months: float | None = Field(
        default=None,
        ge=0,
        description="The clinician's (or an external model's) survival estimate in months; it "
        "takes precedence over the prognostic score bands.",
    )
    life_expectancy_source: str | None = Field(
        default=None, description="Where the estimate came from (echoed only)."
    )
    fit_for_open_surgery: bool = _doc(
        "Multidisciplinary judgement that the patient can tolerate open surgery."
    )
    fit_for_general_anaesthesia: bool
    refuses_open_surgery: bool = _doc(
        "Informed refusal of open surgery: caps every open option (consent.refuses_open)."
    )
    refuses_surgery: bool = Field(
        default=False,
        description="Informed refusal of every procedure, percutaneous included: caps every "
        "procedure (consent.refuses_surgery). Requires refuses_open_surgery = true. Omitted or "
        "null is read as false and reported under defaults_applied.",
    )
    coagulopathy_uncorrectable: bool = _doc(
        "Coagulopathy that cannot be corrected before a procedure."
    )
    anticoagulation: bool | None = Field(
        default=None, description="On therapeutic anticoagulation or antiplatelet therapy."
    )
    active_infection: Literal["none", "systemic", "local_at_site"]
    pmma_allergy: bool = Field(
        default=False,
        description="Documented hypersensitivity to bone cement. Omitted or null is read as "
        "false and reported under defaults_applied.",
    )
    osteoporosis: bool | None = Field(
        default=None, description="Poor bone quality (construct planning)."
    )
    systemic_therapy_available: bool | None = Field(
        default=None, description="Effective systemic options remain (reported only)."
    )
    tokuhashi_revised: TokuhashiItems | None = Field(
        default=None,
        description="Explicit revised Tokuhashi items, each overriding its derivation.",
    )
    tomita: TomitaItems | None = Field(
        default=None, description="Explicit Tomita items, each overriding its derivation."
    )


class SinsItems(BaseModel):
    """SINS items of a lesion (``instruments.md`` §1); ``location`` is derived from the level."""

    model_config = _MODEL
    location: Literal["junctional", "mobile", "semi_rigid", "rigid"] | None = None
    pain: Literal["mechanical", "occasional_non_mechanical", "pain_free"]
    bone_lesion: Literal["lytic", "mixed", "blastic"]
    radiographic_alignment: Literal["subluxation_translation", "de_novo_deformity", "normal"]
    vertebral_body_collapse: Literal["gt_50", "lt_50", "no_collapse_gt_50_involved", "none"]
    posterolateral_involvement: Literal["bilateral", "unilateral", "none"]


class PriorRadiotherapy(BaseModel):
    """Radiotherapy that included this level."""

    model_config = _MODEL
    dose_gy: float = Field(gt=0)
    fractions: int = Field(ge=1)
    date: date
    technique: Literal["conventional", "sbrt"]


class Lesion(BaseModel):
    """One involved vertebra (domain/decision.md §1.2; docs/case.md)."""

    model_config = _MODEL
    level: Level = _doc("C1..C7, T1..T12, L1..L5, S1..S5; unique within the case.")
    index: bool | None = Field(
        default=None,
        description="The symptomatic/target lesion. If no lesion is flagged, the highest-SINS "
        "lesion(s) are taken and the output says so.",
    )
    lesion_type: Literal["lytic", "blastic", "mixed"] = _doc("Must equal sins.bone_lesion.")
    collapse_percent: int = Field(
        ge=0, le=100, description="Loss of vertebral body height (%); > 0 = pathological fracture."
    )
    posterior_wall_intact: bool = _doc("Cortical posterior wall of the body intact on CT.")
    retropulsion: bool | None = _doc(  # required, but null = not assessed
        "Retropulsed posterior-wall fragment narrowing the canal. Required; null = not assessed "
        "(the vertebra is then not a cement target)."
    )
    pedicle_involvement: Literal["none", "left", "right", "bilateral"] = _doc(
        "Tumour lysis or replacement of a pedicle (anchor planning)."
    )
    body_involvement: Literal["none", "le_50", "gt_50"] | None = Field(
        default=None,
        description="Tumour in the vertebral body: none = confined to the posterior elements; "
        "le_50 / gt_50 = up to / more than half of the body. Omitted = not stated.",
    )
    escc_grade: EsccGrade = _doc("Bilsky epidural spinal cord compression grade.")
    sins: SinsItems
    prior_radiotherapy: PriorRadiotherapy | None = Field(
        default=None, description="Radiotherapy that included this level."
    )


class Case(BaseModel):
    """One patient with one or more involved vertebrae (domain/decision.md §1; docs/case.md)."""

    model_config = _MODEL
    patient: Patient
    lesions: tuple[Lesion, ...] = Field(min_length=1)
    case_date: date | None = Field(
        default=None,
        description="Date of the decision (YYYY-MM-DD); prior radiotherapy must not be later. "
        "Omitted: the date of the run.",
    )


# Fields read as a value when omitted or null, reported under ``defaults_applied`` (§1).
DEFAULTS: dict[str, object] = {"pmma_allergy": False, "refuses_surgery": False}


@dataclass(frozen=True, slots=True)
class ParsedCase:
    """A validated case with what the validation itself found (defaults, 50 % collapse)."""

    case: Case
    defaults_applied: tuple[tuple[str, object], ...]
    collapse_exactly_50: tuple[Level, ...]


def parse_case(data: Case | dict[str, Any]) -> ParsedCase:
    """Validate a case and apply the declared defaults.

    Parameters
    ----------
    data
        The case as parsed JSON (a dict) or an already built :class:`Case`.

    Returns
    -------
    ParsedCase
        The case, the defaults applied and the levels with exactly 50 % collapse.

    Raises
    ------
    CaseError
        Every problem in the case at once: field path, value, what is allowed.

    Examples
    --------
    >>> import json
    >>> from spinemet._examples import examples_dir
    >>> case = json.loads((examples_dir() / "case_seed.json").read_text())
    >>> parse_case(case).defaults_applied
    ()
    >>> case["lesions"][0]["escc_grade"] = "4"
    >>> parse_case(case)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    spinemet.errors.CaseError: lesions[0].escc_grade: invalid value '4'; allowed: '0', '1a', ...
    """
    defaults: list[tuple[str, object]] = []
    if isinstance(data, Case):
        case = data
    else:
        if not isinstance(data, dict):
            raise CaseError("case", data, "one JSON object with 'patient' and 'lesions'")
        prepared = dict(data)
        patient = prepared.get("patient")
        if isinstance(patient, dict):
            patient = dict(patient)
            for name, value in DEFAULTS.items():
                if patient.get(name) is None:
                    patient[name] = value
                    defaults.append((f"patient.{name}", value))
            prepared["patient"] = patient
        try:
            case = Case.model_validate_json(json.dumps(prepared, default=str), strict=True)
        except ValidationError as error:
            raise CaseError.from_problems(_problems(error)) from None
    problems = _consistency_problems(case)
    if problems:
        raise CaseError.from_problems(problems)
    exactly_50 = tuple(lesion.level for lesion in case.lesions if lesion.collapse_percent == 50)
    return ParsedCase(case, tuple(defaults), exactly_50)


_SCHEMA_DESCRIPTIONS = {
    "EsccGrade": "Bilsky epidural spinal cord compression grade, as a string.",
    "Lesion": "One involved vertebra (docs/case.md, lesions).",
    "Level": "A vertebra: C1..C7, T1..T12, L1..L5, S1..S5 (not the coccyx).",
    "Patient": "The patient (docs/case.md, patient).",
    "PrimaryTumor": "Primary tumour code (docs/case.md, primary tumour codes).",
    "PriorRadiotherapy": "Radiotherapy that included this level.",
    "SinsItems": "SINS items of the lesion (spinemet instruments sins); location may be left "
    "out and is then derived from the level.",
    "TokuhashiItems": "Explicit revised Tokuhashi items; each one given overrides its "
    "derivation (spinemet instruments tokuhashi_revised).",
    "TomitaItems": "Explicit Tomita items; each one given overrides its derivation "
    "(spinemet instruments tomita).",
}


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of a case (``spinemet recommend --schema``), from the pydantic model.

    Beside the model: the fields with a declared default also accept ``null`` (read as the
    default, §1), and a patient needs one of ``kps``/``ecog`` and one of ``frankel``/``asia``.
    The cross-field consistency checks (docs/case.md) are not expressible here; the engine
    applies them.

    >>> schema = case_json_schema()
    >>> schema["required"], schema["$defs"]["Lesion"]["properties"]["level"]["$ref"]
    (['patient', 'lesions'], '#/$defs/Level')
    """
    schema = Case.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "spinemet decision case",
        "description": (
            "One patient with one or more involved vertebrae (spinemet docs/case.md; rule set "
            "2026.2-decision.md-rev4)."
        ),
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
    for name, text in _SCHEMA_DESCRIPTIONS.items():  # the user's words, not the docstrings
        schema["$defs"][name]["description"] = text
    patient = schema["$defs"]["Patient"]
    for name in DEFAULTS:
        field = patient["properties"][name]
        field["anyOf"] = [{"type": field.pop("type")}, {"type": "null"}]
    patient["allOf"] = [
        {
            "anyOf": [
                {"required": [first], "properties": {first: {"type": "integer"}}},
                {"required": [second], "properties": {second: {"type": "integer"}}},
            ]
        }
        for first, second in (("kps", "ecog"),)
    ] + [
        {
            "anyOf": [
                {"required": ["frankel"], "properties": {"frankel": {"type": "string"}}},
                {"required": ["asia"], "properties": {"asia": {"type": "string"}}},
            ]
        }
    ]
    return schema


def _path(location: tuple[int | str, ...]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _model_at(location: tuple[int | str, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Case
    for part in location:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = next(
            (
                arg
                for arg in _flatten(field.annotation)
                if isinstance(arg, type) and issubclass(arg, BaseModel)
            ),
            None,
        )
    return model


def _flatten(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation]
    return [inner for arg in args for inner in _flatten(arg)]


def _problems(error: ValidationError) -> list[Problem]:
    from spinemet.errors import MISSING

    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        location = tuple(item["loc"])
        kind = item["type"]
        field = _path(location)
        if kind == "missing":
            problems.append(Problem(field, MISSING, "a value (required field)", "missing"))
        elif kind == "extra_forbidden":
            parent = _model_at(location[:-1])
            names = ", ".join(parent.model_fields) if parent else "the documented fields"
            problems.append(
                Problem(_path(location[:-1]) or "case", location[-1], names, "unknown_item")
            )
        elif kind == "too_short" and item.get("input"):
            continue  # pydantic's echo of a list whose items failed; those are reported
        else:
            context = item.get("ctx") or {}
            allowed = str(context.get("expected") or item["msg"])
            allowed = allowed.removeprefix("Input should be ")
            value = item.get("input")
            if kind == "literal_error" and value is None:
                allowed = f"{allowed} (null is not allowed here)"
            problems.append(Problem(field, value, allowed, "value_not_allowed"))
    return problems


def _consistency_problems(case: Case) -> list[Problem]:
    """The cross-field checks of domain/decision.md §1 (input errors, exit 2)."""
    problems: list[Problem] = []
    patient = case.patient
    if patient.kps is None and patient.ecog is None:
        problems.append(
            Problem("patient.kps", None, "kps or ecog (at least one is required)", "missing")
        )
    if patient.frankel is None and patient.asia is None:
        problems.append(
            Problem(
                "patient.frankel", None, "frankel or asia (at least one is required)", "missing"
            )
        )
    seen: set[Level] = set()
    for position, lesion in enumerate(case.lesions):
        where = f"lesions[{position}]"
        if lesion.level in seen:
            problems.append(
                Problem(
                    f"{where}.level",
                    lesion.level.value,
                    "a level not used by another lesion of the case",
                    "duplicate_level",
                )
            )
        seen.add(lesion.level)
        problems.extend(_lesion_problems(where, lesion))
    problems.extend(_revision_4_problems(case))
    return problems


def _revision_4_problems(case: Case) -> list[Problem]:
    """The input errors added in decision.md revision 4 (§1.2): contradictions that drive a
    rating and that the engine cannot resolve."""
    problems: list[Problem] = []
    patient = case.patient
    listed = len(case.lesions)
    if patient.spinal_metastases < listed:
        problems.append(
            Problem(
                "patient.spinal_metastases",
                patient.spinal_metastases,
                f"an integer >= {listed} (the number of lesions listed: every listed lesion is "
                "an involved vertebra)",
                "inconsistent",
            )
        )
    if patient.refuses_surgery and not patient.refuses_open_surgery:
        problems.append(
            Problem(
                "patient.refuses_surgery",
                True,
                "false, or true together with refuses_open_surgery = true (a refusal of every "
                "procedure includes open surgery)",
                "inconsistent",
            )
        )
    today = case.case_date or date.today()
    against = f"case_date {today.isoformat()}" if case.case_date else f"today ({today})"
    for position, lesion in enumerate(case.lesions):
        where = f"lesions[{position}]"
        if lesion.retropulsion is True and lesion.posterior_wall_intact:
            problems.append(
                Problem(
                    f"{where}.posterior_wall_intact",
                    True,
                    "false (retropulsion is true: a retropulsed posterior-wall fragment is a "
                    "breached wall), or correct retropulsion",
                    "inconsistent",
                )
            )
        prior = lesion.prior_radiotherapy
        if prior is not None and prior.date > today:
            problems.append(
                Problem(
                    f"{where}.prior_radiotherapy.date",
                    prior.date.isoformat(),
                    f"a date on or before {against} (radiotherapy not yet given is not prior "
                    "radiotherapy)",
                    "inconsistent",
                )
            )
        problems.extend(_body_problems(where, lesion))
    return problems


def _body_problems(where: str, lesion: Lesion) -> list[Problem]:
    body = lesion.body_involvement
    collapse = lesion.collapse_percent
    item = lesion.sins.vertebral_body_collapse
    allowed: str | None = None
    if body == "none" and (collapse > 0 or item != "none"):
        allowed = (
            f"'le_50' or 'gt_50' (collapse_percent is {collapse} and "
            f"sins.vertebral_body_collapse is {item!r}: a collapsed or > 50 % involved body is "
            "involved), or null"
        )
    elif body == "le_50" and item == "no_collapse_gt_50_involved":
        allowed = (
            "'gt_50' (sins.vertebral_body_collapse is 'no_collapse_gt_50_involved': more than "
            "half of the body is involved), or null"
        )
    elif body == "gt_50" and collapse == 0 and item != "no_collapse_gt_50_involved":
        allowed = (
            f"'le_50' or null (collapse_percent is 0 and sins.vertebral_body_collapse is "
            f"{item!r}; > 50 % involvement without collapse is scored "
            "'no_collapse_gt_50_involved')"
        )
    if allowed is None:
        return []
    return [Problem(f"{where}.body_involvement", body, allowed, "inconsistent")]


def _lesion_problems(where: str, lesion: Lesion) -> list[Problem]:
    sins = lesion.sins
    columns: dict[str, list[object]] = {
        "level": [lesion.level.value],
        "lesion_type": [lesion.lesion_type],
        "collapse_percent": [lesion.collapse_percent],
        "pedicle_involvement": [lesion.pedicle_involvement],
        "sins_location": [sins.location],
        "sins_bone_lesion": [sins.bone_lesion],
        "sins_vertebral_body_collapse": [sins.vertebral_body_collapse],
        "sins_posterolateral_involvement": [sins.posterolateral_involvement],
    }
    return [
        Problem(
            f"{where}.sins.{found.field.removeprefix('sins_')}",
            found.value,
            found.allowed,
            "inconsistent",
        )
        for found in lesion_inconsistencies(columns)
    ]
