"""Horizontal bar charts as geometry for inline SVG: no JavaScript, readable printed and by screen readers.

Each bar has its label on a line of its own above it, so long reasons and party names are not
squeezed; a bar is split into segments coloured by outcome, and its number is written at its end.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dualuse.explain.report.outcomes import outcome_label, outcome_rank

WIDTH = 560
ROW_HEIGHT = 42
BAR_HEIGHT = 16
LABEL_UNITS = 84  # about one line of 13px text across the chart; a wide (CJK) character counts 2
VALUE_SPACE = 76
TOP = 8


@dataclass(frozen=True, slots=True)
class Segment:
    """Part of a bar: the rows of one outcome."""

    outcome: str
    value: int
    x: float
    width: float

    @property
    def title(self) -> str:
        """Tooltip and accessible text, such as "Prohibited: 3 rows"."""
        return f"{outcome_label(self.outcome)}: {self.value} row{'s' if self.value != 1 else ''}"


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar with its label, its segments and its position."""

    label: str
    full_label: str
    note: str
    value: int
    value_text: str
    segments: tuple[Segment, ...]
    y: float

    @property
    def label_y(self) -> float:
        """Baseline of the label line."""
        return self.y + 13

    @property
    def bar_y(self) -> float:
        """Top of the bar."""
        return self.y + 19

    @property
    def value_x(self) -> float:
        """Where the number ends: right-aligned in a column after the bars."""
        return float(WIDTH - 2)

    @property
    def value_y(self) -> float:
        """Baseline of the number, centred on the bar."""
        return self.bar_y + BAR_HEIGHT - 3.5


@dataclass(frozen=True, slots=True)
class BarChart:
    """A titled chart: bars, the outcomes its colours stand for, and what to say when it is empty."""

    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    empty_text: str
    hidden: int = 0
    legend: bool = True

    @property
    def track_width(self) -> int:
        """Width of the full-scale track behind each bar."""
        return WIDTH - VALUE_SPACE

    @property
    def width(self) -> int:
        """ViewBox width."""
        return WIDTH

    @property
    def height(self) -> int:
        """ViewBox height: one row per bar, or one row for the empty message."""
        return TOP + ROW_HEIGHT * max(len(self.bars), 1)

    @property
    def outcomes(self) -> list[str]:
        """The outcomes that appear, in report order, for the legend."""
        seen = {s.outcome for bar in self.bars for s in bar.segments}
        return sorted(seen, key=outcome_rank)


@dataclass(frozen=True, slots=True)
class BarInput:
    """What a bar shows before layout: a label, an optional note, and rows by outcome."""

    label: str
    by_outcome: Mapping[str, int]
    note: str = ""


def bar_chart(chart_id: str, title: str, description: str, items: Sequence[BarInput], *, empty_text: str,
              total: int | None = None, limit: int = 10, legend: bool = True) -> BarChart:  # fmt: skip
    """Lay out up to ``limit`` bars; ``total`` adds a share ("3 · 25%") to each number."""
    shown = list(items)[:limit]
    largest = max((sum(i.by_outcome.values()) for i in shown), default=0) or 1
    scale = (WIDTH - VALUE_SPACE) / largest
    bars = []
    for index, item in enumerate(shown):
        value = sum(item.by_outcome.values())
        segments, x = [], 0.0
        for outcome in sorted(item.by_outcome, key=outcome_rank):
            count = item.by_outcome[outcome]
            if count:
                width = max(count * scale, 2.0)
                segments.append(Segment(outcome, count, round(x, 2), round(width, 2)))
                x += width
        label = f"{item.label} — {item.note}" if item.note else item.label
        share = f" · {value * 100 / total:.0f}%" if total else ""
        bars.append(Bar(
            label=shorten(label, LABEL_UNITS), full_label=label, note=item.note, value=value,
            value_text=f"{value:,}{share}", segments=tuple(segments), y=TOP + index * ROW_HEIGHT,
        ))  # fmt: skip
    return BarChart(
        chart_id, title, description, tuple(bars), empty_text, hidden=max(len(items) - limit, 0), legend=legend
    )


def shorten(text: str, units: int) -> str:
    """``text`` cut to about ``units`` half-width characters, with an ellipsis when cut."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used > units - 1:
            return text[:index].rstrip() + "…"
    return text
