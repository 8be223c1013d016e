"""The outbox: a helpdesk that is down or slow loses nothing and never gets two tickets."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from tests.handoff.helpdesk_fakes import Clock, FakeHelpdesk, SeededConversation, fixture_json, timeout

from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.handoff.gorgias import GorgiasConnector
from shopcrew.handoff.outbox import (
    RetryPolicy,
    deliver_pending,
    outbox_rows,
    queue_handoff,
    queue_shopper_message,
    retry_dead,
)
from shopcrew.handoff.zendesk import ZendeskConnector
from shopcrew.store.conversation_tables import ConversationRow
from shopcrew.store.handoff_tables import HelpdeskOutboxRow

REASON = "shopper asked for a person"
POLICY = RetryPolicy(base_s=30, max_s=600, max_attempts=5)


def created() -> httpx.Response:
    return httpx.Response(201, json=fixture_json("zendesk_ticket_created.json"))


def queue(
    sessions: sessionmaker[Session], conversation_id: str, clock: Clock, provider: str = "zendesk"
) -> None:
    with sessions() as session:
        queue_handoff(session, conversation_id, REASON, provider=provider, now=clock())
        session.commit()


def rows(sessions: sessionmaker[Session], conversation_id: str) -> list[HelpdeskOutboxRow]:
    with sessions() as session:
        return outbox_rows(session, conversation_id)


async def test_a_handoff_becomes_one_ticket_and_its_id_is_remembered(
    sessions: sessionmaker[Session],
    seeded: SeededConversation,
    zendesk_settings: HelpdeskSettings,
    clock: Clock,
) -> None:
    queue(sessions, seeded.id, clock)
    fake = FakeHelpdesk([created()])
    async with fake.client() as http:
        connector = ZendeskConnector(zendesk_settings, http)
        first = await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
        clock.advance(3600)
        again = await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
    assert (first.sent, again.sent) == (1, 0)
    assert fake.count("POST", "/tickets.json") == 1
    [row] = rows(sessions, seeded.id)
    assert (row.status, row.remote_ticket_id, row.remote_requester_id, row.attempts) == (
        "sent",
        "35436",
        "20978392",
        1,
    )
    body = json.loads(fake.requests[0].content)["ticket"]
    assert body["requester"]["email"] == seeded.customer_email
    assert f"#{seeded.order_number}: {seeded.order_status}" in body["comment"]["body"]


async def test_a_helpdesk_that_is_down_gets_the_ticket_later_and_only_once(
    sessions: sessionmaker[Session],
    seeded: SeededConversation,
    zendesk_settings: HelpdeskSettings,
    clock: Clock,
) -> None:
    queue(sessions, seeded.id, clock)
    lookup_empty = httpx.Response(200, json={"tickets": [], "count": 0})
    fake = FakeHelpdesk([httpx.Response(503, text="Service Unavailable"), lookup_empty, created()])
    async with fake.client() as http:
        connector = ZendeskConnector(zendesk_settings, http)
        down = await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
        [row] = rows(sessions, seeded.id)
        assert (down.retrying, row.status, row.attempts) == (1, "pending", 1)
        assert row.next_attempt_at == clock() + timedelta(seconds=30) and "HTTP 503" in (row.last_error or "")
        clock.advance(10)
        too_early = await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
        assert too_early == type(too_early)() and len(fake.requests) == 1
        clock.advance(20)
        back = await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
    assert back.sent == 1
    assert [(r.method, r.url.path) for r in fake.requests] == [
        ("POST", "/api/v2/tickets.json"),
        ("GET", "/api/v2/tickets.json"),  # did the failed create land after all? no
        ("POST", "/api/v2/tickets.json"),
    ]
    [row] = rows(sessions, seeded.id)
    assert (row.status, row.remote_ticket_id, row.last_error) == ("sent", "35436", None)


async def test_a_rate_limit_waits_as_long_as_the_helpdesk_asks(
    sessions: sessionmaker[Session],
    seeded: SeededConversation,
    zendesk_settings: HelpdeskSettings,
    clock: Clock,
) -> None:
    queue(sessions, seeded.id, clock)
    fake = FakeHelpdesk([httpx.Response(429, headers={"Retry-After": "120"})])
    async with fake.client() as http:
        await deliver_pending(sessions, ZendeskConnector(zendesk_settings, http), policy=POLICY, clock=clock)
    [row] = rows(sessions, seeded.id)
    assert row.status == "pending" and row.next_attempt_at == clock() + timedelta(seconds=120)


async def test_a_create_that_timed_out_but_landed_is_not_created_twice(
    sessions: sessionmaker[Session],
    seeded: SeededConversation,
    zendesk_settings: HelpdeskSettings,
    clock: Clock,
) -> None:
    queue(sessions, seeded.id, clock)
    found = httpx.Response(200, json=fixture_json("zendesk_tickets_by_external_id.json"))
    fake = FakeHelpdesk([timeout, found])
    async with fake.client() as http:
        connector = ZendeskConnector(zendesk_settings, http)
        await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
        clock.advance(60)
        report = await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
    assert report.sent == 1 and fake.count("POST", "/tickets.json") == 1
    assert fake.requests[1].url.params["external_id"] == seeded.id
    [row] = rows(sessions, seeded.id)
    assert (row.status, row.remote_ticket_id) == ("sent", "35436")


async def test_backoff_doubles_and_gives_up_after_the_last_attempt(
    sessions: sessionmaker[Session],
    seeded: SeededConversation,
    gorgias_settings: HelpdeskSettings,
    clock: Clock,
) -> None:
    queue(sessions, seeded.id, clock, provider="gorgias")
    fake = FakeHelpdesk([httpx.Response(502, text="Bad Gateway") for _ in range(POLICY.max_attempts)])
    waits = []
    async with fake.client() as http:
        connector = GorgiasConnector(gorgias_settings, http)
        for _ in range(POLICY.max_attempts):
            await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
            [row] = rows(sessions, seeded.id)
            waits.append((row.next_attempt_at - clock()).total_seconds())
            clock.advance(3600)
    assert waits[:4] == [30, 60, 120, 240]
    assert (row.status, row.attempts) == ("dead", POLICY.max_attempts)
    assert "HTTP 502" in (row.last_error or "")


async def test_a_ticket_the_helpdesk_refuses_is_kept_with_the_reason(
    sessions: sessionmaker[Session],
    seeded: SeededConversation,
    zendesk_settings: HelpdeskSettings,
    clock: Clock,
) -> None:
    queue(sessions, seeded.id, clock)
    fake = FakeHelpdesk(
        [httpx.Response(422, json={"error": "RecordInvalid", "details": {"requester": "invalid"}})]
    )
    async with fake.client() as http:
        report = await deliver_pending(
            sessions, ZendeskConnector(zendesk_settings, http), policy=POLICY, clock=clock
        )
    [row] = rows(sessions, seeded.id)
    assert report.dead == 1 and row.status == "dead" and "RecordInvalid" in (row.last_error or "")
    assert row.payload["packet"]["conversation_id"] == seeded.id  # nothing is lost: the packet is still there


async def test_a_second_handoff_adds_a_note_to_the_same_ticket(
    sessions: sessionmaker[Session],
    seeded: SeededConversation,
    zendesk_settings: HelpdeskSettings,
    clock: Clock,
) -> None:
    queue(sessions, seeded.id, clock)
    fake = FakeHelpdesk([created(), httpx.Response(200, json=fixture_json("zendesk_ticket_created.json"))])
    async with fake.client() as http:
        connector = ZendeskConnector(zendesk_settings, http)
        await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
        clock.advance(600)
        queue(sessions, seeded.id, clock)
        await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
    assert fake.count("POST", "/tickets.json") == 1
    [update] = [r for r in fake.requests if r.method == "PUT"]
    assert update.url.path == "/api/v2/tickets/35436.json"
    comment = json.loads(update.content)["ticket"]["comment"]
    assert comment["public"] is False and comment["body"].startswith(f"Handed off again: {REASON}")


async def test_a_shopper_message_waits_for_the_ticket_then_follows_it(
    sessions: sessionmaker[Session],
    seeded: SeededConversation,
    zendesk_settings: HelpdeskSettings,
    clock: Clock,
) -> None:
    queue(sessions, seeded.id, clock)
    with sessions() as session:
        first = queue_shopper_message(
            session, seeded.id, "hello?", provider="zendesk", message_seq=13, now=clock()
        )
        again = queue_shopper_message(
            session, seeded.id, "hello?", provider="zendesk", message_seq=13, now=clock()
        )
        session.commit()
    assert first is not None and again is None
    fake = FakeHelpdesk([httpx.Response(503), created(), httpx.Response(200, json={})])
    async with fake.client() as http:
        connector = ZendeskConnector(zendesk_settings, http)
        report = await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
        assert (report.retrying, report.waiting) == (1, 1)
        clock.advance(30)
        # The lookup after the failed create finds nothing, then the ticket and the message go out.
        fake.script.insert(0, httpx.Response(200, json={"tickets": []}))
        await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
        clock.advance(1)
        await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
    ticket_row, message_row = rows(sessions, seeded.id)
    assert (ticket_row.status, message_row.status, message_row.attempts) == ("sent", "sent", 1)
    put = next(r for r in fake.requests if r.method == "PUT")
    assert json.loads(put.content)["ticket"]["comment"] == {
        "body": "hello?",
        "public": True,
        "author_id": 20978392,
    }


async def test_no_helpdesk_means_nothing_is_queued(
    sessions: sessionmaker[Session], seeded: SeededConversation
) -> None:
    with sessions() as session:
        assert queue_handoff(session, seeded.id, REASON, provider="none") is None
        assert queue_shopper_message(session, seeded.id, "hi", provider="zendesk") is None  # no ticket yet
        session.commit()
        assert session.scalar(select(func.count()).select_from(HelpdeskOutboxRow)) == 0


async def test_the_ticket_is_queued_in_the_handoffs_transaction(
    sessions: sessionmaker[Session], seeded: SeededConversation, clock: Clock
) -> None:
    # If the handoff fails and rolls back, no ticket is queued for a conversation nobody handed off.
    with sessions() as session:
        conversation = session.get(ConversationRow, seeded.id)
        assert conversation is not None
        conversation.owner = "support"
        queue_handoff(session, seeded.id, REASON, provider="zendesk", now=clock())
        session.rollback()
    assert rows(sessions, seeded.id) == []


async def test_a_ticket_that_gave_up_is_tried_again_on_the_next_handoff_or_on_request(
    sessions: sessionmaker[Session],
    seeded: SeededConversation,
    zendesk_settings: HelpdeskSettings,
    clock: Clock,
) -> None:
    queue(sessions, seeded.id, clock)
    no_ticket = httpx.Response(200, json={"tickets": []})
    fake = FakeHelpdesk([httpx.Response(401, text="Couldn't authenticate you")])
    async with fake.client() as http:
        connector = ZendeskConnector(zendesk_settings, http)
        await deliver_pending(sessions, connector, policy=RetryPolicy(max_attempts=1), clock=clock)
        [row] = rows(sessions, seeded.id)
        assert row.status == "dead" and "401" in (row.last_error or "")
        # The operator fixes the credentials; the next handoff re-arms the same row with a fresh packet.
        clock.advance(60)
        queue(sessions, seeded.id, clock)
        fake.script += [no_ticket, created()]
        report = await deliver_pending(sessions, connector, policy=POLICY, clock=clock)
    [row] = rows(sessions, seeded.id)
    assert report.sent == 1 and (row.status, row.remote_ticket_id) == ("sent", "35436")
    assert row.payload["packet"]["created_at"].startswith("2026-06-15T10:01")
    assert [r.method for r in fake.requests] == ["POST", "GET", "POST"]


async def test_retry_dead_requeues_what_gave_up(
    sessions: sessionmaker[Session],
    seeded: SeededConversation,
    zendesk_settings: HelpdeskSettings,
    clock: Clock,
) -> None:
    queue(sessions, seeded.id, clock)
    fake = FakeHelpdesk([httpx.Response(400, json={"error": "InvalidEndpoint"})])
    async with fake.client() as http:
        await deliver_pending(sessions, ZendeskConnector(zendesk_settings, http), policy=POLICY, clock=clock)
    with sessions() as session:
        assert retry_dead(session, seeded.id, now=clock()) == 1
        assert retry_dead(session, seeded.id, now=clock()) == 0
        session.commit()
    [row] = rows(sessions, seeded.id)
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 0, clock())
