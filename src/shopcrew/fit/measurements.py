"""Body measurements in a shopper's words: cm or inches, kg or lb, feet and inches, checked for sense.

Everything is converted to the state's canonical units (height_cm, weight_kg, chest_cm, waist_cm,
hips_cm, inseam_cm, foot_length_cm, foot_width). A value no human body has (a height of 20 m, a
waist of 300 cm) is a `MeasurementProblem` the shopper is told about, never a size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

CM_PER_INCH = 2.54
KG_PER_LB = 0.45359237

# Plausible ranges for anyone from a small child to a very tall or large adult.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "height_cm": (75.0, 245.0),
    "weight_kg": (10.0, 300.0),
    "chest_cm": (45.0, 200.0),
    "waist_cm": (40.0, 200.0),
    "hips_cm": (50.0, 210.0),
    "inseam_cm": (30.0, 110.0),
    "foot_length_cm": (10.0, 35.0),
    "foot_width_cm": (4.0, 14.0),
}
LABELS = {
    "height_cm": "height",
    "weight_kg": "weight",
    "chest_cm": "chest/bust",
    "waist_cm": "waist",
    "hips_cm": "hips",
    "inseam_cm": "inseam",
    "foot_length_cm": "foot length",
    "foot_width_cm": "foot width",
}

# Up to nine digits, so an absurd value is read and refused rather than silently skipped.
_NUMBER = r"(\d{1,9}(?:[.,]\d{1,2})?)"
_LENGTH_UNIT = r"(cm|centimet(?:er|re)s?|mm|in(?:ch(?:es)?)?\b|\"|''|”|m\b|met(?:er|re)s?)"
_FEET_INCHES = re.compile(
    r"(?<![\d.])(\d)\s*(?:'|’|ft\b|feet\b|foot\b)\s*(?:and\s+)?(?:(\d{1,2}(?:\.5)?)\s*(?:\"|''|”|in(?:ch(?:es)?)?\b)?)?",
    re.IGNORECASE,
)
_METRIC_HEIGHT = re.compile(
    rf"(?<![\d.]){_NUMBER}\s*{_LENGTH_UNIT}\s*(?:tall|high|in height)\b"
    rf"|\b(?:height|tall)\s*(?:is|of|:|=)?\s*{_NUMBER}\s*{_LENGTH_UNIT}?"
    rf"|\bi'?m\s+{_NUMBER}\s*(cm|m\b|met(?:er|re)s?)",
    re.IGNORECASE,
)
_WEIGHT = re.compile(
    rf"(?<![\d.]){_NUMBER}\s*(kg|kilos?|kilograms?|lbs?|pounds?|st\b|stone)"
    rf"|\bweigh(?:t|s)?\s*(?:is|of|:|=|about|around)?\s*{_NUMBER}\s*(kg|kilos?|kilograms?|lbs?|pounds?)?",
    re.IGNORECASE,
)
_BODY_WORDS = {
    "chest": "chest_cm",
    "bust": "chest_cm",
    "waist": "waist_cm",
    "hip": "hips_cm",
    "hips": "hips_cm",
    "inseam": "inseam_cm",
    "inside leg": "inseam_cm",
    "leg": "inseam_cm",
}
_BODY_WORD = r"(chest|bust|waist|hips?|inseam|inside leg)"
_BODY_AFTER = re.compile(
    rf"\b{_BODY_WORD}\s*(?:measurement\s*)?(?:is|of|:|=|measures|size)?\s*(?:about|around)?\s*{_NUMBER}\s*{_LENGTH_UNIT}?",
    re.IGNORECASE,
)
_BODY_BEFORE = re.compile(
    rf"(?<![\d.$]){_NUMBER}\s*{_LENGTH_UNIT}?\s*(?:-\s*)?{_BODY_WORD}\b",
    re.IGNORECASE,
)
_FOOT_LENGTH = re.compile(
    rf"\b(?:foot|feet)\s*(?:length\s*)?(?:is|are|of|:|=|measures?|measure)?\s*(?:about|around)?\s*{_NUMBER}\s*{_LENGTH_UNIT}"
    rf"|(?<![\d.]){_NUMBER}\s*{_LENGTH_UNIT}\s*(?:long\s+)?(?:foot|feet)\b",
    re.IGNORECASE,
)
_FOOT_WIDTH_CM = re.compile(
    rf"(?:\b(?:foot|feet)\s*(?:is|are)?|\band|,)\s*{_NUMBER}\s*{_LENGTH_UNIT}\s*wide\b"
    rf"|\bfoot\s*width\s*(?:is|of|:|=)?\s*{_NUMBER}\s*{_LENGTH_UNIT}?",
    re.IGNORECASE,
)
_FOOT_WIDTH_WORD = re.compile(
    r"\b(extra[\s-]?wide|very wide|wide|narrow|normal|regular|standard|average)\s+(?:feet|foot)\b"
    r"|\b(?:feet|foot)\s+(?:is|are)\s+(?:a\s+bit\s+|quite\s+|very\s+|really\s+)?(extra[\s-]?wide|wide|narrow)\b"
    r"|\b(?:foot\s+)?width\s*(?:is|:)?\s*(extra[\s-]?wide|wide|narrow|normal|regular|standard)\b",
    re.IGNORECASE,
)
# "my foot is 27 cm long and wide"
_AND_WIDTH = re.compile(
    r"\b(?:and|,)\s*(?:quite\s+|very\s+|a bit\s+)?(extra[\s-]?wide|wide|narrow)\b", re.IGNORECASE
)
_AGE = re.compile(r"\b(\d{1,2})[\s-]*(?:years?|yrs?|yo)(?:[\s-]*old)?\b|\baged?\s+(\d{1,2})\b", re.IGNORECASE)


@dataclass(frozen=True)
class MeasurementProblem:
    """A measurement that can't be right, in words the shopper can act on."""

    field: str
    said: str
    message: str


