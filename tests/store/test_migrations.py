"""Migrations build exactly the schema the tables declare, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from shopcrew.settings import Settings
from shopcrew.store.database import StoreError, create_store_engine, migrate, open_store
from shopcrew.store.tables import metadata


def _assert_matches_models(url: str) -> None:
    engine = create_store_engine(url)
    try:
        migrate(engine)
        migrate(engine)  # a second run is a no-op
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), metadata)
            assert differences == [], differences
            assert set(metadata.tables) <= set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_sqlite_migrations_match_the_models(tmp_path: Path) -> None:
    _assert_matches_models(f"sqlite:///{tmp_path / 'store.db'}")


def test_postgres_migrations_match_the_models(postgres_url: str) -> None:
    _assert_matches_models(postgres_url)


def test_an_unusable_database_url_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        open_store(Settings(data_dir=tmp_path, store="nonsense://"))
