"""Spine content of Table 1 from the lesions table: the index level's region, its SINS total
and band, and its ESCC (Bilsky) grade.

The index lesion of a patient is the lesion marked ``index`` (else the first listed). SINS is
scored by :mod:`spinemet.instruments` from the six ``sins_`` items (Fisher CG et al. Spine
2010;35(22):E1221-9: 0-6 stable, 7-12 indeterminate, 13-18 unstable) only where all six are
given; the ESCC grade is as recorded (Bilsky MH et al. J Neurosurg Spine 2010;13(3):324-8).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["index_lesion_fields"]

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
