"""The helpdesk outbox: tickets and messages written with the handoff, sent later with retries.

A handoff writes an outbox row in the same transaction that changes the conversation's owner, so
a helpdesk that is down loses nothing. `deliver_pending` sends what is due: each row is claimed
first (its attempt counted and its next try scheduled, then committed), so a crash mid-call or a
second worker never sends it twice at once, and a create that may have reached the helpdesk is
looked up by external_id before it is tried again. One ticket per conversation and helpdesk is
enforced by a unique key; a second handoff on the same conversation adds a note to that ticket.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from shopcrew.handoff.config import HelpdeskSettings
from shopcrew.handoff.packet import HandoffPacket, build_packet, render_ticket_text
from shopcrew.handoff.types import HelpdeskConnector, HelpdeskError, RemoteTicket, TicketMessage
from shopcrew.store.base import utcnow
from shopcrew.store.handoff_tables import HelpdeskOutboxRow

CREATE_TICKET = "create_ticket"
ADD_MESSAGE = "add_message"


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: base * 2^(attempt-1), capped at `max_s`, never sooner than Retry-After."""

    base_s: float = 30.0
    max_s: float = 3600.0
    max_attempts: int = 20

    @classmethod
    def from_settings(cls, settings: HelpdeskSettings) -> RetryPolicy:
        """The policy configured under SHOPCREW_HELPDESK__RETRY_*/MAX_ATTEMPTS."""
        return cls(
            base_s=settings.retry_base_s, max_s=settings.retry_max_s, max_attempts=settings.max_attempts
        )

    def delay_s(self, attempts: int, retry_after_s: float | None = None) -> float:
        """Seconds to wait after the `attempts`-th failed attempt."""
        backoff = min(self.max_s, self.base_s * 2.0 ** max(0, attempts - 1))
        return max(backoff, retry_after_s or 0.0)


@dataclass(frozen=True)
class DeliveryReport:
    """What one `deliver_pending` pass did."""

    sent: int = 0
    retrying: int = 0
    dead: int = 0
    waiting: int = 0


def ticket_key(provider: str, conversation_id: str) -> str:
    """The unique key of a conversation's ticket in one helpdesk."""
    return f"{provider}:ticket:{conversation_id}"


def queue_handoff(
    session: Session,
    conversation_id: str,
    reason: str,
    *,
    provider: str,
    now: datetime | None = None,
    packet: HandoffPacket | None = None,
) -> HelpdeskOutboxRow | None:
    """Queue a ticket carrying the conversation's context packet (None when no helpdesk is configured).

    Call it inside the transaction that hands the conversation to a person. A conversation that
    already has a ticket gets the new packet as an internal note on it instead of a second ticket;
    one whose ticket could not be created gets another try with the fresh packet. `packet` is one
    the caller already built for this handoff (else it is built here).
    """
    if provider == "none":
        return None
    at = now or utcnow()
    packet = packet or build_packet(session, conversation_id, reason, now=at)
    key = ticket_key(provider, conversation_id)
    existing = session.scalar(select(HelpdeskOutboxRow).where(HelpdeskOutboxRow.dedupe_key == key))
    if existing is not None and existing.status == "dead":
        existing.payload = {"packet": packet.model_dump(mode="json")}
        _rearm(existing, at)
        session.flush()
        return existing
    if existing is None:
        payload: dict[str, Any] = {"packet": packet.model_dump(mode="json")}
        row = _row(provider, CREATE_TICKET, conversation_id, key, payload, at)
    else:
        payload = {"kind": "note", "text": f"Handed off again: {reason}\n\n{render_ticket_text(packet)}"}
        row = _row(
            provider, ADD_MESSAGE, conversation_id, _message_key(provider, conversation_id), payload, at
        )
    session.add(row)
    session.flush()
    return row


