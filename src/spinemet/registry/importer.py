"""Import a cohort (any format ``spinemet analyze`` reads) into the registry: all or nothing,
on the bulk path, updating by key so that importing the same file again duplicates nothing.

Keys: a patient by site + study id (the cohort's ``patient_id``); a lesion by level; an
assessment by visit + instrument (by date + instrument outside every window); a procedure by
date + type; a complication by date + type + detail. The file's rows win over the stored ones
for the same key; stored records the file does not name are kept. The patient's data as they
would stand after the import are validated as one cohort (every rule of
:mod:`spinemet.cohort`), and the history of every record written names the import as its
reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from spinemet.cohort import Cohort
from spinemet.errors import Problem, SpinemetInputError
from spinemet.instruments import get_spec
from spinemet.registry.assessments.models import Assessment
from spinemet.registry.common.errors import NotPermitted
from spinemet.registry.common.records import CHILD_FIELDS, PATIENT_FIELDS
from spinemet.registry.common.validation import python_value
from spinemet.registry.patients.models import Complication, Lesion, Patient, Procedure
from spinemet.registry.patients.services import study_named
from spinemet.registry.sites.models import Role, Site
from spinemet.registry.sites.selectors import Actor, visible_sites

__all__ = ["ImportReport", "import_cohort"]

_CHILD_MODELS = {"lesions": Lesion, "procedures": Procedure, "complications": Complication}
_CHILD_KEYS = {
    "lesions": ("level",),
    "procedures": ("date", "type"),
    "complications": ("date", "type", "detail"),
}


@dataclass
class ImportReport:
    """What an import added and changed, per table (a dry run's report is the same)."""

    source: str
    dry_run: bool
    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        verb = "would add" if self.dry_run else "added"
        verb_changed = "would change" if self.dry_run else "changed"
        out = []
        for table in ("patients", "lesions", "procedures", "assessments", "complications"):
            out.append(
                f"{table}: {verb} {self.added.get(table, 0)}, {verb_changed} "
                f"{self.changed.get(table, 0)}, unchanged {self.unchanged.get(table, 0)}"
            )
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
        }


def _values(frame: pd.DataFrame, names: tuple[str, ...]) -> list[dict[str, Any]]:
    present = [name for name in names if name in frame.columns]
    columns = {name: frame[name].tolist() for name in present}
    return [{name: python_value(columns[name][i]) for name in present} for i in range(len(frame))]


def _sites_of(cohort: Cohort, actor: Actor, site_code: str | None) -> list[Site]:
    visible = {site.code: site for site in visible_sites(actor)}
    given = cohort.patients["site"] if "site" in cohort.patients.columns else None
    problems: list[Problem] = []
    sites: list[Site] = []
    allowed = ", ".join(sorted(visible)) or "a site (create one with spinemet sites add)"
    if site_code is not None:
        site = visible.get(site_code)
        if site is None:
            raise SpinemetInputError("site", site_code, allowed, "unknown_site")
        if given is not None:
            for position, value in enumerate(given.tolist()):
                if value not in (None, site_code) and not pd.isna(value):
                    problems.append(
                        Problem(
                            "patients.site",
                            value,
                            f"{site_code} (the --site given) or blank",
                            "site_mismatch",
                            row=str(cohort.patients["patient_id"].iat[position]),
                        )
                    )
        sites = [site] * len(cohort.patients)
    else:
        if given is None:
            raise SpinemetInputError(
                "patients.site", None, f"a site column, or --site ({allowed})", "missing_column"
            )
        for position, value in enumerate(given.tolist()):
            site = visible.get(value) if isinstance(value, str) else None
            if site is None:
                problems.append(
                    Problem(
                        "patients.site",
                        value,
                        allowed,
                        "unknown_site",
                        row=str(cohort.patients["patient_id"].iat[position]),
                    )
                )
            sites.append(site)  # type: ignore[arg-type]
    if problems:
        raise SpinemetInputError.from_problems(problems)
    return sites


def _item_names(instrument: str) -> tuple[str, ...]:
    return tuple(item.name for item in get_spec(instrument).items)


