"""A small line chart of one score over the visits, as inline SVG (no JavaScript, no image
file): each point is labelled with its value, and the figure carries a text description."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape

__all__ = ["Point", "line_chart"]

WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 14, 30


@dataclass(frozen=True)
class Point:
    label: str  # the visit code (x axis)
    value: float


def line_chart(
    points: Sequence[Point], *, low: float, high: float, title: str, unit: str = ""
) -> str:
    """The SVG markup of ``points`` on a scale ``low``-``high`` (empty text when none)."""
    if not points:
        return ""
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM
    step = span_x / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(points) > 1 else span_x / 2)

    def y(value: float) -> float:
        return TOP + span_y * (1 - (value - low) / (high - low))

    described = ", ".join(f"{p.label} {_number(p.value)}{unit}" for p in points)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(title)}: {escape(described)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (low, (low + high) / 2, high):
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" class="grid"/>'
            f'<text x="{LEFT - 4}" y="{ty + 4:.1f}" text-anchor="end" class="tick">'
            f"{_number(tick)}</text>"
        )
    line = " ".join(f"{x(i):.1f},{y(p.value):.1f}" for i, p in enumerate(points))
    parts.append(f'<polyline points="{line}" class="line"/>')
    for i, p in enumerate(points):
        px, py = x(i), y(p.value)
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" class="dot"/>'
            f'<text x="{px:.1f}" y="{py - 7:.1f}" text-anchor="middle" class="value">'
            f"{_number(p.value)}</text>"
            f'<text x="{px:.1f}" y="{HEIGHT - 10}" text-anchor="middle" class="tick">'
            f"{escape(p.label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _number(value: float) -> str:
    return f"{value:g}"
