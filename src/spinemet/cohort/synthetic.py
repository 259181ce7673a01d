"""A synthetic cohort shaped like the seed study, for demonstrations, tests and benchmarks.

Ma et al. 2023 (J Clin Transl Res 9(2)): 40 patients with thoracic and lumbar metastases in poor
systemic condition, percutaneous pedicle screw fixation with vertebroplasty (PPSF + PVP), VAS
and Barthel before surgery and at 7 days, 3 and 6 months, no infection, screw loosening or
cement leakage, follow-up 6-33 months (mean 14.87). The generator draws, with one seeded
:class:`numpy.random.Generator` and without a loop over patients:

- thoracolumbar lesions (T1-L5, one to three adjacent levels, most around the junction), with
  SINS items consistent with level, collapse and pedicle involvement;
- a mix of primaries (lung, breast, prostate, kidney, liver, colon, thyroid, myeloma, ...),
  age about 60 ± 10, KPS mostly 40-70;
- one PPSF + PVP on the index date: cement in the involved levels, screws one level above and
  one below;
- death times from a Weibull distribution (shorter for lung, liver and low KPS), administrative
  censoring after 6-33 months of potential follow-up; some patients die before 6 months;
- VAS falling (about 7.5, 3, 2.5, 2.5) and Barthel rising (about 45, 60, 75, 80) with a random
  effect per patient and noise; Barthel from its ten items (totals computed), VAS with one
  decimal; assessments only while alive and under follow-up, a few visits missed;
- rare complications (about 3 % of patients);
- cement leakage assessed at every cemented level, by Yeom's types (a few levels: type C about
  10 %, S 5 %, B 3 %; drawn from a second generator seeded ``seed + 1``, so the other tables
  are those of earlier versions);
- the revised Tokuhashi and Tomita scores at the pre-operative visit, scored from items derived
  from the patient's fields as the decision layer derives them (KPS, bone and spinal metastases,
  visceral metastases, primary tumour, Frankel grade; domain/decision.md §1.4); a primary that
  the source does not place for an item (Tomita growth of myeloma, oesophagus) has no score.

The numbers are invented. The cohort is labelled synthetic (``provenance.synthetic``), the
writers mark it in every file, and reports made from it must say so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from spinemet.cohort._categories import categorize
from spinemet.cohort._columns import LEVELS, empty_table
from spinemet.cohort._provenance import Provenance, VisitAssignment, content_sha256
from spinemet.cohort._schedule import DEFAULT_SCHEDULE
from spinemet.cohort.cohort import Cohort
from spinemet.instruments import (
    general_condition_from_kps,
    get_spec,
    palsy_from_frankel,
    score_frame,
    sins_location_from_level,
)

__all__ = ["SEED", "synthetic_cohort"]

SEED = 20230214
"""The default seed: the seed study's publication date."""

_PRIMARIES = {
    "lung_nsclc": (0.25, 0.55),  # (share of patients, relative median survival)
    "breast": (0.18, 1.6),
    "prostate": (0.10, 1.5),
    "kidney": (0.10, 1.1),
    "liver": (0.10, 0.5),
    "colon": (0.06, 0.8),
    "thyroid": (0.05, 2.0),
    "myeloma": (0.05, 1.6),
    "stomach": (0.03, 0.5),
    "esophagus": (0.03, 0.5),
    "unknown_primary": (0.05, 0.7),
}
_KPS = np.array([40, 50, 60, 70, 80])
_KPS_SHARE = np.array([0.15, 0.25, 0.30, 0.20, 0.10])
_KPS_TO_ECOG = {40: 3, 50: 2, 60: 2, 70: 1, 80: 1}
# Visits of the seed study: code, target day, jitter (days) around the target.
_VISITS = (("preop", -2, 2), ("d7", 7, 2), ("m3", 91, 7), ("m6", 182, 10))
_VAS_MEAN = np.array([7.5, 3.0, 2.5, 2.5])
_BARTHEL_MEAN = np.array([45.0, 60.0, 75.0, 80.0])
_MISSED = np.array([0.0, 0.04, 0.07, 0.08])  # chance that a visit was not recorded
_COMPLICATIONS = np.array(["cement_leakage", "infection", "screw_loosening", "other"])
_DAY_MONTH = 30.4375


