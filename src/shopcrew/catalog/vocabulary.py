"""The catalog's vocabulary as shoppers speak it: words for categories, and words that name no product."""

from __future__ import annotations

from collections.abc import Iterable

from shopcrew.catalog.text import tokens

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
    "tee shirt": ("t_shirt",),
    "pullover": ("knitwear",),
    "hoodie": ("knitwear", "activewear"),
    "heel": ("dress_shoes", "sandals"),
    "pump": ("dress_shoes",),
    "flip flop": ("sandals",),
    "slide": ("sandals",),
    "slipper": ("sandals",),
    "short": ("trousers", "activewear"),
    "raincoat": ("jacket", "coat"),
    "parka": ("coat",),
    "puffer": ("jacket", "coat"),
    "sunscreen lotion": ("sunscreen",),
    "moisturizing cream": ("moisturizer",),
    "face cream": ("moisturizer",),
    "night cream": ("moisturizer", "retinoid"),
    "scrub": ("exfoliant", "body"),
    "body wash": ("body",),
    "body lotion": ("body",),
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

# Words for a kind of product so broad that they narrow nothing ("running shoes" = running).
GENERIC_WORDS = frozenset(
    ["shoe", "footwear", "clothe", "clothing", "outfit", "wear", "skincare", "garment", "apparel", "beauty"]
)


def category_words(categories: Iterable[str]) -> set[str]:
    """Stemmed words that name these categories, directly or through a synonym, plus generic words."""
    wanted = set(categories)
    words = {t for c in wanted for t in tokens(c.replace("_", " "), keep_stopwords=True)}
    for phrase, targets in CATEGORY_SYNONYMS.items():
        if wanted & set(targets):
            words.update(tokens(phrase, keep_stopwords=True))
    return words | GENERIC_WORDS
