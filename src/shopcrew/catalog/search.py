"""Lexical product search (BM25 over catalog fields) with structured filters and match evidence."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shopcrew.catalog.text import tokens
from shopcrew.domain.catalog import Product, Variant

# Field weights: a word in the title says more than one in the description.
_FIELD_WEIGHTS = {
    "title": 3.0,
    "brand": 2.0,
    "category": 2.5,
    "tags": 1.5,
    "attributes": 1.0,
    "description": 0.6,
}
_LEVELS = {"none": 0, "minimal": 1, "low": 1, "moderate": 2, "medium": 2, "high": 3, "max": 4, "maximum": 4}


@dataclass(frozen=True)
class SearchFilters:
    """Hard constraints on a search; None/empty means unconstrained."""

    categories: tuple[str, ...] = ()
    vertical: str | None = None
    brand: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    size: str | None = None
    width: str | None = None
    colour: str | None = None
    flags: tuple[str, ...] = ()  # boolean attributes that must be true: waterproof, fragrance_free, vegan
    skin_type: str | None = None
    concerns: tuple[str, ...] = ()
    rank_by: str | None = None  # an attribute level to sort by, e.g. "arch_support"
    gender: str | None = None  # women / men / kids; unisex products match women and men
    product_ids: tuple[int, ...] = ()  # restrict to these products (a product line the shopper named)
    avoid_ingredients: tuple[
        str, ...
    ] = ()  # shopper words ("fragrance", "alcohol"); see catalog/ingredients.py
    in_stock_only: bool = True
    # What the shopper asked for that cannot be a filter ("there is no size 99 in the catalog",
    # "a price can't be below $0"); such values are left out of the filters and said back to the shopper.
    problems: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        """True when no filter constrains the search."""
        return not self.describe() and not self.rank_by and not self.product_ids

    def describe(self) -> list[str]:
        """Human-readable constraints, for replies and traces."""
        parts: list[str] = []
        if self.categories:
            parts.append(" / ".join(c.replace("_", " ") for c in self.categories))
        if self.gender:
            parts.append(f"{self.gender}'s" if self.gender != "kids" else "kids'")
        if self.brand:
            parts.append(f"by {self.brand}")
        if self.size:
            parts.append(f"size {self.size}" + (f" {self.width}" if self.width else ""))
        elif self.width:
            parts.append(self.width.lower() + " width")
        if self.colour:
            parts.append(self.colour.lower())
        if self.min_price is not None and self.max_price is not None:
            parts.append(f"${self.min_price:.0f}–${self.max_price:.0f}")
        elif self.max_price is not None:
            parts.append(f"under ${self.max_price:.0f}")
        elif self.min_price is not None:
            parts.append(f"over ${self.min_price:.0f}")
        parts.extend(flag.replace("_", "-") for flag in self.flags)
        if self.skin_type:
            parts.append(f"for {self.skin_type} skin")
        parts.extend(f"for {concern}" for concern in self.concerns)
        return parts


@dataclass(frozen=True)
class SearchHit:
    """A product that matched, the variants that satisfy the filters, and why it matched."""

    product: Product
    score: float
    variants: tuple[Variant, ...]
    evidence: tuple[str, ...] = field(default_factory=tuple)

    @property
    def price(self) -> Decimal:
        """The lowest price among the matching variants."""
        return min((v.price for v in self.variants), default=self.product.min_price)


def _attribute_text(attributes: dict[str, Any]) -> str:
    words: list[str] = []
    for key, value in attributes.items():
        if isinstance(value, bool):
            if value:
                words.append(key.replace("_", " "))
        elif isinstance(value, list | tuple):
            words.extend(str(item) for item in value)
        elif isinstance(value, str) and len(value) < 60:
            words.append(f"{key.replace('_', ' ')} {value}")
    return " ".join(words)


class CatalogIndex:
    """An in-memory BM25 index over the catalog; rebuilt when the catalog changes."""

    def __init__(self, products: Iterable[Product], *, k1: float = 1.2, b: float = 0.75) -> None:
        self._products = {p.id: p for p in products}
        self._k1, self._b = k1, b
        self._postings: dict[str, list[tuple[int, float]]] = {}
        lengths: dict[int, float] = {}
        for product in self._products.values():
            weighted: dict[str, float] = {}
            fields = {
                "title": product.title,
                "brand": product.brand or "",
                "category": product.category.replace("_", " "),
                "tags": " ".join(product.tags),
                "attributes": _attribute_text(dict(product.attributes)),
                "description": product.description,
            }
            for name, text in fields.items():
                for token in tokens(text):
                    weighted[token] = weighted.get(token, 0.0) + _FIELD_WEIGHTS[name]
            lengths[product.id] = sum(weighted.values())
            for token, weight in weighted.items():
                self._postings.setdefault(token, []).append((product.id, weight))
        self._lengths = lengths
        # Title words, for the "name matches" evidence of every search.
        self._title_tokens = {p.id: frozenset(tokens(p.title)) for p in self._products.values()}
        self._average = (sum(lengths.values()) / len(lengths)) if lengths else 1.0
        self.categories = sorted({p.category for p in self._products.values()})
        self.brands = sorted({p.brand for p in self._products.values() if p.brand})

    def __len__(self) -> int:
        return len(self._products)

    @property
    def products(self) -> list[Product]:
        """Every product, in id order."""
        return [self._products[k] for k in sorted(self._products)]

    def get(self, product_id: int) -> Product | None:
        """A product by id."""
        return self._products.get(product_id)

    def _bm25(self, query_tokens: Sequence[str]) -> dict[int, float]:
        scores: dict[int, float] = {}
        total = len(self._products) or 1
        for token in set(query_tokens):
            postings = self._postings.get(token)
            if not postings:
                continue
            idf = math.log(1 + (total - len(postings) + 0.5) / (len(postings) + 0.5))
            for product_id, tf in postings:
                norm = (
                    tf
                    * (self._k1 + 1)
                    / (tf + self._k1 * (1 - self._b + self._b * self._lengths[product_id] / self._average))
                )
                scores[product_id] = scores.get(product_id, 0.0) + idf * norm
        return scores

    def search(self, query: str, filters: SearchFilters | None = None, *, limit: int = 5) -> list[SearchHit]:
        """Products matching the query text and every filter, best first; none when nothing in it matches."""
        filters = filters or SearchFilters()
        query_tokens = tokens(query)
        lexical = self._bm25(query_tokens)
        if not lexical and filters.is_empty():
            return []
        hits: list[SearchHit] = []
        for product in self._products.values():
            if not product.active:
                continue
            hit = self._apply_filters(product, filters, lexical.get(product.id, 0.0), query_tokens)
            if hit is not None:
                hits.append(hit)
        if filters.is_empty():
            # Free text alone: only products the words actually matched.
            hits = [h for h in hits if h.score > 0]
        elif not filters.product_ids:
            # Filters plus words ("vitamin c serum under $40"): products the words beyond the category
            # matched, and the rest of the category only when those words matched nothing.
            category_words = {t for c in filters.categories for t in tokens(c.replace("_", " "))}
            specific = self._bm25([t for t in query_tokens if t not in category_words])
            hits = [h for h in hits if specific.get(h.product.id, 0.0) > 0] or hits
        hits.sort(key=lambda h: (-h.score, h.price, h.product.id))
        return hits[:limit]

    def _apply_filters(
        self, product: Product, filters: SearchFilters, lexical: float, query_tokens: Sequence[str]
    ) -> SearchHit | None:
        evidence: list[str] = []
        attributes = product.attributes
        if filters.product_ids and product.id not in filters.product_ids:
            return None
        if filters.categories and not filters.product_ids and product.category not in filters.categories:
            return None
        if filters.vertical and product.vertical != filters.vertical:
            return None
        if filters.brand and (product.brand or "").casefold() != filters.brand.casefold():
            return None
        if filters.gender:
            gender = str(attributes.get("gender", "unisex")).casefold()
            if gender != filters.gender and not (gender == "unisex" and filters.gender != "kids"):
                return None
        for flag in filters.flags:
            if attributes.get(flag) is not True:
                return None
            evidence.append(flag.replace("_", "-"))
        if filters.skin_type:
            skin_types = [str(s).casefold() for s in attributes.get("skin_types", [])]
            if filters.skin_type.casefold() not in skin_types:
                return None
            evidence.append(f"suits {filters.skin_type} skin")
        for concern in filters.concerns:
            if concern.casefold() not in [str(c).casefold() for c in attributes.get("concerns", [])]:
                return None
            evidence.append(f"targets {concern}")
        variants = [
            v
            for v in product.variants
            if (not filters.in_stock_only or v.in_stock)
            and (filters.min_price is None or v.price >= filters.min_price)
            and (filters.max_price is None or v.price <= filters.max_price)
            and _option_matches(v, "size", filters.size)
            and _option_matches(v, "width", filters.width)
            and _colour_matches(v, product, filters.colour)
        ]
        if not variants:
            return None
        if filters.size:
            evidence.append(
                f"in stock in size {filters.size}" + (f" {filters.width}" if filters.width else "")
            )
        score: float = lexical
        if filters.rank_by:
            level = _LEVELS.get(str(attributes.get(filters.rank_by, "")).casefold(), 0)
            score += level * 10.0
            if level:
                evidence.append(f"{filters.rank_by.replace('_', ' ')}: {attributes.get(filters.rank_by)}")
        matched = [t for t in query_tokens if t in self._title_tokens[product.id]]
        if matched:
            evidence.append("name matches " + ", ".join(sorted(set(matched))))
        return SearchHit(product=product, score=score, variants=tuple(variants), evidence=tuple(evidence))


def _option_matches(variant: Variant, option: str, wanted: str | None) -> bool:
    if not wanted:
        return True
    value = variant.options.get(option)
    return value is not None and value.casefold() == wanted.casefold()


def _colour_matches(variant: Variant, product: Product, wanted: str | None) -> bool:
    if not wanted:
        return True
    value = variant.options.get("colour") or variant.options.get("color")
    if value is not None:
        return wanted.casefold() in value.casefold()
    return wanted.casefold() in [str(c).casefold() for c in product.attributes.get("colours", [])]
