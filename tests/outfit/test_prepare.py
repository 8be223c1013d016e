"""The Outfit Builder's index is built once per catalog, ahead of the first request when the app asks."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest
from sqlalchemy.orm import Session

from shopcrew.agents import outfit as outfit_module
from shopcrew.agents.types import Agent
from shopcrew.app import prepare_in_background
from shopcrew.catalog.repository import load_products
from shopcrew.catalog.search import CatalogIndex
from shopcrew.outfit.index import OutfitIndex
from shopcrew.settings import Settings
from shopcrew.store.database import open_store


@pytest.fixture
def catalog(demo_settings: Settings) -> CatalogIndex:
    engine = open_store(demo_settings)
    with Session(engine) as session:
        products = load_products(session)
    engine.dispose()
    return CatalogIndex(products)


def _counting(monkeypatch: pytest.MonkeyPatch, delay: float = 0.0) -> list[int]:
    """Count OutfitIndex builds made by the Outfit Builder (slowed by ``delay`` to widen races)."""
    built: list[int] = []

    def build(products: Any) -> OutfitIndex:
        built.append(1)
        time.sleep(delay)
        return OutfitIndex(products)

    monkeypatch.setattr(outfit_module, "OutfitIndex", build)
    return built


def test_the_app_prepares_the_outfit_index_in_the_background_once(
    monkeypatch: pytest.MonkeyPatch, catalog: CatalogIndex
) -> None:
    built = _counting(monkeypatch)
    agent = outfit_module.build_agent()
    assert agent.prepare is not None
    thread = prepare_in_background({"outfit": agent}, catalog)
    assert thread is not None and thread.daemon
    thread.join(timeout=30)
    assert built == [1]
    agent.prepare(catalog)  # what a request does: the prepared index serves it
    assert built == [1]
    other = CatalogIndex(catalog.products[:50])  # a reloaded catalog gets its own index
    agent.prepare(other)
    assert built == [1, 1]


def test_a_request_during_the_build_waits_for_it_instead_of_building_again(
    monkeypatch: pytest.MonkeyPatch, catalog: CatalogIndex
) -> None:
    built = _counting(monkeypatch, delay=0.3)
    agent = outfit_module.build_agent()
    assert agent.prepare is not None
    threads = [threading.Thread(target=agent.prepare, args=(catalog,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert built == [1]


def test_a_failing_prepare_is_logged_and_agents_without_one_are_skipped(
    caplog: pytest.LogCaptureFixture, catalog: CatalogIndex
) -> None:
    def broken(_: CatalogIndex) -> None:
        raise RuntimeError("disk full")

    plain = outfit_module.build_agent()
    failing = Agent(plain.name, plain.description, plain.instructions, plain.templates, plain.run, broken)
    with caplog.at_level(logging.ERROR, logger="shopcrew.app"):
        thread = prepare_in_background({"outfit": failing}, catalog)
        assert thread is not None
        thread.join(timeout=30)
    assert "preparing the outfit agent" in caplog.text and "disk full" in caplog.text
    without = Agent(plain.name, plain.description, plain.instructions, plain.templates, plain.run)
    assert prepare_in_background({"outfit": without}, catalog) is None
