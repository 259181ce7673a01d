"""Readable, translatable names of the registry's codes and fields as the pages show them.

The codes themselves (field names, statuses) are the tidy cohort's and stay as they are in
data, the API and exports; only their display is translated here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

__all__ = [
    "CHOICE_LABELS",
    "CODE_LABELS",
    "FIELD_LABELS",
    "STATUS_LABELS",
    "code_text",
    "field_label",
    "status_label",
]

FIELD_LABELS = {
    "study_id": _("Study id"),
    "site": _("Site"),
    "sex": _("Sex"),
    "age": _("Age (years)"),
    "primary_tumor": _("Primary tumour"),
    "index_date": _("Index date"),
    "last_contact_date": _("Last contact"),
    "vital_status": _("Vital status"),
    "death_date": _("Date of death"),
    "kps": _("Karnofsky performance status"),
    "ecog": _("ECOG performance status"),
    "frankel": _("Frankel grade"),
    "asia": _("ASIA impairment scale"),
    "neurological_symptoms": _("Neurological symptoms"),
    "ambulatory": _("Ambulatory"),
    "visceral_metastases": _("Visceral metastases"),
    "extraspinal_bone_metastases": _("Extraspinal bone metastases (number)"),
    "spinal_metastases": _("Spinal metastases (number)"),
    "life_expectancy_months": _("Life expectancy (months)"),
    "fit_for_open_surgery": _("Fit for open surgery"),
    "fit_for_general_anaesthesia": _("Fit for general anaesthesia"),
    "refuses_open_surgery": _("Refuses open surgery"),
    "osteoporosis": _("Osteoporosis"),
    "systemic_therapy_available": _("Systemic therapy available"),
    "follow_up": _("Follow-up"),
    # lesions, procedures, complications (the SINS items are labelled by the SINS spec)
    "level": _("Level"),
    "index": _("Index lesion"),
    "lesion_type": _("Lesion type"),
    "collapse_percent": _("Vertebral body collapse (%)"),
    "posterior_wall_intact": _("Posterior wall intact"),
    "retropulsion": _("Retropulsion"),
    "pedicle_involvement": _("Pedicle involvement"),
    "escc_grade": _("Epidural spinal cord compression (Bilsky grade)"),
    "date": _("Date"),
    "type": _("Type"),
    "screw_levels": _("Screw levels"),
    "cement_levels": _("Cemented levels"),
    "cement_ml": _("Cement volume (ml)"),
    "operative_minutes": _("Operative time (minutes)"),
    "blood_loss_ml": _("Blood loss (ml)"),
    "length_of_stay_days": _("Length of stay (days)"),
    "grade": _("Clavien-Dindo grade"),
    "detail": _("Detail"),
    "resolved": _("Resolved"),
    # decision-case findings the cohort does not hold (kept in case_fields; docs/case.md)
    "radiosensitivity": _("Radiosensitivity (overrides the primary tumour's group)"),
    "deficit_new_or_progressive": _("Neurological deficit new or progressive"),
    "deficit_onset_hours": _("Hours since the deficit began or last worsened"),
    "paraplegia_hours": _("Hours since loss of all motor function"),
    "life_expectancy_source": _("Source of the life-expectancy estimate"),
    "refuses_surgery": _("Refuses every procedure, percutaneous included"),
    "coagulopathy_uncorrectable": _("Coagulopathy that cannot be corrected"),
    "anticoagulation": _("On anticoagulant or antiplatelet therapy"),
    "active_infection": _("Active infection"),
    "pmma_allergy": _("Allergy to bone cement (PMMA)"),
    "body_involvement": _("Tumour in the vertebral body"),
}

# The answers of the decision-case findings, by field (the same code can mean different things
# in two fields: "none" of a body involvement is "posterior elements only").
CHOICE_LABELS = {
    "radiosensitivity": {
        "radiosensitive": _("radiosensitive"),
        "radioresistant": _("radioresistant"),
    },
    "active_infection": {
        "none": _("none"),
        "systemic": _("systemic"),
        "local_at_site": _("local, at the surgical site"),
    },
    "body_involvement": {
        "none": _("none (posterior elements only)"),
        "le_50": _("up to half of the body"),
        "gt_50": _("more than half of the body"),
    },
}

# The cohort's codes that neither the report's labels (spinemet.analysis.labels.CODES) nor the
# decision output's option names (spinemet.decision.texts.OPTION_NAMES) name: shown by these.
CODE_LABELS = {
    "lytic": _("lytic"),
    "blastic": _("blastic"),
    "mixed": _("mixed"),
    "left": _("left"),
    "right": _("right"),
    "bilateral": _("bilateral"),
    "en_bloc": _("En bloc resection"),
    "radiotherapy": _("Radiotherapy"),
    "biopsy": _("Biopsy"),
    "wound_dehiscence": _("Wound dehiscence"),
    "haematoma": _("Haematoma"),
    "dural_tear": _("Dural tear"),
    "screw_malposition": _("Screw malposition"),
    "implant_failure": _("Implant failure"),
    "adjacent_fracture": _("Adjacent vertebral fracture"),
    "pulmonary_embolism": _("Pulmonary embolism"),
    "deep_vein_thrombosis": _("Deep vein thrombosis"),
    "urinary_tract_infection": _("Urinary tract infection"),
    "alive": _("alive"),
    "dead": _("dead"),
}

STATUS_LABELS = {
    "upcoming": _("upcoming"),
    "due": _("due"),
    "overdue": _("overdue"),
    "done": _("done"),
    "missed": _("missed"),
    "not_applicable": _("not applicable"),
    "open": _("open"),
    "answered": _("answered"),
    "closed": _("closed"),
}


def field_label(name: str) -> str:
    """The translated label of a field (its code when none is declared)."""
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else name.replace("_", " ")


def status_label(status: str) -> str:
    """The translated name of a visit or query status."""
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


def code_text(code: object, field: str | None = None) -> str:
    """A cohort code as the pages show it, in the session's language: the field's own answer
    label (:data:`CHOICE_LABELS`), else the report's label of the code (the Table 1 word:
    ``breast`` -> "Breast"), else the decision output's name of a treatment, else
    :data:`CODE_LABELS`; the code itself where none names it (a level, a grade). The code
    stays what the data, the API and the exports hold."""
    text = str(code)
    if field is not None and text in CHOICE_LABELS.get(field, {}):
        return str(CHOICE_LABELS[field][text])
    if text in CODE_LABELS:
        return str(CODE_LABELS[text])
    from spinemet._i18n import _ as report_gettext
    from spinemet._i18n import language
    from spinemet.analysis.labels import CODES, code_label
    from spinemet.decision.texts import OPTION_NAMES
    from spinemet.registry.web.decision_view import report_language

    if text not in CODES and text not in OPTION_NAMES:
        return text
    with language(report_language()):
        return code_label(text) if text in CODES else report_gettext(OPTION_NAMES[text])
