"""The decision output's own words: one sentence per warning and flag code of
domain/decision.md §3.4, the names of the options, ratings and roles, and the templates of the
texts that carry a value.

The sentence is what the code means for the team; the output uses it wherever the rule that
gave the code has no text of its own for it, and the text and Markdown case notes lead with it.
A test checks that every code has one.

Every text is marked with ``N_`` (no-op: the output carries the English text, the msgid) and is
translated only when rendered (:mod:`spinemet.decision.localize`). A text with a value is a
template with named placeholders (``%(grade)s``), filled after translation, so a translator
never sees a number or a level.
"""

from __future__ import annotations

from spinemet.decision.codes import FlagCode, WarningCode
from spinemet.instruments._i18n import N_

__all__ = [
    "BASIS_NAMES",
    "FLAG_SENTENCES",
    "OPTION_NAMES",
    "RATING_NAMES",
    "ROLE_NAMES",
    "TEMPLATES",
    "WARNING_SENTENCES",
    "sentence",
]

W = WarningCode
F = FlagCode

OPTION_NAMES: dict[str, str] = {
    "conventional_radiotherapy": N_("Conventional external-beam radiotherapy"),
    "sbrt": N_("Stereotactic body radiotherapy (SBRT)"),
    "pvp": N_("Percutaneous vertebroplasty"),
    "pkp": N_("Percutaneous kyphoplasty"),
    "ppsf_pvp": N_("Percutaneous pedicle screw fixation with vertebroplasty"),
    "ppsf": N_("Percutaneous pedicle screw fixation"),
    "separation_surgery": N_("Separation surgery"),
    "open_decompression_fixation": N_("Open decompression and fixation"),
    "en_bloc_resection": N_("En bloc resection"),
    "best_supportive_care": N_("Best supportive care"),
}
"""Option code -> its name (domain/decision.md §3.1); the code never changes with the language."""

RATING_NAMES: dict[str, str] = {
    "recommended": N_("recommended"),
    "consider": N_("consider"),
    "not_advised": N_("not advised"),
}
ROLE_NAMES: dict[str, str] = {"primary": N_("primary"), "adjuvant": N_("adjuvant")}
BASIS_NAMES: dict[str, str] = {
    # how a patient score's total was obtained (``scores.<name>.basis`` of the output)
    "computed": N_("computed from its items"),
    "given": N_("total as given, without its items"),
}
RADIOSENSITIVITY_NAMES: dict[str, str] = {
    "radiosensitive": N_("radiosensitive"),
    "radioresistant": N_("radioresistant"),
    "not classified": N_("not classified"),
}

# Texts with values (input warnings of §1.2, the radiosensitivity override of §1.1, the
# missing inputs): templates with named placeholders, filled after translation.
DEFICIT_WITHOUT_DEFICIT = N_(
    "The deficit is recorded as new or progressive (deficit_new_or_progressive), but no "
    "neurological deficit is (grade %(grade)s, neurological_symptoms not true): re-grade the "
    "patient. The urgency flag is not given while no deficit is recorded."
)
FRANKEL_AMBULATORY = N_(
    "Frankel %(grade)s (no useful motor function) is recorded with ambulatory = true: check "
    "both. Frankel is read as entered; ambulatory is read by no rule."
)
KPS_ECOG = N_(
    "KPS %(kps)s corresponds to ECOG %(expected)s (conventional mapping), but ECOG %(ecog)s is "
    "recorded: a difference of 2 or more grades. KPS is the one the rules read."
)
INDEX_SEGMENTS = N_(
    "The index lesions form %(count)s separate segments (%(segments)s): the ratings treat them "
    "together (the predicates take the worst lesion); each segment needs its own decision, and "
    "a construct plan covers only one."
)
RADIOSENSITIVITY_OVERRIDE = N_(
    "%(reason)s (Radiosensitivity set for this patient: %(group)s; the default for %(primary)s "
    "is %(default)s.)"
)
MISSING_INPUT = N_("%(field)s unknown: %(changes)s")
MISSING_INPUT_CHANGE = N_("%(values)s would change the top option to %(options)s")
NO_SUPPORTED_TOP = N_("none (no supported option)")

TEMPLATES: tuple[str, ...] = (
    DEFICIT_WITHOUT_DEFICIT,
    FRANKEL_AMBULATORY,
    KPS_ECOG,
    INDEX_SEGMENTS,
    RADIOSENSITIVITY_OVERRIDE,
)
"""The templates a finished English text of the output may have been made from (the missing
inputs are rebuilt from their structured fields instead)."""
TRANSLATED_PARAMETERS = frozenset({"reason", "group", "default"})
"""Placeholders whose value is itself a text of the output (translated too); the others hold
codes, levels and numbers, which stay as they are."""

