"""The REDCap project that holds spinemet data: fields, events and the instrument-event map.

Everything is derived from the cohort's column declarations (:mod:`spinemet.cohort`) and the
instrument specs (:mod:`spinemet.instruments`), so a centre that builds its REDCap project from
:func:`redcap_metadata` collects exactly what ``spinemet analyze`` reads. The layout
(docs/interop.md, "REDCap"):

- form ``patient`` (record id ``patient_id``) with the patient fields under their cohort names;
- repeating forms ``lesions``, ``procedures``, ``complications`` with prefixed fields
  (``lesion_level``, ``procedure_date``, ``complication_type``; REDCap field names are unique
  per project, and ``date`` or ``type`` would clash); the levels of a procedure are checkbox
  fields (``procedure_screw_levels___t11``);
- one form per instrument (``vas``, ``barthel``, ``sins``, ...) with ``<code>_visit``,
  ``<code>_date``, the items as ``<code>_<item>`` (``<code>_score`` for a one-item instrument
  whose item has the instrument's name), and for summed instruments a calculated
  ``<code>_total`` plus ``<code>_total_given`` for series that kept only totals.

Longitudinal projects have an event ``enrolment`` (patient and the repeating forms), one event
per visit of the schedule (every instrument form) and an event ``unscheduled`` where the
instrument forms repeat (assessments outside every window). Classic projects put everything in
one arm: instrument forms repeat and ``<code>_visit`` names the visit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from types import MappingProxyType
from typing import Literal

from spinemet.cohort import DEFAULT_SCHEDULE, VisitSchedule
from spinemet.cohort._columns import TABLES, Column, Kind
from spinemet.errors import CohortError
from spinemet.instruments import INSTRUMENTS, InstrumentSpec, Item, ItemKind, Scoring, get_spec

__all__ = [
    "DICTIONARY_HEADERS",
    "ENROLMENT_EVENT",
    "METADATA_KEYS",
    "RECORD_ID",
    "UNSCHEDULED_EVENT",
    "RedcapField",
    "project_fields",
    "redcap_events",
    "redcap_form_event_mapping",
    "redcap_metadata",
    "redcap_repeating_forms_events",
    "unique_event_name",
]

RECORD_ID = "patient_id"
"""The record-identifier field: the first field of the project, as REDCap requires."""

ENROLMENT_EVENT = "enrolment"
UNSCHEDULED_EVENT = "unscheduled"

METADATA_KEYS = (
    "field_name",
    "form_name",
    "section_header",
    "field_type",
    "field_label",
    "select_choices_or_calculations",
    "field_note",
    "text_validation_type_or_show_slider_number",
    "text_validation_min",
    "text_validation_max",
    "identifier",
    "branching_logic",
    "required_field",
    "custom_alignment",
    "question_number",
    "matrix_group_name",
    "matrix_ranking",
    "field_annotation",
)
"""Keys of one field in REDCap's API metadata export (``content=metadata``), in order."""

DICTIONARY_HEADERS = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
"""The 18 column headers of a REDCap data dictionary CSV, as REDCap writes them."""

