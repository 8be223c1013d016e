"""Colour names as a stylist reads them (family, hue, neutral or statement, pattern) and the harmony
rules a look is scored by: neutrals go with anything, analogous and complementary hues work, hues in
between clash, at most one statement colour and one pattern per look."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

# family -> (hue in degrees or None for a neutral, statement when worn as a main colour)
FAMILIES: dict[str, tuple[float | None, bool]] = {
    "black": (None, False),
    "white": (None, False),
    "cream": (None, False),
    "grey": (None, False),
    "navy": (None, False),
    "beige": (None, False),
    "brown": (None, False),
    "denim": (None, False),
    "olive": (None, False),
    "metallic": (None, False),
    "red": (0.0, True),
    "burgundy": (345.0, False),
    "pink": (330.0, False),
    "coral": (15.0, True),
    "orange": (30.0, True),
    "rust": (20.0, False),
    "yellow": (55.0, True),
    "green": (125.0, True),
    "sage": (110.0, False),
    "teal": (180.0, True),
    "blue": (220.0, False),
    "cobalt": (225.0, True),
    "purple": (280.0, True),
    "lilac": (285.0, False),
}
# Words in catalog colour names, by family; the last known word wins ("Midnight Navy" is navy).
_FAMILY_WORDS = """
black: black jet onyx
white: white
cream: ivory cream ecru natural oat oatmeal offwhite
beige: champagne beige sand stone camel khaki taupe nude skin wheat mushroom putty
grey: grey gray charcoal slate marl melange heather steel ash
navy: navy midnight
denim: indigo wash rinse denim chambray
brown: tan brown tobacco cognac chocolate coffee snuff mocha
olive: olive
green: forest emerald green lime fluorescent
yellow: volt mustard yellow butter sulphur lemon
sage: sage
teal: mint sea teal turquoise aqua
metallic: gold silver bronze copper metallic
red: red scarlet cherry
burgundy: burgundy claret wine maroon berry
purple: plum purple violet
pink: pink rose blush magenta fuchsia
coral: peach coral salmon
orange: orange
rust: terracotta rust
blue: blue sky
cobalt: cobalt electric royal
lilac: lilac lavender mauve
"""
_WORDS: dict[str, str] = {
    word: family.strip()
    for line in _FAMILY_WORDS.strip().splitlines()
    for family, words in [line.split(":")]
    for word in words.split()
}
# Shades that read softer than their family ("Dusty Blue", "Light Blue", "Soft Pink").
_SOFTENERS = frozenset(
    {"dusty", "light", "soft", "pale", "baby", "powder", "washed", "faded", "sky", "pastel"}
)
PATTERNS = {
    "floral": "floral",
    "stripe": "stripe",
    "striped": "stripe",
    "check": "check",
    "checked": "check",
    "plaid": "check",
    "tartan": "check",
    "fair": "fair isle",
    "isle": "fair isle",
    "leopard": "animal print",
    "zebra": "animal print",
    "print": "print",
    "printed": "print",
    "multi": "multicolour",
    "polka": "dots",
    "dot": "dots",
    "camo": "camo",
    "paisley": "paisley",
    "rainbow": "multicolour",
    "graphic": "graphic",
}
# Prints that are the look's statement whatever their ground colour; stripes and checks are quieter.
_BUSY = frozenset(
    {"floral", "multicolour", "animal print", "fair isle", "paisley", "camo", "graphic", "print"}
)
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Shade:
    """One catalog colour as a stylist reads it."""

    name: str
    family: str
    hue: float | None
    statement: bool
    pattern: str | None = None

    @property
    def neutral(self) -> bool:
        """Black, white, greys, navy, beiges, browns, denim, olive and metallics go with anything."""
        return self.hue is None


@cache
def shade_of(name: str) -> Shade:
    """The family, hue and pattern of a catalog colour name ("Navy Stripe", "Dusty Rose", "Mid Wash")."""
    # "White/Green": the ground colour comes first, the rest is trim.
    words = _WORD.findall(
        name.split("/")[0].casefold().replace("off-white", "offwhite").replace("off white", "offwhite")
    )
    pattern = next((PATTERNS[w] for w in words if w in PATTERNS), None)
    family = next((_WORDS[w] for w in reversed(words) if w in _WORDS), None)
    if family is None:
        # An unknown colour name is read as a quiet neutral rather than guessed at.
        family = "multicolour" if pattern == "multicolour" else "beige" if pattern else "grey"
        return Shade(name=name, family=family, hue=None, statement=pattern in _BUSY, pattern=pattern)
    hue, statement = FAMILIES[family]
    if any(w in _SOFTENERS for w in words):
        statement = False
    if pattern in _BUSY:
        statement = True  # a busy print is the look's statement whatever its ground colour
    return Shade(name=name, family=family, hue=hue, statement=statement, pattern=pattern)


def hue_distance(a: float, b: float) -> float:
    """Degrees between two hues on the colour wheel (0..180)."""
    d = abs(a - b) % 360
    return min(d, 360 - d)


@dataclass(frozen=True)
class Harmony:
    """How well a set of colours works together: a score, hard violations and the reason to say."""

    score: float
    allowed: bool
    reason: str


def pair_score(a: Shade, b: Shade) -> float:
    """Harmony of two colours in one look: + for tonal, analogous or complementary, - for a clash."""
    if a.neutral or b.neutral:
        # Classic near-misses between neutrals: black with navy or brown reads as a mismatch.
        pair = {a.family, b.family}
        if pair in ({"black", "navy"}, {"black", "brown"}):
            return -0.5
        return 0.2 if a.family == b.family and a.family not in ("black", "white") else 0.0
    assert a.hue is not None and b.hue is not None
    d = hue_distance(a.hue, b.hue)
    if d <= 40:
        return 0.8  # tonal or analogous
    if d >= 150:
        return 0.4 if not (a.statement and b.statement) else -1.0  # complementary accent
    return -2.0 if (a.statement or b.statement) else -1.0  # the hues in between clash


def look_harmony(shades: Sequence[Shade]) -> Harmony:
    """Harmony of a whole look: pair scores, at most one statement colour and at most one pattern."""
    statements = [s for s in shades if s.statement]
    patterns = [s for s in shades if s.pattern]
    if len(statements) > 1:
        return Harmony(-10.0, False, "two statement colours compete")
    if len(patterns) > 1:
        return Harmony(-10.0, False, "two patterns compete")
    total = sum(pair_score(a, b) for i, a in enumerate(shades) for b in shades[i + 1 :])
    coloured = [s for s in shades if not s.neutral]
    if not coloured:
        reason = "all neutrals, so everything goes together"
    elif len(coloured) == 1:
        reason = f"{coloured[0].name.lower()} against neutrals"
    elif total >= 0:
        reason = "colours that sit well together"
    else:
        reason = "colours that fight a little"
    return Harmony(total, total > -3.0, reason)


def matches_colour(shade: Shade, wanted: str) -> bool:
    """True when a catalog colour is what the shopper asked for ("navy", "blue", "neutral", "green")."""
    wanted = wanted.casefold()
    if wanted in ("neutral", "neutrals"):
        return shade.neutral and shade.family not in ("metallic",)
    if wanted in shade.name.casefold():
        return True
    family = _WORDS.get(wanted, wanted)
    if family == shade.family:
        return True
    # "blue" covers navy, cobalt and denim; "pink" covers coral; "green" covers sage and olive.
    wider = {
        "blue": {"navy", "cobalt", "denim", "teal"},
        "red": {"burgundy"},
        "pink": {"coral"},
        "green": {"sage", "olive", "teal"},
        "purple": {"lilac"},
        "brown": {"beige", "rust"},
        "white": {"cream"},
        "beige": {"cream"},
    }
    return shade.family in wider.get(family, set())


def colour_words() -> frozenset[str]:
    """Every colour word this module reads (for finding colours in shopper text)."""
    return frozenset(_WORDS) | frozenset(FAMILIES)
