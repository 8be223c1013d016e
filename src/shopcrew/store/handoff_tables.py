"""Helpdesk handoff tables: the durable outbox of tickets and messages, and the inbound reply log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shopcrew.store.base import Base, utcnow


class HelpdeskOutboxRow(Base):
    """Something to send to the helpdesk, written in the same transaction as the handoff.

    `kind` is `create_ticket` (payload: the context packet) or `add_message` (payload: a note or a
    shopper message for the conversation's ticket). `dedupe_key` makes a second ticket for the same
    conversation impossible at the database level; `remote_ticket_id` is remembered once created.
    """

    __tablename__ = "helpdesk_outbox"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    provider: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(128))
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)  # pending | sent | dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    remote_ticket_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    remote_requester_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)


class HelpdeskInboundRow(Base):
    """A reply a helpdesk sent us, once per remote message id; `delivery` tracks the shopper's channel.

    `status` is `appended` (stored as a message of the conversation) or `rejected` (kept with the
    reason, e.g. the conversation was closed, so a person can still reach the shopper another way).
    """

    __tablename__ = "helpdesk_inbound"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    provider: Mapped[str] = mapped_column(String(16))
    remote_message_id: Mapped[str] = mapped_column(String(64))
    remote_ticket_id: Mapped[str] = mapped_column(String(64))
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id"), nullable=True, index=True
    )
    channel: Mapped[str | None] = mapped_column(String(32), nullable=True)
    author: Mapped[str | None] = mapped_column(String(200), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    message_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    delivery: Mapped[str] = mapped_column(
        String(16), default="pending", index=True
    )  # pending | delivered | none
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(nullable=True)

    __table_args__ = (
        UniqueConstraint("provider", "remote_message_id", name="uq_helpdesk_inbound_provider_message"),
    )
