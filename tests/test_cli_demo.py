"""``spinemet demo`` (what ``make demo`` runs) works from any folder on the shipped examples."""

from __future__ import annotations

import pandas as pd


def test_demo_scores_the_shipped_examples(spinemet_cli, tmp_path):
    done = spinemet_cli("demo", "--out", str(tmp_path / "demo"), "--no-serve", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "supports clinical judgement; it does not replace it" in done.stdout
    # SINS worked case 1 (T11) and Barthel worked case 2 from domain/instruments.md.
    assert "sins                     11  indeterminate" in done.stdout
    assert "barthel                  55  severe_dependency" in done.stdout
    scored = pd.read_csv(tmp_path / "demo" / "barthel_visits_scored.csv")
    assert len(scored) == 15
    assert scored["total"].isna().sum() == 1


def test_demo_sizes_and_seeds_the_synthetic_cohort(spinemet_cli, tmp_path):
    import json

    first = spinemet_cli(
        "demo", "--out", str(tmp_path / "a"), "--n", "60", "--seed", "3", "--no-serve"
    )
    again = spinemet_cli(
        "demo", "--out", str(tmp_path / "b"), "--n", "60", "--seed", "3", "--no-serve"
    )
    assert first.returncode == again.returncode == 0, first.stderr
    results = [
        json.loads((tmp_path / name / "report" / "results.json").read_text()) for name in "ab"
    ]
    assert results[0]["n_patients"] == 60
    assert results[0]["synthetic"] is True
    # Same seed, same data: every number of the analysis is the same.
    assert results[0]["outcomes"] == results[1]["outcomes"]
    assert results[0]["provenance"]["input_sha256"] == results[1]["provenance"]["input_sha256"]


def test_demo_loads_a_two_site_registry_with_todays_work_list(spinemet_cli, tmp_path):
    import datetime as dt
    import sqlite3

    out = tmp_path / "demo"
    done = spinemet_cli("demo", "--out", str(out), "--no-serve", "--password", "Demo-pass-2026")
    assert done.returncode == 0, done.stderr
    for login in ("investigator_a", "investigator_b", "monitor_a", "datamanager"):
        assert login in done.stdout
    assert "password of every demo user: Demo-pass-2026" in done.stdout
    with sqlite3.connect(out / "registry.sqlite3") as db:
        sites = dict(
            db.execute(
                "select s.code, count(*) from spinemet_patients_patient p "
                "join spinemet_sites_site s on s.id = p.site_id group by s.code"
            ).fetchall()
        )
        assert sites == {"site_a": 20, "site_b": 20}
        today = dt.date.today().isoformat()
        # visits whose window is open today with no assessment yet: due on the work list
        due = db.execute(
            "select count(*) from spinemet_visits_visit v join spinemet_patients_patient p "
            "on p.id = v.patient_id where v.window_start <= ? and v.window_end >= ? "
            "and p.death_date is null and not exists (select 1 from "
            "spinemet_assessments_assessment a where a.patient_id = v.patient_id "
            "and a.visit = v.code)",
            (today, today),
        ).fetchone()[0]
        assert due > 0
        case_fields = db.execute("select case_fields from spinemet_patients_patient").fetchall()
        assert all("active_infection" in row[0] for row in case_fields)  # decision support runs
        latest = db.execute("select max(date) from spinemet_assessments_assessment").fetchone()[0]
        assert latest <= today  # nothing recorded in the future
