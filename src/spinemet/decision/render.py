"""A recommendation as text or Markdown: what a surgeon pastes into a case note."""

from __future__ import annotations

from typing import Any

from spinemet.decision.output import Recommendation

__all__ = ["render_markdown", "render_text"]


def _sign(effect: str) -> str:
    return "+" if effect.startswith("raise") else "-" if effect.startswith("cap") else "·"


def _sections(rec: Recommendation) -> list[tuple[str, list[str]]]:
    data = rec.as_json()
    scores = data["scores"]
    index = data["predicates"]["index_lesions"]
    lesions = [
        f"{level}: SINS {scores['sins'][level]['total']} ({scores['sins'][level]['category']}), "
        f"Bilsky {scores['bilsky'][level]['grade']} ({scores['bilsky'][level]['category']})"
        + (" [index]" if level in index else "")
        for level in scores["sins"]
    ]
    patient = []
    for name, label in (("tokuhashi_revised", "Revised Tokuhashi"), ("tomita", "Tomita")):
        score = scores[name]
        if score["total"] is None:
            patient.append(f"{label}: not available (missing: {', '.join(score['missing'])})")
        else:
            patient.append(f"{label}: {score['total']} ({score['category']}, {score['basis']})")
    estimate = scores.get("life_expectancy_months")
    if estimate is None:
        patient.append("Clinician's survival estimate: not given (the score bands apply)")
    else:
        source = scores.get("life_expectancy_source")
        patient.append(
            f"Clinician's survival estimate: {estimate:g} months"
            + (f" ({source})" if source else "")
            + "; it takes precedence over the score bands"
        )
    patient.append(
        "KPS {kps}, ECOG {ecog}, Frankel {frankel}, ASIA {asia}".format(
            **{
                key: "-" if scores[key] is None else scores[key]
                for key in ("kps", "ecog", "frankel", "asia")
            }
        )
    )
    options = []
    for option in data["options"]:
        options.append(f"{option['suitability'].upper()}: {option['treatment']} ({option['role']})")
        for reason in option["reasons"]:
            over = (
                f" (overridden by {', '.join(reason['overridden_by'])})"
                if reason["overridden_by"]
                else ""
            )
            options.append(
                f"  {_sign(reason['effect'])} {reason['rule']} [{reason['effect']}]: "
                f"{reason['text']} [{reason['citation']}]{over}"
            )
    unrated = [
        f"{entry['treatment']}"
        + (
            f" (limited by {', '.join(limit['rule'] for limit in entry['limits'])})"
            if entry["limits"]
            else ""
        )
        for entry in data["not_addressed"]
    ]
    sections: list[tuple[str, list[str]]] = [
        ("Lesions", lesions),
        ("Patient scores", patient),
        ("Top", [", ".join(data["top"]) or "none: no option is supported by this rule set"]),
        ("Options (rated)", options),
        ("Not addressed by any rule (clinical judgement; not advice against)", unrated),
        ("Flags (actions)", [_note(note) for note in data["flags"]]),
        ("Warnings", [_note(note) for note in data["warnings"]]),
        ("Construct plan", _plan(data["plan"])),
        (
            "Missing inputs that could change the top option",
            [entry["text"] for entry in data["missing_inputs"]],
        ),
        ("Missing inputs that could not change the top option", data["could_not_change_top"]),
        (
            "Rules not evaluated (missing input)",
            [
                f"{entry['rule']} (missing: {', '.join(entry['missing'])})"
                for entry in data["not_evaluated"]
            ],
        ),
        (
            "Defaults applied",
            [f"{entry['field']} = {entry['value']}" for entry in data["defaults_applied"]],
        ),
    ]
    used = {reason["rule"] for option in data["options"] for reason in option["reasons"]}
    used |= {note["rule"] for note in data["flags"] + data["warnings"]}
    notes = [
        f"{rule['rule']}: {rule['text']} [{rule['citation']}]"
        for rule in data["fired_rules"]
        if rule["rule"] not in used
    ]
    sections.insert(8, ("Notes", notes))
    if data.get("explain") is not None:
        sections.append(("Explanation: every rule", _explain(data["explain"])))
    return [(title, lines) for title, lines in sections if lines]


def _note(note: dict[str, Any]) -> str:
    """A warning or flag as a sentence: ``At L3: <text> (code; rule)``."""
    levels = f"At {', '.join(note['levels'])}: " if note["levels"] else ""
    origin = "; ".join(part for part in (note["code"], note["rule"]) if part)
    text = note["text"].strip()
    if not text.endswith((".", ")")):
        text += "."
    return f"{levels}{text} ({origin})"


def _plan(plan: dict[str, Any] | None) -> list[str]:
    if plan is None:
        return ["No construct plan (neither ppsf_pvp nor ppsf is recommended or to consider)."]
    lines = [
        f"For: {plan['treatment']}",
        f"Percutaneous pedicle screws (bilateral) at: {', '.join(plan['screw_levels'])}",
        f"Cement (vertebroplasty) at: {', '.join(plan['cement_levels']) or 'none'}",
        f"Cement volume: no target; {plan['cement_note']}",
    ]
    lines += [f"Warning: {_note({**note, 'rule': None})}" for note in plan["warnings"]]
    lines += [f"Flag: {_note({**note, 'rule': None})}" for note in plan["flags"]]
    return lines


def _explain(entries: list[dict[str, Any]]) -> list[str]:
    lines = []
    verbs = {"fired": "fired", "not_fired": "did not fire", "not_evaluated": "was not evaluated"}
    for entry in entries:
        decided = " ".join(entry["decided_by"]) or "It applies to every case."
        lines.append(
            f"{entry['rule']} (phase {entry['phase']}) {verbs[entry['result']]}: {decided}"
        )
    return lines


def render_text(rec: Recommendation) -> str:
    """Plain text for a case note (ends with the disclaimer)."""
    out = [f"spinemet recommendation (rule set {rec.rule_set_version})", ""]
    for title, lines in _sections(rec):
        out.append(f"{title}:")
        out.extend(f"  {line}" for line in lines)
        out.append("")
    out.append(rec.disclaimer)
    return "\n".join(out) + "\n"


def render_markdown(rec: Recommendation) -> str:
    """Markdown for a case note (ends with the disclaimer)."""
    out = [f"## spinemet recommendation (rule set `{rec.rule_set_version}`)", ""]
    for title, lines in _sections(rec):
        out.append(f"### {title}")
        out.append("")
        for line in lines:
            indent = "  " if line.startswith("  ") else ""
            out.append(f"{indent}- {line.strip()}")
        out.append("")
    out.append(f"*{rec.disclaimer}*")
    return "\n".join(out) + "\n"
