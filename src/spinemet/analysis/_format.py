"""Number formatting for the report (results.json keeps full precision)."""

from __future__ import annotations

import math

from spinemet._i18n import _

MISSING = "\u2013"  # en dash, as tables print a missing value

DAYS_PER_MONTH = 30.4375


def number(value: object, digits: int = 1) -> str:
    """A number with ``digits`` decimals, or ``MISSING`` (an en dash) when missing."""
    if value is None:
        return MISSING
    try:
        number_value = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return MISSING
    if not math.isfinite(number_value):
        return MISSING
    return f"{number_value:.{digits}f}"


def p_value(value: object) -> str:
    """A p-value as journals print it: ``<0.001`` or three decimals."""
    if value is None:
        return MISSING
    p = float(value)  # type: ignore[arg-type]
    if not math.isfinite(p):
        return MISSING
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def interval(low: object, high: object, digits: int = 1, *, missing: str = MISSING) -> str:
    """``low to high``; a missing upper bound reads "not reached" (both translated)."""
    left = number(low, digits) if low is not None else missing
    right = number(high, digits) if high is not None else _("not reached")
    return to_interval(left, right)


def to_interval(low: str, high: str) -> str:
    """Two formatted bounds as an interval: ``"8.1 to 15.0"`` (``"8.1 至 15.0"`` in Chinese)."""
    return _("{low} to {high}").format(low=low, high=high)


def months(days: object, digits: int = 1) -> str:
    """Days as months (days / 30.4375), for display."""
    if days is None:
        return _("not reached")
    return number(float(days) / DAYS_PER_MONTH, digits)  # type: ignore[arg-type]


def percent(share: object, digits: int = 1) -> str:
    """A proportion (0-1) as a percentage."""
    if share is None:
        return MISSING
    return number(float(share) * 100, digits)  # type: ignore[arg-type]
