"""Hybrid search with a scripted encoder: fusion, semantic evidence, embedding cache, modes, avoidance, scale."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from shopcrew.catalog import search as search_module
from shopcrew.catalog.fusion import fuse, ranks
from shopcrew.catalog.search import CatalogIndex, SearchFilters, build_catalog_index
from shopcrew.catalog.semantic import EmbeddingCache, Matrix
from shopcrew.catalog.vectors import VectorScorer
from shopcrew.domain.catalog import Product, Variant

# Words that mean the same thing share a dimension: "comfy" is close to "plush" and "cushioned".
CONCEPTS = {
    "comfy": 0,
    "plush": 0,
    "cushioned": 0,
    "comfortable": 0,
    "rain": 1,
    "waterproof": 1,
    "storm": 1,
    "sparkly": 2,
    "sequin": 2,
    "glitter": 2,
    "night": 3,
}


_BUCKETS = 97


class ConceptEncoder:
    """A deterministic stand-in for MiniLM that counts how often it is asked to encode."""

    def __init__(self, model_id: str = "concepts-v1") -> None:
        self._model_id = model_id
        self.encoded: list[str] = []

    @property
    def model_id(self) -> str:
        return self._model_id

    def encode(self, texts: Sequence[str]) -> Matrix:
        self.encoded.extend(texts)
        rows = np.zeros((len(texts), 4 + _BUCKETS), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().replace(".", " ").replace(",", " ").split():
                # Known words carry their concept; any other word lands in a bucket of its own letters.
                rows[row, CONCEPTS.get(word, 4 + sum(map(ord, word)) % _BUCKETS)] += 1.0
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-6)


def _product(pid: int, title: str, description: str, price: str = "50", **attributes: object) -> Product:
    return Product(
        id=pid,
        handle=title.lower().replace(" ", "-"),
        title=title,
        brand=None,
        vertical="footwear",
        category=str(attributes.pop("category", "walking")),
        description=description,
        tags=(),
        attributes=attributes,
        ingredients=None,
        status="active",
        variants=(Variant(pid, f"SKU{pid}", "one", {"size": "9"}, Decimal(price), None, 5),),
    )


PRODUCTS = [
    _product(1, "Cloud Walker", "Plush cushioned sole for long days."),
    _product(2, "Storm Boot", "Waterproof leather boot.", category="boots"),
    _product(3, "Street Sneaker", "Canvas upper, rubber sole.", category="sneakers"),
    _product(4, "Sequin Slipper", "Sparkly slipper.", price="30", category="sandals"),
]


def test_a_product_found_only_by_meaning_says_so() -> None:
    index = CatalogIndex(PRODUCTS, encoder=ConceptEncoder())
    hits = index.search("something comfy")
    assert [h.product.title for h in hits] == ["Cloud Walker"]
    assert hits[0].evidence == ('similar meaning: "something comfy"',)
    assert index.mode == "hybrid"
    # A long message is quoted up to a word, not cut mid-word.
    (long_hit,) = index.search("so comfy and comfortable, " * 4)
    assert long_hit.evidence == (
        'similar meaning: "so comfy and comfortable, so comfy and comfortable, so…"',
    )


def test_lexical_index_alone_finds_nothing_for_those_words() -> None:
    assert CatalogIndex(PRODUCTS).search("something comfy") == []


def test_meaning_below_the_floor_is_no_match() -> None:
    index = CatalogIndex(PRODUCTS, encoder=ConceptEncoder())
    assert index.search("xylophone lessons") == []


def test_filters_hold_for_semantic_matches_too() -> None:
    index = CatalogIndex(PRODUCTS, encoder=ConceptEncoder())
    hits = index.search("rain ready", SearchFilters(max_price=Decimal("40")))
    assert all(h.price <= Decimal("40") for h in hits)
    assert "Storm Boot" not in [h.product.title for h in hits]


def test_word_matches_keep_their_evidence_in_hybrid_mode() -> None:
    index = CatalogIndex(PRODUCTS, encoder=ConceptEncoder())
    (hit,) = [h for h in index.search("waterproof boot") if h.product.id == 2]
    assert "name matches boot" in hit.evidence and "text matches waterproof" in hit.evidence
    assert not any(e.startswith("similar meaning") for e in hit.evidence)


def test_rrf_puts_what_both_lists_agree_on_first() -> None:
    lexical = np.array([3.0, 2.0, 0.0, 1.0], dtype=np.float32)
    semantic = np.array([0.2, 0.9, 0.8, 0.1], dtype=np.float32)
    rows = np.arange(4)
    assert list(ranks(lexical, rows)) == [1.0, 2.0, np.inf, 3.0]
    fused = fuse(lexical, semantic, rows, method="rrf")
    assert int(np.argmax(fused)) == 1, "second in both lists beats first in one and third in the other"
    normalised = fuse(lexical, semantic, rows, method="normalised")
    assert normalised[2] > normalised[3], "a strong meaning match outweighs a weak word match"
    with pytest.raises(ValueError, match="unknown fusion method"):
        fuse(lexical, semantic, rows, method="best")  # type: ignore[arg-type]


def test_embeddings_are_cached_by_text_and_model(tmp_path: Path) -> None:
    encoder = ConceptEncoder()
    CatalogIndex(PRODUCTS, encoder=encoder, embedding_cache=EmbeddingCache(tmp_path / "store"))
    assert len(encoder.encoded) == len(PRODUCTS)
    again = ConceptEncoder()
    CatalogIndex(PRODUCTS, encoder=again, embedding_cache=EmbeddingCache(tmp_path / "store"))
    assert again.encoded == [], "a restart reads every vector back"
    edited = [
        *PRODUCTS[:3],
        _product(4, "Sequin Slipper", "Glitter slipper for the night.", category="sandals"),
    ]
    changed = ConceptEncoder()
    CatalogIndex(edited, encoder=changed, embedding_cache=EmbeddingCache(tmp_path / "store"))
    assert len(changed.encoded) == 1 and "Glitter" in changed.encoded[0], "only the edited product re-embeds"
    other_model = ConceptEncoder("concepts-v2")
    CatalogIndex(PRODUCTS, encoder=other_model, embedding_cache=EmbeddingCache(tmp_path / "store"))
    assert len(other_model.encoded) == len(PRODUCTS), "vectors of another model are never reused"


def test_a_damaged_cache_is_rebuilt_and_a_shared_cache_serves_a_fresh_store(tmp_path: Path) -> None:
    first = ConceptEncoder()
    CatalogIndex(PRODUCTS, encoder=first, embedding_cache=EmbeddingCache(tmp_path / "a", tmp_path / "shared"))
    fresh_store = ConceptEncoder()
    CatalogIndex(
        PRODUCTS, encoder=fresh_store, embedding_cache=EmbeddingCache(tmp_path / "b", tmp_path / "shared")
    )
    assert fresh_store.encoded == []
    (tmp_path / "a" / "concepts-v1.npz").write_bytes(b"not a numpy file")
    damaged = ConceptEncoder()
    index = CatalogIndex(PRODUCTS, encoder=damaged, embedding_cache=EmbeddingCache(tmp_path / "a"))
    assert len(damaged.encoded) == len(PRODUCTS)
    assert [h.product.id for h in index.search("comfy")] == [1]


def test_search_modes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_module, "load_minilm", lambda: None)
    assert build_catalog_index(PRODUCTS, mode="auto").mode == "lexical", "auto without the extra: lexical"
    assert build_catalog_index(PRODUCTS, mode="lexical").mode == "lexical"
    with pytest.raises(ValueError, match="semantic extra"):
        build_catalog_index(PRODUCTS, mode="hybrid")
    with pytest.raises(ValueError, match="unknown search mode"):
        build_catalog_index(PRODUCTS, mode="fast")


def _beauty(pid: int, title: str, inci: str | None, **attributes: object) -> Product:
    return Product(
        id=pid,
        handle=f"b{pid}",
        title=title,
        brand=None,
        vertical="beauty",
        category="moisturizer",
        description="",
        tags=(),
        attributes=attributes,
        ingredients=inci,
        status="active",
        variants=(Variant(pid, f"B{pid}", "50 ml", {"volume": "50 ml"}, Decimal("20"), None, 4),),
    )


def test_avoiding_fragrance_checks_the_ingredient_list() -> None:
    index = CatalogIndex(
        [
            _beauty(1, "Plain Cream", "Aqua, Glycerin, Cetyl Alcohol"),
            _beauty(2, "Parfum Cream", "Aqua, Glycerin, Parfum"),
            _beauty(3, "Lavender Cream", "Aqua, Lavandula Angustifolia (Lavender) Oil, Linalool"),
            _beauty(4, "Unlisted Cream", None, fragrance_free=True),
            _beauty(5, "Mystery Cream", None),
        ]
    )
    hits = index.search("cream", SearchFilters(avoid_ingredients=("fragrance",)))
    assert sorted(h.product.title for h in hits) == ["Plain Cream", "Unlisted Cream"]
    assert all("no fragrance in its ingredients" in h.evidence for h in hits)
    alcohol = index.search("cream", SearchFilters(avoid_ingredients=("alcohol",)))
    assert "Plain Cream" in [h.product.title for h in alcohol], (
        "cetyl alcohol is not the alcohol shoppers avoid"
    )


def test_empty_searches_find_nothing_without_error() -> None:
    index = CatalogIndex(PRODUCTS, encoder=ConceptEncoder())
    assert index.search("") == [] and index.search("   \n") == []
    assert index.search("show me some please") == [], "only stopwords and shopping talk"
    assert len(index.search("", SearchFilters(categories=("boots",)))) == 1, "filters alone still search"


def test_prices_in_the_query_are_not_words_to_match() -> None:
    index = CatalogIndex(
        [_product(1, "20% Vitamin Drops", "Drops."), _product(2, "Vitamin Cream", "Cream.", price="18")]
    )
    hits = index.search("vitamin under $20", SearchFilters(max_price=Decimal("20")))
    assert [h.product.title for h in hits] == ["Vitamin Cream"]


def test_typos_find_the_catalog_word() -> None:
    hits = CatalogIndex(PRODUCTS).search("waterprof boot")
    assert hits[0].product.title == "Storm Boot"
    assert "text matches waterproof" in hits[0].evidence


def test_a_large_catalog_still_answers_correctly() -> None:
    colours = ["Black", "Navy", "Red", "White"]
    products = [
        Product(
            id=i,
            handle=f"p{i}",
            title=f"{colours[i % 4]} {'Shirt' if i % 3 else 'Jacket'} {i}",
            brand=None,
            vertical="apparel",
            category="shirt" if i % 3 else "jacket",
            description="Cotton." if i % 5 else "Linen, breathable.",
            tags=(),
            attributes={"gender": "men" if i % 2 else "women", "colours": [colours[i % 4]]},
            ingredients=None,
            status="active" if i % 11 else "discontinued",
            variants=(
                Variant(
                    i,
                    f"V{i}",
                    "M",
                    {"size": "M" if i % 7 else "L", "colour": colours[i % 4]},
                    Decimal(10 + i % 90),
                    None,
                    i % 6,
                ),
            ),
        )
        for i in range(1, 30_001)
    ]
    index = CatalogIndex(products)
    filters = SearchFilters(
        categories=("shirt",),
        gender="men",
        colour="Navy",
        size="L",
        max_price=Decimal("40"),
        in_stock_only=True,
    )
    hits = index.search("linen", filters, limit=10)
    assert len(hits) == 10
    for hit in hits:
        p = hit.product
        assert p.active and p.category == "shirt" and p.attributes["gender"] == "men"
        assert "Linen" in p.description, "the words beyond the filters narrow the results"
        assert all(v.options["size"] == "L" and v.in_stock and v.price <= 40 for v in hit.variants)
    assert [h.price for h in hits] == sorted(h.price for h in hits), "equal relevance: cheapest first"
    expected = [
        p
        for p in products
        if p.active
        and p.category == "shirt"
        and p.attributes["gender"] == "men"
        and "Linen" in p.description
        and any(
            v.options["size"] == "L" and v.options["colour"] == "Navy" and v.in_stock and v.price <= 40
            for v in p.variants
        )
    ]
    assert {h.product.id for h in hits} <= {p.id for p in expected}
    assert min(p.min_price for p in expected) == hits[0].price


def test_the_ivf_probe_finds_the_nearest_vectors_of_a_big_catalog() -> None:
    generator = np.random.default_rng(3)
    topics = generator.standard_normal((40, 16)).astype(np.float32)
    # 24k products around 40 topics: big enough for the inverted-file probe.
    vectors = topics[generator.integers(0, 40, 24_000)] + 0.3 * generator.standard_normal(
        (24_000, 16)
    ).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    scorer = VectorScorer(vectors)
    assert scorer.approximate
    for topic in topics[:10]:
        query = topic / np.linalg.norm(topic)
        exact = set(np.argsort(-(vectors @ query))[:30].tolist())
        probed = set(np.argsort(-scorer.scores(query))[:30].tolist())
        assert len(exact & probed) >= 27
    rows = np.arange(0, 24_000, 10)
    on_rows = scorer.scores(topics[0] / np.linalg.norm(topics[0]), rows)
    assert np.allclose(on_rows[rows], vectors[rows] @ (topics[0] / np.linalg.norm(topics[0])), atol=1e-5)
    assert not on_rows[1:10].any(), "rows outside a small candidate set are not scored"
