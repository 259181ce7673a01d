"""Spine content of Table 1: from the lesions table the index level's region, its SINS total
and band and its ESCC (Bilsky) grade; from the assessments at the baseline visit the revised
Tokuhashi and Tomita totals and bands.

The index lesion of a patient is the lesion marked ``index`` (else the first listed). SINS is
scored by :mod:`spinemet.instruments` from the six ``sins_`` items (Fisher CG et al. Spine
2010;35(22):E1221-9: 0-6 stable, 7-12 indeterminate, 13-18 unstable) only where all six are
given; the ESCC grade is as recorded (Bilsky MH et al. J Neurosurg Spine 2010;13(3):324-8).

The revised Tokuhashi score (Tokuhashi Y et al. Spine 2005;30(19):2186-91: 0-8, 9-11, 12-15)
and the Tomita score (Tomita K et al. Spine 2001;26(3):298-306: 2-3, 4-5, 6-7, 8-10) are
prognostic scores of the patient before treatment. They are recorded as assessments at the
baseline visit (the schedule's first, ``preop``), with their items (scored by
:mod:`spinemet.instruments` when the cohort is read) or, as published series keep them, with
a total only (``total_source`` ``given``); Table 1 shows the total and the band either way and
says how many were given. They are never analysed as outcomes over visits.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["PROGNOSTIC_SCORES", "baseline_scores", "index_lesion_fields"]

PROGNOSTIC_SCORES = ("tokuhashi_revised", "tomita")
"""Instruments scored once before treatment and shown in Table 1, not analysed over visits."""

_SINS_ITEMS = (
    "location",
    "pain",
    "bone_lesion",
    "radiographic_alignment",
    "vertebral_body_collapse",
    "posterolateral_involvement",
)
_REGIONS = {"C": "cervical", "T": "thoracic", "L": "lumbar", "S": "sacral"}


def index_lesion_fields(lesions: pd.DataFrame) -> pd.DataFrame:
    """Per patient (index = ``patient_id``): ``index_region``, ``sins_total``, ``sins_band``,
    ``escc_grade`` of the index lesion (columns only where the lesions table has the data).

    Examples
    --------
    >>> lesions = pd.DataFrame({"patient_id": ["A", "A", "B"], "level": ["T12", "L1", "C5"],
    ...                         "index": [False, True, None]})
    >>> index_lesion_fields(lesions)["index_region"].to_dict()
    {'A': 'lumbar', 'B': 'cervical'}
    """
    if lesions.empty:
        return pd.DataFrame(index=pd.Index([], name="patient_id"))
    frame = lesions.copy()
    marked = (
        frame["index"].astype("boolean").fillna(False).astype(bool)
        if "index" in frame.columns
        else pd.Series(False, index=frame.index)
    )
    frame["_rank"] = (~marked).astype(int)
    frame["_order"] = range(len(frame))
    chosen = frame.sort_values(["patient_id", "_rank", "_order"]).drop_duplicates("patient_id")
    chosen = chosen.set_index("patient_id")
    out = pd.DataFrame(index=chosen.index)
    out["index_region"] = chosen["level"].astype(str).str[0].map(_REGIONS)
    sins_columns = [f"sins_{item}" for item in _SINS_ITEMS]
    if set(sins_columns) <= set(chosen.columns):
        items = chosen[sins_columns].rename(
            columns=dict(zip(sins_columns, _SINS_ITEMS, strict=True))
        )
        complete = items.notna().all(axis=1)
        if complete.any():
            from spinemet.instruments import score_frame

            scored = score_frame("sins", items[complete].astype(object).reset_index(drop=True))
            out.loc[complete[complete].index, "sins_total"] = scored["total"].to_numpy(dtype=float)
            out["sins_band"] = None
            out.loc[complete[complete].index, "sins_band"] = scored["category"].to_numpy(
                dtype=object
            )
    if "escc_grade" in chosen.columns and chosen["escc_grade"].notna().any():
        out["escc_grade"] = chosen["escc_grade"].astype(object)
    return out


def baseline_scores(assessments: pd.DataFrame, *, baseline_visit: str) -> pd.DataFrame:
    """Per patient (index = ``patient_id``): ``<score>_total`` and ``<score>_band`` of each
    score of :data:`PROGNOSTIC_SCORES` at ``baseline_visit`` (columns only for the scores
    recorded), and ``<score>_given`` (the total was given without items).

    The total and band are the cohort's: computed from the items by
    :mod:`spinemet.instruments` when the cohort was read, or the given total and its band.

    Examples
    --------
    >>> rows = pd.DataFrame({"patient_id": ["A", "B"], "visit": ["preop", "preop"],
    ...     "instrument": ["tomita", "tomita"], "total": [3.0, 8.0],
    ...     "total_source": ["computed", "given"],
    ...     "category": ["long_term_local_control", "terminal_care"]})
    >>> baseline_scores(rows, baseline_visit="preop")["tomita_band"].to_dict()
    {'A': 'long_term_local_control', 'B': 'terminal_care'}
    """
    out = pd.DataFrame(index=pd.Index([], name="patient_id", dtype=object))
    if assessments.empty:
        return out
    at_baseline = assessments[
        assessments["visit"].eq(baseline_visit).fillna(False).astype(bool)
        & assessments["total"].notna()
    ]
    columns: dict[str, pd.Series] = {}
    for code in PROGNOSTIC_SCORES:
        rows = at_baseline[at_baseline["instrument"] == code]
        if rows.empty:
            continue
        rows = rows.drop_duplicates("patient_id").set_index("patient_id")
        columns[f"{code}_total"] = rows["total"].astype(float)
        columns[f"{code}_band"] = rows["category"].astype(object)
        columns[f"{code}_given"] = rows["total_source"].eq("given").astype(bool)
    if not columns:
        return out
    return pd.DataFrame(columns).rename_axis("patient_id")
