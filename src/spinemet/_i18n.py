"""The language of the report: English, or Simplified Chinese through a gettext catalogue.

The catalogue is ``spinemet/locale/zh_Hans/LC_MESSAGES/django.po`` (gettext domain
``django``), so the registry's Django pages read the same translations through
``LOCALE_PATHS``; its ``.mo`` is compiled at build (``hatch_build.py``), or in memory from the
``.po`` in a source checkout. Strings are marked with :func:`_` and translated in the language
chosen by :func:`language` (a context variable: safe with threads and nested calls).
"""

from __future__ import annotations

import contextvars
import functools
import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from spinemet.errors import SpinemetInputError

__all__ = ["LANGUAGES", "LOCALE_DIR", "_", "current_language", "language", "translations"]

LANGUAGES = ("en", "zh-Hans")
"""The report languages (BCP 47 tags, as ``--lang`` takes them)."""

LOCALE_DIR = Path(__file__).parent / "locale"
"""gettext's ``localedir``: ``<LOCALE_DIR>/zh_Hans/LC_MESSAGES/django.po`` (and ``.mo``)."""

_GETTEXT_NAMES = {"zh-Hans": "zh_Hans"}
_current: contextvars.ContextVar[str] = contextvars.ContextVar("spinemet_language", default="en")


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (``NullTranslations`` for English).

    Raises
    ------
    SpinemetInputError
        ``lang`` is not one of :data:`LANGUAGES`.
    """
    if lang not in LANGUAGES:
        raise SpinemetInputError("--lang", lang, ", ".join(LANGUAGES), "value_not_allowed")
    if lang == "en":
        return gettext.NullTranslations()
    name = _GETTEXT_NAMES[lang]
    po = LOCALE_DIR / name / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        return gettext.translation("django", localedir=LOCALE_DIR, languages=[name])
    # A source checkout never built, or a .po edited since the build: compile in memory.
    from spinemet._catalogue import mo_bytes, read_po

    entries = read_po(po.read_text(encoding="utf-8"))
    return gettext.GNUTranslations(io.BytesIO(mo_bytes(entries)))


def current_language() -> str:
    """The language :func:`_` translates into now."""
    return _current.get()


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Translate :func:`_` into ``lang`` inside the ``with`` block."""
    translations(lang)  # refuse an unknown language before anything is rendered
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """``message`` in the current language (as it is when the catalogue lacks it).

    Examples
    --------
    >>> with language("zh-Hans"):
    ...     _("Baseline characteristics")
    '基线特征'
    >>> _("Baseline characteristics")
    'Baseline characteristics'
    """
    return translations(_current.get()).gettext(message)