def import_cohort(
    *,
    actor: Actor,
    cohort: Cohort,
    site_code: str | None = None,
    dry_run: bool = False,
    source: str = "file",
    study_code: str | None = None,
    reason: str | None = None,
    investigators_own_site: bool = False,
) -> ImportReport:
    """Import a validated cohort; every problem at once, nothing written on any problem."""
    if actor.role not in (Role.DATA_MANAGER, Role.ADMIN):
        # Imports are data managers' (the import page, the command line). The REDCap API lets
        # an investigator import into their own site, as REDCap grants import rights per user.
        own = investigators_own_site and actor.role == Role.INVESTIGATOR and site_code is not None
        if not own or not visible_sites(actor).filter(code=site_code).exists():
            raise NotPermitted("imports are for data managers, or investigators into their site")
    sites = _sites_of(cohort, actor, site_code)
    report = ImportReport(source=source, dry_run=dry_run)
    reason = reason or f"import of {source}"
    study = study_named(study_code)
    if study.schedule != cohort.schedule.as_dict():
        raise SpinemetInputError(
            "schedule",
            "the file's visit schedule",
            f"the schedule of study {study.code} (import with --study naming a study "
            "whose schedule is the file's, or add one with spinemet studies add)",
            "schedule_mismatch",
        )
    with transaction.atomic():
        patient_rows = _values(cohort.patients, PATIENT_FIELDS)
        cohort_ids = [str(pid) for pid in cohort.patients["patient_id"].tolist()]
        keys = [
            (site.pk, _study_id(pid, site)) for site, pid in zip(sites, cohort_ids, strict=True)
        ]
        existing = {
            (p.site_id, p.study_id): p
            for p in Patient.objects.select_for_update()
            .select_related("protocol", "site")
            .filter(site__in={site.pk for site in sites}, study_id__in=[k[1] for k in keys])
        }
        refused = [existing[k] for k in keys if k in existing and existing[k].withdrawn]
        if refused:
            raise SpinemetInputError.from_problems(
                Problem("patient_id", p.study_id, "a patient who is not withdrawn", "withdrawn")
                for p in refused
            )
        _check_merged(cohort, existing, dict(zip(keys, cohort_ids, strict=True)))
        new_patients, changed_patients = [], []
        by_cohort_id: dict[str, Patient] = {}
        for key, row, site, cohort_id in zip(keys, patient_rows, sites, cohort_ids, strict=True):
            patient = existing.get(key)
            if patient is None:
                patient = Patient(
                    site=site, protocol=study, study_id=key[1], synthetic=cohort.synthetic, **row
                )
                new_patients.append(patient)
            else:
                diff = {
                    name: value for name, value in row.items() if getattr(patient, name) != value
                }
                if diff:
                    for name, value in diff.items():
                        setattr(patient, name, value)
                    patient.version += 1
                    changed_patients.append(patient)
            by_cohort_id[cohort_id] = patient
        report.added["patients"] = len(new_patients)
        report.changed["patients"] = len(changed_patients)
        report.unchanged["patients"] = len(keys) - len(new_patients) - len(changed_patients)
        if not dry_run:
            user = actor.user
            if new_patients:
                bulk_create_with_history(
                    new_patients,
                    Patient,
                    batch_size=1000,
                    default_user=user,
                    default_change_reason=reason,
                )
                # bulk_create sets keys on PostgreSQL and SQLite >= 3.35; fetch them to be sure.
                fresh = {
                    (p.site_id, p.study_id): p
                    for p in Patient.objects.filter(
                        site__in={s.pk for s in sites},
                        study_id__in=[p.study_id for p in new_patients],
                    )
                }
                for patient in new_patients:
                    patient.pk = fresh[(patient.site_id, patient.study_id)].pk
            if changed_patients:
                bulk_update_with_history(
                    changed_patients,
                    Patient,
                    [*PATIENT_FIELDS, "version"],
                    batch_size=1000,
                    default_user=user,
                    default_change_reason=reason,
                )
        for table in ("lesions", "procedures", "complications"):
            _import_children(
                table, getattr(cohort, table), by_cohort_id, report, dry_run, actor, reason
            )
        _import_assessments(cohort.assessments, by_cohort_id, report, dry_run, actor, reason)
        if not dry_run:
            _sync_all_visits([*new_patients, *changed_patients])
            _store_visit_facts([patient.pk for patient in by_cohort_id.values()])
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run and sum(report.added.values()) >= ANALYZE_FROM:
        _refresh_statistics()
    return report


