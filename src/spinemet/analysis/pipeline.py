"""The whole analysis of a cohort: every table, test and model of a paper like the seed study.

:func:`analyze_cohort` runs each analysis on the cohort's frames and keeps the results (and
the frames the figures need) in one frozen :class:`CohortAnalysis`. An analysis that the data
cannot support (for example a Cox model without deaths) is left out with a note saying why;
results that are computable but doubtful carry a caveat (:class:`SmallSampleWarning`).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from spinemet.analysis.baseline import NOT_BASELINE, BaselineTable, baseline_table
from spinemet.analysis.complications import summarize_complications
from spinemet.analysis.estimands import composite_worst
from spinemet.analysis.followup import FollowUp, summarize_followup
from spinemet.analysis.leakage import cement_leakage_table
from spinemet.analysis.mixed import MixedModelResult, fit_mixed_model
from spinemet.analysis.mmrm import MmrmResult, fit_mmrm
from spinemet.analysis.outcomes import describe_outcome, mcid_share
from spinemet.analysis.paired import PairedComparison, compare_with_baseline
from spinemet.analysis.perioperative import clavien_dindo_table, perioperative_table
from spinemet.analysis.provenance import Provenance, collect_provenance
from spinemet.analysis.repeated import FriedmanResult, RmAnovaResult, friedman, rm_anova
from spinemet.analysis.spine import PROGNOSTIC_SCORES, baseline_scores, index_lesion_fields
from spinemet.analysis.survival import (
    CoxResult,
    KaplanMeierResult,
    LogRankResult,
    fit_cox,
    kaplan_meier,
    kaplan_meier_by,
    logrank,
)
from spinemet.errors import MISSING, AnalysisError, Problem, SpinemetInputError, SpinemetWarning

if TYPE_CHECKING:
    from spinemet.cohort import Cohort, ColumnUse, OutsideWindow

__all__ = [
    "COMPLICATIONS_NOT_RECORDED",
    "CohortAnalysis",
    "OutcomeAnalysis",
    "SurvivalAnalysis",
    "analyze_cohort",
]

COMPLICATIONS_NOT_RECORDED = "complications: not recorded (no complications table given)"
"""The note when a cohort came without a complications table: unknown, not zero."""

Result = TypeVar("Result")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class OutcomeAnalysis:
    """Everything about one instrument over the visits (``visits[0]`` is the baseline)."""

    instrument: str
    visits: tuple[str, ...]
    frame: pd.DataFrame
    descriptives: pd.DataFrame
    visit_status: pd.DataFrame
    friedman: FriedmanResult | None
    rm_anova: RmAnovaResult | None
    mixed_model: MixedModelResult | None
    vs_baseline: tuple[PairedComparison, ...]
    mcid: pd.DataFrame | None
    notes: tuple[str, ...] = ()
    mmrm: MmrmResult | None = None
    """The primary model (unstructured MMRM); ``mixed_model`` is its random-intercept
    sensitivity analysis."""
    composite: pd.DataFrame | None = None
    """Composite-strategy estimand: death before a visit scored the worst value."""


@dataclass(frozen=True)
class SurvivalAnalysis:
    """Kaplan-Meier overall and by group, log-rank and Cox on ``frame`` (known follow-up)."""

    frame: pd.DataFrame
    overall: KaplanMeierResult | None
    by: str | None
    by_group: dict[str, KaplanMeierResult]
    logrank: LogRankResult | None
    cox: CoxResult | None
    n_excluded_unknown: int
    notes: tuple[str, ...] = ()
    group_cox: CoxResult | None = None
    """Cox model with ``by`` alone: the hazard ratio of each group against the first."""
    conf_type: str = "log-log"


@dataclass(frozen=True)
class CohortAnalysis:
    """The complete analysis of a cohort, ready for ``results.json``, figures and the report."""

    n_patients: int
    synthetic: bool
    provenance: Provenance
    cohort_provenance: dict[str, Any]
    schedule: tuple[dict[str, object], ...]
    table1: BaselineTable | None
    followup: FollowUp
    outcomes: dict[str, OutcomeAnalysis]
    survival: SurvivalAnalysis
    complications: pd.DataFrame | None  # None: no complications table given (unknown)
    by: str | None
    covariates: tuple[str, ...]
    caveats: tuple[str, ...] = field(default=())
    table1_p_values: bool = False
    mmrm_covariates: tuple[str, ...] = field(default=())
    """Patient columns the MMRM adjusts for (fixed effects beside visit)."""
    table1_summaries: dict[str, str] = field(default_factory=dict)
    """Declared Table 1 summaries: the folder's ``cohort.toml``, overridden by the caller's."""
    notes: tuple[str, ...] = field(default=())
    unscheduled: tuple[OutsideWindow, ...] = field(default=())
    """Dated assessments outside every visit window: kept, left out of per-visit analyses."""
    data_notes: tuple[str, ...] = field(default=())
    """What reading the cohort converted or assumed (the cohort's provenance notes)."""
    columns: tuple[ColumnUse, ...] = field(default=())
    """Every column of the patients table and what it was read as (Table 1 shows only
    patient fields and declared baseline columns)."""
    no_follow_up: tuple[str, ...] = field(default=())
    """Patients alive without a last contact date: follow-up unknown, not in survival."""
    perioperative: pd.DataFrame | None = None
    """The perioperative table (procedures given and recorded), else ``None``."""
    clavien_dindo: pd.DataFrame | None = None
    """Complications by Clavien-Dindo grade (complications table given), else ``None``."""
    cement_leakage: pd.DataFrame | None = None
    """Cement leakage by Yeom type, levels and patients (where recorded), else ``None``."""
    prognostic_scores: dict[str, dict[str, int]] = field(default_factory=dict)
    """Revised Tokuhashi and Tomita at the baseline visit: instrument -> ``n`` (patients
    with a total in Table 1) and ``given`` (of them, totals given without items)."""


def _attempt(notes: list[str], label: str, run: Callable[[], Result]) -> Result | None:
    """``run()``, or ``None`` with a note when the data cannot support it (AnalysisError)."""
    try:
        return run()
    except AnalysisError as error:
        notes.append(f"{label}: not computed: {error}")
        return None


def _named_caveats(name: str, run: Callable[[], Result]) -> Result:
    """``run()``, with each spinemet caveat it warns re-issued as ``"<name>, <caveat>"``.

    The statistics take a generic outcome frame and cannot say which instrument they are
    about; without the name two instruments' caveats read the same and would be merged.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run()
    for warning in caught:
        message: Warning | str = warning.message
        if issubclass(warning.category, SpinemetWarning):
            message = warning.category(f"{name}, {warning.message}")
        warnings.warn_explicit(message, warning.category, warning.filename, warning.lineno)
    return result


def _check_columns(patients: pd.DataFrame, by: str | None, covariates: Sequence[str]) -> None:
    allowed = ", ".join(column for column in patients.columns if column != "patient_id")
    if by is not None and by not in patients.columns:
        raise SpinemetInputError("--by", by, f"a column of the patients table: {allowed}")
    unknown = [name for name in covariates if name not in patients.columns]
    if unknown:
        raise SpinemetInputError(
            "--covariates", ",".join(unknown), f"columns of the patients table: {allowed}"
        )


def _check_mmrm_covariates(cohort: Cohort, names: Sequence[str]) -> None:
    """Each MMRM covariate is a numeric patient column known for every assessed patient.

    A patient without a value would leave the model silently (complete cases), and a text
    column has no mean for the least-squares means: both are refused, every problem listed.
    """
    patients = cohort.patients
    numeric = [
        name
        for name in patients.columns
        if name != "patient_id" and pd.api.types.is_numeric_dtype(patients[name])
    ]
    allowed = f"numeric columns of the patients table: {', '.join(numeric) or 'none'}"
    assessments = cohort.assessments
    assessed = (
        set(assessments.loc[assessments["total"].notna(), "patient_id"])
        if {"patient_id", "total"} <= set(assessments.columns)
        else set()
    )
    rows = patients[patients["patient_id"].isin(assessed)]
    problems = []
    for name in names:
        if name not in patients.columns or name == "patient_id":
            problems.append(Problem("--mmrm-covariates", name, allowed, "unknown_column"))
        elif name not in numeric:
            present = patients[name].dropna()
            value = present.iloc[0] if len(present) else MISSING
            problems.append(
                Problem(f"--mmrm-covariates {name}", value, allowed, "value_not_allowed")
            )
        elif rows[name].isna().any():
            missing = rows.loc[rows[name].isna(), "patient_id"].astype(str).tolist()
            shown = ", ".join(missing[:10]) + (
                f" and {len(missing) - 10} more" if len(missing) > 10 else ""
            )
            problems.append(
                Problem(
                    f"--mmrm-covariates {name}",
                    MISSING,
                    f"a value for every patient with an outcome assessment (missing for "
                    f"{shown}); the MMRM would leave them out",
                    "missing_value",
                )
            )
    if problems:
        raise SpinemetInputError.from_problems(problems)


def analyze_outcome(
    cohort: Cohort, instrument: str, mmrm_covariates: Sequence[str] = ()
) -> OutcomeAnalysis:
    """Descriptives, visit status, MMRM (adjusted for ``mmrm_covariates``, patient columns),
    Friedman, RM-ANOVA, mixed model, paired tests, MCID, and the composite-strategy estimand."""
    notes: list[str] = []
    frame = cohort.outcome_frame(instrument)
    visits = tuple(str(code) for code in frame["visit"].cat.categories)
    plain = frame.assign(visit=frame["visit"].astype(object))
    descriptives = describe_outcome(plain, visits=visits)
    status = cohort.visit_status(instrument)
    comparisons: tuple[PairedComparison, ...] = ()
    if len(visits) >= 2:
        comparisons = (
            _attempt(notes, "vs baseline", lambda: compare_with_baseline(plain, visits=visits))
            or ()
        )
    return OutcomeAnalysis(
        instrument=instrument,
        visits=visits,
        frame=plain,
        descriptives=descriptives,
        visit_status=status,
        friedman=_attempt(notes, "Friedman test", lambda: friedman(plain, visits=visits)),
        rm_anova=_attempt(notes, "RM-ANOVA", lambda: rm_anova(plain, visits=visits)),
        mixed_model=_attempt(notes, "mixed model", lambda: fit_mixed_model(plain, visits=visits)),
        vs_baseline=comparisons,
        mcid=mcid_share(plain, instrument=instrument, visits=visits) if len(visits) > 1 else None,
        notes=tuple(notes),
        mmrm=_attempt(
            notes,
            "MMRM",
            lambda: fit_mmrm(
                _with_patient_columns(plain, cohort.patients, mmrm_covariates),
                visits=visits,
                covariates=mmrm_covariates,
            ),
        )
        if len(visits) >= 2
        else None,
        composite=_composite(cohort, plain, instrument, visits),
    )


def _with_patient_columns(
    frame: pd.DataFrame, patients: pd.DataFrame, names: Sequence[str]
) -> pd.DataFrame:
    """The outcome frame with the patient columns ``names`` (rows kept in order)."""
    if not names:
        return frame
    return frame.merge(patients[["patient_id", *names]], on="patient_id", how="left")


def _composite(
    cohort: Cohort, frame: pd.DataFrame, instrument: str, visits: tuple[str, ...]
) -> pd.DataFrame | None:
    targets = {str(visit.code): float(visit.target_day) for visit in cohort.schedule.visits}
    if any(visit not in targets for visit in visits):
        return None
    survival = cohort.survival_frame().dropna(subset=["time_days", "event"])
    if "patient_id" not in survival.columns:
        return None
    return composite_worst(
        frame, survival, instrument=instrument, visits=visits, target_days=targets
    )


def analyze_survival(
    cohort: Cohort,
    *,
    by: str | None,
    covariates: Sequence[str],
    km_ci: str = "log-log",
    ph_transform: str = "identity",
) -> SurvivalAnalysis:
    """Kaplan-Meier (overall, by ``by``), log-rank, HR by group and Cox with ``covariates``."""
    notes: list[str] = []
    raw = cohort.survival_frame()
    known = raw.dropna(subset=["time_days", "event"])
    frame = known.assign(event=known["event"].astype(int))
    excluded = len(raw) - len(frame)
    if excluded:
        notes.append(f"{excluded} patient(s) without a known vital status or end date left out")
    overall = _attempt(notes, "Kaplan-Meier", lambda: kaplan_meier(frame, conf_type=km_ci))
    by_group: dict[str, KaplanMeierResult] = {}
    test = None
    group_cox = None
    if by is not None:
        groups = _attempt(
            notes, f"Kaplan-Meier by {by}", lambda: kaplan_meier_by(frame, by=by, conf_type=km_ci)
        )
        by_group = groups or {}
        test = _attempt(notes, f"log-rank by {by}", lambda: logrank(frame, by=by))
        group_cox = _attempt(
            notes,
            f"hazard ratios by {by}",
            lambda: fit_cox(
                frame[frame[by].notna()].assign(**{by: frame[by].astype("string")}),
                covariates=[by],
                ph_transform=ph_transform,
            ),
        )
    cox = None
    if covariates:
        cox = _attempt(
            notes,
            "Cox model",
            lambda: fit_cox(frame, covariates=covariates, ph_transform=ph_transform),
        )
    else:
        notes.append("Cox model: not requested (give --covariates)")
    return SurvivalAnalysis(
        frame,
        overall,
        by,
        by_group,
        test,
        cox,
        excluded,
        tuple(notes),
        group_cox=group_cox,
        conf_type=km_ci,
    )


def _table1_frame(cohort: Cohort, by: str | None) -> tuple[pd.DataFrame, list[str]]:
    """The patients and the columns Table 1 shows: declared patient fields and declared
    baseline columns only (an unknown, identifier-like or outcome-like column never)."""
    from spinemet.cohort import TABLES

    patients = cohort.patients.copy()
    classified = cohort.provenance.columns
    allowed = (
        set(cohort.provenance.baseline_columns())
        if classified
        else {column.name for column in TABLES["patients"]}
    )
    columns = [
        name
        for name in patients.columns
        if name in allowed
        and name not in NOT_BASELINE
        and name != by
        and patients[name].notna().any()
    ]
    if cohort.is_given("lesions"):  # without a lesions table the count is unknown, not 0
        counts = cohort.lesions.groupby("patient_id").size()
        patients["n_involved_vertebrae"] = patients["patient_id"].map(counts).fillna(0).astype(int)
        columns.append("n_involved_vertebrae")
        spine = index_lesion_fields(cohort.lesions)
        for name in spine.columns:
            values = patients["patient_id"].map(spine[name])
            if values.notna().any():
                patients[name] = values
                columns.append(name)
    scores = _prognostic_frame(cohort)
    for name in scores.columns:
        if name.endswith("_given"):
            continue
        patients[name] = patients["patient_id"].map(scores[name])
        columns.append(name)
    return patients, columns


def _baseline_visit(cohort: Cohort) -> str:
    return str(cohort.schedule.codes[0])


def _prognostic_frame(cohort: Cohort) -> pd.DataFrame:
    return baseline_scores(cohort.assessments, baseline_visit=_baseline_visit(cohort))


def _prognostic_counts(cohort: Cohort) -> dict[str, dict[str, int]]:
    scores = _prognostic_frame(cohort)
    return {
        code: {
            "n": int(scores[f"{code}_total"].notna().sum()),
            "given": int(scores[f"{code}_given"].eq(True).sum()),
        }
        for code in PROGNOSTIC_SCORES
        if f"{code}_total" in scores.columns
    }


def _prognostic_notes(cohort: Cohort) -> list[str]:
    """Prognostic scores recorded at another visit than the baseline are not used: say so."""
    rows = cohort.assessments
    elsewhere = rows[
        rows["instrument"].isin(PROGNOSTIC_SCORES)
        & ~rows["visit"].eq(_baseline_visit(cohort)).fillna(False).astype(bool)
    ]
    return [
        f"{code}: {count} assessment(s) not at the baseline visit "
        f"({_baseline_visit(cohort)}) are not used (a prognostic score before treatment)"
        for code, count in elsewhere.groupby("instrument").size().items()
    ]


def _baseline(
    cohort: Cohort,
    by: str | None,
    *,
    summaries: dict[str, str] | None = None,
    p_values: bool = False,
) -> BaselineTable:
    from spinemet.cohort import column_scales

    frame, columns = _table1_frame(cohort, by)
    scales = {
        **column_scales("patients"),
        "sins_total": "numeric",
        "n_involved_vertebrae": "numeric",
        "index_region": "categorical",
        "sins_band": "categorical",
        "escc_grade": "categorical",
        **{f"{code}_total": "numeric" for code in PROGNOSTIC_SCORES},
        **{f"{code}_band": "categorical" for code in PROGNOSTIC_SCORES},
    }
    from spinemet.instruments import get_spec

    orders = {
        f"{code}_band": [band.code for band in get_spec(code).bands]
        for code in ("sins", *PROGNOSTIC_SCORES)
    }
    return baseline_table(
        frame,
        by=by,
        columns=columns,
        scales=scales,
        summaries=summaries,
        p_values=p_values,
        orders=orders,
    )


def analyze_cohort(
    cohort: Cohort,
    *,
    by: str | None = None,
    covariates: Sequence[str] = (),
    progress: Progress | None = None,
    km_ci: str = "log-log",
    ph_transform: str = "identity",
    table1_summaries: dict[str, str] | None = None,
    table1_p_values: bool = False,
    mmrm_covariates: Sequence[str] = (),
) -> CohortAnalysis:
    """Analyse a cohort: Table 1, follow-up, outcomes over visits, survival, complications.

    Parameters
    ----------
    cohort
        A validated :class:`spinemet.cohort.Cohort`.
    by
        Patient column for Table 1 columns and Kaplan-Meier / log-rank by group.
    covariates
        Patient columns for the Cox model (none: no Cox model).
    progress
        Called with a short text before each long step (the command line prints it).
    km_ci
        Scale of the Kaplan-Meier CIs: ``"log-log"`` (default) or ``"log"``.
    ph_transform
        Time scale of the proportional-hazards test: ``"identity"`` (default) or ``"km"``.
    table1_summaries
        Column -> ``"mean_sd"`` / ``"median_iqr"`` for Table 1 (declared, not pre-tested);
        they override the ``[summary]`` of the folder's ``cohort.toml``.
    table1_p_values
        Compare the ``by`` groups in Table 1 with tests (off by default: CONSORT).
    mmrm_covariates
        Numeric patient columns the MMRM adjusts for (fixed effects beside visit; the
        least-squares means put them at their mean). The random-intercept, paired and
        complete-case analyses stay unadjusted.

    Raises
    ------
    SpinemetInputError
        ``by`` or a covariate is not a column of the patients table; an MMRM covariate is
        not numeric or is missing for a patient with an outcome assessment.
    """
    step = progress or (lambda _text: None)
    _check_columns(cohort.patients, by, covariates)
    _check_mmrm_covariates(cohort, mmrm_covariates)
    notes: list[str] = []
    summaries = {**dict(cohort.provenance.table1_summaries), **(table1_summaries or {})}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SpinemetWarning)
        step("Table 1 and follow-up")
        table1 = _attempt(
            notes,
            "Table 1",
            lambda: _baseline(cohort, by, summaries=summaries, p_values=table1_p_values),
        )
        survival_frame = cohort.survival_frame().dropna(subset=["time_days", "event"])
        followup = summarize_followup(survival_frame.astype({"event": int}))
        outcomes = {}
        notes.extend(_prognostic_notes(cohort))
        for instrument in cohort.instruments():
            if instrument in PROGNOSTIC_SCORES:  # Table 1, not an outcome over visits
                continue
            step(f"outcomes: {instrument} (descriptives, Friedman, RM-ANOVA, mixed model)")
            outcomes[instrument] = _named_caveats(
                instrument,
                functools.partial(analyze_outcome, cohort, instrument, tuple(mmrm_covariates)),
            )
        step("survival (Kaplan-Meier, log-rank, Cox)")
        survival = analyze_survival(
            cohort, by=by, covariates=covariates, km_ci=km_ci, ph_transform=ph_transform
        )
        complications = None
        clavien_dindo = None
        if cohort.is_given("complications"):
            complications = summarize_complications(
                cohort.complications, patient_ids=cohort.patients["patient_id"]
            )
            clavien_dindo = clavien_dindo_table(cohort.complications, n_patients=cohort.n_patients)
        else:
            notes.append(COMPLICATIONS_NOT_RECORDED)
    caveats = tuple(
        dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, SpinemetWarning))
    )
    reported: set[str] = set()
    for warning in caught:  # pass warnings on to the caller, each spinemet caveat once
        if issubclass(warning.category, SpinemetWarning):
            if str(warning.message) in reported:
                continue
            reported.add(str(warning.message))
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    provenance = collect_provenance(
        input_sha256=cohort.provenance.sha256 or None,
        sources=cohort.provenance.sources,
        synthetic=cohort.provenance.synthetic,
        notes=cohort.provenance.notes,
    )
    return CohortAnalysis(
        n_patients=cohort.n_patients,
        synthetic=cohort.provenance.synthetic,
        provenance=provenance,
        cohort_provenance=cohort.provenance.as_dict(),
        schedule=tuple(visit.as_dict() for visit in cohort.schedule.visits),
        table1=table1,
        followup=followup,
        outcomes=outcomes,
        survival=survival,
        complications=complications,
        by=by,
        covariates=tuple(covariates),
        caveats=caveats,
        table1_p_values=table1_p_values,
        mmrm_covariates=tuple(mmrm_covariates),
        table1_summaries=summaries,
        notes=tuple(notes),
        unscheduled=cohort.provenance.visit_assignment.outside,
        data_notes=cohort.provenance.notes,
        columns=cohort.provenance.columns,
        no_follow_up=cohort.provenance.no_follow_up,
        perioperative=perioperative_table(cohort.procedures)
        if cohort.is_given("procedures")
        else None,
        clavien_dindo=clavien_dindo,
        cement_leakage=cement_leakage_table(cohort.procedures)
        if cohort.is_given("procedures")
        else None,
        prognostic_scores=_prognostic_counts(cohort),
    )
