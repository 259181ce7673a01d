"""The registry part of ``spinemet demo``: the synthetic cohort over two sites, dated so that
today's work list holds due and overdue visits, four demo users, then (unless --no-serve) the
web registry."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

import pandas as pd

DEMO_USERS: tuple[tuple[str, str, list[str]], ...] = (
    ("investigator_a", "investigator", ["site_a"]),
    ("investigator_b", "investigator", ["site_b"]),
    ("monitor_a", "monitor", ["site_a"]),
    ("datamanager", "data_manager", []),
)


def recent_cohort(cohort: Any, *, today: dt.date) -> Any:
    """The cohort moved in time so that its last patient was recruited three weeks ago, with
    nothing dated after today (later assessments, procedures and complications dropped,
    deaths after today not yet happened, follow-up ending today), split over two sites."""
    from spinemet.cohort import Cohort

    patients = cohort.patients.copy()
    shift = pd.Timestamp(today - dt.timedelta(days=21)) - patients["index_date"].max()
    now = pd.Timestamp(today)
    for column in ("index_date", "last_contact_date", "death_date"):
        patients[column] = patients[column] + shift
    alive_yet = patients["death_date"] > now
    patients.loc[alive_yet, "vital_status"] = "alive"
    patients.loc[alive_yet, "death_date"] = pd.NaT
    patients["last_contact_date"] = patients["last_contact_date"].where(
        patients["last_contact_date"] <= now, now
    )
    patients.loc[patients["vital_status"] == "alive", "last_contact_date"] = patients[
        "last_contact_date"
    ].clip(upper=now)
    patients["site"] = ["site_a" if i % 2 == 0 else "site_b" for i in range(len(patients))]
    # Invented like the rest, so that the decision support has a case to work on: every demo
    # patient is fit for anaesthesia and has not refused open surgery.
    patients["fit_for_general_anaesthesia"] = True
    patients["refuses_open_surgery"] = False
    if "spinal_metastases" in patients.columns:  # at least the vertebrae listed (rev 4 check)
        listed = cohort.lesions.groupby("patient_id").size()
        counts = patients["patient_id"].map(listed).fillna(1).astype("Int64")
        patients["spinal_metastases"] = patients["spinal_metastases"].where(
            patients["spinal_metastases"].isna() | (patients["spinal_metastases"] >= counts),
            counts,
        )

    def moved(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame["date"] = frame["date"] + shift
        return frame[frame["date"].isna() | (frame["date"] <= now)]

    assessments = moved(cohort.assessments).drop(columns=["day", "total_source", "category"])
    assessments = assessments[assessments["total"].notna() | (assessments["instrument"] != "vas")]
    given = assessments.copy()
    given.loc[given["instrument"] == "barthel", "total"] = None  # recomputed from the items
    return Cohort.from_tables(
        patients,
        lesions=cohort.lesions,
        procedures=moved(cohort.procedures),
        assessments=given,
        complications=moved(cohort.complications),
        schedule=cohort.schedule,
        synthetic=True,
        notes=("synthetic, dated for the demo registry",),
    )


def _add_case_fields() -> None:
    """The decision-case fields the cohort does not hold, invented for the demo patients (no
    uncorrectable coagulopathy, no active infection), recorded in their history; patients that
    have them already are left as they are."""
    from simple_history.utils import bulk_update_with_history

    from spinemet.registry.patients.models import Patient

    patients = [
        patient
        for patient in Patient.objects.filter(synthetic=True)
        if "active_infection" not in patient.case_fields
    ]
    for patient in patients:
        patient.case_fields = {
            **patient.case_fields,
            "coagulopathy_uncorrectable": False,
            "active_infection": "none",
        }
        patient.version += 1
    bulk_update_with_history(
        patients,
        Patient,
        ["case_fields", "version"],
        batch_size=1000,
        default_change_reason="demo: synthetic decision-case fields",
    )


def load_demo_registry(
    cohort: Any, *, out: Path, db: str | None, password: str | None
) -> tuple[str, str]:
    """Load the demo registry; returns (database label, password)."""
    from spinemet.registry.bootstrap import database_label, setup

    url = db or f"sqlite:///{(out / 'registry.sqlite3').resolve()}"
    os.environ.setdefault("SPINEMET_DATA_DIR", str(out.resolve()))
    setup(url)
    from django.db import transaction

    from spinemet.registry.importer import import_cohort
    from spinemet.registry.patients.models import Patient
    from spinemet.registry.sites.models import Site
    from spinemet.registry.sites.selectors import command_line_actor
    from spinemet.registry.sites.services import site_add, user_add

    secret = password or os.environ.get("SPINEMET_DEMO_PASSWORD") or secrets.token_urlsafe(12)
    with transaction.atomic():
        for code, name in (("site_a", "Demo site A"), ("site_b", "Demo site B")):
            if not Site.objects.filter(code=code).exists():
                site_add(code=code, name=name)
        for name, role, sites in DEMO_USERS:
            user_add(name=name, role=role, sites=sites, password=secret)
        if not Patient.objects.exists():
            import_cohort(actor=command_line_actor(), cohort=cohort, source="synthetic demo cohort")
            _add_case_fields()
    return database_label(url), secret
