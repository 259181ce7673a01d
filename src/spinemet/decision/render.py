"""A recommendation as text or Markdown: what a surgeon pastes into a case note.

The note is written in the language asked for (``lang``: English or Simplified Chinese, through
:mod:`spinemet._i18n`); codes, levels, numbers and citations stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from spinemet._i18n import _, language
from spinemet.decision.localize import localized, option_name
from spinemet.decision.output import Recommendation
from spinemet.decision.texts import BASIS_NAMES
from spinemet.errors import SpinemetInputError
from spinemet.instruments import get_spec

__all__ = ["category_label", "note_line", "plan_lines", "render_markdown", "render_text"]


def _sign(effect: str) -> str:
    return "+" if effect.startswith("raise") else "-" if effect.startswith("cap") else "·"


def _named(code: str) -> str:
    return _("%(option)s — %(name)s") % {"option": code, "name": option_name(code)}


def category_label(instrument: str, category: str | None) -> str:
    """A score's category as its instrument labels it (the band's or category's own text,
    translated): ``category_label("sins", "unstable")`` -> ``"instability; surgical
    consultation recommended"``; ``"-"`` when there is none; the code itself where the
    instrument has no label for it."""
    if category is None:
        return "-"
    try:
        return _(get_spec(instrument).interpretation(category))
    except (KeyError, SpinemetInputError):
        return category


def _lesions(scores: dict[str, Any], index: list[str]) -> list[str]:
    lines = []
    for level in scores["sins"]:
        sins, bilsky = scores["sins"][level], scores["bilsky"][level]
        line = _(
            "%(level)s: SINS %(sins)s (%(sins_category)s), Bilsky %(bilsky)s (%(bilsky_category)s)"
        ) % {
            "level": level,
            "sins": sins["total"],
            "sins_category": category_label("sins", sins["category"]),
            "bilsky": bilsky["grade"],
            "bilsky_category": category_label("bilsky", bilsky["category"]),
        }
        lines.append(line + (" " + _("[index]") if level in index else ""))
    return lines


def _patient(scores: dict[str, Any]) -> list[str]:
    patient = []
    labels = (("tokuhashi_revised", _("Revised Tokuhashi")), ("tomita", _("Tomita")))
    for name, label in labels:
        score = scores[name]
        if score["total"] is None:
            patient.append(
                _("%(score)s: not available (missing: %(missing)s)")
                % {"score": label, "missing": ", ".join(score["missing"])}
            )
        else:
            patient.append(
                _("%(score)s: %(total)s (%(category)s, %(basis)s)")
                % {
                    "score": label,
                    "total": score["total"],
                    "category": category_label(name, score["category"]),
                    "basis": _(BASIS_NAMES[score["basis"]]),
                }
            )
    estimate = scores.get("life_expectancy_months")
    source = scores.get("life_expectancy_source")
    if estimate is None:
        patient.append(_("Clinician's survival estimate: not given (the score bands apply)"))
    elif source:
        patient.append(
            _(
                "Clinician's survival estimate: %(months)s months (%(source)s); it takes "
                "precedence over the score bands"
            )
            % {"months": f"{estimate:g}", "source": source}
        )
    else:
        patient.append(
            _(
                "Clinician's survival estimate: %(months)s months; it takes precedence over the "
                "score bands"
            )
            % {"months": f"{estimate:g}"}
        )
    patient.append(
        "KPS {kps}, ECOG {ecog}, Frankel {frankel}, ASIA {asia}".format(
            **{
                key: "-" if scores[key] is None else scores[key]
                for key in ("kps", "ecog", "frankel", "asia")
            }
        )
    )
    return patient


def _options(data: dict[str, Any]) -> list[str]:
    lines = []
    for option in data["options"]:
        lines.append(
            _("%(suitability)s: %(option)s (%(role)s)")
            % {
                "suitability": option["suitability_label"].upper(),
                "option": _named(option["treatment"]),
                "role": option["role_label"],
            }
        )
        for reason in option["reasons"]:
            over = (
                " " + _("(overridden by %(rules)s)") % {"rules": ", ".join(reason["overridden_by"])}
                if reason["overridden_by"]
                else ""
            )
            lines.append(
                f"  {_sign(reason['effect'])} {reason['rule']} [{reason['effect']}]: "
                f"{reason['text']} [{reason['citation']}]{over}"
            )
    return lines


def _unrated(data: dict[str, Any]) -> list[str]:
    lines = []
    for entry in data["not_addressed"]:
        line = _named(entry["treatment"])
        if entry["limits"]:
            rules = ", ".join(limit["rule"] for limit in entry["limits"])
            line += " " + _("(limited by %(rules)s)") % {"rules": rules}
        lines.append(line)
    return lines


def _sections(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    top = ", ".join(_named(code) for code in data["top"])
    sections: list[tuple[str, list[str]]] = [
        (_("Lesions"), _lesions(data["scores"], data["predicates"]["index_lesions"])),
        (_("Patient scores"), _patient(data["scores"])),
        (_("Top"), [top or _("none: no option is supported by this rule set")]),
        (_("Options (rated)"), _options(data)),
        (_("Not addressed by any rule (clinical judgement; not advice against)"), _unrated(data)),
        (_("Flags (actions)"), [note_line(note) for note in data["flags"]]),
        (_("Warnings"), [note_line(note) for note in data["warnings"]]),
        (_("Construct plan"), plan_lines(data["plan"])),
        (
            _("Missing inputs that could change the top option"),
            [entry["text"] for entry in data["missing_inputs"]],
        ),
        (_("Missing inputs that could not change the top option"), data["could_not_change_top"]),
        (
            _("Rules not evaluated (missing input)"),
            [
                _("%(rule)s (missing: %(missing)s)")
                % {"rule": entry["rule"], "missing": ", ".join(entry["missing"])}
                for entry in data["not_evaluated"]
            ],
        ),
        (
            _("Defaults applied"),
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
    sections.insert(8, (_("Notes"), notes))
    if data.get("explain") is not None:
        sections.append((_("Explanation: every rule"), _explain(data["explain"])))
    return [(title, lines) for title, lines in sections if lines]


def note_line(note: dict[str, Any]) -> str:
    """A warning or flag (of :func:`~spinemet.decision.localize.localized`) as a sentence:
    ``At L3: <text> (code; rule)``, in the current language."""
    origin = "; ".join(part for part in (note["code"], note["rule"]) if part)
    text = note["text"].strip()
    if not text.endswith((".", ")", "\u3002", "\uff09")):  # also the Chinese full stop, parenthesis
        text += "."
    if note["levels"]:
        return _("At %(levels)s: %(text)s (%(origin)s)") % {
            "levels": ", ".join(note["levels"]),
            "text": text,
            "origin": origin,
        }
    return f"{text} ({origin})"


def plan_lines(plan: dict[str, Any] | None) -> list[str]:
    """The construct plan (of :func:`~spinemet.decision.localize.localized`) as lines of text."""
    if plan is None:
        return [_("No construct plan (neither ppsf_pvp nor ppsf is recommended or to consider).")]
    lines = [
        _("For: %(option)s") % {"option": _named(plan["treatment"])},
        _("Percutaneous pedicle screws (bilateral) at: %(levels)s")
        % {"levels": ", ".join(plan["screw_levels"])},
        _("Cement (vertebroplasty) at: %(levels)s")
        % {"levels": ", ".join(plan["cement_levels"]) or _("none")},
        _("Cement volume: no target; %(note)s") % {"note": plan["cement_note"]},
    ]
    lines += [
        _("Warning: %(note)s") % {"note": note_line({**note, "rule": None})}
        for note in plan["warnings"]
    ]
    lines += [
        _("Flag: %(note)s") % {"note": note_line({**note, "rule": None})} for note in plan["flags"]
    ]
    return lines


def _explain(entries: list[dict[str, Any]]) -> list[str]:
    lines = []
    verbs = {
        "fired": _("fired"),
        "not_fired": _("did not fire"),
        "not_evaluated": _("was not evaluated"),
    }
    for entry in entries:
        decided = " ".join(entry["decided_by"]) or _("It applies to every case.")
        lines.append(
            _("%(rule)s (phase %(phase)s) %(result)s: %(decided)s")
            % {
                "rule": entry["rule"],
                "phase": entry["phase"],
                "result": verbs[entry["result"]],
                "decided": decided,
            }
        )
    return lines


@contextmanager
def _in(lang: str | None) -> Iterator[None]:
    with language(lang) if lang is not None else nullcontext():
        yield


def render_text(rec: Recommendation, *, lang: str | None = None) -> str:
    """Plain text for a case note (ends with the disclaimer).

    ``lang`` is ``"en"`` or ``"zh-Hans"`` (default: the current language of
    :func:`spinemet._i18n.language`, English unless set).
    """
    with _in(lang):
        data = localized(rec.as_json())
        out = [
            _("spinemet recommendation (rule set %(version)s)") % {"version": rec.rule_set_version},
            "",
        ]
        for title, lines in _sections(data):
            out.append(_("%(heading)s:") % {"heading": title})
            out.extend(f"  {line}" for line in lines)
            out.append("")
        out.append(data["disclaimer"])
    return "\n".join(out) + "\n"


def render_markdown(rec: Recommendation, *, lang: str | None = None) -> str:
    """Markdown for a case note (ends with the disclaimer); ``lang`` as for :func:`render_text`."""
    with _in(lang):
        data = localized(rec.as_json())
        version = f"`{rec.rule_set_version}`"
        out = [
            "## " + _("spinemet recommendation (rule set %(version)s)") % {"version": version},
            "",
        ]
        for title, lines in _sections(data):
            out.append(f"### {title}")
            out.append("")
            for line in lines:
                indent = "  " if line.startswith("  ") else ""
                out.append(f"{indent}- {line.strip()}")
            out.append("")
        out.append(f"*{data['disclaimer']}*")
    return "\n".join(out) + "\n"
