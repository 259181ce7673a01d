"""The fixed codes of the decision engine: options, ratings, roles, warnings and flags.

Every code is the one of domain/decision.md (§3.1 options, §3.4 warnings and flags); the rule
loader rejects any other.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CEMENT_OPTIONS",
    "OPEN_OPTIONS",
    "PROCEDURES",
    "RADIOTHERAPY",
    "FlagCode",
    "Option",
    "Rating",
    "Role",
    "WarningCode",
]


class Option(StrEnum):
    """Treatment options (domain/decision.md §3.1), in the order of that table."""

    CONVENTIONAL_RADIOTHERAPY = "conventional_radiotherapy"
    SBRT = "sbrt"
    PVP = "pvp"
    PKP = "pkp"
    PPSF_PVP = "ppsf_pvp"
    PPSF = "ppsf"
    SEPARATION_SURGERY = "separation_surgery"
    OPEN_DECOMPRESSION_FIXATION = "open_decompression_fixation"
    EN_BLOC_RESECTION = "en_bloc_resection"
    BEST_SUPPORTIVE_CARE = "best_supportive_care"


OPTION_ORDER: dict[Option, int] = {option: position for position, option in enumerate(Option)}

PROCEDURES: frozenset[Option] = frozenset(
    {
        Option.PVP,
        Option.PKP,
        Option.PPSF_PVP,
        Option.PPSF,
        Option.SEPARATION_SURGERY,
        Option.OPEN_DECOMPRESSION_FIXATION,
        Option.EN_BLOC_RESECTION,
    }
)
OPEN_OPTIONS: frozenset[Option] = frozenset(
    {Option.SEPARATION_SURGERY, Option.OPEN_DECOMPRESSION_FIXATION, Option.EN_BLOC_RESECTION}
)
RADIOTHERAPY: frozenset[Option] = frozenset({Option.CONVENTIONAL_RADIOTHERAPY, Option.SBRT})
CEMENT_OPTIONS: frozenset[Option] = frozenset({Option.PVP, Option.PKP, Option.PPSF_PVP})

# Names a rule file may use for a group of options (domain/decision.md §3.1).
OPTION_GROUPS: dict[str, frozenset[Option]] = {
    "procedures": PROCEDURES,
    "open_options": OPEN_OPTIONS,
    "radiotherapy_options": RADIOTHERAPY,
    "cement_options": CEMENT_OPTIONS,
}


class Rating(StrEnum):
    """Suitability of an option: ``recommended`` > ``consider`` > ``not_advised``."""

    RECOMMENDED = "recommended"
    CONSIDER = "consider"
    NOT_ADVISED = "not_advised"

    @property
    def rank(self) -> int:
        """2 for recommended, 1 for consider, 0 for not_advised (higher = better)."""
        return {"recommended": 2, "consider": 1, "not_advised": 0}[self.value]


class Role(StrEnum):
    """Whether an option is a primary treatment or adjuvant to a recommended procedure."""

    PRIMARY = "primary"
    ADJUVANT = "adjuvant"


class WarningCode(StrEnum):
    """Warning codes of domain/decision.md §3.4 (cautions and data problems)."""

    INDEX_LESIONS_INFERRED = "index_lesions_inferred"
    DEFICIT_PROGRESSION_WITHOUT_DEFICIT = "deficit_progression_without_deficit"
    FRANKEL_AMBULATORY_INCONSISTENT = "frankel_ambulatory_inconsistent"
    KPS_ECOG_INCONSISTENT = "kps_ecog_inconsistent"
    MULTIPLE_INDEX_SEGMENTS = "multiple_index_segments"
    INFORMED_REFUSAL = "informed_refusal"
    NO_PERCUTANEOUS_CONSTRUCT = "no_percutaneous_construct"
    LUMBOPELVIC_FIXATION = "lumbopelvic_fixation"
    NO_BODY_LESION_NO_CEMENT = "no_body_lesion_no_cement"
    BODY_INVOLVEMENT_UNKNOWN = "body_involvement_unknown"
    PROGNOSTIC_SCORE_DISCORDANT = "prognostic_score_discordant"
    PROGNOSTIC_SCORE_MAY_UNDERESTIMATE_SURVIVAL = "prognostic_score_may_underestimate_survival"
    COLLAPSE_EXACTLY_50 = "collapse_exactly_50"
    HISTOLOGY_RADIOSENSITIVITY_UNKNOWN = "histology_radiosensitivity_unknown"
    ESCC_1C_GREY_ZONE = "escc_1c_grey_zone"
    DEFICIT_NOT_EXPLAINED_BY_ESCC = "deficit_not_explained_by_escc"
    OUTSIDE_PATCHELL_POPULATION = "outside_patchell_population"
    LEVEL_OUTSIDE_T1_L5 = "level_outside_t1_l5"
    CERVICAL_OUTSIDE_PERCUTANEOUS_SCOPE = "cervical_outside_percutaneous_scope"
    COAGULOPATHY_NO_INVASIVE = "coagulopathy_no_invasive"
    INFECTION_AT_SITE_NO_INVASIVE = "infection_at_site_no_invasive"
    BIOPSY_CULTURE_TO_EXCLUDE_INFECTION = "biopsy_culture_to_exclude_infection"
    SYSTEMIC_INFECTION_DEFER_INVASIVE = "systemic_infection_defer_invasive"
    RETROPULSION_UNKNOWN = "retropulsion_unknown"
    POSTERIOR_WALL_BREACH_CEMENT_LEAKAGE_RISK = "posterior_wall_breach_cement_leakage_risk"
    PERIPROCEDURAL_ANTICOAGULATION_MANAGEMENT = "periprocedural_anticoagulation_management"
    PROGNOSTIC_SCORE_NOT_VALIDATED_FOR_HISTOLOGY = "prognostic_score_not_validated_for_histology"
    REIRRADIATION_CORD_TOLERANCE = "reirradiation_cord_tolerance"
    NO_SUPPORTED_OPTION = "no_supported_option"
    NO_ANCHOR_ON_ONE_SIDE = "no_anchor_on_one_side"
    EPIDURAL_DISEASE_NO_CEMENT = "epidural_disease_no_cement"
    RETROPULSION_NO_CEMENT = "retropulsion_no_cement"
    BLASTIC_NO_CEMENT = "blastic_no_cement"
    NO_CEMENT_TARGET = "no_cement_target"
    BONE_QUALITY_UNKNOWN = "bone_quality_unknown"
    NON_CONTIGUOUS_INDEX_LESIONS = "non_contiguous_index_lesions"
    PEDICLE_DESTROYED_SKIP_EXTEND = "pedicle_destroyed_skip_extend"
    UNILATERAL_PEDICLE_INVOLVEMENT = "unilateral_pedicle_involvement"
    ANCHOR_IN_INVOLVED_VERTEBRA = "anchor_in_involved_vertebra"
    ANCHOR_RANGE_EXCEEDED = "anchor_range_exceeded"
    S1_ANCHOR = "s1_anchor"


class FlagCode(StrEnum):
    """Flag codes of domain/decision.md §3.4 (actions for the team)."""

    SURGICAL_CONSULTATION = "surgical_consultation"
    URGENT_MSCC = "urgent_mscc"
    DEXAMETHASONE = "dexamethasone"
    TISSUE_BEFORE_STEROIDS = "tissue_before_steroids"
    SYSTEMIC_THERAPY_FIRST = "systemic_therapy_first"
    TISSUE_DIAGNOSIS_REQUIRED = "tissue_diagnosis_required"
    RT_AFTER_CEMENT = "rt_after_cement"
    PREOPERATIVE_EMBOLISATION = "preoperative_embolisation"
    OPTIONAL_INDEX_SCREWS = "optional_index_screws"
    CONTIGUOUS_INVOLVED_LEVEL = "contiguous_involved_level"
    CONSIDER_CEMENT_AUGMENTED_SCREWS = "consider_cement_augmented_screws"
