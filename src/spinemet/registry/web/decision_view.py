"""Decision support as the patient page shows it: :func:`recommendation_of` on the patient's
current data (nothing saved), arranged for reading at a tumour board."""

from __future__ import annotations

from typing import Any

from spinemet.errors import SpinemetInputError
from spinemet.registry.decisions.services import recommendation_of
from spinemet.registry.web.pages import field_errors

__all__ = ["decision_support"]


def decision_support(patient: Any) -> dict[str, Any]:
    """``{"ok": True, "recommendation": {...}}`` or ``{"ok": False, "problems": [...]}``
    when the patient's data cannot yet make a case (no lesion recorded, ...)."""
    try:
        case, result = recommendation_of(patient)
    except SpinemetInputError as error:
        return {
            "ok": False,
            "problems": [m for messages in field_errors(error).values() for m in messages],
        }
    output = result.as_json()
    return {
        "ok": True,
        "case": case,
        "recommendation": output,
        "options": output["options"],
        "top": output["top"],
        "plan": output.get("plan"),
        "missing": [m for m in output["missing_inputs"] if m["changes_top"]],
        "missing_other": [m for m in output["missing_inputs"] if not m["changes_top"]],
        "warnings": output["warnings"] + output["flags"],
        "not_addressed": output["not_addressed"],
        "rule_set_version": output["rule_set_version"],
        "disclaimer": output["disclaimer"],
    }
