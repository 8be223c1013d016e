"""Placing a body on a size chart: which row fits, how surely, and the size either side.

Pure functions over chart rows (ranges in cm) and canonical measurements. Apparel is sized by every
measurement the chart has (a garment must close around the largest part); shoes by foot length,
rounding up between sizes, and by foot width against the widths the chart offers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# Chart key -> canonical measurement key.
BODY_KEYS = {
    "bust": "chest_cm",
    "chest": "chest_cm",
    "waist": "waist_cm",
    "hips": "hips_cm",
    "height": "height_cm",
}
# Inside this share of a size's range from its edge the body is "between sizes".
EDGE_SHARE = 0.2
SHOE_TOLERANCE_CM = 0.15
WIDTH_ORDER = ("Narrow", "Standard", "Wide", "Extra Wide")
WIDTH_WORDS = {"narrow": "Narrow", "regular": "Standard", "wide": "Wide", "extra wide": "Extra Wide"}


@dataclass(frozen=True)
class Placement:
    """Where one measurement falls: the row index, and a neighbour when it sits near an edge."""

    key: str
    value: float
    index: int
    neighbour: int | None
    outside: str | None = None  # "below" | "above" the chart


@dataclass
class ChartFit:
    """The size a body takes on one chart, with the alternative and what decided it."""

    index: int
    alternative: int | None
    alternative_kind: str | None  # "relaxed" | "closer" | "mixed"
    placements: list[Placement] = field(default_factory=list)
    outside: str | None = None

    @property
    def between(self) -> bool:
        """True when the body sits between two sizes."""
        return self.alternative is not None


def _bounds(rows: Sequence[Mapping[str, Any]], key: str) -> list[tuple[float, float]] | None:
    spans: list[tuple[float, float]] = []
    for row in rows:
        span = row.get(key)
        if not (isinstance(span, list | tuple) and len(span) == 2):
            return None
        spans.append((float(span[0]), float(span[1])))
    return spans


def place(rows: Sequence[Mapping[str, Any]], key: str, value: float) -> Placement | None:
    """Place one measurement on the chart's ranges for `key`, or None when the chart lacks it."""
    spans = _bounds(rows, key)
    if not spans:
        return None
    if value < spans[0][0]:
        return Placement(key, value, 0, None, "below" if value < spans[0][0] - 2 else None)
    last = len(spans) - 1
    if value > spans[last][1] + 0.5:
        return Placement(key, value, last, None, "above" if value > spans[last][1] + 2 else None)
    for index, (low, high) in enumerate(spans):
        upper = spans[index + 1][0] if index < last else high + 0.5
        if value < upper:
            width = max(upper - low, 0.5)
            share = (value - low) / width
            neighbour = None
            if share > 1 - EDGE_SHARE and index < last:
                neighbour = index + 1
            elif share < EDGE_SHARE and index > 0:
                neighbour = index - 1
            return Placement(key, value, index, neighbour)
    return Placement(key, value, last, None)


def fit_apparel(
    rows: Sequence[Mapping[str, Any]], body: Mapping[str, float], *, shift_cm: float = 0.0
) -> ChartFit | None:
    """The row a body takes (None when the body has none of the chart's measurements)."""
    placements: list[Placement] = []
    suits = any("length" in r for r in rows)
    for chart_key, body_key in BODY_KEYS.items():
        if suits and chart_key == "height":
            continue  # a suit's height picks its length (R or L), done before the chart is read
        if body.get(body_key):
            value = float(body[body_key]) + (shift_cm if chart_key != "height" else 0.0)
            placed = place(rows, chart_key, value)
            if placed is not None:
                placements.append(placed)
    if not placements:
        return None
    # Kids' clothes go by height when it is known; everything else must close around the largest part.
    if (
        any(p.key == "height" for p in placements)
        and all("height" in r for r in rows)
        and not any("length" in r for r in rows)
    ):
        placements = [p for p in placements if p.key == "height"] + [
            p for p in placements if p.key != "height"
        ]
        lead = placements[0]
        index = max([lead.index] + [p.index for p in placements[1:] if p.index > lead.index + 1])
    else:
        index = max(p.index for p in placements)
    outside = next((p.outside for p in placements if p.outside == "above"), None) or next(
        (p.outside for p in placements if p.outside), None
    )
    smallest = min(p.index for p in placements)
    if smallest < index:
        return ChartFit(index, smallest, "mixed", placements, outside)
    decisive = [p for p in placements if p.index == index and p.neighbour is not None]
    if decisive:
        neighbour = decisive[0].neighbour
        assert neighbour is not None
        if neighbour > index:
            # At the top of the range: the bigger size is the relaxed option.
            return ChartFit(index, neighbour, "relaxed", placements, outside)
        return ChartFit(index, neighbour, "closer", placements, outside)
    return ChartFit(index, None, None, placements, outside)


def body_from_row(row: Mapping[str, Any]) -> dict[str, float]:
    """The body a size is cut for: the middle of each of the row's ranges."""
    body: dict[str, float] = {}
    for chart_key, body_key in BODY_KEYS.items():
        span = row.get(chart_key)
        if isinstance(span, list | tuple) and len(span) == 2:
            body[body_key] = (float(span[0]) + float(span[1])) / 2
    if "foot_length_cm" in row:
        body["foot_length_cm"] = float(row["foot_length_cm"])
    return body


@dataclass
class ShoeFit:
    """The shoe size (row index) a foot takes, the half size either side, and the width."""

    index: int
    alternative: int | None
    width: str | None
    width_reason: str | None
    outside: str | None = None


def fit_shoe(
    rows: Sequence[Mapping[str, Any]],
    foot_length_cm: float,
    *,
    foot_width_cm: float | None = None,
    foot_width_word: str | None = None,
    shift_cm: float = 0.0,
) -> ShoeFit:
    """Size a foot on a shoe chart: the nearest length, rounding up between sizes."""
    lengths = [float(r["foot_length_cm"]) for r in rows]
    foot = foot_length_cm + shift_cm
    outside = None
    if foot < lengths[0] - 0.6:
        outside = "below"
    if foot > lengths[-1] + SHOE_TOLERANCE_CM:
        outside = "above"
    index = len(lengths) - 1
    alternative: int | None = None
    for i, length in enumerate(lengths):
        if foot <= length + SHOE_TOLERANCE_CM:
            index = i
            if i > 0 and foot - lengths[i - 1] > SHOE_TOLERANCE_CM and length - foot > SHOE_TOLERANCE_CM:
                alternative = i - 1  # between two sizes: the bigger one, or the smaller for a snug fit
            break
    width, reason = _width(rows[index], foot_width_cm, foot_width_word)
    return ShoeFit(index, alternative, width, reason, outside)


def _width(
    row: Mapping[str, Any], foot_width_cm: float | None, word: str | None
) -> tuple[str | None, str | None]:
    widths = row.get("foot_width_cm")
    if foot_width_cm is not None and isinstance(widths, Mapping) and widths:
        ordered = sorted(widths.items(), key=lambda item: float(item[1]))
        for name, cm in ordered:
            if foot_width_cm <= float(cm) + 0.2:
                return str(name), f"a {foot_width_cm:.1f} cm wide foot fits {name} ({float(cm):.1f} cm)"
        name, cm = ordered[-1]
        return str(name), f"a {foot_width_cm:.1f} cm wide foot is beyond {name} ({float(cm):.1f} cm)"
    if word:
        name = WIDTH_WORDS.get(word, "Standard")
        return name, f"you said your feet are {word}"
    return None, None
