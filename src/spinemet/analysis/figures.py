"""Figures of the report (matplotlib, Agg backend): outcomes over time at the visits' real
days with observed and model-based means, Kaplan-Meier with CI bands, censoring marks and
numbers at risk, scaled Schoenfeld residuals where proportional hazards fail, complications.
Each is saved as PNG (embedded in the report) and SVG; every figure is closed after saving.

Axis labels, titles, legends and captions are msgids of the gettext catalogue (numbers as
named placeholders): drawn inside ``spinemet._i18n.language("zh-Hans")`` they are Chinese, in
the CJK font that the PDF embeds too (:mod:`spinemet.analysis.fonts`), DejaVu Sans first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from spinemet._i18n import _, current_language

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "MAX_TRAJECTORIES",
    "SavedFigure",
    "complications_figure",
    "outcome_figure",
    "save_figure",
    "schoenfeld_figure",
    "survival_figure",
]

_DAYS_PER_MONTH = 30.4375
_MAX_POINTS = 2000  # residual dots drawn at most (the SVG stays small)

MAX_TRAJECTORIES = 200
"""At most this many individual trajectories are drawn (a seeded random sample beyond it)."""

_LABELS = {"vas": "VAS pain (0-10)", "barthel": "Barthel Index (0-100)"}


def _axis_label(instrument: str) -> str:
    if instrument in _LABELS:
        return _(_LABELS[instrument])
    return _("{instrument} total").format(instrument=_instrument(instrument))


def _instrument(code: str) -> str:
    from spinemet.analysis.labels import variable_label

    return variable_label(code)


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
    plt.rcParams["font.family"] = _font_families()
    return plt


def _font_families() -> list[str]:
    """DejaVu Sans, and for Chinese the CJK font after it (matplotlib falls back glyph by
    glyph); the font file is registered with matplotlib once."""
    if current_language() != "zh-Hans":
        return ["sans-serif"]
    import logging

    from matplotlib import font_manager

    from spinemet.analysis.fonts import require_cjk_font

    # The CJK font has no bold face: matplotlib draws bold titles in its regular weight and
    # would log that for every title.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

    path = require_cjk_font()
    font_manager.fontManager.addfont(path)
    return ["DejaVu Sans", font_manager.FontProperties(fname=path).get_name()]


def outcome_figure(
    frame: pd.DataFrame,
    descriptives: pd.DataFrame,
    *,
    instrument: str,
    visits: Sequence[str],
    max_trajectories: int = MAX_TRAJECTORIES,
    seed: int = 0,
    target_days: dict[str, float] | None = None,
    model_means: Sequence[tuple[str, float, float, float]] = (),
) -> tuple[Figure, str]:
    """Observed mean (95 % CI) and MMRM least-squares mean (95 % CI) at each visit's real day.

    Visits sit at their target days (0, 7, 91, 182 are not evenly spaced); without
    ``target_days`` they are evenly spaced and the caption says so. ``model_means`` are
    ``(visit, estimate, ci_low, ci_high)``, drawn just right of the observed means. With more
    than ``max_trajectories`` patients a seeded random sample of trajectories is drawn.
    """
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(6.4, 4.0))
    real = target_days is not None and all(v in target_days for v in visits)
    positions = {
        visit: (float(target_days[visit]) if real and target_days else float(index))
        for index, visit in enumerate(visits)
    }
    span = max(positions.values()) - min(positions.values()) or 1.0
    offset = 0.015 * span
    patients = np.asarray(pd.unique(frame["patient_id"]))
    shown = patients
    if len(patients) > max_trajectories:
        shown = np.random.default_rng(seed).choice(patients, max_trajectories, replace=False)
    subset = frame[frame["patient_id"].isin(set(shown)) & frame["visit"].isin(list(visits))]
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

    axes.add_collection(LineCollection(segments, colors="0.7", linewidths=0.5, alpha=0.4))
    axes.scatter(x, y, s=3, color="0.6", alpha=0.4, linewidths=0)
    stats = descriptives.set_index("visit").reindex(list(visits))
    where = np.array([positions[v] for v in visits])
    means = stats["mean"].to_numpy(dtype=float)
    axes.errorbar(
        where - offset,
        means,
        yerr=np.vstack(
            [
                means - stats["ci95_low"].to_numpy(dtype=float),
                stats["ci95_high"].to_numpy(dtype=float) - means,
            ]
        ),
        color="black",
        marker="o",
        linewidth=1.8,
        capsize=3,
        label=_("observed mean, survivors assessed (95% CI)"),
    )
    if model_means:
        model_x = np.array([positions[v] for v, *_ in model_means]) + offset
        estimate = np.array([m[1] for m in model_means])
        axes.errorbar(
            model_x,
            estimate,
            yerr=np.vstack(
                [
                    estimate - np.array([m[2] for m in model_means]),
                    np.array([m[3] for m in model_means]) - estimate,
                ]
            ),
            color="#1f5fa8",
            marker="s",
            linestyle="--",
            linewidth=1.4,
            capsize=3,
            label=_("MMRM least-squares mean (95% CI)"),
        )
    counts = stats["n"].fillna(0).astype(int).to_list()
    axes.set_xticks(where)
    labels = []
    previous = None
    staggered = False
    for visit, n in zip(visits, counts, strict=True):
        # visits days apart (day 0 and day 7) would print over each other: stagger them
        staggered = (
            not staggered and previous is not None and positions[visit] - previous < 0.08 * span
        )
        text = (
            _("{visit} (day {day})").format(visit=visit, day=f"{positions[visit]:g}")
            if real
            else str(visit)
        ) + f"\nn={n}"
        labels.append(("\n\n" if staggered else "") + text)
        previous = positions[visit]
    axes.set_xticklabels(labels, fontsize=7)
    axes.set_xlim(min(where) - 0.05 * span, max(where) + 0.05 * span)
    axes.set_xlabel(_("days from the index date") if real else _("visit (evenly spaced)"))
    axes.set_ylabel(_axis_label(instrument))
    axes.set_title(
        _("{instrument}: observed and model-based means over follow-up").format(
            instrument=_instrument(instrument)
        )
    )
    axes.legend(loc="best", frameon=False, fontsize=7)
    figure.tight_layout()
    placed = (
        _("{instrument}: observed mean with 95% CI (t) at each visit, placed at the visit's "
          "target day")
        if real
        else _("{instrument}: observed mean with 95% CI (t) at each visit (visits evenly spaced)")
    )  # fmt: skip
    model = (
        _(
            ", and beside it the MMRM least-squares mean with 95% CI (hypothetical estimand: "
            "as if every patient had lived and been assessed, missing at random)"
        )
        if model_means
        else ""
    )
    trajectories = (
        _(
            "grey: individual trajectories of a random sample of {shown} of {n} patients "
            "(seed {seed})"
        ).format(shown=max_trajectories, n=len(patients), seed=seed)
        if len(patients) > max_trajectories
        else _("grey: individual trajectories of all {n} patients").format(n=len(patients))
    )
    caption = (
        placed.format(instrument=_instrument(instrument))
        + model
        + _("; ")
        + trajectories
        + _(". ")
        + _(
            "Observed means at later visits describe the patients alive and assessed (n under "
            "each visit)."
        )
    )
    return figure, caption


_COLOURS = ("#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085")


def survival_figure(
    frame: pd.DataFrame,
    *,
    by: str | None = None,
    conf_type: str = "log-log",
    at_risk_days: Sequence[int] | None = None,
) -> tuple[Figure, str]:
    """Kaplan-Meier curve(s) with a 95 % CI band for every group, censoring marks (+) and the
    numbers at risk under the axis at the same days as the report's at-risk table."""
    from spinemet.analysis._km import ConfType, product_limit
    from spinemet.analysis.survival import at_risk_days as quarter_days

    plt = _pyplot()
    figure = plt.figure(figsize=(6.4, 4.6))
    rows = 1 if by is None else max(1, frame[by].nunique())
    bottom = 0.2 + 0.04 * rows
    left, width = 0.2, 0.76
    axes = figure.add_axes((left, bottom, width, 0.9 - bottom))
    groups: list[tuple[str, pd.DataFrame]] = [(_("all patients"), frame)]
    if by is not None:
        present = frame[frame[by].notna()]
        groups = [(f"{by}={level}", part) for level, part in present.groupby(by, sort=True)]
    days = (
        list(at_risk_days)
        if at_risk_days is not None
        else quarter_days(float(frame["time_days"].max()))
    )
    scale = ConfType(conf_type)
    for index, (label, part) in enumerate(groups):
        colour = _COLOURS[index % len(_COLOURS)]
        time = part["time_days"].to_numpy(dtype=float)
        event = part["event"].to_numpy(dtype=int)
        curve = product_limit(time, event, conf_type=scale)
        x = np.concatenate([[0.0], curve.time]) / _DAYS_PER_MONTH
        axes.step(x, np.concatenate([[1.0], curve.surv]), where="post", color=colour, label=label)
        low = np.concatenate([[1.0], np.where(np.isnan(curve.lower), curve.surv, curve.lower)])
        high = np.concatenate([[1.0], np.where(np.isnan(curve.upper), curve.surv, curve.upper)])
        axes.fill_between(x, low, high, step="post", color=colour, alpha=0.15, linewidth=0)
        marks = np.unique(time[event == 0])
        at = np.searchsorted(curve.time, marks, side="right") - 1
        axes.plot(
            marks / _DAYS_PER_MONTH,
            curve.surv[at],
            linestyle="none",
            marker="|",
            markersize=6,
            color=colour,
        )
        last = float(days[-1]) or 1.0
        for day in days:
            figure.text(
                left + width * day / last,
                bottom - 0.16 - 0.04 * index,
                str(int((time >= day).sum())),
                ha="center",
                fontsize=7,
                color=colour,
            )
        figure.text(0.01, bottom - 0.16 - 0.04 * index, label[:22], fontsize=7, color=colour)
    figure.text(0.01, bottom - 0.12, _("number at risk"), fontsize=7, weight="bold")
    axes.set_xlim(0, days[-1] / _DAYS_PER_MONTH if days[-1] else 1)
    axes.set_xticks([day / _DAYS_PER_MONTH for day in days])
    axes.set_xticklabels([f"{day / _DAYS_PER_MONTH:.0f}" for day in days])
    axes.set_ylim(0, 1.02)
    axes.set_xlabel(_("months from the index date (surgery or enrolment)"))
    axes.set_ylabel(_("survival probability"))
    axes.set_title(
        _("Overall survival (Kaplan-Meier) by {by}").format(by=by)
        if by
        else _("Overall survival (Kaplan-Meier)")
    )
    axes.legend(loc="upper right", frameon=False, fontsize=8)
    caption = _(
        "Kaplan-Meier estimate of survival from the index date with its 95% CI ({scale} "
        "scale) drawn as a band for every group; | marks a censored patient (alive at last "
        "contact). Numbers at risk at the days of the report's at-risk table (every quarter "
        "year)."
    ).format(scale=scale.value) + (_(" Groups by {by}.").format(by=by) if by else "")
    return figure, caption


