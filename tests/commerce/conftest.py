"""Order systems over a fresh demo store, on SQLite and on PostgreSQL (skipped when no server answers)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tests.conftest import DEMO_TODAY, POSTGRES_ADMIN_URL, postgres_available

from shopcrew.commerce.actions import Actor
from shopcrew.commerce.order_policy import OrderPolicy
from shopcrew.commerce.sql_orders import SqlOrderSystem
from shopcrew.settings import Settings
from shopcrew.store.database import create_store_engine, migrate, open_store, session_factory
from shopcrew.store.demo import seed_demo_store

# Demo fixture customers on a fresh store (docs/demo-store.md).
JANE, JOHN, PRIYA, ANA = "1", "2", "3", "4"
# Noon on the demo day: "delivered 5 days ago" and the return windows line up with the docs.
DEMO_NOW = datetime(DEMO_TODAY.year, DEMO_TODAY.month, DEMO_TODAY.day, 12, tzinfo=UTC)


def actor(customer_id: str, *, staff: str | None = None, conversation: str = "conv-1") -> Actor:
    """A verified customer acting in the web chat."""
    return Actor(customer_id=customer_id, channel="web", conversation_id=conversation, staff=staff)


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A PostgreSQL database of its own holding the seeded demo store, cloned for each test."""
    reason = postgres_available()
    if reason:
        pytest.skip(reason)
    import psycopg

    name = f"shopcrew_orders_tpl_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{POSTGRES_ADMIN_URL.rpartition('/')[0]}/{name}"
    engine = create_store_engine(url)
    try:
        migrate(engine)
        seed_demo_store(engine, seed=7, today=DEMO_TODAY)
    finally:
        engine.dispose()
    yield url
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _clone_postgres(template_url: str) -> tuple[str, Callable[[], None]]:
    import psycopg

    base, _, template = template_url.rpartition("/")
    name = f"shopcrew_orders_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def drop() -> None:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


@pytest.fixture(params=["sqlite", "postgresql"])
def store_engine(request: pytest.FixtureRequest, demo_settings: Settings) -> Iterator[Engine]:
    """A fresh demo store, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        engine = open_store(demo_settings)
        yield engine
        engine.dispose()
        return
    url, drop = _clone_postgres(request.getfixturevalue("postgres_template"))
    engine = create_store_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        drop()


@pytest.fixture
def clock() -> Callable[[], datetime]:
    """The demo day's clock (noon UTC)."""
    return lambda: DEMO_NOW


@pytest.fixture
def orders(store_engine: Engine, clock: Callable[[], datetime]) -> SqlOrderSystem:
    """The embedded order system with the default (demo store) policy."""
    return SqlOrderSystem(session_factory(store_engine), policy=OrderPolicy(), clock=clock)


@pytest.fixture
def db(store_engine: Engine) -> Iterator[Session]:
    """A session on the same store, for checking what an action changed."""
    with session_factory(store_engine)() as session:
        yield session


def days_ago(days: int) -> datetime:
    """A moment `days` before the demo clock."""
    return DEMO_NOW - timedelta(days=days)
