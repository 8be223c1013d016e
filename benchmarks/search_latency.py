"""Search latency: p50/p95 per query over the demo catalog and over 44,446 fashion items.

The large catalog is built from ../shared/data/fashion-styles/styles.csv (gender, category, colour,
season, usage, name; one variant each with a size and a price derived from the item id). The query mix
is realistic: free text (some with typos), text plus filters, and filters alone. Figures are printed
for lexical search and, when the semantic extra is installed, for hybrid search; index build time too.
Document embeddings are cached on disk (--cache), so only the first hybrid run pays for embedding.
Embedding 44k items with MiniLM in NumPy takes hours on 2 cores, so by default the 44k hybrid figures
use random document vectors (timing only; see `report`) and the measured embedding rate is printed.

    python benchmarks/search_latency.py [--rounds 5] [--cache /tmp/shopcrew-bench-embeddings]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import numpy as np

from shopcrew.catalog.search import CatalogIndex, SearchFilters
from shopcrew.catalog.semantic import EmbeddingCache, load_minilm, semantic_install_hint, semantic_text
from shopcrew.domain.catalog import Product, Variant

sys.path.insert(0, str(Path(__file__).parent / "data"))
from build_search_judgments import demo_products

STYLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "fashion-styles" / "styles.csv"
SIZES = ("XS", "S", "M", "L", "XL")
GENDERS = {"men": "men", "women": "women", "boys": "kids", "girls": "kids", "unisex": "unisex"}


def fashion_products(path: Path) -> list[Product]:
    """One Product per styles.csv row; price and size derived deterministically from the id."""
    products: list[Product] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row.get("id") or not row.get("productDisplayName"):
                continue
            item = int(row["id"])
            name = row["productDisplayName"].strip()
            colour = row["baseColour"].strip()
            usage, season = row["usage"].strip(), row["season"].strip()
            price = Decimal(9 + (item * 7919) % 240) + Decimal("0.99")
            variant = Variant(
                id=item,
                sku=f"FS-{item}",
                title=SIZES[item % len(SIZES)],
                options={"size": SIZES[item % len(SIZES)], "colour": colour},
                price=price,
                compare_at_price=None,
                inventory=0 if item % 7 == 0 else 1 + item % 23,
            )
            products.append(
                Product(
                    id=item,
                    handle=f"style-{item}",
                    title=name,
                    brand=None,
                    vertical=row["masterCategory"].strip().lower(),
                    category=row["subCategory"].strip().lower().replace(" ", "_"),
                    description=f"{name}. {usage} wear for {season.lower()}, in {colour.lower()}.",
                    tags=tuple(t for t in (usage.lower(), season.lower()) if t),
                    attributes={
                        "gender": GENDERS.get(row["gender"].strip().lower(), "unisex"),
                        "colours": [colour],
                        "seasons": [season.lower()],
                        "occasions": [usage.lower()],
                    },
                    ingredients=None,
                    status="active",
                    variants=(variant,),
                )
            )
    return products


def fashion_queries() -> list[tuple[str, SearchFilters]]:
    """Free text, text with filters, and filters alone, as shoppers of a fashion store ask."""
    free = [
        "navy blue shirt",
        "black running shoes for men",
        "party dress",
        "leather wallet",
        "sports watch",
        "white sneakers",
        "formal trousers for office",
        "summer kurta for women",
        "handbag for a wedding",
        "sunglasses",
        "denim jacket",
        "casual tshirt with print",
        "flip flops for the beach",
        "woolen sweater for winter",
        "red lipstick",
        "jeans slim fit",
        "sprts shoes",  # typo
        "backpak for college",  # typo
        "something warm to wear in the snow",
        "gift for my girlfriend",
    ]
    with_filters = [
        (
            "shirt",
            SearchFilters(categories=("topwear",), gender="men", colour="Blue", max_price=Decimal("80")),
        ),
        ("running shoes", SearchFilters(categories=("shoes",), gender="women", size="M")),
        ("dress", SearchFilters(categories=("dress",), max_price=Decimal("60"))),
        ("watch", SearchFilters(categories=("watches",), gender="men", colour="Black")),
        (
            "jeans",
            SearchFilters(categories=("bottomwear",), gender="women", size="S", max_price=Decimal("100")),
        ),
        ("casual", SearchFilters(gender="kids", colour="Pink")),
        ("bag", SearchFilters(categories=("bags",), min_price=Decimal("50"), max_price=Decimal("150"))),
    ]
    filters_only = [
        SearchFilters(categories=("topwear",)),
        SearchFilters(categories=("shoes",), gender="men", size="L"),
        SearchFilters(gender="women", colour="Black", max_price=Decimal("40")),
        SearchFilters(categories=("watches",)),
    ]
    return [(q, SearchFilters()) for q in free] + with_filters + [("", f) for f in filters_only]


def demo_queries() -> list[tuple[str, SearchFilters]]:
    """A mix over the demo catalog."""
    return [
        ("vitamin c serum", SearchFilters()),
        ("waterproof hiking boots", SearchFilters(categories=("hiking",), flags=("waterproof",))),
        (
            "running shoe",
            SearchFilters(categories=("running",), size="11", width="Wide", rank_by="arch_support"),
        ),
        ("moisturizer", SearchFilters(categories=("moisturizer",), avoid_ingredients=("fragrance",))),
        ("comfortable shoes for standing all day", SearchFilters()),
        ("linnen trousers", SearchFilters()),
        ("", SearchFilters(categories=("dress",), max_price=Decimal("100"))),
        ("something to calm irritated skin", SearchFilters()),
    ]


def measure(
    index: CatalogIndex, queries: list[tuple[str, SearchFilters]], rounds: int
) -> tuple[float, float]:
    """p50 and p95 latency in milliseconds over `rounds` passes of the queries (after one warm-up)."""
    for text, filters in queries:
        index.search(text, filters, limit=5)
    timings: list[float] = []
    for _ in range(rounds):
        for text, filters in queries:
            # Every timed query encodes its text: the index's small cache of recent query vectors
            # (there for a turn's relaxed retry) would otherwise hide the MiniLM forward pass.
            if index._semantic is not None:
                index._semantic._queries.clear()
            started = time.perf_counter()
            index.search(text, filters, limit=5)
            timings.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(timings, n=100)
    return statistics.median(timings), cuts[94]


def report(
    name: str,
    products: list[Product],
    queries: list[tuple[str, SearchFilters]],
    args: argparse.Namespace,
    *,
    timing_vectors: bool = False,
) -> None:
    """Build each index kind over the products and print its build time and latency.

    With `timing_vectors`, document vectors not already in the cache are random unit vectors: query
    latency does not depend on their values (the query is still encoded by MiniLM, scored against all
    44k rows and fused), but relevance does, so only the timing figures are meaningful.
    """
    started = time.perf_counter()
    lexical = CatalogIndex(products)
    built = time.perf_counter() - started
    p50, p95 = measure(lexical, queries, args.rounds)
    print(
        f"{name:8s} lexical  build {built:6.2f} s   p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   ({len(queries)} queries)"
    )
    encoder = load_minilm()
    if encoder is None:
        print(f"{name:8s} hybrid   skipped: semantic extra not installed ({semantic_install_hint()})")
        return
    cache = EmbeddingCache(args.cache)
    note = f"cache: {args.cache}"
    if timing_vectors:
        sample = [semantic_text(p) for p in products[: args.sample]]
        started = time.perf_counter()
        encoder.encode(sample)
        rate = len(sample) / (time.perf_counter() - started)
        print(
            f"{name:8s} MiniLM embeds {rate:.0f} documents/s here: a cold hybrid build of {len(products)} "
            f"items takes ~{len(products) / rate / 60:.0f} min (once; vectors are cached on disk)"
        )
        cache = _timing_cache(encoder.model_id, products, Path(tempfile.mkdtemp()))
        note = "timing only: random document vectors"
    started = time.perf_counter()
    hybrid = CatalogIndex(products, encoder=encoder, embedding_cache=cache)
    built = time.perf_counter() - started
    p50, p95 = measure(hybrid, queries, args.rounds)
    print(f"{name:8s} hybrid   build {built:6.2f} s   p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   ({note})")
    encodes: list[float] = []
    for _ in range(args.rounds):
        for text, _filters in queries:
            if text:
                started = time.perf_counter()
                encoder.encode([text])
                encodes.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(encodes, n=100)
    print(
        f"{name:8s} of which MiniLM query encoding alone: p50 {statistics.median(encodes):6.2f} ms   p95 {cuts[94]:6.2f} ms"
    )


def _timing_cache(model_id: str, products: list[Product], folder: Path) -> EmbeddingCache:
    texts = [semantic_text(p) for p in products]
    vectors = np.random.default_rng(7).standard_normal((len(texts), 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    keys = np.array([hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts], dtype="U40")
    cache = EmbeddingCache(folder)
    np.savez(cache._file(folder, model_id), keys=keys, vectors=vectors)
    return cache


def main() -> None:
    """Print latency figures for the demo catalog and, when the data set is present, 44k fashion items."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/shopcrew-bench-embeddings"))
    parser.add_argument("--sample", type=int, default=200, help="documents timed for the embedding rate")
    parser.add_argument(
        "--embed-all", action="store_true", help="embed all 44k fashion items with MiniLM (hours on 2 cores)"
    )
    args = parser.parse_args()
    report("demo", demo_products(), demo_queries(), args)
    if not STYLES.exists():
        print(f"fashion  skipped: {STYLES} not found (the shared data folder sits next to the project)")
        return
    started = time.perf_counter()
    products = fashion_products(STYLES)
    print(f"fashion  {len(products)} products read in {time.perf_counter() - started:.2f} s")
    report("fashion", products, fashion_queries(), args, timing_vectors=not args.embed_all)


if __name__ == "__main__":
    main()