def retry_dead(session: Session, conversation_id: str, *, now: datetime | None = None) -> int:
    """Give a conversation's rows that gave up a fresh set of attempts (after fixing credentials, say).

    Returns how many rows were re-queued.
    """
    rows = [r for r in outbox_rows(session, conversation_id) if r.status == "dead"]
    for row in rows:
        _rearm(row, now or utcnow())
    session.flush()
    return len(rows)


def _rearm(row: HelpdeskOutboxRow, at: datetime) -> None:
    # last_error stays until the next attempt, so staff still see why it failed before.
    row.status, row.attempts, row.next_attempt_at = "pending", 0, at


def queue_shopper_message(
    session: Session,
    conversation_id: str,
    text: str,
    *,
    provider: str,
    message_seq: int | None = None,
    shopper_name: str | None = None,
    shopper_email: str | None = None,
    now: datetime | None = None,
) -> HelpdeskOutboxRow | None:
    """Queue a shopper's message for the conversation's ticket; None when it has no ticket.

    Pass the message's `message_seq` so queueing the same message twice is a no-op.
    """
    if provider == "none":
        return None
    if (
        session.scalar(
            select(HelpdeskOutboxRow.id).where(
                HelpdeskOutboxRow.dedupe_key == ticket_key(provider, conversation_id)
            )
        )
        is None
    ):
        return None
    key = _message_key(provider, conversation_id, message_seq)
    if message_seq is not None and session.scalar(
        select(HelpdeskOutboxRow.id).where(HelpdeskOutboxRow.dedupe_key == key)
    ):
        return None
    payload = {"kind": "shopper", "text": text, "shopper_name": shopper_name, "shopper_email": shopper_email}
    row = _row(provider, ADD_MESSAGE, conversation_id, key, payload, now or utcnow())
    session.add(row)
    session.flush()
    return row