Target = Literal["patients", "lesions", "procedures", "complications", "assessments"]
_PREFIX: Mapping[str, str] = MappingProxyType(
    {"lesions": "lesion_", "procedures": "procedure_", "complications": "complication_"}
)
_TABLE_FORMS = ("lesions", "procedures", "complications")
_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "patient_id": "Patient identifier (pseudonymous study id)",
        "site": "Site",
        "sex": "Sex",
        "age": "Age at the index date (years)",
        "primary_tumor": "Primary tumour",
        "index_date": "Index date (surgery, or enrolment without surgery)",
        "last_contact_date": "Date last known alive (last contact)",
        "vital_status": "Vital status",
        "death_date": "Date of death",
        "kps": "Karnofsky performance status at baseline (%)",
        "ecog": "ECOG performance status at baseline",
        "frankel": "Frankel grade at baseline",
        "asia": "ASIA impairment scale grade at baseline",
        "neurological_symptoms": "Neurological symptoms",
        "ambulatory": "Ambulatory",
        "visceral_metastases": "Visceral metastases",
        "extraspinal_bone_metastases": "Number of extraspinal bone metastases",
        "spinal_metastases": "Number of spinal metastases",
        "life_expectancy_months": "Estimated life expectancy (months)",
        "fit_for_open_surgery": "Fit for open surgery",
        "fit_for_general_anaesthesia": "Fit for general anaesthesia",
        "refuses_open_surgery": "Refuses open surgery",
        "osteoporosis": "Osteoporosis",
        "systemic_therapy_available": "Effective systemic therapy available",
        "synthetic": "Synthetic (generated) data, not patient data",
        "level": "Vertebral level",
        "index": "Index lesion",
        "lesion_type": "Lesion type",
        "collapse_percent": "Vertebral body collapse (%)",
        "posterior_wall_intact": "Posterior wall intact",
        "retropulsion": "Retropulsion",
        "pedicle_involvement": "Pedicle involvement",
        "escc_grade": "Epidural spinal cord compression (Bilsky grade)",
        "date": "Date",
        "type": "Type",
        "screw_levels": "Levels with pedicle screws",
        "cement_levels": "Levels with cement",
        "cement_ml": "Cement volume (ml)",
        "operative_minutes": "Operative time (minutes)",
        "blood_loss_ml": "Blood loss (ml)",
        "cement_leakage_assessed": "Cement leakage assessed at the cemented levels",
        "cement_leakage_b_levels": "Levels with cement leakage type B (basivertebral vein)",
        "cement_leakage_s_levels": "Levels with cement leakage type S (segmental vein)",
        "cement_leakage_c_levels": "Levels with cement leakage type C (cortical defect)",
        "grade": "Clavien-Dindo grade",
        "detail": "Detail",
        "resolved": "Resolved",
    }
)


@dataclass(frozen=True, slots=True)
class RedcapField:
    """One field of the project and the cohort column it holds.

    ``choices`` are ``(code, label)`` pairs (codes as REDCap stores them: ``1``/``0`` for
    yes/no); ``table`` and ``column`` name the cohort cell (``column`` is the item name for an
    instrument field, ``visit``/``date``/``total`` for the others); ``instrument`` the
    instrument of an assessment form.
    """

    name: str
    form: str
    field_type: str
    label: str
    table: Target
    column: str
    choices: tuple[tuple[str, str], ...] = ()
    calculation: str = ""
    validation: str = ""
    minimum: str = ""
    maximum: str = ""
    branching: str = ""
    note: str = ""
    instrument: str = ""
    required: bool = False

    @property
    def is_checkbox(self) -> bool:
        """Whether REDCap exports it as one column per choice (``name___code``)."""
        return self.field_type == "checkbox"

    def checkbox_columns(self) -> tuple[str, ...]:
        """Export column names of a checkbox field, in choice order (codes lower-cased)."""
        return tuple(f"{self.name}___{code.lower()}" for code, _ in self.choices)

    def metadata(self) -> dict[str, str]:
        """The field as one entry of REDCap's metadata export."""
        choices = self.calculation or " | ".join(f"{code}, {label}" for code, label in self.choices)
        if self.field_type == "yesno":
            choices = ""  # REDCap's own 1, Yes | 0, No
        values = (
            self.name,
            self.form,
            "",
            self.field_type,
            self.label,
            choices,
            self.note,
            self.validation,
            self.minimum,
            self.maximum,
            "",
            self.branching,
            "y" if self.required else "",
            "",
            "",
            "",
            "",
            "",
        )
        return dict(zip(METADATA_KEYS, values, strict=True))


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _readable(code: str) -> str:
    text = code.replace("_", " ")
    return text[:1].upper() + text[1:]


_YESNO = (("1", "Yes"), ("0", "No"))