WARNING_SENTENCES: dict[str, str] = {
    W.INDEX_LESIONS_INFERRED: N_(
        "No lesion was flagged as index: the engine took the highest-SINS lesion(s) (ties: "
        "highest ESCC grade)."
    ),
    W.DEFICIT_PROGRESSION_WITHOUT_DEFICIT: N_(
        "The deficit is recorded as new or progressive, but no neurological deficit is graded: "
        "re-grade the patient."
    ),
    W.FRANKEL_AMBULATORY_INCONSISTENT: N_(
        "Frankel A-C (no useful motor function) is recorded together with ambulatory = true: "
        "check both; Frankel is read as entered."
    ),
    W.KPS_ECOG_INCONSISTENT: N_(
        "KPS and ECOG differ by two or more grades of the conventional mapping: check both; KPS "
        "is the one read."
    ),
    W.MULTIPLE_INDEX_SEGMENTS: N_(
        "The index lesions form more than one segment: the ratings treat them together, each "
        "segment needs its own decision, and a construct plan covers only one."
    ),
    W.INFORMED_REFUSAL: N_(
        "The patient's informed refusal is applied: the refused options are not advised "
        "whatever other rules conclude (their raises stay visible as overridden)."
    ),
    W.NO_PERCUTANEOUS_CONSTRUCT: N_(
        "No percutaneous construct with an anchor above and below the index segment can be "
        "built within T1-S1: percutaneous screw fixation is not advised."
    ),
    W.LUMBOPELVIC_FIXATION: N_(
        "Fixation must reach the pelvis (iliac or S2-alar-iliac screws): open lumbopelvic "
        "fixation is outside the percutaneous technique."
    ),
    W.NO_BODY_LESION_NO_CEMENT: N_(
        "Disease is confined to the posterior elements: there is no vertebral-body lesion to "
        "take cement."
    ),
    W.BODY_INVOLVEMENT_UNKNOWN: N_(
        "Involvement of the vertebral body is not stated and cannot be derived: the vertebra is "
        "not a cement target until body_involvement is recorded."
    ),
    W.PROGNOSTIC_SCORE_DISCORDANT: N_(
        "The clinician's survival estimate and the prognostic score band disagree: the estimate "
        "is used and the band's effects are not applied."
    ),
    W.PROGNOSTIC_SCORE_MAY_UNDERESTIMATE_SURVIVAL: N_(
        "Tokuhashi and Tomita may underestimate survival in lung cancer treated with targeted "
        "or immune therapy: give the clinician's estimate, which takes precedence."
    ),
    W.COLLAPSE_EXACTLY_50: N_(
        "Collapse of exactly 50 %: SINS does not define this value; check the "
        "vertebral_body_collapse item."
    ),
    W.HISTOLOGY_RADIOSENSITIVITY_UNKNOWN: N_(
        "The radiosensitivity of this primary is not classified: the NOMS oncologic rules "
        "cannot be applied (set patient.radiosensitivity)."
    ),
    W.ESCC_1C_GREY_ZONE: N_(
        "ESCC 1c (the tumour abuts the cord): no cement into that vertebra, and the "
        "radiotherapy plan must respect the cord dose constraint."
    ),
    W.DEFICIT_NOT_EXPLAINED_BY_ESCC: N_(
        "The neurological deficit is not explained by the graded epidural compression: re-check "
        "the imaging and other causes before fixation."
    ),
    W.OUTSIDE_PATCHELL_POPULATION: N_(
        "The case is outside the Patchell trial population: open surgery is not raised on "
        "Patchell's evidence."
    ),
    W.LEVEL_OUTSIDE_T1_L5: N_(
        "An index lesion lies outside T1-L5, the levels the seed study treated: percutaneous "
        "fixation is at most to be considered."
    ),
    W.CERVICAL_OUTSIDE_PERCUTANEOUS_SCOPE: N_(
        "Cervical index lesion: percutaneous pedicle screws are not a standard cervical "
        "technique; discuss open anterior or posterior stabilisation."
    ),
    W.COAGULOPATHY_NO_INVASIVE: N_("Uncorrectable coagulopathy: no invasive procedure."),
    W.INFECTION_AT_SITE_NO_INVASIVE: N_(
        "Infection at the puncture or operative site or of the vertebra: no invasive procedure."
    ),
    W.BIOPSY_CULTURE_TO_EXCLUDE_INFECTION: N_(
        "The lesion may be spondylodiscitis rather than, or as well as, tumour: biopsy and culture."
    ),
    W.SYSTEMIC_INFECTION_DEFER_INVASIVE: N_(
        "Systemic infection: defer invasive procedures until it is treated (not now, rather "
        "than never)."
    ),
    W.RETROPULSION_UNKNOWN: N_(
        "Retropulsion has not been assessed: the vertebra is not a cement target until CT has "
        "assessed it."
    ),
    W.POSTERIOR_WALL_BREACH_CEMENT_LEAKAGE_RISK: N_(
        "The posterior wall is breached: cement leakage risk (relative contraindication: "
        "experienced operator, high-viscosity cement, careful delivery)."
    ),
    W.PERIPROCEDURAL_ANTICOAGULATION_MANAGEMENT: N_(
        "Therapeutic anticoagulation or antiplatelet therapy: plan its periprocedural management."
    ),
    W.PROGNOSTIC_SCORE_NOT_VALIDATED_FOR_HISTOLOGY: N_(
        "The prognostic scores are not validated for this histology (haematological "
        "malignancy): read the bands with caution."
    ),
    W.REIRRADIATION_CORD_TOLERANCE: N_(
        "The level was irradiated before: radiation oncology must check the cumulative spinal "
        "cord dose."
    ),
    W.NO_SUPPORTED_OPTION: N_(
        "No option is recommended or to be considered by this rule set: multidisciplinary "
        "discussion."
    ),
    W.NO_ANCHOR_ON_ONE_SIDE: N_(
        "No anchor level can be placed on one side of the index segment: no construct plan is "
        "produced."
    ),
    W.EPIDURAL_DISEASE_NO_CEMENT: N_(
        "Epidural disease (ESCC 1b or worse): no cement into this vertebra."
    ),
    W.RETROPULSION_NO_CEMENT: N_("Retropulsed fragment: no cement into this vertebra."),
    W.BLASTIC_NO_CEMENT: "Blastic lesion: no cement planned.",
    W.NO_CEMENT_TARGET: N_(
        "No index vertebra is a safe cement target: screws without cement (ppsf)."
    ),
    W.BONE_QUALITY_UNKNOWN: N_(
        "Bone quality (osteoporosis) is not recorded: the construct length is not adjusted for it."
    ),
    W.NON_CONTIGUOUS_INDEX_LESIONS: N_(
        "The index lesions are not contiguous: the plan covers the run with the highest-SINS "
        "lesion."
    ),
    W.PEDICLE_DESTROYED_SKIP_EXTEND: N_(
        "Both pedicles are destroyed at this level: it is skipped and the construct extended by "
        "one level."
    ),
    W.UNILATERAL_PEDICLE_INVOLVEMENT: N_(
        "One pedicle is involved at this level: it is not a bilateral anchor (a contralateral "
        "screw may be placed)."
    ),
    W.ANCHOR_IN_INVOLVED_VERTEBRA: N_(
        "An anchor lies in an involved vertebra with intact pedicles."
    ),
    W.ANCHOR_RANGE_EXCEEDED: N_(
        "The construct would need a level outside T1-S1: cervical or pelvic fixation is outside "
        "the seed technique; consider an open construct."
    ),
    W.S1_ANCHOR: N_(
        "S1 anchor: percutaneous S1 screws are routine; consider iliac or pelvic extension."
    ),
}

