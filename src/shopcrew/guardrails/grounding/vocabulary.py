"""Words the claim checks recognise: ingredient names, colours, sizes and order states.

Ingredient words come from two places: the INCI lists of the catalog itself, and the common-name
table of the skin knowledge base (`skin/kb_data.py`, shared with `catalog/ingredients.py`): names a
model writes that no INCI list spells ("hyaluronic acid" is Sodium Hyaluronate, "shea butter" is
Butyrospermum).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from shopcrew.catalog.ingredients import INCI_ALIASES
from shopcrew.domain.catalog import Product
from shopcrew.guardrails.grounding.names import ProductNames
from shopcrew.skin.knowledge import common_names

# Common ingredient names -> fragments of the INCI names they stand for (lower case), from the
# knowledge base's common-name table (skin/kb_data.py), one source with catalog/ingredients.py.
INGREDIENT_ALIASES_EXTRA: Final = MappingProxyType(common_names("claims"))
# INCI names too common or too short to be a claim when a model writes them ("with water").
_NOT_CLAIMS: Final = frozenset({"aqua", "water", "mel", "spf", "ci 77491", "ci 77492", "ci 77499"})

COLOUR_WORDS: Final = (
    "black", "white", "grey", "gray", "navy", "blue", "red", "green", "pink", "purple", "brown",
    "beige", "tan", "orange", "yellow", "gold", "silver", "ivory", "cream", "olive", "khaki",
)  # fmt: skip


@dataclass(frozen=True)
class CatalogTerms:
    """The catalog's names and words, built once per catalog index and shared by every turn."""

    names: ProductNames
    by_title: Mapping[str, Product]
    ingredient_re: re.Pattern[str]
    colour_re: re.Pattern[str]
    options: Mapping[int, Mapping[str, tuple[str, ...]]]

    def option_values(self, product: Product, option: str) -> tuple[str, ...]:
        """A product's values of one option (size, width, colour, volume), read once per catalog."""
        known = self.options.get(product.id)
        return known.get(option, ()) if known is not None else tuple(product.option_values(option))


def catalog_terms(products: Iterable[Product]) -> CatalogTerms:
    """Index a catalog's product names, INCI vocabulary and colour names."""
    items = list(products)
    inci: set[str] = set()
    colours: set[str] = set(COLOUR_WORDS)
    for product in items:
        for name in (product.ingredients or "").split(","):
            cleaned = re.sub(r"\s+", " ", name.strip().rstrip(".")).casefold()
            if len(cleaned) >= 4 and cleaned not in _NOT_CLAIMS and "(" not in cleaned:
                inci.add(cleaned)
        for variant in product.variants:
            colour = variant.options.get("colour")
            if colour:
                colours.add(str(colour).casefold())
    terms = inci | set(INCI_ALIASES) | {t for t, f in INGREDIENT_ALIASES_EXTRA.items() if f}
    return CatalogTerms(
        names=ProductNames(items),
        by_title={p.title.casefold(): p for p in items},
        ingredient_re=_alternation(terms, plural=True),
        colour_re=_alternation(colours, plural=False),
        options={p.id: _options(p) for p in items},
    )


def _options(product: Product) -> dict[str, tuple[str, ...]]:
    names = {name for variant in product.variants for name in variant.options}
    return {name: tuple(product.option_values(name)) for name in names}


def _alternation(terms: Iterable[str], *, plural: bool) -> re.Pattern[str]:
    ordered = sorted({t for t in terms if t}, key=len, reverse=True)
    body = "|".join(re.escape(t).replace(r"\ ", r"[\s-]") for t in ordered)
    suffix = r"(?:e?s)?" if plural else ""
    return re.compile(r"(?<![\w-])(?:" + body + ")" + suffix + r"(?![\w])", re.IGNORECASE)


def ingredient_fragments(term: str) -> tuple[str, ...]:
    """Fragments of INCI names that mean `term` ("fragrance" -> parfum, fragrance, aroma)."""
    spelled = re.sub(r"\s+", " ", term.casefold()).strip()  # "3-o-ethyl ascorbic acid" keeps its hyphens
    term = re.sub(r"[\s-]+", " ", spelled)
    for candidate in (
        term,
        term[:-1] if term.endswith("s") else term,
        term[:-2] if term.endswith("es") else term,
    ):
        if candidate in INGREDIENT_ALIASES_EXTRA:
            return INGREDIENT_ALIASES_EXTRA[candidate]
        if candidate in INCI_ALIASES:
            return INCI_ALIASES[candidate]
    singular = term[:-1] if term.endswith("s") and not term.endswith("ss") else term
    return (singular, spelled) if spelled != term else (singular,)


def contains_ingredient(inci: str, term: str) -> bool:
    """True when an INCI list holds what `term` names (through the aliases).

    A fragment must start a word of the INCI name ("ethanol" is not in Phenoxyethanol), and a short
    one must be the whole word ("mel", honey, is not Melaleuca).
    """
    names = [n.strip().casefold() for n in inci.split(",")]
    return any(
        has_phrase(name, fragment, whole=len(fragment) <= 4)
        for fragment in ingredient_fragments(term)
        for name in names
    )


def has_phrase(text: str, phrase: str, *, whole: bool, hyphen_joins: bool = False) -> bool:
    """True when `phrase` starts a word of `text` (and, with `whole`, ends one too); both lower case.

    Plain string search rather than a regex per phrase: the phrases are catalog data, and a pattern
    each would churn the regex cache on every reply.
    """
    joiners = "-" if hyphen_joins else ""
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in joiners) and (
            not whole or not (after.isalnum() or after in joiners)
        ):
            return True
        start = text.find(phrase, start + 1)
    return False


# Order states: the phrase a reply uses -> the statuses under which it is true.
STATE_PHRASES: Final = MappingProxyType({
    "placed and waiting for payment to go through": ("pending",),
    "waiting for payment": ("pending",),
    "awaiting payment": ("pending",),
    "pending": ("pending",),
    "confirmed and being prepared": ("paid",),
    "being prepared": ("paid",),
    "being processed": ("paid", "pending"),
    "processing": ("paid", "pending"),
    "confirmed": ("paid", "partially_fulfilled", "shipped", "delivered"),
    "paid": ("paid", "partially_fulfilled", "shipped", "delivered", "returned", "refunded"),
    "partly shipped": ("partially_fulfilled",),
    "partially shipped": ("partially_fulfilled",),
    "partially fulfilled": ("partially_fulfilled",),
    "out for delivery": ("out_for_delivery",),
    "in transit": ("in_transit", "out_for_delivery"),
    "on its way": ("shipped", "partially_fulfilled"),
    "on the way": ("shipped", "partially_fulfilled"),
    "dispatched": ("shipped", "delivered", "partially_fulfilled"),
    "shipped": ("shipped", "delivered", "partially_fulfilled"),
    "delivered": ("delivered",),
    "arrived": ("delivered",),
    "cancelled": ("cancelled",),
    "canceled": ("cancelled",),
    "returned": ("returned", "refunded"),
    "refunded": ("refunded", "refund_issued"),
})  # fmt: skip
# What to say instead, per status, after "is".
STATE_WORDS: Final = MappingProxyType({
    "pending": "waiting for payment to go through",
    "paid": "confirmed and being prepared",
    "partially_fulfilled": "partly shipped",
    "shipped": "on its way",
    "delivered": "delivered",
    "cancelled": "cancelled",
    "returned": "returned",
    "refunded": "refunded",
})  # fmt: skip
STATE_RE: Final = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in sorted(STATE_PHRASES, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
