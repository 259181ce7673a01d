"""Cement leakage by Yeom's types, per cemented level and per patient, with exact 95 % CIs.

Yeom JS, Kim WJ, Choy WS, et al. Leakage of cement in percutaneous transpedicular
vertebroplasty for painful osteoporotic compression fractures. J Bone Joint Surg Br.
2003;85(1):83-89: leakage is assessed per treated vertebra, as type B (basivertebral vein),
S (segmental vein) and C (cortical defect); the types are not exclusive. The cohort records it
on the procedures table (``cement_leakage_assessed`` and the levels with each type,
``cement_leakage_<b|s|c>_levels``, among the procedure's ``cement_levels``). Each assessed
cemented level is scored by :mod:`spinemet.instruments` (``cement_leakage_yeom``: the number of
types, band ``leakage`` when at least one); a patient counts for a type when any of their
assessed levels has it. Series report both: vertebrae (CORCOS2014: 53 % of 81 vertebrae) and
patients (the seed study, Ma et al. 2023: no patient with leakage).
"""

from __future__ import annotations

import pandas as pd

from spinemet.analysis.complications import clopper_pearson

__all__ = ["LEAKAGE_ROWS", "cement_leakage_levels", "cement_leakage_table"]

LEAKAGE_ROWS = ("type_b", "type_s", "type_c", "any")
"""The rows of the leakage table: each of Yeom's types, then leakage of any type."""

_TYPES = {"type_b": "b", "type_s": "s", "type_c": "c"}


def _levels(value: object) -> list[str]:
    return [part for part in str(value).split(",") if part] if isinstance(value, str) else []


def cement_leakage_levels(procedures: pd.DataFrame) -> pd.DataFrame | None:
    """One row per assessed cemented level: ``patient_id``, ``level``, ``type_b``,
    ``type_s``, ``type_c`` (bool), ``total`` (number of types) and ``category``, scored by
    ``cement_leakage_yeom``; ``None`` when no procedure records an assessment.

    Examples
    --------
    >>> procedures = pd.DataFrame({"patient_id": ["A"], "cement_levels": ["T12,L1"],
    ...     "cement_leakage_assessed": [True], "cement_leakage_c_levels": ["L1"]})
    >>> cement_leakage_levels(procedures)[["level", "type_c", "category"]].values.tolist()
    [['T12', False, 'no_leakage'], ['L1', True, 'leakage']]
    """
    if "cement_leakage_assessed" not in procedures.columns:
        return None
    assessed = procedures["cement_leakage_assessed"].astype("boolean").fillna(False).astype(bool)
    records = []
    for _index, row in procedures[assessed].iterrows():
        leaked = {
            item: set(_levels(row.get(f"cement_leakage_{code}_levels")))
            for item, code in _TYPES.items()
        }
        for level in dict.fromkeys(_levels(row.get("cement_levels"))):
            records.append(
                {
                    "patient_id": row["patient_id"],
                    "level": level,
                    **{item: level in levels for item, levels in leaked.items()},
                }
            )
    if not records:
        return None
    from spinemet.instruments import score_frame

    frame = pd.DataFrame.from_records(records)
    scored = score_frame("cement_leakage_yeom", frame[list(_TYPES)].astype(bool))
    frame["total"] = scored["total"].to_numpy(dtype=int)
    frame["category"] = scored["category"].astype(object).to_numpy()
    return frame


def cement_leakage_table(procedures: pd.DataFrame) -> pd.DataFrame | None:
    """Per type (:data:`LEAKAGE_ROWS`): levels with it of the assessed cemented levels and
    patients with it of the patients assessed, each with the proportion and its exact
    (Clopper-Pearson) 95 % CI; ``None`` when leakage was not recorded.

    Columns ``type``, ``levels``, ``n_levels``, ``levels_proportion``, ``levels_ci95_low``,
    ``levels_ci95_high``, ``patients``, ``n_patients``, ``patients_proportion``,
    ``patients_ci95_low``, ``patients_ci95_high``.
    """
    levels = cement_leakage_levels(procedures)
    if levels is None:
        return None
    flags = levels[list(_TYPES)].assign(any=levels["category"].eq("leakage"))
    by_patient = flags.groupby(levels["patient_id"].to_numpy()).any()
    n_levels, n_patients = len(flags), len(by_patient)
    records = []
    for name in LEAKAGE_ROWS:
        at_levels = int(flags[name].sum())
        in_patients = int(by_patient[name].sum())
        level_ci = clopper_pearson(at_levels, n_levels)
        patient_ci = clopper_pearson(in_patients, n_patients)
        records.append(
            {
                "type": name,
                "levels": at_levels,
                "n_levels": n_levels,
                "levels_proportion": at_levels / n_levels,
                "levels_ci95_low": level_ci[0],
                "levels_ci95_high": level_ci[1],
                "patients": in_patients,
                "n_patients": n_patients,
                "patients_proportion": in_patients / n_patients,
                "patients_ci95_low": patient_ci[0],
                "patients_ci95_high": patient_ci[1],
            }
        )
    return pd.DataFrame.from_records(records)
