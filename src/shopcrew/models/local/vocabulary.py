"""The store's vocabulary: built-in categories and colours merged with the catalog's own."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from shopcrew.models.local.lexicon import CATEGORY_TERMS, COLOUR_ALIASES, COLOURS, COMMON_WORDS, STOPWORDS
from shopcrew.models.local.text import phrase_key

BrandIndex = dict[str, list[tuple[str, tuple[str, ...]]]]


def category_lexicon(
    catalog_categories: Iterable[str], extra: Mapping[str, Iterable[str]]
) -> tuple[dict[str, str], dict[str, str]]:
    """Phrase key -> category label, and label -> family words; catalog spellings win."""
    lexicon: dict[str, str] = {}
    family: dict[str, str] = {}
    for label, synonyms, broader in CATEGORY_TERMS:
        family[label] = " ".join(phrase_key(b) for b in broader)
        for phrase in (label, *synonyms):
            lexicon.setdefault(phrase_key(phrase), label)
    for category in dict.fromkeys(catalog_categories):
        key = phrase_key(category)
        builtin = lexicon.get(key)
        if builtin is not None and builtin != category:
            family.setdefault(category, family.get(builtin, ""))
            for phrase, label in list(lexicon.items()):
                if label == builtin:
                    lexicon[phrase] = category
        lexicon[key] = category
    for extra_label, extra_synonyms in extra.items():
        for phrase in (extra_label, *extra_synonyms):
            lexicon[phrase_key(phrase)] = extra_label
    return lexicon, family


def colour_lexicon(catalog_colours: Iterable[str]) -> dict[str, str]:
    """Phrase key -> colour label; the catalog's colours are added with their own spelling."""
    lexicon = {phrase_key(c): c for c in COLOURS}
    lexicon.update({phrase_key(alias): label for alias, label in COLOUR_ALIASES.items()})
    lexicon.update({phrase_key(c): c for c in catalog_colours if c.strip()})
    return lexicon


def brand_lexicon(
    catalog_brands: Iterable[str], extra: Iterable[str]
) -> tuple[BrandIndex, list[tuple[str, re.Pattern[str]]]]:
    """Brands indexed by each of their words; brands made of everyday words ("Fresh", "The One")
    are matched only as written, capitalised, so "fresh" in a sentence is not a brand."""
    by_word: BrandIndex = {}
    spoken: list[tuple[str, re.Pattern[str]]] = []
    seen: set[str] = set()
    for brand in (*catalog_brands, *extra):
        key = phrase_key(brand)
        if not key or key in seen:
            continue
        seen.add(key)
        words = tuple(t for t in key.split() if t not in STOPWORDS)
        if not words or all(w in COMMON_WORDS for w in words):
            spoken.append((brand, re.compile(rf"(?<!\w){re.escape(brand.strip())}(?!\w)")))
            continue
        for word in set(words):
            by_word.setdefault(word, []).append((brand, words))
    return by_word, spoken
