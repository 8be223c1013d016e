"""The stylist's vocabulary: occasions with their formality, styles, seasons, and the words shoppers
use for each. Formality runs from 0 (gym) to 5 (black tie)."""

from __future__ import annotations

import re
from dataclasses import dataclass

SEASONS = ("spring", "summer", "autumn", "winter")


@dataclass(frozen=True)
class Occasion:
    """An occasion: the formality band a look must sit in and what it likes or rules out."""

    name: str
    low: float
    high: float
    words: str  # a regex over normalised shopper text
    sport: bool = False  # only athletic pieces
    layer: str = "optional"  # "optional" or "preferred" (a blazer for an interview)
    season: str | None = None  # the season it implies when the shopper names none
    looks: tuple[str, ...] = ("dress", "separates")  # look types that suit it, in order


OCCASIONS: tuple[Occasion, ...] = (
    Occasion(
        "wedding guest",
        3.5,
        5.0,
        r"wedding|bride|bridal|reception|ceremony|black tie|gala",
        looks=("dress", "suit", "separates"),
    ),
    Occasion(
        "interview",
        3.5,
        5.0,
        r"(job )?interview",
        layer="preferred",
        looks=("suit", "separates", "dress"),
    ),
    Occasion("date night", 2.5, 4.0, r"date( night)?|dinner|anniversary|romantic|restaurant"),
    Occasion("party", 2.5, 4.5, r"part(y|ies)|cocktail|birthday|night out|club(bing)?|new year|celebration"),
    Occasion(
        "office",
        2.5,
        4.0,
        r"office|work(?!\s*out| ?outs?\b)|business casual|meeting|conference|workplace|presentation",
        layer="preferred",
        looks=("separates", "dress", "suit"),
    ),
    Occasion(
        "beach",
        0.5,
        2.0,
        r"beach|seaside|pool(side)?|resort|coast|island",
        season="summer",
        looks=("dress", "separates"),
    ),
    Occasion(
        "workout",
        0.0,
        0.8,
        r"gym|work ?out|training|exercis\w*|fitness|yoga|pilates|run(ning)?|jog(ging)?|sport\w*",
        sport=True,
        looks=("separates",),
    ),
    Occasion("travel", 1.0, 2.5, r"travel\w*|flight|trip|airport|sightseeing|vacation|holiday|road trip"),
    Occasion(
        "casual",
        1.0,
        2.5,
        r"casual|weekend|brunch|everyday|errands|coffee|day out|picnic|hang(ing)? out|relaxed|laid.back",
        looks=("separates", "dress"),
    ),
)
_OCCASION_BY_NAME = {o.name: o for o in OCCASIONS}
# How formal each occasion a catalog lists for a product is (the product's occasions say its formality).
OCCASION_FORMALITY = {o.name: (o.low + o.high) / 2 for o in OCCASIONS}
# The usage tags of other catalogs (fashion feeds) read as occasions.
USAGE_OCCASIONS: dict[str, tuple[str, ...]] = {
    "formal": ("office", "interview", "wedding guest"),
    "smart casual": ("office", "date night"),
    "party": ("party", "date night", "wedding guest"),
    "ethnic": ("wedding guest", "party"),
    "casual": ("casual", "travel"),
    "sports": ("workout",),
    "sport": ("workout",),
    "travel": ("travel", "casual"),
    "workout": ("workout",),
    "wedding guest": ("wedding guest",),
    "office": ("office",),
    "interview": ("interview",),
    "date night": ("date night",),
    "beach": ("beach",),
}


def occasion(name: str) -> Occasion:
    """The occasion of this name (a KeyError for an unknown one)."""
    return _OCCASION_BY_NAME[name]


@dataclass(frozen=True)
class Style:
    """A style: words a matching piece's title or description tends to hold, and a formality nudge."""

    name: str
    words: str  # regex over shopper text
    keywords: frozenset[str]  # catalog words (stemmed tokens) that signal the style
    shift: float = 0.0


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STYLES: tuple[Style, ...] = (
    Style(
        "classic",
        r"classic|timeless|tailored|polished|elegant",
        _words("tailored classic oxford wool crepe sheath trench pump loafer cashmere silk"),
        0.3,
    ),
    Style(
        "minimalist",
        r"minimal(ist)?|clean|simple|understated",
        _words("clean essential crew minimal sheath shell slip merino"),
    ),
    Style(
        "boho",
        r"boho|bohemian|hippie|festival",
        _words("floral tiered crochet peasant gauze maxi linen broderie espadrille cork embroidered"),
    ),
    Style(
        "edgy",
        r"edgy|rock|grunge|punk|street(wear)?",
        _words("leather combat lug denim boxy oversized graphic black moto"),
    ),
    Style(
        "sporty",
        r"sporty|athleisure|active",
        _words("training running jogger sneaker tank performance sport track"),
    ),
    Style(
        "romantic",
        r"romantic|feminine|girly|pretty|soft",
        _words("lace ruffle floral satin silk puff tulle wrap bow pleated chiffon"),
    ),
    Style(
        "preppy",
        r"preppy|smart|collegiate|nautical",
        _words("oxford chino cable stripe breton loafer blazer polo button"),
    ),
    Style(
        "relaxed",
        r"comfy|comfortable|cosy|cozy|relaxed|easy",
        _words("relaxed jersey knit drawstring cotton soft slip oversized"),
        -0.3,
    ),
    Style(
        "glam",
        r"glam(orous)?|sparkl\w*|sequin\w*|statement|dressy|fancy",
        _words("sequin satin gown cowl metallic gold silver heel"),
        0.5,
    ),
)
_STYLE_BY_NAME = {s.name: s for s in STYLES}


def style(name: str) -> Style:
    """The style of this name (a KeyError for an unknown one)."""
    return _STYLE_BY_NAME[name]


_SEASON_WORDS = {
    "spring": r"spring|april",
    "summer": r"summer|hot( weather)?|heat|heatwave|july|august|june|tropical",
    "autumn": r"autumn|fall|october|november|september",
    "winter": r"winter|cold|snow\w*|freezing|december|january|february|christmas|holiday party",
}


def find_occasion(text: str) -> Occasion | None:
    """The occasion a normalised message names, the first in OCCASIONS order when it names several."""
    for item in OCCASIONS:
        if re.search(rf"\b(?:{item.words})\b", text):
            return item
    return None


def find_style(text: str) -> Style | None:
    """The style a normalised message names, if any."""
    for item in STYLES:
        if re.search(rf"\b(?:{item.words})\b", text):
            return item
    return None


def find_season(text: str) -> str | None:
    """The season a normalised message names, if any."""
    for name, pattern in _SEASON_WORDS.items():
        if re.search(rf"\b(?:{pattern})\b", text):
            return name
    return None
