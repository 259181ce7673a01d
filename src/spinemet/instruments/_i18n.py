"""Marker for translatable text in instrument specs.

``N_("text")`` returns the text unchanged; it marks the string for extraction by gettext
(``xgettext --keyword=N_``), so a web form can show it translated (``gettext(label)``) while the
scorer and the JSON output keep the English source text.
"""


def N_(text: str) -> str:  # noqa: N802 - the gettext convention for "no-op translation marker"
    """Return ``text`` unchanged; marks it for translation."""
    return text
