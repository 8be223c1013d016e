"""The relay drains the outbox in the background while the API runs."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy.orm import Session, sessionmaker
from tests.handoff.helpdesk_fakes import Clock, FakeHelpdesk, SeededConversation, fixture_json

from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.handoff.outbox import outbox_rows, queue_handoff
from shopcrew.handoff.relay import HelpdeskRelay, running_relay


async def test_a_queued_ticket_goes_out_in_the_background(
    sessions: sessionmaker[Session], seeded: SeededConversation, zendesk_settings: HelpdeskSettings
) -> None:
    with sessions() as session:
        queue_handoff(session, seeded.id, "shopper asked for a person", provider="zendesk")
        session.commit()
        engine = session.get_bind()
    settings = zendesk_settings.model_copy(update={"relay_interval_s": 0.01})
    fake = FakeHelpdesk([httpx.Response(201, json=fixture_json("zendesk_ticket_created.json"))])
    async with fake.client() as http, running_relay(engine, settings, http=http) as relay:  # type: ignore[arg-type]
        assert relay is not None
        for _ in range(200):
            with sessions() as session:
                if outbox_rows(session, seeded.id)[0].status == "sent":
                    break
            await asyncio.sleep(0.01)
    with sessions() as session:
        assert outbox_rows(session, seeded.id)[0].remote_ticket_id == "35436"
    assert len(fake.requests) == 1


async def test_no_helpdesk_no_relay(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        engine = session.get_bind()
    async with running_relay(engine, HelpdeskSettings()) as relay:  # type: ignore[arg-type]
        assert relay is None


async def test_drain_reports_what_it_did(
    sessions: sessionmaker[Session],
    seeded: SeededConversation,
    gorgias_settings: HelpdeskSettings,
    clock: Clock,
) -> None:
    with sessions() as session:
        queue_handoff(session, seeded.id, "frustrated shopper", provider="gorgias", now=clock())
        session.commit()
    fake = FakeHelpdesk([httpx.Response(503)])
    async with fake.client() as http:
        report = await HelpdeskRelay(sessions, gorgias_settings, http, clock=clock).drain()
    assert (report.sent, report.retrying) == (0, 1)
