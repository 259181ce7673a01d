"""Every rule of domain/decision.md §3.3 fires in one case and stays silent in another.

Cases are the §5 vignettes, or a vignette with the one or two inputs changed that the rule's
condition reads (decision.md §3.3 gives each condition). When a rule fires, its unconditional
warnings and flags must be in the output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from spinemet.decision import load_rules, recommend

PRIOR_RT = {"dose_gy": 30, "fractions": 10, "date": "2024-01-15", "technique": "conventional"}
BLASTIC = {"lesions.0.lesion_type": "blastic", "lesions.0.sins.bone_lesion": "blastic"}

# rule id -> ((vignette, changes) where it fires, (vignette, changes) where it does not)
CASES: dict[str, tuple[tuple[str, dict[str, Any]], tuple[str, dict[str, Any]]]] = {
    "noms.onc.radiosensitive": (("V01", {}), ("V04", {})),
    "noms.onc.radiosensitive_no_oncologic_surgery": (("V03", {}), ("V10", {})),
    "noms.onc.radioresistant_low_grade": (("V04", {}), ("V01", {})),
    "noms.neuro.escc_1c": (("V07", {"lesions.0.escc_grade": "1c"}), ("V07", {})),
    "escc.grade_1c": (("V01", {"lesions.0.escc_grade": "1c"}), ("V01", {})),
    "noms.neuro.high_grade_radioresistant": (("V02", {}), ("V08", {})),
    "noms.neuro.high_grade_radiosensitive": (("V08", {}), ("V02", {})),
    "noms.mech.instability": (("V01", {}), ("V05", {})),
    "noms.mech.instability_with_compression": (
        ("V02", {}), ("V02", {"patient.refuses_open_surgery": True}),
    ),
    "noms.onc.radioresistant_open_form": (("V02", {}), ("V08", {})),
    "noms.histology_unknown": (("V01", {"patient.primary_tumor": "uterus"}), ("V01", {})),
    "noms.rt_after_procedure": (("V01", {}), ("V03", {})),
    "noms.sys.unfit_open": (("V01", {}), ("V02", {})),
    "noms.sys.unfit_ga": (("V09", {}), ("V01", {})),
    "mescc.urgent": (("V02", {}), ("V02", {"patient.deficit_new_or_progressive": False})),
    "mescc.steroids": (("V08", {}), ("V01", {})),
    "mescc.rt_default": (("V12", {}), ("V02", {})),
    "neuro.deficit_low_grade_escc": (("V01", {"patient.frankel": "D"}), ("V01", {})),
    "neuro.retropulsion_deficit": (("V02", {"lesions.0.retropulsion": True}), ("V02", {})),
    "haem.cord_compression": (("V08", {}), ("V03", {})),
    "haem.systemic_first": (("V03", {}), ("V08", {})),
    "dx.tissue_diagnosis": (("V01", {"patient.primary_tumor": "unknown_primary"}), ("V01", {})),
    "sins.unstable": (("V01", {}), ("V05", {})),
    "sins.indeterminate": (("V05", {}), ("V01", {})),
    "sins.stable": (("V04", {}), ("V01", {})),
    "mech.translation": (
        ("V01", {"lesions.0.sins.radiographic_alignment": "subluxation_translation"}),
        ("V01", {}),
    ),
    # rev 4: silent without a vertebral-body lesion (V14: posterior elements only)
    "mech.cement_augmentation": (("V05", {}), ("V14", {"lesions.0.sins.pain": "mechanical"})),
    "mech.cement_alone_sufficient": (("V05", {}), ("V09", {})),
    "seed.ppsf_pvp.instability_no_compression": (("V01", {}), ("V02", {})),
    "seed.ppsf_pvp.fracture_no_compression": (("V05", {}), ("V01", {})),
    "seed.ppsf_pvp.poor_systemic": (("V01", {}), ("V07", {})),
    "seed.ppsf_pvp.refuses_open": (("V07", {}), ("V01", {})),
    "seed.exclusion.significant_compression": (("V02", {}), ("V01", {})),
    "seed.scope.level": (("V01", {"lesions.0.level": "S1"}), ("V01", {})),
    "scope.cervical": (("V01", {"lesions.0.level": "C5"}), ("V01", {})),
    "miss.ppsf_without_cement": (("V10", {}), ("V01", {})),
    "patchell.mescc.decompression": (("V02", {}), ("V08", {})),
    "patchell.outside_population": (("V08", {}), ("V02", {})),
    "proc.ci.coagulopathy": (("V01", {"patient.coagulopathy_uncorrectable": True}), ("V01", {})),
    "proc.ci.infection_site": (("V01", {"patient.active_infection": "local_at_site"}), ("V01", {})),
    "proc.ci.infection_systemic": (("V01", {"patient.active_infection": "systemic"}), ("V01", {})),
    "vp.ci.cement_allergy": (("V05", {"patient.pmma_allergy": True}), ("V05", {})),
    "vp.ci.epidural_compression": (("V10", {}), ("V01", {})),
    "vp.ci.retropulsion_unknown": (("V05", {"lesions.0.retropulsion": None}), ("V05", {})),
    "vp.rel.posterior_wall": (("V10", {}), ("V01", {})),
    "vp.ci.asymptomatic": (("V03", {}), ("V04", {})),
    "vp.rel.blastic": (("V05", BLASTIC), ("V05", {})),
    "vp.warn.anticoagulation": (
        ("V01", {"patient.anticoagulation": True}), ("V01", {"patient.anticoagulation": False}),
    ),
    # rev 4: silent against a clinician's estimate >= 6 months (V10: 8 months)
    "prog.tokuhashi.conservative": (("V15", {}), ("V10", {})),
    "prog.tokuhashi.palliative": (("V01", {}), ("V04", {})),
    # rev 4: silent with an estimate under 6 months
    "prog.tokuhashi.excisional": (("V04", {}), ("V04", {"patient.life_expectancy_months": 4})),
    "prog.tomita.wide_marginal": (("V04", {}), ("V04", {"patient.life_expectancy_months": 4})),
    "prog.tomita.marginal_intralesional": (("V02", {}), ("V01", {})),
    "prog.tomita.palliative": (("V01", {}), ("V04", {})),
    # rev 4: silent against an estimate >= 6 months
    "prog.tomita.supportive": (("V06", {}), ("V06", {"patient.life_expectancy_months": 8})),
    "prog.short_life_expectancy": (("V06", {}), ("V01", {})),
    "prog.haematological_caveat": (("V03", {}), ("V01", {})),
    "enbloc.not_solitary": (("V01", {}), ("V04", {})),
    "rt.prior_same_level": (("V01", {"lesions.0.prior_radiotherapy": PRIOR_RT}), ("V01", {})),
    "open.embolisation": (("V04", {}), ("V01", {})),
    # new in revision 4
    "consent.refuses_open": (("V07", {}), ("V01", {})),
    "consent.refuses_surgery": (("V11", {}), ("V07", {})),
    "scope.no_percutaneous_construct": (("V13", {}), ("V01", {})),
    "mech.open_stabilisation_no_percutaneous": (
        ("V13", {}), ("V13", {"patient.refuses_open_surgery": True}),
    ),
    "vp.ci.no_body_lesion": (("V14", {}), ("V05", {})),
    "prog.estimate_precedence": (("V10", {}), ("V15", {})),
    "prog.lung_scores_caveat": (("V10", {}), ("V01", {})),
    "rt.sbrt_selection": (("V16", {}), ("V15", {})),
    "enbloc.urgent_mscc": (("V12", {}), ("V12", {"patient.deficit_new_or_progressive": False})),
}  # fmt: skip

ALWAYS = {"prog.scores_are_estimates"}  # condition `always` (decision.md: "always")


MakeCase = Callable[..., dict[str, Any]]


def _fired(case: dict[str, Any]) -> set[str]:
    return {rule.rule for rule in recommend(case, what_if=False).fired_rules}


def test_every_rule_of_the_rule_file_has_a_firing_and_a_silent_case() -> None:
    assert {rule.id for rule in load_rules().rules} == set(CASES) | ALWAYS


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_in_its_case_with_its_warnings_and_flags(
    rule_id: str, make_case: MakeCase
) -> None:
    (base, changes), _ = CASES[rule_id]
    result = recommend(make_case(base, changes), what_if=False)
    assert rule_id in {rule.rule for rule in result.fired_rules}
    rule = load_rules().rule(rule_id)
    unconditional = {
        effect.code
        for effect in rule.effects
        if effect.kind in ("warning", "flag") and effect.when_true is None and not effect.unless
    }
    given = {note.code for note in result.warnings} | {note.code for note in result.flags}
    assert unconditional <= given


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_is_silent_when_its_condition_is_false(rule_id: str, make_case: MakeCase) -> None:
    _, (base, changes) = CASES[rule_id]
    result = recommend(make_case(base, changes), what_if=False)
    assert rule_id not in {rule.rule for rule in result.fired_rules}
    assert rule_id not in {entry.rule for entry in result.not_evaluated}


def test_scores_are_estimates_note_is_given_for_every_case(make_case: MakeCase) -> None:
    assert all("prog.scores_are_estimates" in _fired(make_case(v)) for v in ("V01", "V06"))
