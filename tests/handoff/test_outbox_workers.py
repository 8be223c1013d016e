"""Two workers draining the same outbox (two API replicas) still open one ticket, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker
from tests.handoff.helpdesk_fakes import Clock, fixture_json

from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.handoff.outbox import RetryPolicy, deliver_pending, outbox_rows, queue_handoff
from shopcrew.handoff.zendesk import ZendeskConnector
from shopcrew.orchestrator.memory import append_message, create_conversation
from shopcrew.store.database import create_store_engine, migrate, session_factory


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sessionmaker[Session]]:
    """An empty store migrated to head, on each backend (PostgreSQL skips when unreachable)."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('outbox') / 'store.db'}"
    engine = create_store_engine(url)
    migrate(engine)
    yield session_factory(engine)
    engine.dispose()


async def test_two_workers_open_one_ticket(
    any_store: sessionmaker[Session], zendesk_settings: HelpdeskSettings
) -> None:
    clock = Clock()
    with any_store() as session:
        conversation = create_conversation(session, "web", f"c_{uuid.uuid4().hex}")
        append_message(session, conversation.id, "shopper", "I want to talk to a person")
        queue_handoff(session, conversation.id, "shopper asked for a person", provider="zendesk", now=clock())
        session.commit()
    posts: list[str] = []

    async def slow_helpdesk(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            posts.append(json.loads(request.content)["ticket"]["external_id"])
        await asyncio.sleep(0.05)  # both workers are in flight at once
        return httpx.Response(201, json=fixture_json("zendesk_ticket_created.json"))

    async with httpx.AsyncClient(transport=httpx.MockTransport(slow_helpdesk)) as http:
        connector = ZendeskConnector(zendesk_settings, http)
        reports = await asyncio.gather(
            *(deliver_pending(any_store, connector, policy=RetryPolicy(), clock=clock) for _ in range(2))
        )
    assert posts == [conversation.id]
    assert sorted(r.sent for r in reports) == [0, 1]
    with any_store() as session:
        [row] = outbox_rows(session, conversation.id)
    assert (row.status, row.attempts, row.remote_ticket_id) == ("sent", 1, "35436")