def synthetic_cohort(n: int = 40, *, seed: int = SEED) -> Cohort:
    """A synthetic cohort of ``n`` patients shaped like the seed study.

    Parameters
    ----------
    n
        Number of patients (at least 1).
    seed
        Seed of the random generator; the same ``n`` and ``seed`` always give the same cohort.

    Returns
    -------
    Cohort
        Validated-shape tables with ``provenance.synthetic`` true and a note naming the call.

    Examples
    --------
    >>> cohort = synthetic_cohort(40)
    >>> cohort.synthetic, cohort.n_patients
    (True, 40)
    >>> sorted(cohort.instruments())
    ['barthel', 'tokuhashi_revised', 'tomita', 'vas']
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        from spinemet.errors import CohortError

        raise CohortError("n", n, "a whole number of patients >= 1", "bad_size")
    rng = np.random.default_rng(seed)
    patients = _patients(rng, int(n))
    lesions = _lesions(rng, patients)
    procedures = _with_leakage(_procedures(patients, lesions), seed)
    assessments = _assessments(rng, patients)
    assessments = _with_prognostic_scores(assessments, patients)
    complications = _complications(rng, patients)
    patients = patients.drop(columns=["_end_day"])
    tables = {
        "patients": patients,
        "lesions": lesions,
        "procedures": procedures,
        "assessments": assessments,
        "complications": complications,
    }
    note = (
        f"synthetic: generated by spinemet.cohort.synthetic_cohort(n={n}, seed={seed}); "
        "invented numbers shaped like Ma et al. 2023, not patient data"
    )
    provenance = Provenance(
        sources=(f"synthetic_cohort(n={n}, seed={seed})",),
        sha256=content_sha256(tables),
        synthetic=True,
        notes=(note,),
        visit_assignment=VisitAssignment(
            windows=tuple(visit.window_text() for visit in DEFAULT_SCHEDULE.visits)
        ),
    )
    return Cohort(**tables, schedule=DEFAULT_SCHEDULE, provenance=provenance)


def _patients(rng: np.random.Generator, n: int) -> pd.DataFrame:
    width = max(3, len(str(n)))
    ids = np.char.add("S", np.char.zfill(np.arange(1, n + 1).astype(str), width))
    codes = np.array(list(_PRIMARIES))
    shares = np.array([share for share, _ in _PRIMARIES.values()])
    primary = rng.choice(len(codes), size=n, p=shares / shares.sum())
    primary_tumor = codes[primary]
    sex = np.where(rng.random(n) < 0.45, "female", "male")
    sex = np.where(primary_tumor == "breast", "female", sex)
    sex = np.where(primary_tumor == "prostate", "male", sex)
    age = np.clip(np.round(rng.normal(60, 10, n)), 25, 90)
    kps = rng.choice(_KPS, size=n, p=_KPS_SHARE)
    start = np.datetime64("2016-01-01")
    index_date = start + rng.integers(0, 5 * 365, n).astype("timedelta64[D]")
    # Weibull death times: median about 26 months, shorter for rapid primaries and low KPS.
    relative = np.array([factor for _, factor in _PRIMARIES.values()])[primary]
    relative = relative * np.exp(0.025 * (kps - 60))
    shape = 1.2
    scale = 26 * _DAY_MONTH * relative / np.log(2) ** (1 / shape)
    death_day = np.maximum(2, np.round(scale * rng.weibull(shape, n))).astype(np.int64)
    censor_day = rng.integers(round(6 * _DAY_MONTH), round(33 * _DAY_MONTH) + 1, n)
    dead = death_day <= censor_day
    end_day = np.where(dead, death_day, censor_day)
    end = index_date + end_day.astype("timedelta64[D]")
    spinal = rng.poisson(1.5, n) + 1
    frame = pd.DataFrame(
        {
            "patient_id": ids.astype(object),
            "site": np.where(rng.random(n) < 0.7, "site_a", "site_b").astype(object),
            "sex": sex.astype(object),
            "age": age.astype("float64"),
            "primary_tumor": primary_tumor.astype(object),
            "index_date": pd.to_datetime(index_date).astype("datetime64[ns]"),
            "last_contact_date": pd.to_datetime(end).astype("datetime64[ns]"),
            "vital_status": np.where(dead, "dead", "alive").astype(object),
            "death_date": pd.to_datetime(np.where(dead, end, np.datetime64("NaT"))).astype(
                "datetime64[ns]"
            ),
            "kps": pd.array(kps, dtype="Int64"),
            "ecog": pd.array([_KPS_TO_ECOG[int(value)] for value in _KPS], dtype="Int64")[
                np.searchsorted(_KPS, kps)
            ],
            "frankel": np.where(rng.random(n) < 0.85, "E", "D").astype(object),
            "visceral_metastases": rng.choice(
                np.array(["none", "removable", "unremovable"], dtype=object),
                size=n,
                p=[0.5, 0.15, 0.35],
            ),
            "extraspinal_bone_metastases": pd.array(rng.poisson(1.2, n), dtype="Int64"),
            "spinal_metastases": pd.array(spinal, dtype="Int64"),
            "fit_for_open_surgery": pd.array(rng.random(n) < 0.2, dtype="boolean"),
        }
    )
    frame["_end_day"] = end_day
    return frame


def _lesions(rng: np.random.Generator, patients: pd.DataFrame) -> pd.DataFrame:
    n = len(patients)
    count = rng.choice(np.array([1, 2, 3]), size=n, p=[0.6, 0.3, 0.1])
    first_thoracic, last_lumbar = LEVELS.index("T1"), LEVELS.index("L5")
    # Most lesions around the thoracolumbar junction (T10-L2), some anywhere from T1 to L5.
    centre = LEVELS.index("T12") + np.round(rng.normal(0, 2.5, n)).astype(np.int64)
    anywhere = rng.integers(first_thoracic, last_lumbar + 1, n)
    top = np.where(rng.random(n) < 0.7, centre, anywhere)
    top = np.clip(top, first_thoracic, last_lumbar - count + 1)
    owner = np.repeat(np.arange(n), count)
    offset = np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count)
    position = top[owner] + offset
    size = len(owner)
    levels = np.array(LEVELS, dtype=object)[position]
    primary = patients["primary_tumor"].to_numpy()[owner]
    lesion_type = np.where(
        rng.random(size) < 0.85, "lytic", np.where(rng.random(size) < 0.5, "mixed", "blastic")
    )
    lesion_type = np.where(
        primary == "prostate", np.where(rng.random(size) < 0.6, "blastic", "mixed"), lesion_type
    )
    collapse = np.where(rng.random(size) < 0.35, 0, rng.integers(5, 50, size))
    collapse = np.where(rng.random(size) < 0.15, rng.integers(51, 80, size), collapse)
    collapse_code = np.where(
        collapse == 0,
        np.where(rng.random(size) < 0.6, "no_collapse_gt_50_involved", "none"),
        np.where(collapse > 50, "gt_50", "lt_50"),
    )
    pedicle = rng.choice(
        np.array(["none", "left", "right", "bilateral"]), size=size, p=[0.4, 0.2, 0.2, 0.2]
    )
    posterolateral = np.where(
        pedicle == "bilateral", "bilateral", np.where(pedicle == "none", "none", "unilateral")
    )
    location = {level: sins_location_from_level(level) for level in set(levels)}
    return pd.DataFrame(
        {
            "patient_id": patients["patient_id"].to_numpy()[owner],
            "level": levels,
            "index": pd.array(offset == 0, dtype="boolean"),
            "lesion_type": lesion_type.astype(object),
            "collapse_percent": collapse.astype("float64"),
            "posterior_wall_intact": pd.array(rng.random(size) < 0.85, dtype="boolean"),
            "retropulsion": pd.array(np.zeros(size, dtype=bool), dtype="boolean"),
            "pedicle_involvement": pedicle.astype(object),
            "escc_grade": rng.choice(np.array(["0", "1a", "1b"], dtype=object), size=size),
            "sins_location": np.array([location[level] for level in levels], dtype=object),
            "sins_pain": np.where(
                rng.random(size) < 0.8, "mechanical", "occasional_non_mechanical"
            ).astype(object),
            "sins_bone_lesion": lesion_type.astype(object),
            "sins_radiographic_alignment": np.where(
                rng.random(size) < 0.85, "normal", "de_novo_deformity"
            ).astype(object),
            "sins_vertebral_body_collapse": collapse_code.astype(object),
            "sins_posterolateral_involvement": posterolateral.astype(object),
        }
    )


def _procedures(patients: pd.DataFrame, lesions: pd.DataFrame) -> pd.DataFrame:
    position = lesions["level"].map({level: i for i, level in enumerate(LEVELS)})
    grouped = position.groupby(lesions["patient_id"].to_numpy(), sort=False)
    top, bottom = grouped.min(), grouped.max()
    cement = lesions.groupby("patient_id", sort=False)["level"].agg(",".join)
    ids = patients["patient_id"]
    names = np.array(LEVELS, dtype=object)
    above = names[top.reindex(ids).to_numpy() - 1]
    below = names[np.minimum(bottom.reindex(ids).to_numpy() + 1, len(LEVELS) - 1)]
    n_cement = lesions.groupby("patient_id", sort=False).size().reindex(ids).to_numpy()
    # Deterministic per patient (no second random stream): plausible, not drawn.
    digits = ids.str[1:].astype(np.int64).to_numpy()
    return pd.DataFrame(
        {
            "patient_id": ids.to_numpy(),
            "date": patients["index_date"].to_numpy(),
            "type": np.full(len(ids), "ppsf_pvp", dtype=object),
            "screw_levels": (pd.Series(above) + "," + pd.Series(below)).to_numpy(),
            "cement_levels": cement.reindex(ids).to_numpy(),
            "cement_ml": 3.5 * n_cement + (digits % 5) * 0.5,
            "operative_minutes": 80.0 + 20 * n_cement + (digits % 7) * 5,
            "blood_loss_ml": 50.0 + 20 * n_cement + (digits % 6) * 10,
        }
    )


_LEAKAGE_SHARE = {"b": 0.03, "s": 0.05, "c": 0.10}  # in the order of the columns


def _with_leakage(procedures: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The procedures with cement leakage by Yeom type at their cemented levels."""
    rng = np.random.default_rng(seed + 1)
    cemented = procedures["cement_levels"].str.split(",")
    frame = procedures.copy()
    frame["cement_leakage_assessed"] = pd.array(cemented.notna().to_numpy(), dtype="boolean")
    for code, share in _LEAKAGE_SHARE.items():
        leaked = [
            ",".join(level for level in levels if rng.random() < share) or None
            for levels in cemented
        ]
        frame[f"cement_leakage_{code}_levels"] = np.array(leaked, dtype=object)
    return frame


