"""What the staff console reads: the queue of handed-off conversations and one conversation in full."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopcrew.commerce.order_system import OrderSystem
from shopcrew.handoff.outbox import outbox_rows
from shopcrew.handoff.ownership import CLOSED, HUMAN
from shopcrew.handoff.packet import HandoffPacket, build_packet
from shopcrew.orchestrator.memory import load_conversation
from shopcrew.orchestrator.state import ConversationState, OwnerChange
from shopcrew.store.commerce_tables import CustomerRow
from shopcrew.store.conversation_tables import ConversationRow, MessageRow, TurnRow
from shopcrew.store.handoff_tables import HelpdeskInboundRow
from shopcrew.store.staff_tables import StaffActionRow, StaffNoteRow

QUEUE_LIMIT = 200


class QueueItem(BaseModel):
    """A handed-off conversation waiting for (or owned by) a person."""

    conversation_id: str
    channel: str
    assignee: str | None
    reason: str
    handed_off_at: datetime | None
    # Since when the shopper has been waiting for a person (None: a person answered last).
    waiting_since: datetime | None
    waiting_seconds: float | None
    customer: str
    verified: bool
    last_shopper_text: str | None


class ConsoleMessage(BaseModel):
    """A message of the transcript as staff see it."""

    seq: int
    role: str
    text: str
    agent: str | None
    at: datetime


class ConsoleNote(BaseModel):
    """An internal note (never shown to the shopper)."""

    id: int
    author: str
    text: str
    at: datetime


class StaffActionOut(BaseModel):
    """One entry of the conversation's staff action log."""

    staff: str
    action: str
    detail: str
    text: str | None
    at: datetime


class TicketRow(BaseModel):
    """An outbox row of the conversation's helpdesk ticket: did it reach the helpdesk?"""

    provider: str
    kind: str
    status: str
    attempts: int
    last_error: str | None
    remote_ticket_id: str | None


class ConsoleConversation(BaseModel):
    """One conversation in full: transcript, notes, context packet, traces, owner history, actions."""

    id: str
    channel: str
    status: str
    owner: str
    assignee: str | None
    customer: str
    verified: bool
    created_at: datetime
    updated_at: datetime
    messages: list[ConsoleMessage]
    notes: list[ConsoleNote]
    packet: HandoffPacket
    packet_is_live: bool
    turns: list[dict[str, Any]]
    owner_history: list[OwnerChange]
    actions: list[StaffActionOut]
    helpdesk: list[TicketRow]
    rejected_helpdesk_replies: list[str]


def handoff_start(state: ConversationState) -> OwnerChange | None:
    """The change that handed the thread to a person this time (the first of the current run of human owners)."""
    start: OwnerChange | None = None
    for change in reversed(state.owner_history):
        if change.owner != HUMAN:
            break
        start = change
    return start if state.owner == HUMAN else None


def handoff_queue(session: Session, *, now: datetime) -> list[QueueItem]:
    """Conversations a person owns or should, not closed: the longest-waiting shopper first."""
    rows = session.scalars(
        select(ConversationRow)
        .where(ConversationRow.owner == HUMAN, ConversationRow.status != CLOSED)
        .order_by(ConversationRow.updated_at)
        .limit(QUEUE_LIMIT)
    )
    items = [_queue_item(session, row, now) for row in rows]
    never = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(items, key=lambda i: (i.waiting_since or never, i.handed_off_at or never))


def _queue_item(session: Session, row: ConversationRow, now: datetime) -> QueueItem:
    state = ConversationState.model_validate(row.state or {})
    start = handoff_start(state)
    since = _handed_off_at(session, row.id, start) if start else row.updated_at
    messages = list(
        session.scalars(
            select(MessageRow)
            .where(
                MessageRow.conversation_id == row.id,
                MessageRow.role.in_(("shopper", HUMAN)),
                MessageRow.created_at >= since,
            )
            .order_by(MessageRow.seq)
        )
    )
    last_shopper = next((m for m in reversed(messages) if m.role == "shopper"), None)
    answered = [m for m in messages if m.role == HUMAN]
    if not answered:
        waiting_since: datetime | None = since
    else:
        unanswered = [m for m in messages if m.role == "shopper" and m.seq > answered[-1].seq]
        waiting_since = unanswered[0].created_at if unanswered else None
    name, verified = _customer_label(session, state)
    return QueueItem(
        conversation_id=row.id,
        channel=row.channel,
        assignee=state.assignee,
        reason=start.reason if start else "",
        handed_off_at=since if start else None,
        waiting_since=waiting_since,
        waiting_seconds=round((now - waiting_since).total_seconds(), 1) if waiting_since else None,
        customer=name,
        verified=verified,
        last_shopper_text=last_shopper.text[:200] if last_shopper else None,
    )


