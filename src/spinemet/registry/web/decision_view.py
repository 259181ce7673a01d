"""Decision support as the patient page shows it: :func:`recommendation_of` on the patient's
current data (nothing saved), arranged for reading at a tumour board, in the session's language
(the texts through :func:`spinemet.decision.localize.localized`; codes unchanged)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from spinemet._i18n import LANGUAGES, language
from spinemet.decision.localize import localized
from spinemet.decision.render import note_line, plan_lines
from spinemet.errors import SpinemetInputError
from spinemet.registry.decisions.services import recommendation_of
from spinemet.registry.web.pages import field_errors

__all__ = ["decision_support", "report_language"]


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
    with language(report_language()):
        shown = localized(output)
        plan = plan_lines(shown["plan"]) if shown.get("plan") else []
        notes = [note_line(note) for note in shown["warnings"] + shown["flags"]]
    return {
        "ok": True,
        "case": case,
        "recommendation": output,  # the English output, as saved with a decision
        "options": shown["options"],
        "top": shown["top"],
        "plan": shown.get("plan"),
        "plan_lines": plan,
        "missing": [m for m in shown["missing_inputs"] if m["changes_top"]],
        "missing_other": [m for m in shown["missing_inputs"] if not m["changes_top"]],
        "warnings": shown["warnings"] + shown["flags"],
        "warning_lines": notes,
        "not_addressed": shown["not_addressed"],
        "rule_set_version": shown["rule_set_version"],
        "disclaimer": shown["disclaimer"],
    }


def report_language() -> str:
    """The session's Django language as a :data:`spinemet._i18n.LANGUAGES` tag (``zh-hans`` is
    ``zh-Hans``); English for any language the decision output lacks."""
    current = (get_language() or "en").lower()
    return next((tag for tag in LANGUAGES if tag.lower() == current), "en")
