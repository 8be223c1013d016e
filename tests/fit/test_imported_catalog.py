"""The Fit Analyzer on a store's own import (Shopify's apparel export): no charts, sizes spelled out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from tests.conversations import converse

from shopcrew.app import Assistant, build_assistant
from shopcrew.catalog.importing.service import import_catalog
from shopcrew.catalog.repository import load_products
from shopcrew.fit.advice import advise
from shopcrew.fit.references import SizeReference
from shopcrew.settings import Settings
from shopcrew.store.database import create_store_engine, migrate

APPAREL_CSV = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "shopify-product-csvs" / "apparel.csv"
)

pytestmark = pytest.mark.skipif(
    not APPAREL_CSV.exists(), reason=f"the shared Shopify product CSVs are not at {APPAREL_CSV}"
)


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'imported.db'}"
    engine = create_store_engine(url)
    migrate(engine)
    report = import_catalog(engine, APPAREL_CSV.read_bytes(), "apparel.csv")
    assert report.added
    engine.dispose()
    return url


@pytest.fixture
def assistant(store_url: str, tmp_path: Path) -> Iterator[Assistant]:
    built = build_assistant(Settings(data_dir=tmp_path / "data", store=store_url))
    yield built
    built.close()


def test_spelled_out_sizes_are_advised_in_the_catalogs_spelling(store_url: str) -> None:
    engine = create_store_engine(store_url)
    with Session(engine) as session:
        top = next(p for p in load_products(session) if p.title == "Classic Varsity Top")
        assert "Medium" in top.option_values("size")
        advice = advise(session, top, {}, [SizeReference("M", group="tops")], {})
        measured = advise(session, top, {"chest_cm": 95.0}, [], {})
    engine.dispose()
    assert advice.size == "Medium" and advice.chart_source == "standard"
    assert measured.size == "Large"  # women's standard L starts at 93 cm


async def test_a_conversation_on_the_imported_store(assistant: Assistant) -> None:
    [turn] = await converse(
        assistant, "what size should I get in the Classic Varsity Top? I'm usually a medium"
    )
    assert turn.agents == ("fit",)
    assert "you're a Medium in Classic Varsity Top" in turn.reply and "standard chart" in turn.reply
    assert "the standard M" in turn.reply
    assert turn.trace["grounding"]["removed"] == 0
