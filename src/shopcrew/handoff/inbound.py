"""Replies from the helpdesk: appended to the conversation once, then delivered to the shopper's channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from shopcrew.handoff.outbox import CREATE_TICKET, ticket_key
from shopcrew.handoff.types import HelpdeskReply
from shopcrew.orchestrator.memory import append_message
from shopcrew.store.base import utcnow
from shopcrew.store.conversation_tables import ConversationRow
from shopcrew.store.handoff_tables import HelpdeskInboundRow, HelpdeskOutboxRow

HUMAN_ROLE = "human"
ReplyStatus = Literal["appended", "duplicate", "ignored", "rejected"]


@dataclass(frozen=True)
class ReplyOutcome:
    """What became of a helpdesk reply; `rejected` carries a code and a message for the sender."""

    status: ReplyStatus
    detail: str
    conversation_id: str | None = None
    message_seq: int | None = None
    code: str | None = None


@dataclass(frozen=True)
class ShopperReply:
    """A person's reply waiting to go out through the shopper's channel."""

    id: int
    conversation_id: str
    channel: str
    author: str | None
    text: str
    message_seq: int
    received_at: datetime


def record_helpdesk_reply(
    session: Session, reply: HelpdeskReply, *, now: datetime | None = None
) -> ReplyOutcome:
    """Append a verified helpdesk reply to its conversation as a message from a person, exactly once.

    Internal notes, the shopper's own messages and tickets shopcrew did not open are `ignored`; a
    message id seen before is a `duplicate` (same outcome as the first time). A reply to a closed
    conversation is `rejected` with code `conversation_closed` and kept, so it is not lost: the
    shopper can no longer be reached in that thread and staff must answer another way.
    """
    at = now or utcnow()
    if not reply.for_shopper:
        return ReplyOutcome(
            "ignored", "internal notes and the shopper's own messages are not sent to the shopper"
        )
    seen = session.scalar(
        select(HelpdeskInboundRow).where(
            HelpdeskInboundRow.provider == reply.provider,
            HelpdeskInboundRow.remote_message_id == reply.remote_message_id,
        )
    )
    if seen is not None:
        if seen.status == "rejected":
            return ReplyOutcome(
                "rejected", seen.reason or "", seen.conversation_id, None, "conversation_closed"
            )
        return ReplyOutcome(
            "duplicate", "this reply was already received", seen.conversation_id, seen.message_seq
        )
    conversation_id = _conversation_of(session, reply)
    if conversation_id is None:
        return ReplyOutcome(
            "ignored", f"{reply.provider} ticket {reply.remote_ticket_id} was not opened by shopcrew"
        )
    conversation = session.get(ConversationRow, conversation_id, with_for_update=True)
    assert conversation is not None  # the outbox row's foreign key guarantees it
    row = HelpdeskInboundRow(
        provider=reply.provider,
        remote_message_id=reply.remote_message_id,
        remote_ticket_id=reply.remote_ticket_id,
        conversation_id=conversation_id,
        channel=conversation.channel,
        author=reply.author[:200] if reply.author else None,
        text=reply.text,
        received_at=at,
    )
    if conversation.status == "closed":
        reason = (
            f"conversation {conversation_id} is closed, so this reply was not sent to the shopper; "
            "reach them another way (the reply is kept with the conversation)"
        )
        row.status, row.reason, row.delivery = "rejected", reason, "none"
        session.add(row)
        session.flush()
        return ReplyOutcome("rejected", reason, conversation_id, None, "conversation_closed")
    message = append_message(session, conversation_id, HUMAN_ROLE, reply.text.strip(), agent=HUMAN_ROLE)
    conversation.updated_at = at
    row.status, row.message_seq, row.delivery = "appended", message.seq, "pending"
    session.add(row)
    session.flush()
    return ReplyOutcome("appended", "the reply was added to the conversation", conversation_id, message.seq)


def _conversation_of(session: Session, reply: HelpdeskReply) -> str | None:
    """The conversation whose ticket this is: by the remote ticket id we stored, else by external_id.

    The external_id is trusted only for a conversation shopcrew opened a ticket for in this
    helpdesk, so a ticket someone created by hand cannot write into an arbitrary conversation.
    """
    conditions = [HelpdeskOutboxRow.remote_ticket_id == reply.remote_ticket_id]
    if reply.external_id:
        conditions.append(HelpdeskOutboxRow.dedupe_key == ticket_key(reply.provider, reply.external_id))
    row = session.scalar(
        select(HelpdeskOutboxRow)
        .where(
            HelpdeskOutboxRow.provider == reply.provider,
            HelpdeskOutboxRow.kind == CREATE_TICKET,
            or_(*conditions),
        )
        .order_by(HelpdeskOutboxRow.id)
        .limit(1)
    )
    return row.conversation_id if row is not None else None


def pending_shopper_replies(
    session: Session, channel: str | None = None, *, limit: int = 100
) -> list[ShopperReply]:
    """Replies not yet delivered to the shopper, oldest first (a channel adapter drains its own)."""
    query = select(HelpdeskInboundRow).where(HelpdeskInboundRow.delivery == "pending")
    if channel is not None:
        query = query.where(HelpdeskInboundRow.channel == channel)
    rows = session.scalars(query.order_by(HelpdeskInboundRow.id).limit(limit))
    return [
        ShopperReply(
            id=r.id,
            conversation_id=r.conversation_id or "",
            channel=r.channel or "",
            author=r.author,
            text=r.text,
            message_seq=r.message_seq or 0,
            received_at=r.received_at,
        )
        for r in rows
    ]


def mark_reply_delivered(session: Session, reply_id: int, *, now: datetime | None = None) -> bool:
    """Record that the shopper's channel delivered a reply; False when it was not pending."""
    row = session.get(HelpdeskInboundRow, reply_id)
    if row is None or row.delivery != "pending":
        return False
    row.delivery, row.delivered_at = "delivered", now or utcnow()
    session.flush()
    return True
