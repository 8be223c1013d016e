"""Turning what a shopper said into search filters over the catalog's own vocabulary."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Protocol, runtime_checkable

from rapidfuzz import fuzz, process

from shopcrew.catalog.ingredients import AVOID_WORDS
from shopcrew.catalog.search import SearchFilters
from shopcrew.catalog.text import normalise, tokens
from shopcrew.catalog.vocabulary import CATEGORY_SYNONYMS
from shopcrew.models.local.extract import Extraction

_FLAGS = (
    ("waterproof", re.compile(r"\b(water ?proof|gore-?tex|gtx|keeps? (my )?feet dry)\b")),
    ("vegan", re.compile(r"\bvegan\b")),
    ("cruelty_free", re.compile(r"\bcruelty[- ]?free\b")),
)
_RANKS = (
    ("arch_support", re.compile(r"\barch(es)? support|\bhigh arch|\bflat feet|\bsupportive\b")),
    ("cushioning", re.compile(r"\b(cushion(ed|ing|y)?|plush|soft(est)? ride)\b")),
)
# "no fragrance", "alcohol-free", "without parabens", "free of sulfates", "allergic to nuts": the
# ingredient words come from catalog/ingredients.py, so "no idea" or "free shipping" never match.
_AVOID_WORD = "|".join(sorted((re.escape(w) for w in AVOID_WORDS), key=len, reverse=True))
_AVOID_LIST = rf"(?:{_AVOID_WORD})(?:\s*(?:,|/|\bor\b|\band\b|\bnor\b)\s*(?:any\s+)?(?:{_AVOID_WORD}))*"
_AVOID = re.compile(
    rf"\b(?:no|without|zero|avoid(?:ing)?|allergic to|free (?:of|from)|nothing with|not? containing"
    rf"|doesn'?t (?:contain|have)|hate|can'?t (?:use|have|stand))\s+(?:any\s+|added\s+)?({_AVOID_LIST})\b"
    rf"|\b({_AVOID_WORD})[- ]?free\b"
)
_AVOID_ONE = re.compile(rf"\b({_AVOID_WORD})\b")
_UNSCENTED = re.compile(r"\b(unscented|non-?fragranced|scent-?less)\b")
_NEGATIVE_PRICE = re.compile(
    r"(?:\$\s*-|-\s*\$|\bminus\s+\$?|(?:under|below|less than|than|up to|max)\s+-)\s*\d"
)
_SKIN_TYPE = re.compile(r"\b(sensitive|dry|oily|combination|combo|normal)\s+skin\b")
_CONCERNS = {
    "acne": r"\b(acne|breakouts?|pimples?|blemish(es)?|(?<!dark )spots)\b",
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
_TYPO_MIN_LENGTH = 6
_TYPO_MIN_SCORE = 80.0


def _category_tokens(category: str) -> list[str]:
    return tokens(category.replace("_", " "), keep_stopwords=True)


def match_categories(text: str, categories: Sequence[str]) -> tuple[str, ...]:
    """Catalog categories the text names, directly or through a synonym (typos forgiven).

    Where two mentions overlap the most specific wins ("trail running shoes" is trail running, not
    running); separate mentions all count ("retinol serum" is a retinoid or a serum).
    """
    words = _correct_typos(tokens(text, keep_stopwords=True), categories)
    mentions: list[tuple[float, int, int, str]] = []  # (specificity, start, end, category)
    for category in categories:
        wanted = _category_tokens(category)
        start = _phrase_at(words, wanted)
        if wanted and start is not None:
            mentions.append((len(wanted) + 1, start, start + len(wanted), category))
        elif wanted and len(wanted) > 1 and all(w in words for w in wanted):
            positions = [words.index(w) for w in wanted]
            mentions.append((len(wanted), min(positions), max(positions) + 1, category))
    for phrase, targets in CATEGORY_SYNONYMS.items():
        phrase_tokens = tokens(phrase, keep_stopwords=True)
        start = _phrase_at(words, phrase_tokens)
        if start is not None:
            mentions.extend(
                (len(phrase_tokens) + 0.5, start, start + len(phrase_tokens), c)
                for c in categories
                if c in targets
            )
    kept: list[tuple[float, int, int, str]] = []
    for mention in sorted(mentions, key=lambda m: -m[0]):
        score, start, end, _ = mention
        if all(
            not (start < e and s < end) or (score == sc and (start, end) == (s, e)) for sc, s, e, _ in kept
        ):
            kept.append(mention)
    return tuple(dict.fromkeys(category for *_, category in sorted(kept, key=lambda m: (m[1], -m[0]))))


def _phrase_at(words: list[str], phrase: list[str]) -> int | None:
    if not phrase:
        return None
    for start in range(len(words) - len(phrase) + 1):
        if words[start : start + len(phrase)] == phrase:
            return start
    return None


def _correct_typos(words: list[str], categories: Sequence[str]) -> list[str]:
    """Words of 6+ letters one slip away from a category word ("sandles", "runing") read as that word."""
    vocabulary = {w for c in categories for w in _category_tokens(c)}
    vocabulary |= {w for phrase in CATEGORY_SYNONYMS for w in tokens(phrase, keep_stopwords=True)}
    corrected: list[str] = []
    for word in words:
        if len(word) >= _TYPO_MIN_LENGTH and word not in vocabulary:
            match = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=_TYPO_MIN_SCORE)
            meant = str(match[0]) if match else word
            # One slip changes the length by one letter at most ("summit" is not a typo of "suit"),
            # unless the two share a stem ("exfoliating" reads as "exfoliant").
            slip = abs(len(meant) - len(word)) <= 1 or (len(meant) >= 5 and meant[:5] == word[:5])
            corrected.append(meant if slip else word)
        else:
            corrected.append(word)
    return corrected


@runtime_checkable
class SizeCatalog(Protocol):
    """What the size check needs from the catalog (CatalogIndex provides it)."""

    def has_size(self, size: str) -> bool:
        """True when some variant anywhere comes in this size."""
        ...

    def sizes_in(self, categories: Iterable[str]) -> set[str]:
        """Every size (casefolded) the products of these categories come in."""
        ...


def filters_from_message(
    text: str, extraction: Extraction, categories: Sequence[str], *, catalog: SizeCatalog | None = None
) -> SearchFilters:
    """Structured filters from a shopper's message: category, price, size, width, colour, flags, skin,
    ingredients to avoid; what cannot be a filter (size 99, a negative price) goes to `problems`.

    With `catalog` (or categories that carry it, as `CatalogIndex.categories` does), a size that no
    product of the asked category (or of the store) comes in is a problem.
    """
    if catalog is None and isinstance(categories, SizeCatalog):
        catalog = categories
    lowered = normalise(text)
    flags = tuple(flag for flag, pattern in _FLAGS if pattern.search(lowered))
    rank_by = next((name for name, pattern in _RANKS if pattern.search(lowered)), None)
    skin = _SKIN_TYPE.search(lowered)
    concerns = tuple(name for name, pattern in _CONCERNS.items() if re.search(pattern, lowered))
    gender_match = _GENDER.search(lowered)
    matched_categories = match_categories(text, categories)
    problems: list[str] = []
    min_price, max_price = _prices(lowered, extraction, problems)
    size = _literal_size(lowered, extraction.sizes[0]) if extraction.sizes else None
    if size and catalog is not None and not _size_exists(size, matched_categories, catalog):
        where = " / ".join(c.replace("_", " ") for c in matched_categories) or "the store"
        problems.append(f"there is no size {size} in {where}")
        size = None
    return SearchFilters(
        categories=matched_categories,
        min_price=min_price,
        max_price=max_price,
        size=size,
        width=extraction.widths[0] if extraction.widths else None,
        colour=_said_colour(lowered, extraction.colours),
        flags=flags,
        skin_type=("combination" if skin.group(1) == "combo" else skin.group(1)) if skin else None,
        concerns=concerns,
        rank_by=rank_by,
        gender=_gender(gender_match.group(1)) if gender_match else None,
        brand=extraction.brands[0] if extraction.brands else None,
        avoid_ingredients=avoid_ingredients(lowered),
        problems=tuple(problems),
    )


def _literal_size(lowered: str, size: str) -> str:
    # Kids' sizes carry a letter ("12C", "4Y") that extractors tend to drop.
    suffixed = re.search(rf"\b{re.escape(size.casefold())}([cy])\b", lowered)
    return size + suffixed.group(1).upper() if suffixed else size


def _said_colour(lowered: str, colours: Sequence[str]) -> str | None:
    # A colour counts only when the shopper wrote it: "plump" is not plum, "sulfates" not slate,
    # and "my skin gets really red" says nothing about the colour of a moisturiser.
    for colour in colours:
        if re.search(
            rf"\b{re.escape(colour.casefold())}\b(?!\s+(?:and|&)?\s*(?:flushed|irritated|itchy|skin|face|spots?|bumps?|patches))",
            lowered,
        ):
            return colour
    return None


def avoid_ingredients(text: str) -> tuple[str, ...]:
    """Ingredients the shopper wants to avoid, as AVOID_WORDS keys ("fragrance", "alcohol"), in order."""
    lowered = normalise(text)
    found: dict[str, None] = {}
    if _UNSCENTED.search(lowered):
        found["fragrance"] = None
    for match in _AVOID.finditer(lowered.replace("’", "'")):
        for word in _AVOID_ONE.findall(match.group(1) or match.group(2)):
            found.setdefault(AVOID_WORDS[word], None)
    return tuple(found)


def _prices(
    lowered: str, extraction: Extraction, problems: list[str]
) -> tuple[Decimal | None, Decimal | None]:
    budget = extraction.budget
    low = Decimal(str(budget.min)) if budget and budget.min is not None else None
    high = Decimal(str(budget.max)) if budget and budget.max is not None else None
    if _NEGATIVE_PRICE.search(lowered) or (low is not None and low < 0) or (high is not None and high < 0):
        problems.append("a price can't be below $0")
        return None, None
    if high is not None and high == 0:
        problems.append("nothing in the store is free, so a budget of $0 matches nothing")
        return low, None
    if low is not None and high is not None and low > high:
        problems.append(f"the lowest price you gave (${low:.0f}) is above the highest (${high:.0f})")
        return None, None
    return low, high


def _size_exists(size: str, categories: Sequence[str], catalog: SizeCatalog) -> bool:
    if categories:
        return size.casefold() in catalog.sizes_in(categories)
    return catalog.has_size(size)


def _gender(word: str) -> str:
    if word.startswith(("women", "ladies", "for women", "for her")):
        return "women"
    if word.startswith(("kid", "child", "boy", "girl")):
        return "kids"
    return "men"
