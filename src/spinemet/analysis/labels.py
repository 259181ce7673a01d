"""What a journal table calls a variable or a code: labels, not snake_case codes.

Instrument names come from the instrument specs; the cohort's patient fields and codes from
the table below. Every label is an English msgid of the gettext catalogue, so the Chinese
report (``--lang zh-Hans``) translates it (:mod:`spinemet._i18n`).
"""

from __future__ import annotations

from spinemet._i18n import _

__all__ = ["code_label", "structure_label", "variable_label"]

# The patient fields of the tidy cohort (docs/cohort.md) and the derived Table 1 rows.
VARIABLES = {
    "n": "Patients, n",
    "sex": "Sex",
    "age": "Age, years",
    "site": "Site",
    "primary_tumor": "Primary tumour",
    "kps": "Karnofsky performance status",
    "ecog": "ECOG performance status",
    "frankel": "Frankel grade",
    "asia": "ASIA Impairment Scale",
    "neurological_symptoms": "Neurological symptoms",
    "ambulatory": "Ambulatory",
    "visceral_metastases": "Visceral metastases",
    "extraspinal_bone_metastases": "Extraspinal bone metastases, n",
    "spinal_metastases": "Spinal metastases, n",
    "life_expectancy_months": "Expected survival, months",
    "fit_for_open_surgery": "Fit for open surgery",
    "fit_for_general_anaesthesia": "Fit for general anaesthesia",
    "refuses_open_surgery": "Refuses open surgery",
    "osteoporosis": "Osteoporosis",
    "systemic_therapy_available": "Systemic therapy available",
    "n_involved_vertebrae": "Involved vertebrae, n",
    "index_region": "Index level region",
    "sins_total": "SINS total",
    "sins_band": "SINS band",
    "escc_grade": "ESCC (Bilsky) grade",
    "tokuhashi_revised_total": "Revised Tokuhashi score",
    "tokuhashi_revised_band": "Revised Tokuhashi band",
    "tomita_total": "Tomita score",
    "tomita_band": "Tomita band",
}

CODES = {
    "female": "Female",
    "male": "Male",
    "breast": "Breast",
    "prostate": "Prostate",
    "thyroid": "Thyroid",
    "kidney": "Kidney",
    "uterus": "Uterus",
    "lung_nsclc": "Lung (NSCLC)",
    "lung_sclc": "Lung (SCLC)",
    "liver": "Liver",
    "stomach": "Stomach",
    "colon": "Colon",
    "rectum": "Rectum",
    "esophagus": "Oesophagus",
    "pancreas": "Pancreas",
    "bladder": "Bladder",
    "gallbladder": "Gallbladder",
    "ovary": "Ovary",
    "neuroendocrine": "Neuroendocrine",
    "melanoma": "Melanoma",
    "sarcoma": "Sarcoma",
    "myeloma": "Myeloma",
    "lymphoma": "Lymphoma",
    "leukemia": "Leukaemia",
    "germ_cell": "Germ cell",
    "unknown_primary": "Unknown primary",
    "other": "Other",
    "none": "None",
    "removable": "Removable",
    "unremovable": "Unremovable",
    "True": "Yes",
    "False": "No",
    "true": "Yes",
    "false": "No",
    "cervical": "Cervical",
    "thoracic": "Thoracic",
    "lumbar": "Lumbar",
    "sacral": "Sacral",
    "stable": "Stable (0-6)",
    "indeterminate": "Indeterminate (7-12)",
    "unstable": "Unstable (13-18)",
    "ppsf_pvp": "PPSF + PVP",
    "ppsf": "PPSF",
    "pvp": "PVP",
    "pkp": "PKP",
    "infection": "Infection",
    "screw_loosening": "Screw loosening",
    "cement_leakage": "Cement leakage",
    "neurological_deterioration": "Neurological deterioration",
    "pneumonia": "Pneumonia",
    "any": "Any complication",
    "ungraded": "Not graded",
}

_STATISTICS = {
    "n (%)": "n (%)",
    "mean (SD)": "mean (SD)",
    "median [Q1,Q3]": "median [Q1, Q3]",
}


def variable_label(name: str) -> str:
    """``"age, mean (SD)"`` -> ``"Age, years, mean (SD)"`` (translated).

    Examples
    --------
    >>> variable_label("age, mean (SD)"), variable_label("vas"), variable_label("bmi")
    ('Age, years, mean (SD)', 'Visual analogue scale for pain (0-10)', 'bmi')
    """
    base, _sep, statistic = name.partition(", ")
    from spinemet.instruments import INSTRUMENTS, get_spec

    if base in VARIABLES:
        label = _(VARIABLES[base])
    elif base in INSTRUMENTS:
        label = _(get_spec(base).name)
    else:
        label = base
    if statistic:
        label += ", " + _(_STATISTICS.get(statistic, statistic))
    return label


def _band_labels() -> dict[str, tuple[str, str]]:
    """Band code -> (the instrument's own label, its range) of the prognostic scores."""
    from spinemet.analysis.spine import PROGNOSTIC_SCORES
    from spinemet.instruments import get_spec

    return {
        band.code: (band.interpretation, f"{band.low:g}-{band.high:g}")
        for code in PROGNOSTIC_SCORES
        for band in get_spec(code).bands
    }


def code_label(code: object) -> str:
    """A code as a table prints it (``lung_nsclc`` -> ``Lung (NSCLC)``), translated.

    A band of the revised Tokuhashi or Tomita score reads as the instrument's own label with
    its range (``lt_6_months`` -> ``0-8: predicted survival < 6 months: ...``); tableone's
    level ``None`` (missing values) reads "Missing".
    """
    text = str(code)
    if text == "None":  # tableone's level for missing values (codes are lower case)
        return _("Missing")
    if text in CODES:
        return _(CODES[text])
    bands = _band_labels()
    if text in bands:
        label, points = bands[text]
        return f"{points}: {_(label)}"
    return text


def structure_label(name: str) -> str:
    """The MMRM's covariance structure (``compound_symmetry``) as the report names it."""
    labels = {"unstructured": _("unstructured"), "compound_symmetry": _("compound symmetry")}
    return labels.get(name, name.replace("_", " "))
