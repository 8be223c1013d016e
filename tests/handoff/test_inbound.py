"""Replies from the helpdesk reach the conversation once, and never a closed or foreign one."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from tests.handoff.helpdesk_fakes import Clock, SeededConversation

from shopcrew.handoff.inbound import mark_reply_delivered, pending_shopper_replies, record_helpdesk_reply
from shopcrew.handoff.outbox import queue_handoff
from shopcrew.handoff.types import HelpdeskReply
from shopcrew.orchestrator.memory import conversation_view
from shopcrew.store.conversation_tables import ConversationRow
from shopcrew.store.handoff_tables import HelpdeskInboundRow, HelpdeskOutboxRow

REPLY = HelpdeskReply(
    provider="zendesk",
    remote_ticket_id="35436",
    remote_message_id="10001",
    external_id=None,
    text="Hi, I'm Sam. I've refunded the shipping.",
    author="Sam Rivera",
    public=True,
    from_staff=True,
)


def ticket_opened(
    sessions: sessionmaker[Session], conversation_id: str, clock: Clock, ticket_id: str = "35436"
) -> None:
    """The state after the outbox created the ticket."""
    with sessions() as session:
        row = queue_handoff(
            session, conversation_id, "shopper asked for a person", provider="zendesk", now=clock()
        )
        assert row is not None
        row.status, row.remote_ticket_id = "sent", ticket_id
        session.commit()


def human_messages(sessions: sessionmaker[Session], conversation_id: str) -> list[str]:
    with sessions() as session:
        return [m.text for m in conversation_view(session, conversation_id).messages if m.role == "human"]


def test_a_reply_is_appended_once_even_when_delivered_twice(
    sessions: sessionmaker[Session], seeded: SeededConversation, clock: Clock
) -> None:
    ticket_opened(sessions, seeded.id, clock)
    outcomes = []
    for _ in range(2):
        with sessions() as session:
            outcomes.append(record_helpdesk_reply(session, REPLY, now=clock()))
            session.commit()
    assert [o.status for o in outcomes] == ["appended", "duplicate"]
    assert outcomes[0].message_seq == outcomes[1].message_seq == 13
    assert human_messages(sessions, seeded.id) == [REPLY.text]


def test_the_reply_waits_for_the_shoppers_channel_until_delivered(
    sessions: sessionmaker[Session], seeded: SeededConversation, clock: Clock
) -> None:
    ticket_opened(sessions, seeded.id, clock)
    with sessions() as session:
        record_helpdesk_reply(session, REPLY, now=clock())
        session.commit()
        [pending] = pending_shopper_replies(session, "web")
        assert (pending.conversation_id, pending.author, pending.text) == (
            seeded.id,
            "Sam Rivera",
            REPLY.text,
        )
        assert pending_shopper_replies(session, "whatsapp") == []
        assert mark_reply_delivered(session, pending.id, now=clock())
        assert not mark_reply_delivered(session, pending.id, now=clock())
        session.commit()
        assert pending_shopper_replies(session) == []


def test_a_reply_to_a_closed_conversation_is_refused_but_kept(
    sessions: sessionmaker[Session], seeded: SeededConversation, clock: Clock
) -> None:
    ticket_opened(sessions, seeded.id, clock)
    with sessions() as session:
        conversation = session.get(ConversationRow, seeded.id)
        assert conversation is not None
        conversation.status = "closed"
        session.commit()
    for _ in range(2):
        with sessions() as session:
            outcome = record_helpdesk_reply(session, REPLY, now=clock())
            session.commit()
        assert (outcome.status, outcome.code) == ("rejected", "conversation_closed")
        assert "is closed" in outcome.detail
    assert human_messages(sessions, seeded.id) == []
    with sessions() as session:
        kept = session.scalars(select(HelpdeskInboundRow)).one()
        assert (kept.status, kept.text, kept.delivery) == ("rejected", REPLY.text, "none")


def test_notes_and_tickets_shopcrew_did_not_open_are_ignored(
    sessions: sessionmaker[Session], seeded: SeededConversation, clock: Clock
) -> None:
    ticket_opened(sessions, seeded.id, clock)
    with sessions() as session:
        note = record_helpdesk_reply(session, replace(REPLY, public=False), now=clock())
        foreign = record_helpdesk_reply(
            session,
            replace(REPLY, remote_ticket_id="999", remote_message_id="2", external_id=None),
            now=clock(),
        )
        # An external_id naming our conversation on someone else's ticket does not open a way in.
        spoofed = record_helpdesk_reply(
            session,
            replace(REPLY, provider="gorgias", remote_message_id="3", external_id=seeded.id),
            now=clock(),
        )
        session.commit()
    assert [o.status for o in (note, foreign, spoofed)] == ["ignored", "ignored", "ignored"]
    assert human_messages(sessions, seeded.id) == []


def test_a_reply_arriving_before_the_ticket_id_was_recorded_finds_its_conversation(
    sessions: sessionmaker[Session], seeded: SeededConversation, clock: Clock
) -> None:
    with sessions() as session:
        queue_handoff(session, seeded.id, "shopper asked for a person", provider="zendesk", now=clock())
        session.commit()
        assert session.scalar(select(HelpdeskOutboxRow.remote_ticket_id)) is None
    with sessions() as session:
        outcome = record_helpdesk_reply(session, replace(REPLY, external_id=seeded.id), now=clock())
        session.commit()
    assert outcome.status == "appended" and outcome.conversation_id == seeded.id
