"""Figures of the report (matplotlib, Agg backend): outcomes over time, Kaplan-Meier with
numbers at risk, complications. Each is saved as PNG (embedded in the report) and SVG.

matplotlib is imported inside the functions; pyplot is used only because lifelines'
``add_at_risk_counts`` draws on the current figure, and every figure is closed after saving.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "MAX_TRAJECTORIES",
    "SavedFigure",
    "complications_figure",
    "outcome_figure",
    "save_figure",
    "survival_figure",
]

MAX_TRAJECTORIES = 200
"""At most this many individual trajectories are drawn (a seeded random sample beyond it)."""

_LABELS = {"vas": "VAS pain (0-10)", "barthel": "Barthel Index (0-100)"}


@dataclass(frozen=True, slots=True)
class SavedFigure:
    """A figure written to ``png`` and ``svg``, with its caption and PNG bytes for embedding."""

    name: str
    caption: str
    png: Path
    svg: Path
    png_bytes: bytes


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "spinemet", "font.size": 9})
    return plt


def outcome_figure(
    frame: pd.DataFrame,
    descriptives: pd.DataFrame,
    *,
    instrument: str,
    visits: Sequence[str],
    max_trajectories: int = MAX_TRAJECTORIES,
    seed: int = 0,
) -> tuple[Figure, str]:
    """Mean with 95 % CI at each visit over the individual trajectories (grey).

    With more than ``max_trajectories`` patients, a seeded random sample of that many is drawn;
    the caption says so. Returns the figure and its caption.
    """
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(6.0, 3.8))
    positions = {visit: index for index, visit in enumerate(visits)}
    patients = np.asarray(pd.unique(frame["patient_id"]))
    shown = patients
    if len(patients) > max_trajectories:
        shown = np.random.default_rng(seed).choice(patients, max_trajectories, replace=False)
    subset = frame[frame["patient_id"].isin(set(shown))]
    x = subset["visit"].map(positions).to_numpy(dtype=float)
    y = subset["total"].to_numpy(dtype=float)
    order = np.lexsort((x, subset["patient_id"].astype(str).to_numpy()))
    ids = subset["patient_id"].astype(str).to_numpy()[order]
    segments = []
    for patient in pd.unique(ids):
        mask = ids == patient
        points = np.column_stack([x[order][mask], y[order][mask]])
        if len(points) > 1:
            segments.append(points)
    from matplotlib.collections import LineCollection

    axes.add_collection(LineCollection(segments, colors="0.6", linewidths=0.6, alpha=0.45))
    axes.scatter(x, y, s=4, color="0.55", alpha=0.5, linewidths=0)
    stats = descriptives.set_index("visit").reindex(list(visits))
    means = stats["mean"].to_numpy(dtype=float)
    lower = means - stats["ci95_low"].to_numpy(dtype=float)
    upper = stats["ci95_high"].to_numpy(dtype=float) - means
    axes.errorbar(
        range(len(visits)),
        means,
        yerr=np.vstack([lower, upper]),
        color="black",
        marker="o",
        linewidth=2,
        capsize=4,
        label="mean with 95% CI",
    )
    counts = stats["n"].fillna(0).astype(int).to_list()
    axes.set_xticks(range(len(visits)))
    axes.set_xticklabels([f"{visit}\nn={n}" for visit, n in zip(visits, counts, strict=True)])
    axes.set_xlim(-0.3, len(visits) - 0.7)
    axes.set_ylabel(_LABELS.get(instrument, f"{instrument} total"))
    axes.set_title(f"{instrument}: individual trajectories and mean (95% CI)")
    axes.legend(loc="best", frameon=False)
    figure.tight_layout()
    caption = (
        f"{instrument}: mean with 95% CI (t) at each visit, over the individual trajectories of "
        + (
            f"a random sample of {max_trajectories} of {len(patients)} patients (seed {seed})"
            if len(patients) > max_trajectories
            else f"all {len(patients)} patients"
        )
        + ". Later visits describe the patients alive and assessed (n under each visit)."
    )
    return figure, caption


def survival_figure(frame: pd.DataFrame, *, by: str | None = None) -> tuple[Figure, str]:
    """Kaplan-Meier curve(s) with 95 % CI and the numbers at risk under the axis."""
    from lifelines import KaplanMeierFitter
    from lifelines.plotting import add_at_risk_counts

    plt = _pyplot()
    figure = plt.figure(figsize=(6.4, 4.6))
    axes = figure.add_subplot(111)
    fitters = []
    groups = [("all patients", frame)]
    if by is not None:
        present = frame[frame[by].notna()]
        groups = [(f"{by}={level}", part) for level, part in present.groupby(by, sort=True)]
    months = frame["time_days"] / 30.4375
    for label, part in groups:
        fitter = KaplanMeierFitter(label=str(label)).fit(
            part["time_days"] / 30.4375, part["event"].astype(int)
        )
        fitter.plot_survival_function(ax=axes, ci_show=by is None or len(groups) <= 3)
        fitters.append(fitter)
    step = 6 if months.max() > 12 else 3
    ticks = np.arange(0, months.max() + step, step)
    axes.set_xticks(ticks)
    axes.set_xlim(0, ticks[-1])
    axes.set_ylim(0, 1.02)
    axes.set_xlabel("months from surgery")
    axes.set_ylabel("survival probability")
    axes.set_title("Overall survival (Kaplan-Meier)" + (f" by {by}" if by else ""))
    add_at_risk_counts(*fitters, ax=axes, rows_to_show=["At risk"], xticks=ticks)
    figure.tight_layout()
    caption = (
        "Kaplan-Meier estimate of survival from the index date with 95% CI (log-log) and the "
        "number of patients at risk; tick marks are not drawn for censoring."
        + (f" Groups by {by}." if by else "")
    )
    return figure, caption


def complications_figure(table: pd.DataFrame) -> tuple[Figure, str]:
    """Proportion of patients with each complication type, with exact 95 % CI."""
    plt = _pyplot()
    rows = table.iloc[::-1]
    figure, axes = plt.subplots(figsize=(6.0, 0.45 * len(rows) + 1.2))
    proportions = rows["proportion"].to_numpy(dtype=float) * 100
    errors = np.vstack(
        [
            proportions - rows["ci95_low"].to_numpy(dtype=float) * 100,
            rows["ci95_high"].to_numpy(dtype=float) * 100 - proportions,
        ]
    )
    positions = np.arange(len(rows))
    axes.barh(positions, proportions, color="0.55", xerr=errors, capsize=3)
    axes.set_yticks(positions)
    axes.set_yticklabels(
        [f"{name} ({n}/{total})" for name, n, total in rows[["type", "n", "n_patients"]].values]
    )
    axes.set_xlim(0, 100)
    axes.set_xlabel("patients with the complication, % (exact 95% CI)")
    axes.set_title("Complications")
    figure.tight_layout()
    caption = (
        "Share of patients with each complication type, with the exact (Clopper-Pearson) 95% "
        "CI; types with no event are shown with their upper bound."
    )
    return figure, caption


def save_figure(figure: Figure, folder: Path, name: str, caption: str) -> SavedFigure:
    """Write ``figure`` as ``folder/name.png`` (300 dpi, as journals ask) and ``.svg``."""
    plt = _pyplot()
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    metadata = {"Date": None}
    figure.savefig(png, dpi=300, metadata={"Software": None})
    figure.savefig(svg, metadata=metadata)
    plt.close(figure)
    return SavedFigure(name, caption, png, svg, png.read_bytes())
