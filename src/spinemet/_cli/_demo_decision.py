"""The decision part of ``spinemet demo``: the seed-typical case's recommendation."""

from __future__ import annotations

import json
from pathlib import Path


def show_recommendation(examples: Path, *, case_file: str = "case_seed.json") -> None:
    """Print the recommendation for ``examples/case_seed.json`` as a case note (text)."""
    from spinemet.decision import recommend
    from spinemet.decision.render import render_text

    case = json.loads((examples / case_file).read_text(encoding="utf-8"))
    print(f"\nRecommendation for the seed-typical case (examples/{case_file}):")
    print(render_text(recommend(case)))
