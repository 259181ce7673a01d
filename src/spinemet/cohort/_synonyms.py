"""The words of hospital sheets for the cohort's columns, instruments, visits and codes
(``data/synonyms.toml``, English and Simplified Chinese), and matching against them.

Used by ``spinemet map`` to propose a mapping and by the validation to say "did you mean" for
a value it refuses. A match is by folded text (case, spaces, ``_``, ``-``, ``.`` and brackets
ignored); a header is also tried as ``<instrument><visit>`` (``VAS术前`` -> ``vas_preop``).
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from spinemet.cohort._columns import TABLES, Kind

__all__ = ["Synonyms", "fold", "synonyms"]

_NOISE = re.compile(r"[\s_\-.()（）:：/]+")  # noqa: RUF001  (full-width brackets of Chinese text)


def fold(text: str) -> str:
    """Text as compared: lower case, no spaces, ``_``, ``-``, ``.``, ``/``, brackets.

    Examples
    --------
    >>> fold(" Breast Ca. "), fold("年龄(岁)"), fold("VAS_pre-op")
    ('breastca', '年龄岁', 'vaspreop')
    """
    return _NOISE.sub("", text.casefold())


@dataclass(frozen=True)
class Synonyms:
    """Lookup tables: folded word -> code."""

    fields: dict[str, str]
    instruments: dict[str, str]
    visits: dict[str, str]
    values: dict[str, dict[str, str]]

    def field(self, header: str) -> str | None:
        """The cohort column a header names (``性别`` -> ``sex``), or ``None``."""
        return self.fields.get(fold(header))

    def outcome(self, header: str, visits: tuple[str, ...]) -> str | None:
        """``<instrument>_<visit>`` for a header such as ``VAS术前`` or ``Barthel 3m``."""
        folded = fold(header)
        for word in sorted(self.instruments, key=len, reverse=True):
            if folded.startswith(word):
                rest = folded[len(word) :]
                visit = self.visits.get(rest)
                if visit in visits:
                    return f"{self.instruments[word]}_{visit}"
        return None

    def visit_date(self, header: str, visits: tuple[str, ...]) -> str | None:
        """``<visit>_date`` for a header such as ``术后3个月日期`` or ``m3 date``."""
        folded = fold(header)
        for tail in ("date", "日期", "时间"):
            if folded.endswith(tail) and self.visits.get(folded[: -len(tail)]) in visits:
                return f"{self.visits[folded[: -len(tail)]]}_date"
        return None

    def code(self, column: str, text: str) -> str | None:
        """The code a cell means in ``column`` (``男`` -> ``male`` in ``sex``), or ``None``."""
        table = self.values.get(_value_list(column), {})
        return table.get(fold(text))

    def suggest(self, column: str, text: str, allowed: tuple[str, ...]) -> str | None:
        """A code to suggest for a refused cell: a synonym, else a close spelling."""
        found = self.code(column, text)
        if found is not None:
            return found
        folded = {fold(code): code for code in allowed}
        if fold(text) in folded:
            return folded[fold(text)]
        close = difflib.get_close_matches(fold(text), list(folded), n=1, cutoff=0.75)
        return folded[close[0]] if close else None


_BOOLEANS = {column.name for column in TABLES["patients"] if column.kind is Kind.BOOLEAN}


def _value_list(column: str) -> str:
    """The synonym list of a column: booleans share one; ``complication_<type>`` are yes/no."""
    if column in _BOOLEANS or (
        column.startswith("complication_") and not column.endswith(("_grade", "_date"))
    ):
        return "boolean"
    return column


@functools.cache
def synonyms() -> Synonyms:
    """The synonyms of ``data/synonyms.toml`` (each cohort code is its own synonym too)."""
    text = resources.files("spinemet.cohort").joinpath("data/synonyms.toml").read_text("utf-8")
    data = tomllib.loads(text)
    fields = {fold(column.name): column.name for column in TABLES["patients"]}
    for code, words in data["fields"].items():
        fields.update({fold(word): code for word in words})
    from spinemet.instruments import INSTRUMENTS

    instruments = {fold(code): code for code in INSTRUMENTS}
    for code, words in data["instruments"].items():
        instruments.update({fold(word): code for word in words})
    visits: dict[str, str] = {}
    for code, words in data["visits"].items():
        visits[fold(code)] = code
        visits.update({fold(word): code for word in words})
    values: dict[str, dict[str, str]] = {}
    for column, table in data["values"].items():
        lookup: dict[str, str] = {}
        for code, words in table.items():
            lookup[fold(code)] = code
            lookup.update({fold(word): code for word in words})
        values[column] = lookup
    return Synonyms(fields, instruments, visits, values)
