"""One sentence per warning and flag code of domain/decision.md §3.4.

The sentence is what the code means for the team; the output uses it wherever the rule that
gave the code has no text of its own for it, and the text and Markdown case notes lead with it.
A test checks that every code has one.
"""

from __future__ import annotations

from spinemet.decision.codes import FlagCode, WarningCode

__all__ = ["FLAG_SENTENCES", "WARNING_SENTENCES", "sentence"]

W = WarningCode
F = FlagCode

WARNING_SENTENCES: dict[str, str] = {
    W.INDEX_LESIONS_INFERRED: (
        "No lesion was flagged as index: the engine took the highest-SINS lesion(s) (ties: "
        "highest ESCC grade)."
    ),
    W.DEFICIT_PROGRESSION_WITHOUT_DEFICIT: (
        "The deficit is recorded as new or progressive, but no neurological deficit is graded: "
        "re-grade the patient."
    ),
    W.FRANKEL_AMBULATORY_INCONSISTENT: (
        "Frankel A-C (no useful motor function) is recorded together with ambulatory = true: "
        "check both; Frankel is read as entered."
    ),
    W.KPS_ECOG_INCONSISTENT: (
        "KPS and ECOG differ by two or more grades of the conventional mapping: check both; KPS "
        "is the one read."
    ),
    W.MULTIPLE_INDEX_SEGMENTS: (
        "The index lesions form more than one segment: the ratings treat them together, each "
        "segment needs its own decision, and a construct plan covers only one."
    ),
    W.INFORMED_REFUSAL: (
        "The patient's informed refusal is applied: the refused options are not advised "
        "whatever other rules conclude (their raises stay visible as overridden)."
    ),
    W.NO_PERCUTANEOUS_CONSTRUCT: (
        "No percutaneous construct with an anchor above and below the index segment can be "
        "built within T1-S1: percutaneous screw fixation is not advised."
    ),
    W.LUMBOPELVIC_FIXATION: (
        "Fixation must reach the pelvis (iliac or S2-alar-iliac screws): open lumbopelvic "
        "fixation is outside the percutaneous technique."
    ),
    W.NO_BODY_LESION_NO_CEMENT: (
        "Disease is confined to the posterior elements: there is no vertebral-body lesion to "
        "take cement."
    ),
    W.BODY_INVOLVEMENT_UNKNOWN: (
        "Involvement of the vertebral body is not stated and cannot be derived: the vertebra is "
        "not a cement target until body_involvement is recorded."
    ),
    W.PROGNOSTIC_SCORE_DISCORDANT: (
        "The clinician's survival estimate and the prognostic score band disagree: the estimate "
        "is used and the band's effects are not applied."
    ),
    W.PROGNOSTIC_SCORE_MAY_UNDERESTIMATE_SURVIVAL: (
        "Tokuhashi and Tomita may underestimate survival in lung cancer treated with targeted "
        "or immune therapy: give the clinician's estimate, which takes precedence."
    ),
    W.COLLAPSE_EXACTLY_50: (
        "Collapse of exactly 50 %: SINS does not define this value; check the "
        "vertebral_body_collapse item."
    ),
    W.HISTOLOGY_RADIOSENSITIVITY_UNKNOWN: (
        "The radiosensitivity of this primary is not classified: the NOMS oncologic rules "
        "cannot be applied (set patient.radiosensitivity)."
    ),
    W.ESCC_1C_GREY_ZONE: (
        "ESCC 1c (the tumour abuts the cord): no cement into that vertebra, and the "
        "radiotherapy plan must respect the cord dose constraint."
    ),
    W.DEFICIT_NOT_EXPLAINED_BY_ESCC: (
        "The neurological deficit is not explained by the graded epidural compression: re-check "
        "the imaging and other causes before fixation."
    ),
    W.OUTSIDE_PATCHELL_POPULATION: (
        "The case is outside the Patchell trial population: open surgery is not raised on "
        "Patchell's evidence."
    ),
    W.LEVEL_OUTSIDE_T1_L5: (
        "An index lesion lies outside T1-L5, the levels the seed study treated: percutaneous "
        "fixation is at most to be considered."
    ),
    W.CERVICAL_OUTSIDE_PERCUTANEOUS_SCOPE: (
        "Cervical index lesion: percutaneous pedicle screws are not a standard cervical "
        "technique; discuss open anterior or posterior stabilisation."
    ),
    W.COAGULOPATHY_NO_INVASIVE: "Uncorrectable coagulopathy: no invasive procedure.",
    W.INFECTION_AT_SITE_NO_INVASIVE: (
        "Infection at the puncture or operative site or of the vertebra: no invasive procedure."
    ),
    W.BIOPSY_CULTURE_TO_EXCLUDE_INFECTION: (
        "The lesion may be spondylodiscitis rather than, or as well as, tumour: biopsy and culture."
    ),
    W.SYSTEMIC_INFECTION_DEFER_INVASIVE: (
        "Systemic infection: defer invasive procedures until it is treated (not now, rather "
        "than never)."
    ),
    W.RETROPULSION_UNKNOWN: (
        "Retropulsion has not been assessed: the vertebra is not a cement target until CT has "
        "assessed it."
    ),
    W.POSTERIOR_WALL_BREACH_CEMENT_LEAKAGE_RISK: (
        "The posterior wall is breached: cement leakage risk (relative contraindication: "
        "experienced operator, high-viscosity cement, careful delivery)."
    ),
    W.PERIPROCEDURAL_ANTICOAGULATION_MANAGEMENT: (
        "Therapeutic anticoagulation or antiplatelet therapy: plan its periprocedural management."
    ),
    W.PROGNOSTIC_SCORE_NOT_VALIDATED_FOR_HISTOLOGY: (
        "The prognostic scores are not validated for this histology (haematological "
        "malignancy): read the bands with caution."
    ),
    W.REIRRADIATION_CORD_TOLERANCE: (
        "The level was irradiated before: radiation oncology must check the cumulative spinal "
        "cord dose."
    ),
    W.NO_SUPPORTED_OPTION: (
        "No option is recommended or to be considered by this rule set: multidisciplinary "
        "discussion."
    ),
    W.NO_ANCHOR_ON_ONE_SIDE: (
        "No anchor level can be placed on one side of the index segment: no construct plan is "
        "produced."
    ),
    W.EPIDURAL_DISEASE_NO_CEMENT: (
        "Epidural disease (ESCC 1b or worse): no cement into this vertebra."
    ),
    W.RETROPULSION_NO_CEMENT: "Retropulsed fragment: no cement into this vertebra.",
    W.BLASTIC_NO_CEMENT: "Blastic lesion: no cement planned.",
    W.NO_CEMENT_TARGET: (
        "No index vertebra is a safe cement target: screws without cement (ppsf)."
    ),
    W.BONE_QUALITY_UNKNOWN: (
        "Bone quality (osteoporosis) is not recorded: the construct length is not adjusted for it."
    ),
    W.NON_CONTIGUOUS_INDEX_LESIONS: (
        "The index lesions are not contiguous: the plan covers the run with the highest-SINS "
        "lesion."
    ),
    W.PEDICLE_DESTROYED_SKIP_EXTEND: (
        "Both pedicles are destroyed at this level: it is skipped and the construct extended by "
        "one level."
    ),
    W.UNILATERAL_PEDICLE_INVOLVEMENT: (
        "One pedicle is involved at this level: it is not a bilateral anchor (a contralateral "
        "screw may be placed)."
    ),
    W.ANCHOR_IN_INVOLVED_VERTEBRA: "An anchor lies in an involved vertebra with intact pedicles.",
    W.ANCHOR_RANGE_EXCEEDED: (
        "The construct would need a level outside T1-S1: cervical or pelvic fixation is outside "
        "the seed technique; consider an open construct."
    ),
    W.S1_ANCHOR: (
        "S1 anchor: percutaneous S1 screws are routine; consider iliac or pelvic extension."
    ),
}

