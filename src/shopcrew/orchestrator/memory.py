"""Conversation memory in the store: conversations, messages and turn traces survive restarts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shopcrew.domain.conversations import ConversationView, MessageView
from shopcrew.domain.messages import InputError
from shopcrew.orchestrator.state import ConversationState
from shopcrew.store.base import utcnow
from shopcrew.store.commerce_tables import CustomerRow
from shopcrew.store.conversation_tables import ConversationRow, MessageRow, TurnRow


@dataclass
class StoredConversation:
    """A conversation loaded for a turn: its row and its parsed state."""

    row: ConversationRow
    state: ConversationState

    @property
    def id(self) -> str:
        """The conversation id."""
        return self.row.id


def new_conversation_id() -> str:
    """A fresh, unguessable conversation id."""
    return "c_" + uuid.uuid4().hex


def create_conversation(
    session: Session, channel: str, conversation_id: str | None = None
) -> StoredConversation:
    """Start a conversation owned by support."""
    now = utcnow()
    state = ConversationState()
    row = ConversationRow(
        id=conversation_id or new_conversation_id(),
        channel=channel,
        owner=state.owner,
        state=state.model_dump(mode="json"),
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return StoredConversation(row=row, state=state)


def load_conversation(session: Session, conversation_id: str, *, lock: bool = False) -> StoredConversation:
    """Load a conversation or raise `conversation_not_found`; `lock` takes a row lock where the database has them."""
    row = session.get(ConversationRow, conversation_id, with_for_update=lock, populate_existing=lock)
    if row is None:
        raise InputError("conversation_not_found", f"no conversation with id {conversation_id!r}", status=404)
    return StoredConversation(row=row, state=ConversationState.model_validate(row.state or {}))


def next_message_seq(session: Session, conversation_id: str) -> int:
    """The sequence number the next message of a conversation gets."""
    current = session.scalar(
        select(func.max(MessageRow.seq)).where(MessageRow.conversation_id == conversation_id)
    )
    return (current or 0) + 1


def append_message(
    session: Session,
    conversation_id: str,
    role: str,
    text: str,
    *,
    agent: str | None = None,
    images: list[dict[str, Any]] | None = None,
) -> MessageRow:
    """Store a message at the end of the conversation."""
    row = MessageRow(
        conversation_id=conversation_id,
        seq=next_message_seq(session, conversation_id),
        role=role,
        agent=agent,
        text=text,
        images=images or [],
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def recent_messages(session: Session, conversation_id: str, *, limit: int = 12) -> list[MessageRow]:
    """The last messages of a conversation, oldest first."""
    rows = session.scalars(
        select(MessageRow)
        .where(MessageRow.conversation_id == conversation_id)
        .order_by(MessageRow.seq.desc())
        .limit(limit)
    )
    return list(reversed(list(rows)))


def conversation_messages(
    session: Session, conversation_id: str, *, after: int = 0, limit: int | None = None
) -> list[MessageRow]:
    """A conversation's messages with `seq` above `after` (all by default), oldest first, at most `limit`."""
    query = (
        select(MessageRow)
        .where(MessageRow.conversation_id == conversation_id, MessageRow.seq > after)
        .order_by(MessageRow.seq)
    )
    return list(session.scalars(query if limit is None else query.limit(limit)))


def conversation_turns(session: Session, conversation_id: str) -> list[TurnRow]:
    """A conversation's saved turns (with their traces), oldest first."""
    return list(
        session.scalars(
            select(TurnRow).where(TurnRow.conversation_id == conversation_id).order_by(TurnRow.seq)
        )
    )


def save_turn(
    session: Session,
    conversation: StoredConversation,
    trace: dict[str, Any],
    *,
    latency_ms: float,
    cost_usd: float,
) -> None:
    """Persist the state and the turn's trace."""
    conversation.row.turn_count += 1
    conversation.row.owner = conversation.state.owner
    conversation.row.awaiting_slot = conversation.state.awaiting_slot
    customer_id = conversation.state.customer_id
    # The column points at the embedded store's customers; a shopper of an external order system
    # (a Shopify customer id) is known by the conversation state alone.
    local = customer_id is not None and session.get(CustomerRow, customer_id) is not None
    conversation.row.customer_id = customer_id if local else None
    conversation.row.state = conversation.state.model_dump(mode="json")
    conversation.row.updated_at = utcnow()
    session.add(
        TurnRow(
            conversation_id=conversation.id,
            seq=conversation.row.turn_count,
            trace=trace,
            latency_ms=latency_ms,
            cost_usd=cost_usd,
            created_at=utcnow(),
        )
    )
    session.flush()


def message_view(row: MessageRow) -> MessageView:
    """One stored message as the API shows it (its images counted, not inlined)."""
    return MessageView(
        seq=row.seq,
        role=row.role,
        text=row.text,
        agent=row.agent,
        created_at=row.created_at,
        images=len(row.images or []),
    )


def conversation_view(session: Session, conversation_id: str) -> ConversationView:
    """A conversation with its messages and turn traces, for the API."""
    stored = load_conversation(session, conversation_id)
    messages = conversation_messages(session, conversation_id)
    turns = conversation_turns(session, conversation_id)
    row = stored.row
    return ConversationView(
        id=row.id,
        channel=row.channel,
        owner=row.owner,
        awaiting_slot=row.awaiting_slot,
        status=row.status,
        customer_id=row.customer_id,
        verified=stored.state.verified,
        created_at=row.created_at,
        updated_at=row.updated_at,
        messages=tuple(message_view(m) for m in messages),
        turns=tuple(dict(t.trace, seq=t.seq, latency_ms=t.latency_ms, cost_usd=t.cost_usd) for t in turns),
    )