def queue_ticket_note(
    session: Session, conversation_id: str, text: str, *, provider: str, now: datetime | None = None
) -> HelpdeskOutboxRow | None:
    """Queue an internal note for the conversation's ticket (what staff did in the console); None without one.

    A note, not a public comment: the helpdesk mails nobody and its webhook does not echo it back.
    """
    if provider == "none" or (
        session.scalar(
            select(HelpdeskOutboxRow.id).where(
                HelpdeskOutboxRow.dedupe_key == ticket_key(provider, conversation_id)
            )
        )
        is None
    ):
        return None
    payload = {"kind": "note", "text": text}
    row = _row(
        provider,
        ADD_MESSAGE,
        conversation_id,
        _message_key(provider, conversation_id),
        payload,
        now or utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def _message_key(provider: str, conversation_id: str, seq: int | None = None) -> str:
    suffix = str(seq) if seq is not None else uuid.uuid4().hex
    return f"{provider}:message:{conversation_id}:{suffix}"


def _row(
    provider: str, kind: str, conversation_id: str, key: str, payload: dict[str, Any], at: datetime
) -> HelpdeskOutboxRow:
    return HelpdeskOutboxRow(
        provider=provider,
        kind=kind,
        conversation_id=conversation_id,
        external_id=conversation_id,
        dedupe_key=key,
        payload=payload,
        status="pending",
        attempts=0,
        next_attempt_at=at,
        created_at=at,
    )


async def deliver_pending(
    sessions: sessionmaker[Session],
    connector: HelpdeskConnector,
    *,
    policy: RetryPolicy | None = None,
    clock: Callable[[], datetime] = utcnow,
    limit: int = 50,
) -> DeliveryReport:
    """Send every due outbox row of this connector's helpdesk, oldest first; never raises for a vendor error."""
    policy = policy or RetryPolicy()
    now = clock()
    with sessions() as session:
        due = list(
            session.scalars(
                select(HelpdeskOutboxRow.id)
                .where(
                    HelpdeskOutboxRow.provider == connector.provider,
                    HelpdeskOutboxRow.status == "pending",
                    HelpdeskOutboxRow.next_attempt_at <= now,
                )
                .order_by(HelpdeskOutboxRow.id)
                .limit(limit)
            )
        )
    counts = {"sent": 0, "retrying": 0, "dead": 0, "waiting": 0}
    for row_id in due:
        outcome = await _deliver_one(sessions, connector, row_id, policy, now)
        if outcome:
            counts[outcome] += 1
    return DeliveryReport(**counts)


async def _deliver_one(
    sessions: sessionmaker[Session],
    connector: HelpdeskConnector,
    row_id: int,
    policy: RetryPolicy,
    now: datetime,
) -> str | None:
    with sessions() as session:
        row = session.scalars(
            select(HelpdeskOutboxRow)
            .where(HelpdeskOutboxRow.id == row_id, HelpdeskOutboxRow.status == "pending")
            .with_for_update(skip_locked=True)
        ).first()
        if row is None or row.next_attempt_at > now:
            return None  # another worker has it, or it was sent meanwhile
        ticket: RemoteTicket | None = None
        if row.kind == ADD_MESSAGE:
            parent = session.scalar(
                select(HelpdeskOutboxRow).where(
                    HelpdeskOutboxRow.dedupe_key == ticket_key(row.provider, row.conversation_id)
                )
            )
            if parent is None or parent.status == "dead":
                row.status, row.last_error = "dead", "the conversation's ticket could not be created"
                session.commit()
                return "dead"
            if parent.status != "sent" or parent.remote_ticket_id is None:
                # The ticket is not there yet: wait for it without spending an attempt.
                row.next_attempt_at = max(parent.next_attempt_at, now + timedelta(seconds=1))
                session.commit()
                return "waiting"
            ticket = RemoteTicket(row.provider, parent.remote_ticket_id, parent.remote_requester_id)
        # Claim: count the attempt and schedule the next one before calling out, so a crash or a
        # concurrent worker cannot send this row again before that time.
        row.attempts += 1
        row.next_attempt_at = now + timedelta(seconds=policy.delay_s(row.attempts))
        session.commit()
        try:
            result = await _send(connector, row, ticket)
        except HelpdeskError as error:
            row.last_error = error.message
            if not error.retryable or row.attempts >= policy.max_attempts:
                row.status = "dead"
            else:
                row.next_attempt_at = now + timedelta(
                    seconds=policy.delay_s(row.attempts, error.retry_after_s)
                )
            session.commit()
            return "dead" if row.status == "dead" else "retrying"
        except (ValidationError, KeyError, TypeError) as error:
            row.status, row.last_error = "dead", f"unreadable outbox payload: {error}"
            session.commit()
            return "dead"
        if result is not None:
            row.remote_ticket_id, row.remote_requester_id = result.ticket_id, result.requester_id
        row.status, row.sent_at, row.last_error = "sent", now, None
        session.commit()
        return "sent"


async def _send(
    connector: HelpdeskConnector, row: HelpdeskOutboxRow, ticket: RemoteTicket | None
) -> RemoteTicket | None:
    if row.kind == CREATE_TICKET:
        # A retried create may already have reached the helpdesk (a timeout after it stored the
        # ticket, or a crash before we recorded it): look it up before creating again.
        if row.attempts > 1 or row.last_error:
            found = await connector.find_ticket(row.external_id)
            if found is not None:
                return found
        return await connector.create_ticket(HandoffPacket.model_validate(row.payload["packet"]))
    assert ticket is not None
    payload = row.payload
    message = TicketMessage(
        kind="shopper" if payload.get("kind") == "shopper" else "note",
        text=str(payload["text"]),
        shopper_name=payload.get("shopper_name"),
        shopper_email=payload.get("shopper_email"),
    )
    await connector.add_message(ticket, message)
    return None


def outbox_rows(session: Session, conversation_id: str) -> list[HelpdeskOutboxRow]:
    """A conversation's outbox rows, oldest first (for staff views and tests)."""
    return list(
        session.scalars(
            select(HelpdeskOutboxRow)
            .where(HelpdeskOutboxRow.conversation_id == conversation_id)
            .order_by(HelpdeskOutboxRow.id)
        )
    )
