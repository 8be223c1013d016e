"""Fixtures of the Fit Analyzer tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from shopcrew.settings import Settings
from shopcrew.store.database import create_store_engine


@pytest.fixture
def session(demo_settings: Settings) -> Iterator[Session]:
    """A session on the test's private copy of the demo store."""
    engine = create_store_engine(demo_settings.resolved_database_url())
    with Session(engine) as opened:
        yield opened
    engine.dispose()
