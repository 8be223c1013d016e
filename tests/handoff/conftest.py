"""Fixtures for helpdesk tests: the demo store with one handed-off conversation, helpdesk settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker
from tests.handoff.helpdesk_fakes import Clock, SeededConversation, seed_handed_off_conversation

from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.settings import Settings
from shopcrew.store.database import open_store, session_factory


@pytest.fixture
def sessions(demo_settings: Settings) -> Iterator[sessionmaker[Session]]:
    """Sessions on a private copy of the demo store, migrated to head."""
    engine = open_store(demo_settings)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> SeededConversation:
    """A committed conversation that a verified shopper handed to a person."""
    with sessions() as session:
        seeded = seed_handed_off_conversation(session)
        session.commit()
    return seeded


@pytest.fixture
def clock() -> Clock:
    """A clock the test moves by hand."""
    return Clock()


@pytest.fixture
def zendesk_settings() -> HelpdeskSettings:
    """Zendesk with API-token auth on the acme subdomain."""
    return HelpdeskSettings(
        provider="zendesk",
        subdomain="acme",
        email="agent@acme.test",
        api_token=SecretStr("zd-token"),
        webhook_secret=SecretStr("zd-signing-secret"),
    )


@pytest.fixture
def gorgias_settings() -> HelpdeskSettings:
    """Gorgias with a REST API key on the acme domain."""
    return HelpdeskSettings(
        provider="gorgias",
        subdomain="acme",
        email="api@acme.test",
        api_token=SecretStr("gg-key"),
        webhook_secret=SecretStr("gg-shared-token"),
    )