def _assessments(rng: np.random.Generator, patients: pd.DataFrame) -> pd.DataFrame:
    n, n_visits = len(patients), len(_VISITS)
    end_day = patients["_end_day"].to_numpy()
    target = np.array([visit[1] for visit in _VISITS])
    jitter = np.array([visit[2] for visit in _VISITS])
    day = target + np.round(rng.uniform(-1, 1, (n, n_visits)) * jitter).astype(np.int64)
    day[:, 0] = np.minimum(day[:, 0], 0)
    present = (day < end_day[:, None]) & (rng.random((n, n_visits)) >= _MISSED)
    present[:, 0] = True  # every patient had the preoperative assessment
    vas_effect, barthel_effect = rng.normal(0, 0.8, n), rng.normal(0, 8, n)
    vas_raw = _VAS_MEAN + vas_effect[:, None] + rng.normal(0, 0.7, (n, n_visits))
    vas = np.round(np.clip(vas_raw, 0.0, 10.0), 1)
    share = (_BARTHEL_MEAN + barthel_effect[:, None] + rng.normal(0, 5, (n, n_visits))) / 100
    share = np.clip(share, 0.02, 0.98)
    patient, visit = np.nonzero(present)
    rows = len(patient)
    barthel = get_spec("barthel")
    items = {}
    total = np.zeros(rows, dtype=np.int64)
    for item in barthel.items:
        steps = max(int(code) for code in item.codes) // 5
        points = 5 * rng.binomial(steps, share[patient, visit])
        items[item.name] = points
        total += points
    dates = patients["index_date"].to_numpy()[patient] + day[patient, visit].astype(
        "timedelta64[D]"
    )
    codes = np.array([visit[0] for visit in _VISITS], dtype=object)[visit]
    common = {
        "patient_id": patients["patient_id"].to_numpy()[patient],
        "visit": codes,
        "date": pd.to_datetime(dates).astype("datetime64[ns]"),
        "day": pd.array(day[patient, visit], dtype="Int64"),
    }
    vas_rows = pd.DataFrame(
        {
            **common,
            "instrument": "vas",
            "total": vas[patient, visit],
            "total_source": "given",
            "category": categorize("vas", vas[patient, visit]),
        }
    )
    barthel_rows = pd.DataFrame(
        {
            **common,
            "instrument": "barthel",
            "total": total.astype("float64"),
            "total_source": "computed",
            "category": categorize("barthel", total),
            **{name: pd.array(values, dtype="Int64") for name, values in items.items()},
        }
    )
    order = np.arange(rows)
    vas_rows["_order"], barthel_rows["_order"] = 2 * order, 2 * order + 1
    frame = pd.concat([vas_rows, barthel_rows], ignore_index=True)
    frame = frame.sort_values("_order").drop(columns="_order").reset_index(drop=True)
    for name in ("instrument", "total_source"):
        frame[name] = frame[name].astype(object)
    return frame


