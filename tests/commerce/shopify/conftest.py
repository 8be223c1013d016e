"""Shared fixtures for the Shopify adapter tests: a fake shop, a local action journal, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from tests.commerce.shopify.fake_shopify import FakeShopify

from shopcrew.commerce.shopify.journal import ActionJournal
from shopcrew.store.base import Base
from shopcrew.store.database import session_factory


@pytest.fixture
def shop() -> FakeShopify:
    """A scripted Shopify endpoint."""
    return FakeShopify()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Engine]:
    """A local SQLite database with shopcrew's tables (the action journal lives there)."""
    engine = create_engine(f"sqlite:///{tmp_path / 'shop.db'}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def journal(database: Engine) -> ActionJournal:
    """The idempotency and audit journal on the local database."""
    return ActionJournal(session_factory(database))
