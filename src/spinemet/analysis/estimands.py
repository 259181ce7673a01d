"""Death as an estimand question (ICH E9(R1)): the composite strategy, death = worst value.

In this population many patients die before the later visits. Three estimands answer
different questions and are reported side by side:

* while alive: the means of the patients alive and assessed at each visit (``describe_outcome``);
* hypothetical: the MMRM least-squares means, the outcome had every patient lived and been
  assessed, assuming missing at random (:mod:`.mmrm`);
* composite (this module): a patient who died before a visit's target day is scored the
  instrument's worst value at that visit (VAS/NRS 10, Barthel 0), and the visit is compared
  with baseline by ranks (Wilcoxon signed-rank), so death counts as the worst outcome.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from spinemet.analysis._common import subject_by_visit
from spinemet.analysis.paired import holm, wilcoxon_signed_rank

__all__ = ["WORST_VALUE", "composite_worst"]

WORST_VALUE: dict[str, float] = {"vas": 10.0, "nrs": 10.0, "barthel": 0.0, "barthel_20": 0.0}
"""The worst value of each instrument's scale (domain/instruments.md §8 VAS/NRS 0-10, 10 worst
imaginable pain; §9 Barthel 0-100 or 0-20, 0 fully dependent)."""


def composite_worst(
    frame: pd.DataFrame,
    survival: pd.DataFrame,
    *,
    instrument: str,
    visits: Sequence[str],
    target_days: Mapping[str, float],
) -> pd.DataFrame | None:
    """Composite-strategy summary per visit: death before the visit scored the worst value.

    Parameters
    ----------
    frame
        Long outcome frame of ``instrument`` (``patient_id``, ``visit``, ``total``).
    survival
        Survival frame (``patient_id``, ``time_days``, ``event``) of the same patients.
    visits
        Visit codes in schedule order, baseline first.
    target_days
        Each visit's target day after the index date.

    Returns
    -------
    pandas.DataFrame or None
        Per visit after baseline: ``visit``, ``n`` (patients with a baseline value and a
        composite value), ``n_died`` (scored worst), ``median``, ``q1``, ``q3`` of the
        composite, and the Wilcoxon signed-rank ``p`` vs baseline with ``p_holm``. ``None``
        for an instrument without a declared worst value.

    Notes
    -----
    A patient alive and not assessed at a visit has no composite value there (left out);
    only death is given the worst value. Quartiles as R ``quantile(type = 7)``.
    """
    worst = WORST_VALUE.get(instrument)
    if worst is None or len(visits) < 2:
        return None
    wide = subject_by_visit(frame, visits=visits)
    ends = survival.set_index("patient_id")
    ends = ends[~ends.index.duplicated()]
    baseline = visits[0]
    rows: list[dict[str, object]] = []
    p_values: list[float | None] = []
    for visit in visits[1:]:
        values = wide[visit].copy()
        time = ends["time_days"].reindex(wide.index)
        dead = ends["event"].reindex(wide.index) == 1
        died = dead & (time < float(target_days[visit])) & values.isna()
        values[died] = worst
        both = pd.DataFrame({"base": wide[baseline], "visit": values}).dropna()
        difference = (both["visit"] - both["base"]).to_numpy(dtype=float)
        test = wilcoxon_signed_rank(difference)
        composite = both["visit"].to_numpy(dtype=float)
        q1, median, q3 = (
            np.quantile(composite, [0.25, 0.5, 0.75]) if composite.size else (np.nan,) * 3
        )
        rows.append(
            {
                "visit": visit,
                "n": len(both),
                "n_died": int(died[both.index].sum()),
                "median": float(median),
                "q1": float(q1),
                "q3": float(q3),
                "p": test.p,
            }
        )
        p_values.append(test.p)
    adjusted = holm(p_values)
    for row, p in zip(rows, adjusted, strict=True):
        row["p_holm"] = p
    return pd.DataFrame(rows)
