"""The visit schedule of a study: visit codes with a target day and a window, as data.

Days count from the patient's ``index_date`` (day 0 = surgery). The default is the seed study's
schedule (Ma et al. 2023: before surgery, 7 days, 3 and 6 months), with 12- and 24-month visits
for longer series (DESIGN.md, "Default visit schedule"). A study with another schedule writes it
in a small TOML, YAML or JSON file::

    [[visits]]
    code = "preop"
    target_day = 0
    window_low_day = -30
    window_high_day = 0
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spinemet.errors import CohortError, Problem

__all__ = ["DEFAULT_SCHEDULE", "Visit", "VisitSchedule", "load_schedule"]

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Visit:
    """One scheduled visit: its code, target day and inclusive window (days from index date).

    Examples
    --------
    >>> Visit("m3", 91, 77, 105).contains(105)
    True
    """

    code: str
    target_day: int
    window_low_day: int
    window_high_day: int

    def contains(self, day: int) -> bool:
        """Whether ``day`` (days from the index date) falls in this visit's window."""
        return self.window_low_day <= day <= self.window_high_day

    def window_text(self) -> str:
        """The window as people read it: ``m3: day 77 to 105 (target 91)``."""
        return (
            f"{self.code}: day {self.window_low_day} to {self.window_high_day} "
            f"(target {self.target_day})"
        )

    def as_dict(self) -> dict[str, object]:
        """The visit as plain JSON-ready data."""
        return {
            "code": self.code,
            "target_day": self.target_day,
            "window_low_day": self.window_low_day,
            "window_high_day": self.window_high_day,
        }


@dataclass(frozen=True, slots=True)
class VisitSchedule:
    """The visits of a study, in time order, with windows that do not overlap.

    Raises
    ------
    CohortError
        Duplicate or badly formed codes, a target outside its window, windows out of order or
        overlapping (a date must fall in at most one window, so assignment is unambiguous).

    Examples
    --------
    >>> DEFAULT_SCHEDULE.codes
    ('preop', 'd7', 'm3', 'm6', 'm12', 'm24')
    >>> DEFAULT_SCHEDULE.visit_for_day(100)
    'm3'
    >>> DEFAULT_SCHEDULE.visit_for_day(40) is None
    True
    """

    visits: tuple[Visit, ...]

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        if not self.visits:
            problems.append(Problem("schedule.visits", [], "at least one visit", "empty"))
        seen: set[str] = set()
        previous: Visit | None = None
        for position, visit in enumerate(self.visits, start=1):
            field = f"schedule.visits[{position}]"
            if not isinstance(visit.code, str) or not _CODE.match(visit.code):
                problems.append(
                    Problem(f"{field}.code", visit.code, "a lower-case snake_case code")
                )
            if visit.code in seen:
                problems.append(
                    Problem(f"{field}.code", visit.code, "a code used once", "duplicate")
                )
            seen.add(visit.code)
            days = (visit.target_day, visit.window_low_day, visit.window_high_day)
            if not all(isinstance(day, int) and not isinstance(day, bool) for day in days):
                problems.append(Problem(field, days, "whole numbers of days"))
                continue
            if not visit.window_low_day <= visit.target_day <= visit.window_high_day:
                problems.append(
                    Problem(
                        f"{field}.target_day",
                        visit.target_day,
                        f"a day inside the window {visit.window_low_day}..{visit.window_high_day}",
                        "inconsistent",
                    )
                )
            if previous is not None and visit.window_low_day <= previous.window_high_day:
                problems.append(
                    Problem(
                        f"{field}.window_low_day",
                        visit.window_low_day,
                        f"a day after the window of {previous.code!r} "
                        f"(ends on day {previous.window_high_day}); windows must not overlap",
                        "inconsistent",
                    )
                )
            previous = visit
        if problems:
            raise CohortError.from_problems(problems)

    def __iter__(self) -> Iterator[Visit]:
        return iter(self.visits)

    def __len__(self) -> int:
        return len(self.visits)

    @property
    def codes(self) -> tuple[str, ...]:
        """The visit codes in time order."""
        return tuple(visit.code for visit in self.visits)

    def visit(self, code: str) -> Visit:
        """The visit with ``code`` (``KeyError`` if the schedule has none)."""
        for visit in self.visits:
            if visit.code == code:
                return visit
        raise KeyError(code)

    def visit_for_day(self, day: int) -> str | None:
        """The code of the visit whose window holds ``day``, or ``None``."""
        for visit in self.visits:
            if visit.contains(day):
                return visit.code
        return None

    def as_dict(self) -> dict[str, object]:
        """The schedule as plain data (the form :func:`load_schedule` reads)."""
        return {"visits": [visit.as_dict() for visit in self.visits]}

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any] | Sequence[Any], *, source: str = "schedule"
    ) -> VisitSchedule:
        """A schedule from ``{"visits": [{code, target_day, window_low_day, window_high_day}]}``.

        A bare list of visits is accepted too.
        """
        entries = data.get("visits") if isinstance(data, Mapping) else data
        if not isinstance(entries, Sequence) or isinstance(entries, str):
            raise CohortError("visits", entries, "a list of visits", "not_a_schedule", file=source)
        keys = ("code", "target_day", "window_low_day", "window_high_day")
        problems: list[Problem] = []
        visits: list[Visit] = []
        for position, entry in enumerate(entries, start=1):
            if not isinstance(entry, Mapping) or set(entry) != set(keys):
                problems.append(
                    Problem(
                        f"visits[{position}]",
                        entry,
                        "an entry with exactly the keys " + ", ".join(keys),
                        "not_a_visit",
                        file=source,
                    )
                )
                continue
            visits.append(Visit(*(entry[key] for key in keys)))
        if problems:
            raise CohortError.from_problems(problems)
        try:
            return cls(tuple(visits))
        except CohortError as error:
            raise CohortError.from_problems(
                Problem(p.field, p.value, p.allowed, p.code, p.row, source) for p in error.problems
            ) from None


def load_schedule(path: str | Path) -> VisitSchedule:
    """Read a visit schedule from a ``.toml``, ``.yaml``/``.yml`` or ``.json`` file.

    Raises
    ------
    CohortError
        An unreadable file or a malformed schedule (every problem listed).
    """
    import yaml

    source = Path(path)
    suffix = source.suffix.lower()
    if suffix not in (".toml", ".yaml", ".yml", ".json"):
        raise CohortError(
            "schedule", str(source), "a .toml, .yaml, .yml or .json file", "bad_suffix"
        )
    try:
        text = source.read_text(encoding="utf-8")
        if suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.safe_load(text)
    except OSError as error:
        raise CohortError(
            "schedule", str(source), f"a readable file ({error.strerror})", "unreadable_file"
        ) from None
    except (ValueError, yaml.YAMLError) as error:  # TOML and JSON errors are ValueErrors
        raise CohortError(
            "schedule", str(source), f"a valid {suffix[1:]} file ({error})", "unreadable_file"
        ) from None
    return VisitSchedule.from_dict(data, source=str(source))


DEFAULT_SCHEDULE = VisitSchedule(
    (
        Visit("preop", 0, -30, 0),
        Visit("d7", 7, 4, 10),
        Visit("m3", 91, 77, 105),
        Visit("m6", 182, 152, 212),
        Visit("m12", 365, 320, 410),
        Visit("m24", 730, 685, 775),
    )
)
"""The seed study's schedule (Ma et al. 2023), DESIGN.md: preop -30..0, d7 7±3, m3 91±14,
m6 182±30, m12 365±45, m24 730±45 (days from the index date)."""
