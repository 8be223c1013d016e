"""Ingredient lists (INCI) and the words shoppers use for what is in them.

The knowledge lives in one place, the Skin Analyzer's knowledge base (`shopcrew/skin/kb_data.py`):
its common-name table says what "does it contain X?" means, and its concepts say what a shopper
avoiding X must not get. This module keeps the catalog's search filters speaking that vocabulary.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from shopcrew.skin.inci import parse_inci
from shopcrew.skin.knowledge import common_names, knowledge_base, names_with_fragments

# What shoppers call an ingredient -> fragments of its INCI names. "fragrance" must find Parfum.
INCI_ALIASES: Final = MappingProxyType(common_names("search"))

# The groups a search can filter out ("fragrance-free", "no parabens", "allergic to nuts"). Each is a
# knowledge-base concept, which is stricter than "is there any X in it?": "fragrance-free" also rules
# out essential oils and the labelled fragrance allergens; "alcohol-free" means no drying alcohol
# (fatty alcohols such as cetyl alcohol are emollients); "sulfate-free" means the foaming surfactants,
# not magnesium sulfate.
_FILTERABLE = (
    "fragrance", "essential oil", "alcohol", "sulfate", "paraben", "silicone", "mineral oil", "retinoid",
    "aha", "bha", "lanolin", "beeswax", "nut oil",
)  # fmt: skip
# The words shoppers use -> the concept they mean.
AVOID_WORDS: Final = MappingProxyType(
    {
        word: concept.name
        for concept in knowledge_base().concepts
        if concept.name in _FILTERABLE
        for word in concept.words
    }
)
# Without an ingredient list, a product passes an avoidance only through the merchant's own flag.
AVOID_FLAGS: Final = MappingProxyType(
    {"fragrance": "fragrance_free", "alcohol": "alcohol_free", "paraben": "paraben_free"}
)


def ingredients_matching(inci: str, asked: str) -> list[str]:
    """The INCI names in a list that are what the shopper asked about (through common names)."""
    asked = asked.strip().lower()
    singular = asked[:-1] if asked.endswith("s") else asked
    fragments = next(
        (
            aliases
            for name, aliases in INCI_ALIASES.items()
            if name in (asked, singular) or asked.startswith(name + " ")
        ),
        (asked.split()[0].rstrip("s"),) if asked else (),
    )
    return names_with_fragments(parse_inci(inci).names, fragments)


def avoided_ingredients(inci: str, avoid: str) -> list[str]:
    """The INCI names in a list that a shopper avoiding `avoid` (a word or concept) must not get."""
    word = avoid.strip().lower()
    return knowledge_base().names_matching(inci, AVOID_WORDS.get(word, word))