def _column_field(column: Column, table: Target, form: str, name: str) -> RedcapField:
    label = _LABELS.get(column.name, _readable(column.name))
    common = {"name": name, "form": form, "label": label, "table": table, "column": column.name}
    if column.kind is Kind.CODE:
        field_type = "radio" if len(column.codes) <= 5 else "dropdown"
        choices = tuple((code, _readable(code)) for code in column.codes)
        return RedcapField(field_type=field_type, choices=choices, **common)  # type: ignore[arg-type]
    if column.kind is Kind.LEVELS:
        choices = tuple((code, code) for code in column.codes)
        return RedcapField(field_type="checkbox", choices=choices, **common)  # type: ignore[arg-type]
    if column.kind is Kind.BOOLEAN:
        return RedcapField(field_type="yesno", choices=_YESNO, **common)  # type: ignore[arg-type]
    if column.kind is Kind.INTEGER and column.integers:
        choices = tuple((str(value), str(value)) for value in column.integers)
        return RedcapField(field_type="dropdown", choices=choices, **common)  # type: ignore[arg-type]
    if column.kind in (Kind.INTEGER, Kind.NUMBER):
        return RedcapField(
            field_type="text",
            validation="integer" if column.kind is Kind.INTEGER else "number",
            minimum=_number(column.minimum),
            maximum=_number(column.maximum),
            **common,  # type: ignore[arg-type]
        )
    if column.kind is Kind.DATE:
        return RedcapField(field_type="text", validation="date_ymd", **common)  # type: ignore[arg-type]
    field_type = "notes" if column.name == "detail" else "text"
    return RedcapField(field_type=field_type, **common)  # type: ignore[arg-type]


def _specific_choices(column: Column) -> tuple[tuple[str, str], ...] | None:
    """Choice labels from an instrument spec where the cohort column is that item."""
    if column.name.startswith("sins_"):
        item = get_spec("sins").item(column.name[len("sins_") :])
    elif column.name == "escc_grade":
        item = get_spec("bilsky").item("escc_grade")
    elif column.name == "grade":
        item = get_spec("clavien_dindo").item("grade")
    else:
        return None
    return tuple((str(choice.code), choice.label) for choice in item.choices)


def _table_fields(table: Target, form: str) -> list[RedcapField]:
    fields = []
    prefix = _PREFIX.get(table, "")
    for column in TABLES[table]:
        if column.name == "patient_id" and table != "patients":
            continue  # the record id links every form to its patient
        name = column.name if table == "patients" else prefix + column.name.removeprefix(prefix)
        field = _column_field(column, table, form, name)
        choices = _specific_choices(column)
        if choices is not None:
            field = replace(field, choices=choices)
        if column.name == "death_date":
            field = replace(field, branching="[vital_status] = 'dead'")
        if column.required and column.name != "patient_id":
            field = replace(field, required=True)
        fields.append(field)
    if table == "patients":
        fields.insert(
            1,
            RedcapField(
                "synthetic",
                "patient",
                "yesno",
                _LABELS["synthetic"],
                "patients",
                "synthetic",
                choices=_YESNO,
                note="Set only for generated demonstration data; never mix with patient data.",
            ),
        )
    return fields


def item_field_name(spec: InstrumentSpec, item: Item) -> str:
    """The REDCap field of an instrument item: ``<code>_<item>``, or ``<code>_score`` for a
    one-item instrument whose item has the instrument's name (``vas_score``, ``kps_score``)."""
    return f"{spec.code}_score" if item.name == spec.code else f"{spec.code}_{item.name}"


def _choice_code(code: object) -> str:
    if isinstance(code, bool):
        return "1" if code else "0"
    return str(code)


def _item_field(spec: InstrumentSpec, item: Item) -> RedcapField:
    common = {
        "name": item_field_name(spec, item),
        "form": spec.code,
        "label": item.label,
        "table": "assessments",
        "column": item.name,
        "instrument": spec.code,
    }
    if item.kind is ItemKind.BOOLEAN:
        return RedcapField(field_type="yesno", choices=_YESNO, **common)  # type: ignore[arg-type]
    if item.choices:
        choices = tuple((_choice_code(choice.code), choice.label) for choice in item.choices)
        field_type = "radio" if len(choices) <= 6 else "dropdown"
        return RedcapField(field_type=field_type, choices=choices, **common)  # type: ignore[arg-type]
    return RedcapField(
        field_type="text",
        validation="integer" if item.kind is ItemKind.INTEGER else "number",
        minimum=_number(item.minimum),
        maximum=_number(item.maximum),
        **common,  # type: ignore[arg-type]
    )


