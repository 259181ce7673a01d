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