ANALYZE_FROM = 1000
"""Records added from which an import refreshes PostgreSQL's planner statistics."""


def _refresh_statistics() -> None:
    """ANALYZE the clinical tables after a bulk load on PostgreSQL, as its manual advises
    (Performance Tips, "Populating a Database": "Run ANALYZE Afterwards"): autovacuum does so
    only later, and until then the planner takes a freshly loaded registry for a few rows (at
    10,000 patients the work list of a site was planned as a nested loop per patient: 2 s
    instead of 20 ms)."""
    from django.db import connection

    from spinemet.registry.visits.models import Visit

    if connection.vendor != "postgresql":
        return
    models = (Patient, Lesion, Procedure, Complication, Assessment, Visit)
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _study_id(patient_id: str, site: Site) -> str:
    """A cohort's ``patient_id`` as the study id: an extract across sites whose study ids repeat
    names patients ``site/study_id``; that prefix is the site's, not part of the id."""
    prefix = f"{site.code}/"
    return patient_id[len(prefix) :] if patient_id.startswith(prefix) else patient_id


def _check_merged(
    cohort: Cohort, existing: dict[tuple[int, str], Patient], ids: dict[tuple[int, str], str]
) -> None:
    """Check what the file alone cannot: stored assessments after a death date the file gives.

    The file itself was validated whole when it was read; records it names replace the stored
    ones with the same key. ``ids`` maps each (site, study id) key to the file's patient id.
    """
    updated = [(existing[key], cohort_id) for key, cohort_id in ids.items() if key in existing]
    if not updated:
        return
    problems: list[Problem] = []
    # Assessments stored after a death date the file now gives are the main cross-check that
    # the file alone cannot see.
    file_deaths = cohort.patients.set_index("patient_id")["death_date"]
    for patient, cohort_id in updated:
        death = file_deaths.get(cohort_id)
        if death is None or pd.isna(death):
            continue
        later = Assessment.objects.filter(patient=patient, date__gt=death.date()).values_list(
            "date", "instrument"
        )
        for when, instrument in later:
            problems.append(
                Problem(
                    "patients.death_date",
                    death.date().isoformat(),
                    f"a date on or after the stored {instrument} assessment of {when.isoformat()}",
                    "dates_out_of_order",
                    row=patient.study_id,
                )
            )
    if problems:
        raise SpinemetInputError.from_problems(problems)


def _import_children(
    table: str,
    frame: pd.DataFrame,
    patients: dict[str, Patient],
    report: ImportReport,
    dry_run: bool,
    actor: Actor,
    reason: str,
) -> None:
    model = _CHILD_MODELS[table]
    fields = CHILD_FIELDS[table]
    key_fields = _CHILD_KEYS[table]
    rows = _values(frame, fields)
    owners = [patients[str(pid)] for pid in frame["patient_id"].tolist()]
    stored: dict[tuple[Any, ...], Any] = {}
    known = [p.pk for p in owners if p.pk is not None]
    for record in model.objects.filter(patient_id__in=known):
        stored[(record.patient_id, *(getattr(record, k) for k in key_fields))] = record
    new, changed, same = [], [], 0
    for owner, row in zip(owners, rows, strict=True):
        key = (owner.pk, *(row.get(k) for k in key_fields))
        record = stored.get(key) if owner.pk is not None else None
        if record is None:
            new.append((owner, row))
            continue
        if _merge(record, row):
            changed.append(record)
        else:
            same += 1
    report.added[table] = len(new)
    report.changed[table] = len(changed)
    report.unchanged[table] = same
    if dry_run:
        return
    objects = [model(patient_id=owner.pk, **row) for owner, row in new]
    _write(model, objects, changed, fields, batch_size=1000, actor=actor, reason=reason)


