"""Report sections about the input: how each column was read, who has no follow-up, and
every caveat of ``results.json`` (kept apart from :mod:`report` so that its statistics
sections and these grow independently)."""

from __future__ import annotations

import html

from spinemet._i18n import _
from spinemet.analysis._messages import translate_column_note, translate_message
from spinemet.analysis.caveats import caveats_of
from spinemet.analysis.pipeline import CohortAnalysis
from spinemet.cohort import ColumnUse
from spinemet.cohort._classify import CLASS_TEXT

__all__ = ["caveats_html", "columns_html", "no_follow_up_html"]


def _e(text: object) -> str:
    return html.escape(str(text))


_CLASS_MESSAGES = CLASS_TEXT


def columns_html(columns: tuple[ColumnUse, ...]) -> str:
    """The column classification as a table: column, read as, use, note."""
    if not columns:
        return ""
    head = "".join(
        f"<th>{_e(_(text))}</th>" for text in ("column in the file", "read as", "use", "note")
    )
    body = "".join(
        f"<tr><td>{_e(use.column)}</td><td>{_e(use.name)}</td>"
        f"<td>{_e(_(_CLASS_MESSAGES[use.use]))}</td><td>{_e(translate_column_note(use.note))}</td></tr>"
        for use in columns
    )
    left_out = [use for use in columns if use.use in ("identifier", "outcome_like", "unknown")]
    note = ""
    if left_out:
        note = (
            f"<p class='note'>{_e(_('Not in Table 1 or any analysis'))}: "
            + _e(", ".join(use.column for use in left_out))
            + ".</p>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"


def no_follow_up_html(analysis: CohortAnalysis) -> str:
    """The patients alive without a last contact date, named."""
    ids = analysis.no_follow_up
    if not ids:
        return ""
    return (
        f"<p class='note'>{_e(_('Alive without a last contact date (follow-up unknown, left out of the survival analysis)'))}"  # noqa: E501
        f" ({len(ids)}): {_e(', '.join(ids))}.</p>"
    )


def caveats_html(analysis: CohortAnalysis, results: dict[str, object]) -> str:
    """Every caveat of ``results.json``, then the analysis' notes."""
    texts = (*caveats_of(results), *analysis.notes)
    if not texts:
        return f"<p class='note'>{_e(_('None.'))}</p>"
    return "".join(f"<p class='note'>{_e(translate_message(text))}</p>" for text in texts)