FLAG_SENTENCES: dict[str, str] = {
    F.SURGICAL_CONSULTATION: "Spinal instability score 7 or more: surgical consultation.",
    F.URGENT_MSCC: (
        "Cord compression with a deficit not recorded as stable: same-day spinal "
        "multidisciplinary review; operate within 24-48 h of onset where surgery is indicated, "
        "otherwise start radiotherapy without delay."
    ),
    F.DEXAMETHASONE: ("Dexamethasone 16 mg/day pending definitive treatment, then taper."),
    F.TISSUE_BEFORE_STEROIDS: (
        "Primary unknown: obtain tissue before steroids if this does not delay neuroprotection "
        "(steroids can mask lymphoma)."
    ),
    F.SYSTEMIC_THERAPY_FIRST: (
        "Haematological or germ-cell tumour: urgent haematology/oncology review; systemic "
        "therapy first."
    ),
    F.TISSUE_DIAGNOSIS_REQUIRED: (
        "Tissue diagnosis required: CT-guided or intra-operative biopsy."
    ),
    F.RT_AFTER_CEMENT: (
        "Cement is not tumour control: radiotherapy remains indicated after vertebroplasty or "
        "kyphoplasty."
    ),
    F.PREOPERATIVE_EMBOLISATION: (
        "Hypervascular tumour: pre-operative embolisation before open surgery."
    ),
    F.OPTIONAL_INDEX_SCREWS: "Index-level pedicles intact: index-level screws are optional.",
    F.CONTIGUOUS_INVOLVED_LEVEL: (
        "An involved, painful vertebra inside the construct can take cement: it is cemented too."
    ),
    F.CONSIDER_CEMENT_AUGMENTED_SCREWS: (
        "Osteoporosis: consider cement-augmented (fenestrated) screws."
    ),
}


def sentence(code: str) -> str:
    """The sentence for a warning or flag code.

    >>> sentence("informed_refusal").startswith("The patient's informed refusal")
    True
    """
    return WARNING_SENTENCES.get(code) or FLAG_SENTENCES[code]