def _points_expression(spec: InstrumentSpec, item: Item) -> str:
    """REDCap expression for the points of one item (blank when the item is blank)."""
    name = item_field_name(spec, item)
    if item.kind is ItemKind.BOOLEAN:
        points = {bool(choice.code): choice.points or 0 for choice in item.choices}
        if points == {True: 1, False: 0}:
            return f"[{name}]"
        return f"if([{name}] = '1', {points.get(True, 0)}, {points.get(False, 0)})"
    if all(
        isinstance(choice.code, int) and choice.points == choice.code for choice in item.choices
    ):
        return f"[{name}]"  # the value is its points (Barthel)
    expression = "''"
    for choice in reversed(item.choices):
        expression = f"if([{name}] = '{_choice_code(choice.code)}', {choice.points}, {expression})"
    return expression


def calc_formula(spec: InstrumentSpec) -> str:
    """The REDCap calculation of a summed instrument's total.

    Blank unless every counted item is filled: REDCap leaves an arithmetic calculation blank
    when a field in it is blank (its ``sum()`` would add the filled ones, a total spinemet never
    guesses). Coded items contribute their points through nested ``if()``.
    """
    counted = [item for item in spec.items if item.counts and item.required]
    return " + ".join(f"({_points_expression(spec, item)})" for item in counted)


def _instrument_fields(
    spec: InstrumentSpec, visit_choices: tuple[tuple[str, str], ...]
) -> list[RedcapField]:
    form = spec.code
    fields = [
        RedcapField(
            f"{form}_visit",
            form,
            "dropdown",
            "Visit",
            "assessments",
            "visit",
            choices=visit_choices,
            instrument=spec.code,
            note="Classic projects only; in a longitudinal project the event is the visit.",
        ),
        RedcapField(
            f"{form}_date",
            form,
            "text",
            "Date of the assessment",
            "assessments",
            "date",
            validation="date_ymd",
            instrument=spec.code,
        ),
    ]
    fields += [_item_field(spec, item) for item in spec.items]
    if spec.scoring is Scoring.SUM:
        first = item_field_name(spec, spec.items[0])
        low, high = spec.total_range or (None, None)
        fields.append(
            RedcapField(
                f"{form}_total",
                form,
                "calc",
                f"{spec.name}: total",
                "assessments",
                "total",
                calculation=calc_formula(spec),
                instrument=spec.code,
                note="Calculated from the items; blank until every item is filled.",
            )
        )
        fields.append(
            RedcapField(
                f"{form}_total_given",
                form,
                "text",
                f"{spec.name}: total as recorded (only when the items were not recorded)",
                "assessments",
                "total_given",
                validation="integer" if float(high or 0).is_integer() else "number",
                minimum=_number(low),
                maximum=_number(high),
                branching=f"[{first}] = ''",
                instrument=spec.code,
            )
        )
    return fields


@cache
def _fields(schedule: VisitSchedule) -> tuple[RedcapField, ...]:
    visit_choices = tuple((code, code) for code in schedule.codes)
    fields: list[RedcapField] = _table_fields("patients", "patient")
    for table in _TABLE_FORMS:
        fields += _table_fields(table, table)  # type: ignore[arg-type]
    for spec in INSTRUMENTS.values():
        fields += _instrument_fields(spec, visit_choices)
    return tuple(fields)


def project_fields(schedule: VisitSchedule = DEFAULT_SCHEDULE) -> tuple[RedcapField, ...]:
    """Every field of the project, record id first, in form order."""
    _check_visit_codes(schedule)
    return _fields(schedule)


def redcap_metadata(schedule: VisitSchedule = DEFAULT_SCHEDULE) -> list[dict[str, str]]:
    """The project's fields as REDCap's metadata export (``content=metadata``) returns them.

    One dict per field with the keys of :data:`METADATA_KEYS`; ``<form>_complete`` fields are
    not listed (REDCap adds them to every form itself).

    Examples
    --------
    >>> fields = {field["field_name"]: field for field in redcap_metadata()}
    >>> fields["patient_id"]["form_name"], fields["sex"]["select_choices_or_calculations"]
    ('patient', 'female, Female | male, Male')
    """
    return [field.metadata() for field in project_fields(schedule)]


