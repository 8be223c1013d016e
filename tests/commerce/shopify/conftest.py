"""Shared fixtures for the Shopify adapter tests: a fake shop and the local action journal.

The journal runs on SQLite and, when a server answers, on PostgreSQL: the idempotency claim relies on
each engine's own locking (SQLite serialises writers, PostgreSQL blocks on the key's primary key).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete
from tests.commerce.shopify.fake_shopify import FakeShopify
from tests.conftest import POSTGRES_ADMIN_URL, postgres_available

from shopcrew.commerce.shopify.journal import ActionJournal
from shopcrew.store.action_tables import IdempotencyKeyRow, OrderActionAuditRow
from shopcrew.store.base import Base
from shopcrew.store.database import create_store_engine, session_factory


@pytest.fixture
def shop() -> FakeShopify:
    """A scripted Shopify endpoint."""
    return FakeShopify()


@pytest.fixture(scope="session")
def journal_postgres() -> Iterator[Engine]:
    """A PostgreSQL database of its own holding shopcrew's tables (skips when no server answers)."""
    reason = postgres_available()
    if reason:
        pytest.skip(reason)
    import psycopg

    name = f"shopcrew_shopify_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    engine = create_store_engine(f"{POSTGRES_ADMIN_URL.rpartition('/')[0]}/{name}")
    try:
        Base.metadata.create_all(engine)
        yield engine
    finally:
        engine.dispose()
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """The local database the journal writes to: SQLite per test, or the session's PostgreSQL, emptied."""
    if request.param == "postgresql":
        engine: Engine = request.getfixturevalue("journal_postgres")
        with engine.begin() as connection:
            connection.execute(delete(IdempotencyKeyRow))
            connection.execute(delete(OrderActionAuditRow))
        yield engine
        return
    engine = create_store_engine(f"sqlite:///{tmp_path / 'shop.db'}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def journal(database: Engine) -> ActionJournal:
    """The idempotency and audit journal on the local database."""
    return ActionJournal(session_factory(database))
