"""The errors and warnings spinemet raises on purpose.

Every exception raised on purpose derives from :class:`SpinemetError`. Bad user data raise
:class:`SpinemetInputError` (also a :class:`ValueError`) or a subclass; each carries the list of
:class:`Problem` found, so the command line, an API and a web form render the same error.
A message names the field, the value and what is allowed, in that order::

    sins.location: invalid value 'lumbar'; allowed: junctional, mobile, semi_rigid, rigid
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "MISSING",
    "AnalysisError",
    "CaseError",
    "CohortError",
    "ColumnWarning",
    "InvalidItemError",
    "ItemError",
    "Problem",
    "RuleFileError",
    "SmallSampleWarning",
    "SpinemetError",
    "SpinemetInputError",
    "SpinemetWarning",
    "grouped_messages",
]


class _Missing:
    """Sentinel for a value that was not given at all (not even ``null``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in the caller's data: where it is, what was given and what is allowed.

    ``code`` is stable and machine-readable (``value_not_allowed``, ``unknown_item``,
    ``missing_column``, ``inconsistent``, ``not_a_cohort_table``, ...); ``row`` and ``file``
    locate the problem in a table or a file when there is one.
    """

    field: str
    value: object
    allowed: str
    code: str = "value_not_allowed"
    row: int | str | None = None
    file: str | None = None

    def message(self) -> str:
        """The problem as one line of text: where, field, value, what is allowed."""
        where = ""
        if self.file is not None:
            where += f"{self.file}: "
        if self.row is not None:
            where += f"row {self.row}: "
        if self.code == "unknown_item":
            return (
                f"{where}{self.field}: unknown item {self.value!r}; allowed items: {self.allowed}"
            )
        if self.code == "not_a_cohort_table":  # a file or sheet name: no value to quote
            return f"{where}{self.field}: not a cohort table; {self.allowed}"
        if self.value is MISSING:
            return f"{where}{self.field}: missing; required: {self.allowed}"
        return f"{where}{self.field}: invalid value {self.value!r}; allowed: {self.allowed}"

    def as_dict(self) -> dict[str, object]:
        """The problem as plain JSON-ready data."""
        value = None if self.value is MISSING else self.value
        return {
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "value": value
            if isinstance(value, (str, int, float, bool, type(None)))
            else repr(value),
            "allowed": self.allowed,
            "code": self.code,
            "message": self.message(),
        }


def _ranges(rows: list[int | str]) -> str:
    """``[3, 4, 5, 9]`` -> ``"3-5, 9"`` (text rows as they are)."""
    numbers = sorted({row for row in rows if isinstance(row, int)})
    parts: list[str] = []
    start = previous = None
    for number in numbers:
        if previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = number
    if start is not None:
        parts.append(str(start) if start == previous else f"{start}-{previous}")
    parts += [str(row) for row in dict.fromkeys(rows) if not isinstance(row, int)]
    return ", ".join(parts)


def grouped_messages(problems: Iterable[Problem]) -> list[str]:
    """One line per cause: problems alike but for their row are merged, rows as ranges.

    Examples
    --------
    >>> found = [Problem("vital_status", "存活", "alive, dead", row=row, file="a.csv")
    ...          for row in (3, 4, 5, 9)]
    >>> grouped_messages(found)
    ["a.csv: vital_status: invalid value '存活' on rows 3-5, 9 (4 rows); allowed: alive, dead"]
    """
    groups: dict[tuple[object, ...], list[Problem]] = {}
    for problem in problems:
        value = (
            problem.value if isinstance(problem.value, (str, int, float)) else repr(problem.value)
        )
        key = (problem.file, problem.field, value, problem.allowed, problem.code)
        groups.setdefault(key, []).append(problem)
    lines = []
    for members in groups.values():
        first = members[0]
        rows = [member.row for member in members if member.row is not None]
        if len(members) == 1 or not rows:
            lines.append(first.message())
            continue
        where = f"{first.file}: " if first.file is not None else ""
        on = f"on rows {_ranges(rows)} ({len(rows)} rows)"
        if first.value is MISSING:
            lines.append(f"{where}{first.field}: missing {on}; required: {first.allowed}")
        else:
            lines.append(
                f"{where}{first.field}: invalid value {first.value!r} {on}; "
                f"allowed: {first.allowed}"
            )
    return lines


class SpinemetError(Exception):
    """Base class for every error spinemet raises on purpose."""


class SpinemetInputError(SpinemetError, ValueError):
    """The caller's data break a documented rule; nothing was computed or saved.

    Raised once per input with every problem found (``problems``); ``field``, ``value``,
    ``allowed`` and ``code`` are those of the first problem, for the common one-problem case.
    """

    problems: tuple[Problem, ...]

    def __init__(
        self,
        field: str,
        value: object,
        allowed: str,
        code: str = "value_not_allowed",
        *,
        row: int | str | None = None,
        file: str | None = None,
    ) -> None:
        self._set((Problem(field, value, allowed, code, row, file),))

    @classmethod
    def from_problems(cls, problems: Iterable[Problem]) -> SpinemetInputError:
        """One error carrying every problem (at least one) found in an input."""
        found = tuple(problems)
        if not found:
            raise SpinemetError("from_problems needs at least one problem")  # a bug, not input
        error = cls.__new__(cls)
        error._set(found)
        return error

    def _set(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        first = problems[0]
        self.field, self.value, self.allowed, self.code = (
            first.field,
            first.value,
            first.allowed,
            first.code,
        )
        text = "\n".join(problem.message() for problem in problems)
        if len(problems) > 1:
            text = f"{len(problems)} problems:\n{text}"
        Exception.__init__(self, text)


class ItemError(SpinemetInputError):
    """An instrument's item is unknown, or its value is not one the instrument allows."""


InvalidItemError = ItemError
"""Name used by ``domain/instruments.md`` for :class:`ItemError`."""


class CaseError(SpinemetInputError):
    """A decision case (``spinemet recommend`` input) breaks the case schema."""


class CohortError(SpinemetInputError):
    """A cohort (files, sheets or database extract) breaks the tidy-cohort contract."""


class RuleFileError(SpinemetInputError):
    """A decision rule file is malformed: unknown field or option, missing source, ..."""


class AnalysisError(SpinemetError):
    """Valid data that cannot be analysed (for example, no event for a survival estimate)."""


class SpinemetWarning(UserWarning):
    """Base class of spinemet's warnings: the result was computed, with a caveat."""


class SmallSampleWarning(SpinemetWarning):
    """A statistic was computed on a sample too small for it to be reliable."""


class ColumnWarning(SpinemetWarning):
    """A column of the input looks like an outcome or an identifier but is read as neither:
    it is kept out of the analysis (``--strict`` refuses it instead)."""