def _check_visit_codes(schedule: VisitSchedule) -> None:
    reserved = {ENROLMENT_EVENT, UNSCHEDULED_EVENT}
    clash = [code for code in schedule.codes if code in reserved]
    if clash:
        raise CohortError(
            "schedule.visits.code",
            clash[0],
            f"a visit code other than {ENROLMENT_EVENT!r} and {UNSCHEDULED_EVENT!r} "
            "(the REDCap project's own events)",
            "reserved_code",
        )


def unique_event_name(event: str, arm: int = 1) -> str:
    """REDCap's unique name of an event: the label lower-cased, other characters as ``_``,
    at most 18 characters, then ``_arm_<n>``.

    Examples
    --------
    >>> unique_event_name("m3"), unique_event_name("Enrolment")
    ('m3_arm_1', 'enrolment_arm_1')
    """
    stem = re.sub(r"[^a-z0-9]+", "_", event.lower()).strip("_")[:18]
    return f"{stem}_arm_{arm}"


def redcap_events(schedule: VisitSchedule = DEFAULT_SCHEDULE) -> list[dict[str, object]]:
    """The events of the longitudinal project (``content=event``): enrolment, one per visit
    (``day_offset`` the target day, ``offset_min``/``offset_max`` the window around it), and
    unscheduled.

    Examples
    --------
    >>> [event["unique_event_name"] for event in redcap_events()][:3]
    ['enrolment_arm_1', 'preop_arm_1', 'd7_arm_1']
    >>> m3 = redcap_events()[3]
    >>> m3["day_offset"], m3["offset_min"], m3["offset_max"]
    (91, 14, 14)
    """
    _check_visit_codes(schedule)
    events: list[dict[str, object]] = [_event(ENROLMENT_EVENT, 0, 0, 0)]
    for visit in schedule.visits:
        events.append(
            _event(
                visit.code,
                visit.target_day,
                visit.target_day - visit.window_low_day,
                visit.window_high_day - visit.target_day,
            )
        )
    events.append(_event(UNSCHEDULED_EVENT, 0, 0, 0))
    return events


def _event(name: str, day: int, low: int, high: int) -> dict[str, object]:
    return {
        "event_name": name,
        "arm_num": 1,
        "unique_event_name": unique_event_name(name),
        "custom_event_label": "",
        "day_offset": day,
        "offset_min": low,
        "offset_max": high,
    }


def redcap_form_event_mapping(
    schedule: VisitSchedule = DEFAULT_SCHEDULE,
) -> list[dict[str, object]]:
    """Which form is collected at which event (``content=formEventMapping``).

    The patient and its repeating tables at enrolment; every instrument form at every visit
    and (repeating) at the unscheduled event.

    Examples
    --------
    >>> mapping = redcap_form_event_mapping()
    >>> mapping[0]
    {'arm_num': 1, 'unique_event_name': 'enrolment_arm_1', 'form': 'patient'}
    """
    _check_visit_codes(schedule)
    rows = [
        {"arm_num": 1, "unique_event_name": unique_event_name(ENROLMENT_EVENT), "form": form}
        for form in ("patient", *_TABLE_FORMS)
    ]
    for event in (*schedule.codes, UNSCHEDULED_EVENT):
        rows += [
            {"arm_num": 1, "unique_event_name": unique_event_name(event), "form": code}
            for code in INSTRUMENTS
        ]
    return rows


def redcap_repeating_forms_events(
    schedule: VisitSchedule = DEFAULT_SCHEDULE, *, longitudinal: bool = True
) -> list[dict[str, str]]:
    """The repeating instruments (``content=repeatingFormsEvents``): lesions, procedures and
    complications at enrolment, and every instrument form at the unscheduled event (classic
    projects: all of them, without an event)."""
    _check_visit_codes(schedule)
    if not longitudinal:
        return [
            {"form_name": form, "custom_form_label": ""} for form in (*_TABLE_FORMS, *INSTRUMENTS)
        ]
    enrolment = unique_event_name(ENROLMENT_EVENT)
    unscheduled = unique_event_name(UNSCHEDULED_EVENT)
    return [
        {"event_name": enrolment, "form_name": form, "custom_form_label": ""}
        for form in _TABLE_FORMS
    ] + [
        {"event_name": unscheduled, "form_name": code, "custom_form_label": ""}
        for code in INSTRUMENTS
    ]
