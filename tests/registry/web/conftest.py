"""Fixtures of the page tests: the seed case (examples/case_seed.json) as a registry patient of
site_a, made through the core's services as the pages would."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

SEED = Path(__file__).parents[3] / "examples" / "case_seed.json"


def seed_patient(study_id: str = "A-SEED", *, index_date: dt.date | None = None) -> Any:
    """The seed case's patient and lesion at site_a, recruited 100 days ago (the 3-month
    visit is due today)."""
    from spinemet.registry.patients.services import child_create, patient_create
    from spinemet.registry.sites.selectors import command_line_actor

    case = json.loads(SEED.read_text())
    actor = command_line_actor()
    data = {k: v for k, v in case["patient"].items() if v is not None}
    start = index_date or dt.date.today() - dt.timedelta(days=90)
    data.update(
        study_id=study_id,
        index_date=start.isoformat(),
        vital_status="alive",
        last_contact_date=start.isoformat(),
    )
    patient = patient_create(actor=actor, data=data, site_code="site_a")
    lesion = dict(case["lesions"][0])
    for name, value in lesion.pop("sins").items():
        lesion[f"sins_{name}"] = value
    lesion = {k: v for k, v in lesion.items() if v is not None}
    child_create(actor=actor, patient_id=patient.pk, table="lesions", data=lesion)
    return patient


@pytest.fixture
def seed(registry: dict[str, Any]) -> Any:
    return seed_patient()


@pytest.fixture
def login(client: Any, registry: dict[str, Any]) -> Any:
    def as_user(name: str) -> Any:
        client.force_login(registry["users"][name])
        return client

    return as_user
