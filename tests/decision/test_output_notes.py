"""Output details of decision.md §1.1 and §3.4 found in review."""

from __future__ import annotations

import json

from tests.conftest import REPO

from spinemet.decision import recommend

SEED = json.loads((REPO / "examples" / "case_seed.json").read_text())


def _with_patient(**changes):
    return SEED | {"patient": SEED["patient"] | changes}


def test_a_radiosensitivity_override_is_echoed_in_the_reasons_that_read_it():
    # decision.md §1.1: "the override is echoed in the reasons".
    output = recommend(_with_patient(radiosensitivity="radioresistant")).as_json()
    sbrt = next(option for option in output["options"] if option["treatment"] == "sbrt")
    texts = [reason["text"] for reason in sbrt["reasons"]]
    assert any(
        "Radiosensitivity set for this patient: radioresistant; the default for breast is "
        "radiosensitive." in text
        for text in texts
    )


def test_reasons_not_reading_the_histology_group_are_not_annotated():
    output = recommend(_with_patient(radiosensitivity="radioresistant")).as_json()
    ppsf_pvp = next(option for option in output["options"] if option["treatment"] == "ppsf_pvp")
    assert all("Radiosensitivity set" not in reason["text"] for reason in ppsf_pvp["reasons"])


def test_without_an_override_no_reason_mentions_one():
    output = recommend(SEED).as_json()
    texts = [reason["text"] for option in output["options"] for reason in option["reasons"]]
    assert not any("Radiosensitivity set" in text for text in texts)


def test_warnings_carry_the_level_key_of_section_3_4_beside_the_full_list():
    cervical = SEED | {
        "lesions": [SEED["lesions"][0] | {"level": "C5", "sins": SEED["lesions"][0]["sins"]}]
    }
    warnings = recommend(cervical).as_json()["warnings"]
    scope = next(w for w in warnings if w["code"] == "cervical_outside_percutaneous_scope")
    assert (scope["level"], scope["levels"]) == ("C5", ["C5"])