def _prognostic_items(patients: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The items of the revised Tokuhashi and Tomita scores, derived from the patient fields
    (no random draw: the other tables stay as they were); patients whose primary the source
    does not place for an item are left out of that score."""
    from spinemet.decision.case import PrimaryTumor
    from spinemet.decision.histology import tumour_facts

    facts = {code: tumour_facts(PrimaryTumor(code)) for code in set(patients["primary_tumor"])}
    primary = patients["primary_tumor"].to_numpy(dtype=object)
    bone = patients["extraspinal_bone_metastases"].to_numpy(dtype=np.int64)
    spine = patients["spinal_metastases"].to_numpy(dtype=np.int64)
    visceral = patients["visceral_metastases"].to_numpy(dtype=object)
    tokuhashi = pd.DataFrame(
        {
            "general_condition": [general_condition_from_kps(int(k)) for k in patients["kps"]],
            "extraspinal_bone_metastases": np.where(
                bone == 0, "none", np.where(bone <= 2, "one_to_two", "three_or_more")
            ).astype(object),
            "vertebral_body_metastases": np.where(
                spine == 1, "one", np.where(spine == 2, "two", "three_or_more")
            ).astype(object),
            "major_organ_metastases": visceral,
            "primary_site": [facts[code].tokuhashi_primary_site for code in primary],
            "palsy": [palsy_from_frankel(str(grade)) for grade in patients["frankel"]],
        },
        index=patients.index,
    )
    growth = pd.Series([facts[code].tomita_primary_tumor_growth for code in primary], dtype=object)
    tomita = pd.DataFrame(
        {
            "primary_tumor_growth": growth.to_numpy(dtype=object),
            "visceral_metastases": pd.Series(visceral)
            .map({"none": "none", "removable": "treatable", "unremovable": "untreatable"})
            .to_numpy(dtype=object),
            "bone_metastases": np.where(bone + spine == 1, "solitary", "multiple").astype(object),
        },
        index=patients.index,
    )
    return {"tokuhashi_revised": tokuhashi, "tomita": tomita[growth.notna().to_numpy()]}


def _with_prognostic_scores(assessments: pd.DataFrame, patients: pd.DataFrame) -> pd.DataFrame:
    """The assessments with the prognostic scores at the pre-operative visit, after it."""
    preop = assessments[assessments["visit"] == "preop"].drop_duplicates("patient_id")
    preop = preop.set_index("patient_id")
    frames = [assessments]
    for code, items in _prognostic_items(patients).items():
        if items.empty:
            continue
        scored = score_frame(code, items.reset_index(drop=True))
        ids = patients["patient_id"].to_numpy(dtype=object)[items.index.to_numpy()]
        frames.append(
            pd.DataFrame(
                {
                    "patient_id": ids,
                    "visit": np.full(len(ids), "preop", dtype=object),
                    "date": preop["date"].reindex(ids).to_numpy(),
                    "day": pd.array(preop["day"].reindex(ids).to_numpy(), dtype="Int64"),
                    "instrument": np.full(len(ids), code, dtype=object),
                    "total": scored["total"].to_numpy(dtype="float64"),
                    "total_source": np.full(len(ids), "computed", dtype=object),
                    "category": scored["category"].astype(object).to_numpy(),
                    **{name: items[name].to_numpy(dtype=object) for name in items.columns},
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    frame["_visit"] = frame["visit"].map({code: i for i, (code, _d, _j) in enumerate(_VISITS)})
    frame["_patient"] = frame["patient_id"].map(
        {pid: i for i, pid in enumerate(patients["patient_id"])}
    )
    frame = frame.sort_values(["_patient", "_visit"], kind="stable")
    frame = frame.drop(columns=["_visit", "_patient"]).reset_index(drop=True)
    for name in frame.select_dtypes(include="object").columns:  # text items: None when blank
        values = frame[name].to_numpy(dtype=object)
        values[pd.isna(values)] = None
        frame[name] = values
    return frame


def _complications(rng: np.random.Generator, patients: pd.DataFrame) -> pd.DataFrame:
    n = len(patients)
    has = rng.random(n) < 0.03
    chosen = np.flatnonzero(has)
    if chosen.size == 0:
        return empty_table("complications")
    end_day = patients["_end_day"].to_numpy()[chosen]
    day = np.minimum(rng.integers(1, 60, chosen.size), np.maximum(end_day - 1, 1))
    dates = patients["index_date"].to_numpy()[chosen] + day.astype("timedelta64[D]")
    kind = rng.choice(_COMPLICATIONS, size=chosen.size, p=[0.4, 0.3, 0.2, 0.1])
    return pd.DataFrame(
        {
            "patient_id": patients["patient_id"].to_numpy()[chosen],
            "date": pd.to_datetime(dates).astype("datetime64[ns]"),
            "type": kind.astype(object),
            "grade": rng.choice(np.array(["I", "II", "IIIa"], dtype=object), size=chosen.size),
            "detail": np.array(
                ["urinary retention" if code == "other" else None for code in kind], dtype=object
            ),
            "resolved": pd.array(rng.random(chosen.size) < 0.9, dtype="boolean"),
        }
    )