@dataclass
class ParsedMeasurements:
    """What a message said about the body: values in canonical units, assumptions and problems."""

    values: dict[str, Any] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    problems: list[MeasurementProblem] = field(default_factory=list)
    age_years: int | None = None


def _said(number: str, unit: str | None) -> str:
    """How the shopper wrote a value, for replies: "20 meters", "34" (no unit given)."""
    unit = (unit or "").strip()
    return f"{number}{unit}" if unit in ('"', "''", "”") else f"{number} {unit}".strip()


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _length_cm(value: float, unit: str | None, *, bare_inches_below: float) -> tuple[float, str | None]:
    """A length in cm, and the assumption made when the unit was left out."""
    unit = (unit or "").lower()
    if unit.startswith(("cm", "centimet")):
        return value, None
    if unit == "mm":
        return value / 10, None
    if unit in ('"', "''", "”") or unit.startswith("in"):
        return value * CM_PER_INCH, None
    if unit == "m" or unit.startswith("met"):
        return value * 100, None
    if value < bare_inches_below:
        return value * CM_PER_INCH, "inches"
    return value, "cm"


def _blank(text: str, match: re.Match[str]) -> str:
    """`text` with the match replaced by spaces, so later patterns cannot read it again."""
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


class _Collector:
    def __init__(self) -> None:
        self.parsed = ParsedMeasurements()
        self.said: dict[str, str] = {}

    def add(self, key: str, value: float, said: str, assumed: str | None = None) -> None:
        value = round(value, 1)
        low, high = PLAUSIBLE[key]
        label = LABELS[key]
        if key in self.parsed.values and abs(self.parsed.values[key] - value) > 1.0:
            self.parsed.problems.append(
                MeasurementProblem(
                    key,
                    said,
                    f"you gave two different {label} measurements ({self.said[key]} and {said}); which one is right?",
                )
            )
            return
        if not low <= value <= high:
            self.parsed.problems.append(
                MeasurementProblem(
                    key, said, f"a {label} of {said} isn't possible for a person; could you check it?"
                )
            )
            return
        if assumed:
            self.parsed.assumptions.append(f"{label} {said} as {assumed}")
        self.parsed.values[key] = value
        self.said[key] = said.strip()


