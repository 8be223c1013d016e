"""Turning what a shopper said into search filters over the catalog's own vocabulary."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from shopcrew.catalog.search import SearchFilters
from shopcrew.catalog.text import normalise, tokens
from shopcrew.models.local.extract import Extraction

_FLAGS = (
    ("waterproof", re.compile(r"\b(water ?proof|gore-?tex|gtx|keeps? (my )?feet dry)\b")),
    (
        "fragrance_free",
        re.compile(
            r"\b(fragrance[- ]?free|unscented|no (added )?(fragrance|perfume|parfum)|without (fragrance|perfume)|non-?fragranced)\b"
        ),
    ),
    ("vegan", re.compile(r"\bvegan\b")),
    ("cruelty_free", re.compile(r"\bcruelty[- ]?free\b")),
)
_RANKS = (
    ("arch_support", re.compile(r"\barch(es)? support|\bhigh arch|\bflat feet|\bsupportive\b")),
    ("cushioning", re.compile(r"\b(cushion(ed|ing|y)?|plush|soft(est)? ride)\b")),
)
_SKIN_TYPE = re.compile(r"\b(sensitive|dry|oily|combination|combo|normal)\s+skin\b")
_CONCERNS = {
    "acne": r"\b(acne|breakouts?|pimples?|blemish(es)?|spots)\b",
    "rosacea": r"\brosacea\b",
    "hyperpigmentation": r"\b(hyperpigmentation|dark spots?|pigmentation|melasma|uneven (skin )?tone)\b",
    "ageing": r"\b(ag(e)?ing|anti-?age?ing|wrinkles?|fine lines)\b",
    "redness": r"\bredness\b",
    "dehydration": r"\b(dehydrat(ed|ion)|tight skin)\b",
    "dullness": r"\b(dull(ness)?|radiance|glow)\b",
    "pores": r"\b(pores?|blackheads?)\b",
}
_GENDER = re.compile(
    r"\b(women'?s|womens|ladies|for women|for her|men'?s|mens|for men|for him|kids'?|children'?s|boys'?|girls'?)\b"
)
# Words shoppers use for a catalog category (stemmed tokens on both sides).
CATEGORY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "moisturiser": ("moisturizer",),
    "cream": ("moisturizer",),
    "lotion": ("moisturizer", "body"),
    "spf": ("sunscreen",),
    "sunblock": ("sunscreen",),
    "face wash": ("cleanser",),
    "wash": ("cleanser",),
    "retinol": ("retinoid",),
    "peel": ("exfoliant",),
    "eye cream": ("eye_cream",),
    "sneaker": ("sneakers",),
    "trainer": ("running",),
    "runner": ("running", "trail_running"),
    "running shoe": ("running", "trail_running"),
    "trail runner": ("trail_running",),
    "trail shoe": ("trail_running",),
    "hiking boot": ("hiking",),
    "hiking shoe": ("hiking",),
    "hiker": ("hiking",),
    "boot": ("boots", "hiking"),
    "sandal": ("sandals",),
    "dress shoe": ("dress_shoes",),
    "loafer": ("dress_shoes",),
    "oxford": ("dress_shoes",),
    "tee": ("t_shirt",),
    "t shirt": ("t_shirt",),
    "tshirt": ("t_shirt",),
    "sweater": ("knitwear",),
    "jumper": ("knitwear",),
    "cardigan": ("knitwear",),
    "pant": ("trousers",),
    "chino": ("trousers",),
    "jean": ("jeans",),
    "legging": ("activewear",),
    "sports bra": ("activewear",),
    "gym": ("activewear",),
}


def _category_tokens(category: str) -> list[str]:
    return tokens(category.replace("_", " "), keep_stopwords=True)


def match_categories(text: str, categories: Sequence[str]) -> tuple[str, ...]:
    """Catalog categories the text names, directly or through a synonym; the most specific wins."""
    words = tokens(text, keep_stopwords=True)
    joined = " " + " ".join(words) + " "
    found: dict[str, float] = {}
    for category in categories:
        wanted = _category_tokens(category)
        if wanted and f" {' '.join(wanted)} " in joined:
            found[category] = len(wanted) + 1
        elif wanted and len(wanted) > 1 and all(w in words for w in wanted):
            found[category] = len(wanted)
    for phrase, targets in CATEGORY_SYNONYMS.items():
        phrase_tokens = tokens(phrase, keep_stopwords=True)
        if f" {' '.join(phrase_tokens)} " in joined:
            for category in categories:
                if category in targets:
                    found[category] = max(found.get(category, 0), len(phrase_tokens) + 0.5)
    if not found:
        return ()
    best = max(found.values())
    return tuple(c for c, n in found.items() if n == best)


def filters_from_message(text: str, extraction: Extraction, categories: Sequence[str]) -> SearchFilters:
    """Structured filters from a shopper's message: category, price, size, width, colour, flags, skin."""
    lowered = normalise(text)
    flags = tuple(flag for flag, pattern in _FLAGS if pattern.search(lowered))
    rank_by = next((name for name, pattern in _RANKS if pattern.search(lowered)), None)
    skin = _SKIN_TYPE.search(lowered)
    concerns = tuple(name for name, pattern in _CONCERNS.items() if re.search(pattern, lowered))
    budget = extraction.budget
    gender_match = _GENDER.search(lowered)
    return SearchFilters(
        categories=match_categories(text, categories),
        min_price=Decimal(str(budget.min)) if budget and budget.min is not None else None,
        max_price=Decimal(str(budget.max)) if budget and budget.max is not None else None,
        size=extraction.sizes[0] if extraction.sizes else None,
        width=extraction.widths[0] if extraction.widths else None,
        colour=extraction.colours[0] if extraction.colours else None,
        flags=flags,
        skin_type=("combination" if skin.group(1) == "combo" else skin.group(1)) if skin else None,
        concerns=concerns,
        rank_by=rank_by,
        gender=_gender(gender_match.group(1)) if gender_match else None,
        brand=extraction.brands[0] if extraction.brands else None,
    )


def _gender(word: str) -> str:
    if word.startswith(("women", "ladies", "for women", "for her")):
        return "women"
    if word.startswith(("kid", "child", "boy", "girl")):
        return "kids"
    return "men"