def schoenfeld_figure(
    death_days: np.ndarray,
    residuals: np.ndarray,
    *,
    terms: Sequence[str],
    failing: Sequence[str],
    transform: str,
    coefficients: Sequence[float],
) -> tuple[Figure, str]:
    """Scaled Schoenfeld residuals against time for the terms whose PH test fails."""
    plt = _pyplot()
    columns = [terms.index(name) for name in failing]
    figure, grid = plt.subplots(len(columns), 1, figsize=(6.0, 2.3 * len(columns)), squeeze=False)
    months = np.asarray(death_days, dtype=float) / _DAYS_PER_MONTH
    drawn = np.arange(months.size)
    if months.size > _MAX_POINTS:  # the running mean uses every death; the dots a sample
        drawn = np.sort(np.random.default_rng(0).choice(months.size, _MAX_POINTS, replace=False))
    for axes, column in zip(grid[:, 0], columns, strict=True):
        values = residuals[:, column]
        axes.scatter(months[drawn], values[drawn], s=6, color="0.35")
        order = np.argsort(months)
        window = max(5, len(order) // 8)
        smooth = pd.Series(values[order]).rolling(window, center=True, min_periods=3).mean()
        axes.plot(
            months[order],
            smooth,
            color="#c0392b",
            label=_("running mean ({window} deaths)").format(window=window),
        )
        axes.axhline(
            coefficients[column], color="#1f5fa8", linestyle="--", label=_("Cox coefficient")
        )
        axes.set_ylabel(f"beta(t): {terms[column]}", fontsize=8)
        axes.legend(frameon=False, fontsize=7)
    grid[-1, 0].set_xlabel(_("months from the index date (time of each death)"))
    figure.suptitle(_("Scaled Schoenfeld residuals (terms failing the PH test)"), fontsize=9)
    figure.tight_layout()
    caption = _(
        "Scaled Schoenfeld residuals (R cox.zph) of each covariate whose proportional-hazards "
        'test (transform "{transform}") rejects at p < {alpha}, against the time of each death: '
        "a flat running mean at the Cox coefficient means a constant hazard ratio; a trend "
        "means the effect changes over follow-up."
    ).format(transform=transform, alpha="0.05") + (
        _(" Dots: a random sample of {shown} of {n} deaths (seed {seed}).").format(
            shown=_MAX_POINTS, n=months.size, seed=0
        )
        if months.size > _MAX_POINTS
        else ""
    )
    return figure, caption


def complications_figure(table: pd.DataFrame) -> tuple[Figure, str]:
    """Proportion of patients with each complication type, with exact 95 % CI."""
    from spinemet.analysis.labels import code_label

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
        [
            f"{code_label(name)} ({n}/{total})"
            for name, n, total in rows[["type", "n", "n_patients"]].values
        ]
    )
    axes.set_xlim(0, 100)
    axes.set_xlabel(_("patients with the complication, % (exact 95% CI)"))
    axes.set_title(_("Complications"))
    figure.tight_layout()
    caption = _(
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