def _handed_off_at(session: Session, conversation_id: str, start: OwnerChange) -> datetime:
    """When the handoff happened, on the clock messages are stamped with (the wall clock).

    A take-over from the console is stamped by the desk on the wall clock; an escalation's owner
    change is on the store's clock (which SHOPCREW_DEMO_TODAY shifts), so its turn's time is used.
    """
    if start.staff is not None:
        return start.at
    recent = session.scalars(
        select(TurnRow)
        .where(TurnRow.conversation_id == conversation_id)
        .order_by(TurnRow.seq.desc())
        .limit(20)
    )
    for turn in recent:
        trace = turn.trace or {}
        if trace.get("owner_after") == HUMAN and trace.get("owner_before") != HUMAN:
            return turn.created_at
    return start.at


def _customer_label(session: Session, state: ConversationState) -> tuple[str, bool]:
    row = session.get(CustomerRow, state.customer_id) if state.customer_id is not None else None
    if row is not None:
        return f"{row.first_name} {row.last_name} <{row.email}>".strip(), state.verified
    if state.customer_id is not None:
        return f"customer {state.customer_id}", state.verified
    if state.claimed_email:
        return f"{state.claimed_email} (claimed, not verified)", False
    return "guest shopper", False


def console_conversation(
    session: Session, conversation_id: str, *, now: datetime, order_system: OrderSystem | None = None
) -> ConsoleConversation:
    """Everything staff need to pick the conversation up where the assistant left it (404 if unknown)."""
    stored = load_conversation(session, conversation_id)
    state, row = stored.state, stored.row
    messages = session.scalars(
        select(MessageRow).where(MessageRow.conversation_id == row.id).order_by(MessageRow.seq)
    )
    turns = list(
        session.scalars(select(TurnRow).where(TurnRow.conversation_id == row.id).order_by(TurnRow.seq))
    )
    stored_packet = next(
        (t.trace["handoff_packet"] for t in reversed(turns) if (t.trace or {}).get("handoff_packet")), None
    )
    if stored_packet is not None:
        packet, live = HandoffPacket.model_validate(stored_packet), False
    else:
        # No handoff yet (a live conversation staff opened by id): the packet as of now.
        start = handoff_start(state)
        reason = start.reason if start else "opened by staff from the console"
        packet, live = build_packet(session, row.id, reason, now=now, order_system=order_system), True
    notes = session.scalars(
        select(StaffNoteRow).where(StaffNoteRow.conversation_id == row.id).order_by(StaffNoteRow.id)
    )
    actions = session.scalars(
        select(StaffActionRow).where(StaffActionRow.conversation_id == row.id).order_by(StaffActionRow.id)
    )
    rejected = session.scalars(
        select(HelpdeskInboundRow.text).where(
            HelpdeskInboundRow.conversation_id == row.id, HelpdeskInboundRow.status == "rejected"
        )
    )
    name, verified = _customer_label(session, state)
    return ConsoleConversation(
        id=row.id,
        channel=row.channel,
        status=row.status,
        owner=row.owner,
        assignee=state.assignee,
        customer=name,
        verified=verified,
        created_at=row.created_at,
        updated_at=row.updated_at,
        messages=[
            ConsoleMessage(seq=m.seq, role=m.role, text=m.text, agent=m.agent, at=m.created_at)
            for m in messages
        ],
        notes=[ConsoleNote(id=n.id, author=n.author, text=n.text, at=n.created_at) for n in notes],
        packet=packet,
        packet_is_live=live,
        turns=[dict(t.trace or {}, seq=t.seq, latency_ms=t.latency_ms) for t in turns],
        owner_history=state.owner_history,
        actions=[
            StaffActionOut(staff=a.staff_name, action=a.action, detail=a.detail, text=a.text, at=a.at)
            for a in actions
        ],
        helpdesk=[
            TicketRow(
                provider=o.provider,
                kind=o.kind,
                status=o.status,
                attempts=o.attempts,
                last_error=o.last_error,
                remote_ticket_id=o.remote_ticket_id,
            )
            for o in outbox_rows(session, row.id)
        ],
        rejected_helpdesk_replies=list(rejected),
    )
