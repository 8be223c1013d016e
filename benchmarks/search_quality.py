"""Search quality on the demo catalog: NDCG@10 and recall@10 over the judged query set.

Every query goes through what the Product Expert does: the local engine's extraction, then
`filters_from_message`, then `CatalogIndex.search(text, filters, limit=10)`. Judgments are in
benchmarks/data/search_judgments.jsonl (built by benchmarks/data/build_search_judgments.py from the
catalog's facts, never from search output). Configurations compared: lexical only; hybrid with
MiniLM and reciprocal-rank fusion; hybrid with MiniLM and normalised score fusion; hybrid with a
static word-piece table (the mean of MiniLM's input embeddings: no transformer layers).

    python benchmarks/search_quality.py [--by-type]

recall@10 counts fully relevant (grade 2) products found in the top 10, out of min(10, how many exist).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from shopcrew.app import gazetteer_for
from shopcrew.catalog.filters import filters_from_message
from shopcrew.catalog.search import CatalogIndex
from shopcrew.catalog.semantic import (
    MAX_TOKENS,
    EmbeddingCache,
    Matrix,
    load_minilm,
    minilm_model_dir,
    semantic_install_hint,
)
from shopcrew.domain.catalog import Product
from shopcrew.models.local.extract import extract

sys.path.insert(0, str(Path(__file__).parent / "data"))
from build_search_judgments import demo_products

JUDGMENTS = Path(__file__).parent / "data" / "search_judgments.jsonl"
K = 10


class StaticEncoder:
    """The cheap alternative: average MiniLM's input word-piece vectors, no attention layers."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._table = load_file(str(folder / "model.safetensors"))["embeddings.word_embeddings.weight"]

    @property
    def model_id(self) -> str:
        """Names the table so cached vectors never mix with MiniLM's."""
        return "minilm-static-wordpiece"

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Mean word-piece vector per text (special tokens dropped), unit length."""
        rows = []
        for encoding in self._tokenizer.encode_batch(list(texts)):
            ids = [i for i in encoding.ids if i not in (101, 102)] or [100]
            rows.append(self._table[ids].mean(axis=0))
        matrix = np.stack(rows).astype(np.float32)
        return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)


def ndcg(ranked: list[str], judged: dict[str, int], k: int = K) -> float:
    """Normalised discounted cumulative gain with gains 2^grade - 1."""
    gain = sum((2 ** judged.get(h, 0) - 1) / math.log2(i + 2) for i, h in enumerate(ranked[:k]))
    ideal_grades = sorted(judged.values(), reverse=True)[:k]
    ideal = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal_grades))
    return gain / ideal if ideal else 0.0


def recall(ranked: list[str], judged: dict[str, int], k: int = K) -> float:
    """Fully relevant products in the top k, out of min(k, how many there are)."""
    relevant = {h for h, g in judged.items() if g == 2}
    return len(relevant & set(ranked[:k])) / min(k, len(relevant)) if relevant else 0.0


def evaluate(
    index: CatalogIndex, products: list[Product], queries: list[dict[str, object]]
) -> dict[str, list[float]]:
    """Per query type (and "all"): NDCG@10 and recall@10 lists."""
    gazetteer = gazetteer_for(products)
    scores: dict[str, list[float]] = defaultdict(list)
    for row in queries:
        text = str(row["query"])
        judged = {str(k): int(v) for k, v in dict(row["judgments"]).items()}  # type: ignore[call-overload]
        filters = filters_from_message(text, extract(text, gazetteer), index.categories, catalog=index)
        ranked = [hit.product.handle for hit in index.search(text, filters, limit=K)]
        for kind in ("all", str(row["type"])):
            scores[f"{kind}:ndcg"].append(ndcg(ranked, judged))
            scores[f"{kind}:recall"].append(recall(ranked, judged))
    return scores


def main() -> None:
    """Print NDCG@10 and recall@10 for each configuration."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--by-type", action="store_true", help="also print figures per query type")
    args = parser.parse_args()
    queries = [json.loads(line) for line in JUDGMENTS.read_text(encoding="utf-8").splitlines() if line]
    products = demo_products()
    print(f"{len(queries)} judged queries, {len(products)} products")
    configs: list[tuple[str, dict[str, object]]] = [("lexical", {})]
    minilm = load_minilm()
    if minilm is None:
        print(f"semantic extra not installed ({semantic_install_hint()}): lexical only")
    else:
        folder = minilm_model_dir()
        assert folder is not None  # load_minilm() found it
        static = StaticEncoder(folder)
        configs += [
            ("hybrid minilm rrf", {"encoder": minilm, "fusion": "rrf"}),
            ("hybrid minilm normalised", {"encoder": minilm, "fusion": "normalised"}),
            ("hybrid static rrf", {"encoder": static, "fusion": "rrf"}),
        ]
    kinds = sorted({str(q["type"]) for q in queries})
    with tempfile.TemporaryDirectory() as folder:
        cache = EmbeddingCache(Path(folder))
        for name, options in configs:
            started = time.perf_counter()
            index = CatalogIndex(products, embedding_cache=cache, **options)  # type: ignore[arg-type]
            built = time.perf_counter() - started
            scores = evaluate(index, products, queries)
            line = (
                f"{name:26s} NDCG@10 {statistics.mean(scores['all:ndcg']):.3f}  "
                f"recall@10 {statistics.mean(scores['all:recall']):.3f}  (index built in {built:.2f} s)"
            )
            print(line)
            if args.by_type:
                for kind in kinds:
                    print(
                        f"    {kind:10s} n={len(scores[f'{kind}:ndcg']):3d}  "
                        f"NDCG@10 {statistics.mean(scores[f'{kind}:ndcg']):.3f}  "
                        f"recall@10 {statistics.mean(scores[f'{kind}:recall']):.3f}"
                    )


if __name__ == "__main__":
    main()