FLAG_SENTENCES: dict[str, str] = {
    F.SURGICAL_CONSULTATION: N_("Spinal instability score 7 or more: surgical consultation."),
    F.URGENT_MSCC: N_(
        "Cord compression with a deficit not recorded as stable: same-day spinal "
        "multidisciplinary review; operate within 24-48 h of onset where surgery is indicated, "
        "otherwise start radiotherapy without delay."
    ),
    F.DEXAMETHASONE: N_("Dexamethasone 16 mg/day pending definitive treatment, then taper."),
    F.TISSUE_BEFORE_STEROIDS: N_(
        "Primary unknown: obtain tissue before steroids if this does not delay neuroprotection "
        "(steroids can mask lymphoma)."
    ),
    F.SYSTEMIC_THERAPY_FIRST: N_(
        "Haematological or germ-cell tumour: urgent haematology/oncology review; systemic "
        "therapy first."
    ),
    F.TISSUE_DIAGNOSIS_REQUIRED: N_(
        "Tissue diagnosis required: CT-guided or intra-operative biopsy."
    ),
    F.RT_AFTER_CEMENT: N_(
        "Cement is not tumour control: radiotherapy remains indicated after vertebroplasty or "
        "kyphoplasty."
    ),
    F.PREOPERATIVE_EMBOLISATION: N_(
        "Hypervascular tumour: pre-operative embolisation before open surgery."
    ),
    F.OPTIONAL_INDEX_SCREWS: N_("Index-level pedicles intact: index-level screws are optional."),
    F.CONTIGUOUS_INVOLVED_LEVEL: N_(
        "An involved, painful vertebra inside the construct can take cement: it is cemented too."
    ),
    F.CONSIDER_CEMENT_AUGMENTED_SCREWS: N_(
        "Osteoporosis: consider cement-augmented (fenestrated) screws."
    ),
}


def sentence(code: str) -> str:
    """The sentence for a warning or flag code.

    >>> sentence("informed_refusal").startswith("The patient's informed refusal")
    True
    """
    return WARNING_SENTENCES.get(code) or FLAG_SENTENCES[code]