def parse_measurements(text: str) -> ParsedMeasurements:
    """Every body measurement in `text`, converted and checked."""
    found = _Collector()
    work = text
    for m in _FEET_INCHES.finditer(work):
        feet = int(m.group(1))
        inches = float(m.group(2) or 0)
        found.add("height_cm", (feet * 12 + inches) * CM_PER_INCH, m.group(0).strip())
        work = _blank(work, m)
    for m in _METRIC_HEIGHT.finditer(work):
        groups = [g for g in m.groups()]
        number = next(g for g in groups if g is not None and re.fullmatch(r"[\d.,]+", g))
        unit_index = groups.index(number) + 1
        unit = groups[unit_index] if unit_index < len(groups) else None
        cm, assumed = _length_cm(_number(number), unit, bare_inches_below=0)
        if unit is None and _number(number) < 3:
            cm, assumed = _number(number) * 100, "metres"
        found.add("height_cm", cm, _said(number, unit), assumed)
        work = _blank(work, m)
    for m in _WEIGHT.finditer(work):
        number = m.group(1) or m.group(3)
        unit = (m.group(2) or m.group(4) or "").lower()
        value = _number(number)
        assumed = None
        if unit.startswith(("lb", "pound")):
            value *= KG_PER_LB
        elif unit.startswith(("st", "stone")):
            value *= 6.35029
        elif not unit:
            assumed = "pounds" if value > 130 else "kg"
            value = value * KG_PER_LB if value > 130 else value
        found.add("weight_kg", value, _said(number, m.group(2) or m.group(4)), assumed)
        work = _blank(work, m)
    # A bare foot width under 6 is inches, a bare foot length under 14.
    for pattern, key, bare_inches_below in (
        (_FOOT_WIDTH_CM, "foot_width_cm", 6),
        (_FOOT_LENGTH, "foot_length_cm", 14),
    ):
        for m in pattern.finditer(work):
            number = m.group(1) or m.group(3)
            unit = m.group(2) if m.group(1) else m.group(4)
            cm, assumed = _length_cm(_number(number), unit, bare_inches_below=bare_inches_below)
            found.add(key, cm, _said(number, unit), assumed)
            work = _blank(work, m)
    for pattern, word_group, number_group, unit_group in ((_BODY_AFTER, 1, 2, 3), (_BODY_BEFORE, 3, 1, 2)):
        for m in pattern.finditer(work):
            key = _BODY_WORDS[m.group(word_group).lower()]
            # A bare number is inches when it is small for that measurement (a 34 waist, a 32 inseam).
            bare = 45.0 if key == "inseam_cm" else 62.0
            cm, assumed = _length_cm(
                _number(m.group(number_group)), m.group(unit_group), bare_inches_below=bare
            )
            found.add(key, cm, _said(m.group(number_group), m.group(unit_group)), assumed)
            work = _blank(work, m)
    width = _FOOT_WIDTH_WORD.search(work) or (
        _AND_WIDTH.search(work) if re.search(r"\b(?:foot|feet)\b", text, re.IGNORECASE) else None
    )
    if width:
        word = next(g for g in width.groups() if g).lower().replace("-", " ")
        found.parsed.values["foot_width"] = (
            "extra wide"
            if word.startswith(("extra", "very"))
            else {"wide": "wide", "narrow": "narrow"}.get(word, "regular")
        )
    age = _AGE.search(text)
    if age:
        found.parsed.age_years = int(age.group(1) or age.group(2))
    return found.parsed


def contradictions(values: dict[str, Any]) -> list[str]:
    """Measurements that can't all be true of one body (each alone being plausible)."""
    found: list[str] = []
    height, weight = values.get("height_cm"), values.get("weight_kg")
    if height and weight:
        bmi = weight / (height / 100) ** 2
        if bmi < 11 or bmi > 90:
            found.append(f"a height of {height:.0f} cm and a weight of {weight:.0f} kg don't go together")
    waist, hips, chest = values.get("waist_cm"), values.get("hips_cm"), values.get("chest_cm")
    for a_key, a, b_key, b in (("waist", waist, "hips", hips), ("waist", waist, "chest", chest)):
        if a and b and (a > b * 1.9 or b > a * 2.6):
            found.append(f"a {a_key} of {a:.0f} cm and {b_key} of {b:.0f} cm don't fit one body")
    inseam = values.get("inseam_cm")
    if height and inseam and inseam > height * 0.6:
        found.append(f"an inseam of {inseam:.0f} cm is longer than a {height:.0f} cm height allows")
    return found
