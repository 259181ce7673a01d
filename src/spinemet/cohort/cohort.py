"""The tidy cohort: five validated tables, the visit schedule, and where the data came from.

A :class:`Cohort` is what the readers return and what the analysis takes. Its tables follow
DESIGN.md ("The tidy cohort"); their dtypes are documented on :class:`Cohort`. A cohort is only
ever made from validated tables: :func:`~spinemet.cohort.read_cohort`,
:meth:`Cohort.from_tables`, :func:`~spinemet.cohort.from_wide` and
:func:`~spinemet.cohort.synthetic_cohort` all validate, and refuse the whole input with every
problem listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from spinemet.cohort._build import validate_tables
from spinemet.cohort._columns import ASSESSMENT_COLUMNS, TABLE_NAMES
from spinemet.cohort._provenance import Provenance
from spinemet.cohort._schedule import DEFAULT_SCHEDULE, VisitSchedule
from spinemet.errors import CohortError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from spinemet.cohort._classify import ColumnUse
    from spinemet.cohort._raw import RawTable
    from spinemet.cohort._settings import VasUnit
    from spinemet.errors import Problem

__all__ = ["ASSESSMENT_COLUMNS", "TABLE_NAMES", "Cohort", "build_cohort"]


@dataclass(frozen=True)
class Cohort:
    """A validated cohort of patients with spinal metastases.

    Attributes
    ----------
    patients
        One row per patient: ``patient_id`` (str), ``site``, ``sex`` (``female``/``male``),
        ``age`` (float, years at surgery), ``primary_tumor`` (domain/decision.md §1.4),
        ``index_date``, ``last_contact_date``, ``death_date`` (``datetime64[ns]``),
        ``vital_status`` (``alive``/``dead``), and optional baseline fields (``kps``, ``ecog``
        as ``Int64``; ``frankel``; booleans as ``boolean``; further columns kept as read).
    lesions
        One row per involved vertebra: ``patient_id``, ``level`` (``C1``..``S1``), lesion fields
        of domain/decision.md §1.2, SINS items with the ``sins_`` prefix.
    procedures
        ``patient_id``, ``date``, ``type``, ``screw_levels`` and ``cement_levels`` (text,
        ``"T11,L1"``), ``cement_ml``, ``operative_minutes``, ``blood_loss_ml``.
    assessments
        Long: one row per instrument at a visit: ``patient_id``, ``visit`` (schedule code, or
        null for a dated assessment outside every window), ``date``, ``day`` (days from the
        index date, ``Int64``, null without a date), ``instrument``, ``total`` (float),
        ``total_source`` (``computed`` from items or ``given``), ``category``, and the item
        columns where present (integer items ``Int64``). Rows are ordered by patient, then
        visit in schedule order.
    complications
        ``patient_id``, ``date``, ``type``, ``grade`` (Clavien-Dindo), ``detail``, ``resolved``.
    schedule
        The study's visit schedule.
    provenance
        Sources, SHA-256, the synthetic flag, notes, and how visits were assigned.
    """

    patients: pd.DataFrame
    lesions: pd.DataFrame
    procedures: pd.DataFrame
    assessments: pd.DataFrame
    complications: pd.DataFrame
    schedule: VisitSchedule = DEFAULT_SCHEDULE
    provenance: Provenance = field(default_factory=Provenance)

    @classmethod
    def from_tables(
        cls,
        patients: pd.DataFrame,
        *,
        lesions: pd.DataFrame | None = None,
        procedures: pd.DataFrame | None = None,
        assessments: pd.DataFrame | None = None,
        complications: pd.DataFrame | None = None,
        schedule: VisitSchedule = DEFAULT_SCHEDULE,
        synthetic: bool = False,
        vas_unit: VasUnit = "cm",
        check_visit_windows: bool = True,
        notes: tuple[str, ...] = (),
    ) -> Cohort:
        """Validate in-memory tables and make a cohort of them.

        Rows are reported by their index label. Raises :class:`~spinemet.errors.CohortError`
        with every problem found; see :func:`~spinemet.cohort.read_cohort` for the rules.
        """
        from spinemet.cohort._raw import RawTable

        given = {
            "patients": patients,
            "lesions": lesions,
            "procedures": procedures,
            "assessments": assessments,
            "complications": complications,
        }
        raw = {
            name: RawTable.from_frame(frame, name=name)
            for name, frame in given.items()
            if frame is not None
        }
        return build_cohort(
            raw,
            schedule=schedule,
            synthetic=synthetic,
            vas_unit=vas_unit,
            check_visit_windows=check_visit_windows,
            sources=(),
            sha256=None,
            notes=notes,
        )

    @property
    def sha256(self) -> str:
        """The SHA-256 of the input data (hex), as :class:`Provenance` records it."""
        return self.provenance.sha256

    @property
    def synthetic(self) -> bool:
        """Whether the data are synthetic (then every report must say so)."""
        return self.provenance.synthetic

    @property
    def n_patients(self) -> int:
        """The number of patients."""
        return len(self.patients)

    def is_given(self, table: str) -> bool:
        """Whether ``table`` was given (a file, a sheet, a frame), even with no rows.

        A table that was not given is unknown, not empty: a cohort read without a
        complications table says nothing about complications, while an empty complications
        table says there were none.
        """
        return table in self.provenance.tables_given

    def tables(self) -> dict[str, pd.DataFrame]:
        """The five tables by name, in :data:`TABLE_NAMES` order."""
        return {name: getattr(self, name) for name in TABLE_NAMES}

    def instruments(self) -> tuple[str, ...]:
        """The instruments with at least one assessment, in order of first appearance."""
        return tuple(pd.unique(self.assessments["instrument"]))

    def survival_frame(self) -> pd.DataFrame:
        """One row per patient for survival from the index date.

        ``time_days`` is ``death_date`` (dead) or ``last_contact_date`` (alive) minus
        ``index_date`` in days (float; NaN when that date or the vital status is missing);
        ``event`` is 1 for dead, 0 for censored (``Int64``, null when unknown). The patient
        columns follow.
        """
        patients = self.patients
        dead = patients["vital_status"].eq("dead").to_numpy(dtype=bool)
        known = patients["vital_status"].notna().to_numpy(dtype=bool)
        end = patients["death_date"].where(dead, patients["last_contact_date"])
        time = (end - patients["index_date"]).dt.days.astype("float64")
        time = time.where(known)
        event = pd.array(np.where(dead, 1, 0), dtype="Int64")
        event[~known] = pd.NA
        frame = pd.DataFrame({"patient_id": patients["patient_id"], "time_days": time})
        frame["event"] = event
        others = patients.drop(columns=["patient_id"])
        return pd.concat([frame, others], axis=1).reset_index(drop=True)

    def outcome_frame(self, instrument: str) -> pd.DataFrame:
        """The totals of one instrument by patient and visit (long), visits in schedule order.

        Columns ``patient_id``, ``visit`` (an ordered Categorical of the schedule's codes that
        have at least one assessment of the instrument; group with ``observed=True``), ``day``,
        ``date`` and ``total``. Assessments outside every window (no visit) are left out here;
        they are listed in ``provenance.visit_assignment``.

        Raises
        ------
        CohortError
            For an instrument with no assessment in this cohort.
        """
        rows = self._rows_of(instrument)
        rows = rows[rows["visit"].notna()]
        codes = [code for code in self.schedule.codes if code in set(rows["visit"])]
        visit = pd.Categorical(rows["visit"], categories=codes, ordered=True)
        frame = pd.DataFrame(
            {
                "patient_id": rows["patient_id"].to_numpy(dtype=object),
                "visit": visit,
                "day": rows["day"].to_numpy(),
                "date": rows["date"].to_numpy(),
                "total": rows["total"].to_numpy(dtype="float64"),
            }
        )
        return frame.sort_values(["visit", "patient_id"], kind="stable").reset_index(drop=True)

    def visit_status(self, instrument: str) -> pd.DataFrame:
        """Who could be and who was assessed at each visit, for one instrument.

        One row per visit of the schedule up to the last visit with an assessment of the
        instrument: ``visit``, ``target_day``, ``n_patients``, ``n_alive_in_follow_up`` (alive
        and under follow-up on the target day), ``n_assessed`` (a total recorded at that
        visit), ``n_died_before`` and ``n_censored_before`` (death, or last contact while
        alive, before the target day), ``n_follow_up_unknown`` (no end date to tell).

        Notes
        -----
        A patient assessed early in a window who died before its target day counts as both
        assessed and died before; later visits' means describe survivors.
        """
        rows = self._rows_of(instrument)
        assessed = rows[rows["visit"].notna() & rows["total"].notna()]
        counts = assessed.groupby("visit")["patient_id"].nunique()
        survival = self.survival_frame()
        time = survival["time_days"].to_numpy(dtype="float64")
        dead = survival["event"].eq(1).fillna(False).to_numpy(dtype=bool)  # NA: unknown
        unknown = np.isnan(time)
        present = [code for code in self.schedule.codes if code in counts.index]
        last = self.schedule.codes.index(present[-1]) if present else -1
        records = []
        for visit in self.schedule.visits[: last + 1]:
            before = ~unknown & (time < visit.target_day)
            records.append(
                {
                    "visit": visit.code,
                    "target_day": visit.target_day,
                    "n_patients": len(survival),
                    "n_alive_in_follow_up": int((~unknown & ~before).sum()),
                    "n_assessed": int(counts.get(visit.code, 0)),
                    "n_died_before": int((before & dead).sum()),
                    "n_censored_before": int((before & ~dead).sum()),
                    "n_follow_up_unknown": int(unknown.sum()),
                }
            )
        return pd.DataFrame.from_records(
            records,
            columns=[
                "visit",
                "target_day",
                "n_patients",
                "n_alive_in_follow_up",
                "n_assessed",
                "n_died_before",
                "n_censored_before",
                "n_follow_up_unknown",
            ],
        )

    def _rows_of(self, instrument: str) -> pd.DataFrame:
        rows = self.assessments[self.assessments["instrument"] == instrument]
        if rows.empty:
            raise CohortError(
                "instrument",
                instrument,
                ", ".join(self.instruments()) or "an instrument with assessments",
                "no_assessments",
            )
        return rows


def build_cohort(
    raw: Mapping[str, RawTable],
    *,
    schedule: VisitSchedule,
    synthetic: bool,
    vas_unit: VasUnit,
    check_visit_windows: bool,
    sources: tuple[str, ...],
    sha256: str | None,
    notes: tuple[str, ...] = (),
    problems: Sequence[Problem] = (),
    column_uses: Sequence[ColumnUse] = (),
    declared_baseline: Sequence[str] = (),
    strict: bool = False,
) -> Cohort:
    """A :class:`Cohort` of raw tables, validated by
    :func:`~spinemet.cohort._build.validate_tables` (which see); raises
    :class:`~spinemet.errors.CohortError` with every problem."""
    validated = validate_tables(
        raw,
        schedule=schedule,
        synthetic=synthetic,
        vas_unit=vas_unit,
        check_visit_windows=check_visit_windows,
        sources=sources,
        sha256=sha256,
        notes=notes,
        problems=problems,
        column_uses=column_uses,
        declared_baseline=declared_baseline,
        strict=strict,
    )
    return Cohort(**validated.tables, schedule=validated.schedule, provenance=validated.provenance)
