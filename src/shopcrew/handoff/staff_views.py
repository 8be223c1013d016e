"""What the staff console reads: the queue of handed-off conversations and one conversation in full."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopcrew.commerce.order_system import OrderSystem
from shopcrew.handoff.outbox import outbox_rows
from shopcrew.handoff.ownership import CLOSED, HUMAN
from shopcrew.handoff.packet import HandoffPacket, build_packet
from shopcrew.orchestrator.memory import conversation_messages, conversation_turns, load_conversation
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
    """Conversations a person owns or should, not closed: the longest-waiting shopper first.

    Four queries whatever the queue's length: conversations, their escalation turns, their
    shopper and staff messages, their customers.
    """
    rows = list(
        session.scalars(
            select(ConversationRow)
            .where(ConversationRow.owner == HUMAN, ConversationRow.status != CLOSED)
            .order_by(ConversationRow.updated_at)
            .limit(QUEUE_LIMIT)
        )
    )
    if not rows:
        return []
    ids = [row.id for row in rows]
    states = {row.id: ConversationState.model_validate(row.state or {}) for row in rows}
    escalated = _escalation_times(session, ids)
    messages: dict[str, list[_Said]] = {}
    for said in session.execute(
        select(
            MessageRow.conversation_id,
            MessageRow.seq,
            MessageRow.role,
            MessageRow.created_at,
            MessageRow.text,
        )
        .where(MessageRow.conversation_id.in_(ids), MessageRow.role.in_(("shopper", HUMAN)))
        .order_by(MessageRow.conversation_id, MessageRow.seq)
    ):
        messages.setdefault(said.conversation_id, []).append(
            _Said(said.seq, said.role, said.created_at, said.text)
        )
    customer_ids = {s.customer_id for s in states.values() if s.customer_id is not None}
    customers = {
        c.id: c for c in session.scalars(select(CustomerRow).where(CustomerRow.id.in_(customer_ids)))
    }
    items = [
        _queue_item(row, states[row.id], escalated.get(row.id), messages.get(row.id, []), customers, now)
        for row in rows
    ]
    never = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(items, key=lambda i: (i.waiting_since or never, i.handed_off_at or never))


@dataclass(frozen=True)
class _Said:
    seq: int
    role: str
    at: datetime
    text: str


def _queue_item(
    row: ConversationRow,
    state: ConversationState,
    escalated_at: datetime | None,
    messages: list[_Said],
    customers: dict[int, CustomerRow],
    now: datetime,
) -> QueueItem:
    start = handoff_start(state)
    # A take-over from the console is stamped by the desk on the wall clock, like messages; an
    # escalation's owner change is on the store's clock (which SHOPCREW_DEMO_TODAY shifts), so
    # the time of its turn is used instead.
    if start is None:
        since = row.updated_at
    elif start.staff is None and escalated_at is not None:
        since = escalated_at
    else:
        since = start.at
    recent = [m for m in messages if m.at >= since]
    last_shopper = next((m for m in reversed(recent) if m.role == "shopper"), None)
    answered = [m for m in recent if m.role == HUMAN]
    if not answered:
        waiting_since: datetime | None = since
    else:
        unanswered = [m for m in recent if m.role == "shopper" and m.seq > answered[-1].seq]
        waiting_since = unanswered[0].at if unanswered else None
    name, verified = _customer_label(state, customers.get(state.customer_id or -1))
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


def _escalation_times(session: Session, ids: list[str]) -> dict[str, datetime]:
    """When each conversation's latest turn that handed it to a person was saved (wall clock)."""
    times: dict[str, datetime] = {}
    turns = session.execute(
        select(
            TurnRow.conversation_id,
            TurnRow.created_at,
            TurnRow.trace["owner_before"].as_string().label("before"),
            TurnRow.trace["owner_after"].as_string().label("after"),
        )
        .where(TurnRow.conversation_id.in_(ids))
        .order_by(TurnRow.conversation_id, TurnRow.seq)
    )
    for turn in turns:
        if turn.after == HUMAN and turn.before != HUMAN:
            times[turn.conversation_id] = turn.created_at
    return times


def _customer_label(state: ConversationState, row: CustomerRow | None) -> tuple[str, bool]:
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
    messages = conversation_messages(session, row.id)
    turns = conversation_turns(session, row.id)
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
    customer = session.get(CustomerRow, state.customer_id) if state.customer_id is not None else None
    name, verified = _customer_label(state, customer)
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