def _import_assessments(
    frame: pd.DataFrame,
    patients: dict[str, Patient],
    report: ImportReport,
    dry_run: bool,
    actor: Actor,
    reason: str,
) -> None:
    items_of = {code: _item_names(code) for code in pd.unique(frame["instrument"])}
    columns = {name: frame[name].tolist() for name in frame.columns}
    owners = [patients[str(pid)] for pid in columns["patient_id"]]
    known = [p.pk for p in owners if p.pk is not None]
    stored: dict[tuple[Any, ...], Assessment] = {}
    for record in Assessment.objects.filter(patient_id__in=known):
        key = (
            record.patient_id,
            record.visit,
            None if record.visit else record.date,
            record.instrument,
        )
        stored[key] = record
    new, changed, same = [], [], 0
    for position, owner in enumerate(owners):
        instrument = columns["instrument"][position]
        visit = python_value(columns["visit"][position])
        date = python_value(columns["date"][position])
        items = {}
        for name in items_of[instrument]:
            if name in columns:
                value = python_value(columns[name][position])
                if value is not None:
                    items[name] = value
        given = columns["total_source"][position] == "given"
        values = {
            "visit": visit,
            "date": date,
            "instrument": instrument,
            "items": items,
            "total": python_value(columns["total"][position]),
            "category": python_value(columns["category"][position]),
            "total_source": "given" if given else "computed",
        }
        key = (owner.pk, visit, None if visit else date, instrument)
        record = stored.get(key) if owner.pk is not None else None
        if record is None:
            new.append(Assessment(patient_id=owner.pk, **values))
            continue
        if _merge(record, values):
            changed.append(record)
        else:
            same += 1
    report.added["assessments"] = len(new)
    report.changed["assessments"] = len(changed)
    report.unchanged["assessments"] = same
    if dry_run:
        return
    for record in new:  # owners created above now have keys
        if record.patient_id is None:
            raise SpinemetInputError("patient_id", None, "a stored patient", "internal")
    fields = ("visit", "date", "items", "total", "category", "total_source")
    _write(Assessment, new, changed, fields, batch_size=2000, actor=actor, reason=reason)


def _merge(record: Any, values: dict[str, Any]) -> bool:
    """Set on a stored record the values that differ and bump its version; ``False`` (and
    the record untouched) when none does."""
    diff = {name: value for name, value in values.items() if getattr(record, name) != value}
    for name, value in diff.items():
        setattr(record, name, value)
    if diff:
        record.version += 1
    return bool(diff)


def _write(
    model: Any,
    new: list[Any],
    changed: list[Any],
    fields: tuple[str, ...],
    *,
    batch_size: int,
    actor: Actor,
    reason: str,
) -> None:
    """Insert the new records and update the changed ones (their ``fields`` and version),
    each with its history row carrying the user and the import's reason."""
    if new:
        bulk_create_with_history(
            new, model, batch_size=batch_size, default_user=actor.user, default_change_reason=reason
        )
    if changed:
        bulk_update_with_history(
            changed,
            model,
            [*fields, "version"],
            batch_size=batch_size,
            default_user=actor.user,
            default_change_reason=reason,
        )


def _sync_all_visits(patients: list[Patient]) -> None:
    from spinemet.registry.visits.models import Visit
    from spinemet.registry.visits.services import planned_visits

    if not patients:
        return
    Visit.objects.filter(patient__in=[p.pk for p in patients]).delete()
    rows = [visit for patient in patients for visit in planned_visits(patient)]
    Visit.objects.bulk_create(rows, batch_size=5000)


def _store_visit_facts(patient_ids: list[int]) -> None:
    """Store the day-independent facts of the visits of every imported patient (new records,
    a death date, new assessments: each can change them), a batch of patients per UPDATE."""
    from spinemet.registry.visits.models import Visit
    from spinemet.registry.visits.services import store_facts

    for start in range(0, len(patient_ids), 500):
        store_facts(Visit.objects.filter(patient_id__in=patient_ids[start : start + 500]))
