"""The real MiniLM encoder (int8 in ONNX Runtime, or NumPy), and hybrid search over the demo catalog (needs the semantic extra)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy.orm import Session

from shopcrew.catalog.filters import filters_from_message
from shopcrew.catalog.repository import load_products
from shopcrew.catalog.search import CatalogIndex, build_catalog_index
from shopcrew.catalog.semantic import (
    EmbeddingCache,
    MiniLMEncoder,
    load_minilm,
    minilm_model_dir,
    semantic_available,
    semantic_install_hint,
)
from shopcrew.models.local.extract import Extraction
from shopcrew.orchestrator.sentence_encoder import shared_sentence_encoder
from shopcrew.settings import Settings
from shopcrew.store.database import create_store_engine, demo_template

pytestmark = pytest.mark.skipif(
    not semantic_available(), reason=f"semantic extra not installed ({semantic_install_hint()})"
)


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    loaded = load_minilm()
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def hybrid(encoder: MiniLMEncoder, demo_data_dir: Path, demo_today: date) -> CatalogIndex:
    settings = Settings(data_dir=demo_data_dir, demo_today=demo_today)
    engine = create_store_engine(f"sqlite:///{demo_template(settings)}")
    with Session(engine) as session:
        products = load_products(session)
    engine.dispose()
    # The session's data dir: every test run after the first reads the demo vectors back.
    return CatalogIndex(
        products, encoder=encoder, embedding_cache=EmbeddingCache(demo_data_dir / "cache" / "embeddings")
    )


def test_vectors_are_unit_length_and_meaning_is_closer_than_words(encoder: MiniLMEncoder) -> None:
    vectors = encoder.encode(
        ["waterproof hiking boots", "boots that keep my feet dry on the trail", "a silk evening dress"]
    )
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.2


def test_the_model_is_loaded_once_per_process_and_float32_is_kept_apart(encoder: MiniLMEncoder) -> None:
    folder = minilm_model_dir()
    assert folder is not None
    shared = shared_sentence_encoder(folder, feature_layers=(6,), max_tokens=128)
    assert shared is shared_sentence_encoder(folder, feature_layers=(6,), max_tokens=128)
    exact = shared_sentence_encoder(folder, feature_layers=(6,), max_tokens=128, int8=False)
    assert exact is not shared and exact.model_id != shared.model_id
    again = load_minilm()
    assert again is not None and again.model_id == encoder.model_id
    np.testing.assert_array_equal(again.encode(["rain jacket"]), shared.encode(["rain jacket"]))
    assert MiniLMEncoder(folder, int8=False).model_id == "all-MiniLM-L6-v2@128"


def test_padding_does_not_change_a_vector(encoder: MiniLMEncoder) -> None:
    short = "sunscreen"
    alone = encoder.encode([short])[0]
    batched = encoder.encode(
        [short, "a much longer sentence about a rich barrier cream for very dry winter skin"]
    )[0]
    assert float(alone @ batched) > 0.9999


def test_auto_mode_is_hybrid_when_the_extra_is_installed(tmp_path: Path) -> None:
    assert build_catalog_index([], mode="auto", cache_dir=tmp_path).mode == "hybrid"


def test_hybrid_finds_shoes_for_words_the_catalog_does_not_use(hybrid: CatalogIndex) -> None:
    hits = hybrid.search("comfortable shoes for standing all day", limit=5)
    assert hits and all(h.product.vertical == "footwear" for h in hits)


def test_hybrid_search_keeps_every_filter(hybrid: CatalogIndex) -> None:
    text = "something to calm irritated skin, no fragrance, under $30"
    filters = filters_from_message(text, Extraction(), hybrid.categories)
    assert filters.avoid_ingredients == ("fragrance",)
    filters = replace(filters, max_price=Decimal("30"))
    hits = hybrid.search(text, filters, limit=5)
    assert hits
    for hit in hits:
        assert hit.product.attributes["fragrance_free"] is True and hit.price <= 30
        assert "no fragrance in its ingredients" in hit.evidence
