"""``spinemet demo`` (what ``make demo`` runs) works from any folder on the shipped examples."""

from __future__ import annotations

import pandas as pd


def test_demo_scores_the_shipped_examples(spinemet_cli, tmp_path):
    done = spinemet_cli("demo", "--out", str(tmp_path / "demo"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "supports clinical judgement; it does not replace it" in done.stdout
    # SINS worked case 1 (T11) and Barthel worked case 2 from domain/instruments.md.
    assert "sins                     11  indeterminate" in done.stdout
    assert "barthel                  55  severe_dependency" in done.stdout
    scored = pd.read_csv(tmp_path / "demo" / "barthel_visits_scored.csv")
    assert len(scored) == 15
    assert scored["total"].isna().sum() == 1
