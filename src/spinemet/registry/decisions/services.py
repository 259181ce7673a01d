"""Decision support on a patient's current data: the case is built from the registry's fields
(names are the decision case's), :func:`spinemet.decision.recommend` runs on it, and the
recommendation is saved with its rule-set version, the case it was made from and the team's
own choice."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from spinemet.decision import recommend
from spinemet.decision.case import Lesion as CaseLesion
from spinemet.decision.case import Patient as CasePatient
from spinemet.errors import SpinemetInputError
from spinemet.registry.common.records import child_row, patient_row
from spinemet.registry.common.writing import mark_history, need_write
from spinemet.registry.decisions.models import Decision
from spinemet.registry.patients.models import Patient
from spinemet.registry.patients.selectors import patient_get
from spinemet.registry.sites.selectors import Actor

__all__ = ["case_of", "decision_create", "recommendation_of"]

_SINS_PREFIX = "sins_"


def _plain(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # the cohort stores age and percentages as numbers; the case wants int
    return value


def case_of(patient: Patient) -> dict[str, Any]:
    """The patient as a decision case (domain/decision.md §1): fields the registry holds,
    under the case's names; a field the registry lacks is left out (the engine then names it
    among the missing inputs, or refuses the case naming it)."""
    row = patient_row(patient)
    fields = set(CasePatient.model_fields)
    case_patient = {
        name: _plain(value) for name, value in row.items() if name in fields and value is not None
    }
    lesions = []
    for lesion in patient.lesions.all():
        values = child_row("lesions", lesion, with_case_fields=True)
        sins = {
            name[len(_SINS_PREFIX) :]: value
            for name, value in values.items()
            if name.startswith(_SINS_PREFIX) and value is not None
        }
        entry = {
            name: _plain(value)
            for name, value in values.items()
            if name in CaseLesion.model_fields and value is not None
        }
        if sins:
            entry["sins"] = sins
        lesions.append(entry)
    return {"patient": case_patient, "lesions": lesions}


def recommendation_of(patient: Patient) -> tuple[dict[str, Any], Any]:
    """The case and the recommendation on the patient's current data (nothing saved)."""
    case = case_of(patient)
    if not case["lesions"]:
        raise SpinemetInputError(
            "lesions", [], "at least one lesion (record the involved vertebrae first)", "no_lesion"
        )
    return case, recommend(case)


def decision_create(
    *, actor: Actor, patient_id: object, chosen_option: str = "", note: str = ""
) -> Decision:
    """Run the decision support on the patient's data and save it with the team's choice."""
    with transaction.atomic():
        patient = patient_get(actor, patient_id, for_update=True)
        need_write(actor)  # after visibility: another site's patient is 404 first
        case, result = recommendation_of(patient)
        output = result.model_dump(mode="json")
        options = {option["treatment"] for option in output.get("options", [])}
        if chosen_option and chosen_option not in options:
            raise SpinemetInputError(
                "chosen_option", chosen_option, ", ".join(sorted(options)), "unknown_option"
            )
        decision = Decision(
            patient=patient,
            rule_set_version=result.rule_set_version,
            case=case,
            recommendation=output,
            chosen_option=chosen_option,
            note=note,
            made_by=actor.name,
        )
        mark_history(decision, actor, "decision support saved")
        decision.save()
    return decision
