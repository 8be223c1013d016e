"""Shared fixtures: a demo store built once per session, fresh copies per test, PostgreSQL when reachable."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from shopcrew.app import Assistant, build_assistant
from shopcrew.settings import Settings
from shopcrew.store.database import demo_template, fresh_demo_store

# Every test sees the same demo history, anchored to this date.
DEMO_TODAY = date(2026, 6, 15)
POSTGRES_ADMIN_URL = os.environ.get("SHOPCREW_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


PROVIDER_KEYS = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_BASE_URL",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "GOOGLE_GEMINI_BASE_URL",
    "SHOPCREW_OPENAI_COMPATIBLE_BASE_URL",
    "SHOPCREW_OPENAI_COMPATIBLE_API_KEY",
    "SHOPCREW_LLAMACPP_MODEL",
    "SHOPCREW_CONFIG",
)


@pytest.fixture(autouse=True)
def no_provider_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches a vendor: provider keys from the developer's shell are hidden from every test."""
    for key in PROVIDER_KEYS:
        monkeypatch.delenv(key, raising=False)


@pytest.fixture(scope="session")
def demo_today() -> date:
    """The date the test demo store is anchored to."""
    return DEMO_TODAY


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose cache holds the seeded demo template (built once per test session)."""
    data_dir = tmp_path_factory.mktemp("shopcrew-data")
    demo_template(Settings(data_dir=data_dir, demo_today=DEMO_TODAY))
    return data_dir


@pytest.fixture
def demo_settings(demo_data_dir: Path, tmp_path: Path) -> Settings:
    """Settings pointing at a fresh copy of the demo store, private to the test."""
    base = Settings(data_dir=demo_data_dir, demo_today=DEMO_TODAY)
    url = fresh_demo_store(base, tmp_path / "stores")
    return Settings(data_dir=demo_data_dir, demo_today=DEMO_TODAY, store=url)


@pytest.fixture
def assistant(demo_settings: Settings) -> Iterator[Assistant]:
    """The real assistant (local engine) on a private copy of the demo store, closed after the test.

    A test module that needs other wiring (a pinned clock, a Shopify fake) defines its own.
    """
    built = build_assistant(demo_settings)
    yield built
    built.close()


def postgres_available() -> str | None:
    """None when PostgreSQL answers at the test URL, else the reason it doesn't."""
    try:
        import psycopg

        with psycopg.connect(
            POSTGRES_ADMIN_URL.replace("postgresql://", "postgresql://", 1), connect_timeout=2
        ):
            return None
    except Exception as error:  # any failure means: skip, and say why
        return f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {error}"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for this test session (skips when no server is reachable)."""
    reason = postgres_available()
    if reason:
        pytest.skip(reason)
    import psycopg

    name = f"shopcrew_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = POSTGRES_ADMIN_URL.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
