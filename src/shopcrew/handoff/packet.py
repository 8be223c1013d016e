"""The context packet a person receives with a handoff: who, what about, what was tried, what was said.

`build_packet` reads only what the store already holds (the conversation's state, messages and
turn traces), so a packet can be rebuilt at any time and says nothing a tool did not record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopcrew.commerce.actions import Actor
from shopcrew.commerce.order_system import OrderSystem, OrderSystemError
from shopcrew.domain.orders import Order
from shopcrew.orchestrator.memory import conversation_turns, load_conversation, recent_messages
from shopcrew.orchestrator.state import ConversationState
from shopcrew.store.base import utcnow
from shopcrew.store.catalog_tables import ProductRow
from shopcrew.store.commerce_tables import CustomerRow, OrderRow
from shopcrew.store.conversation_tables import TurnRow

TRANSCRIPT_MESSAGES = 10
_FROZEN = ConfigDict(frozen=True)


class PacketCustomer(BaseModel):
    """The shopper as far as the conversation knows them, and how sure it is."""

    model_config = _FROZEN

    id: int | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    verified: bool = False
    verified_by: str | None = None
    # An email the shopper typed but never proved; shown so staff can check it themselves.
    claimed_email: str | None = None


class PacketOrder(BaseModel):
    """An order the conversation referred to, with its state at handoff time."""

    model_config = _FROZEN

    number: int
    status: str
    total: str
    currency: str
    placed_on: str


class PacketProduct(BaseModel):
    """A product the conversation referred to."""

    model_config = _FROZEN

    id: int
    title: str


class PacketStep(BaseModel):
    """One thing the assistant tried in a turn, and what came of it."""

    model_config = _FROZEN

    turn: int
    agent: str
    intent: str
    result: str


class PacketMessage(BaseModel):
    """A line of the transcript."""

    model_config = _FROZEN

    seq: int
    role: str
    text: str
    at: datetime


class HandoffPacket(BaseModel):
    """Everything a person needs to pick the conversation up without asking the shopper again."""

    model_config = _FROZEN

    conversation_id: str
    channel: str
    reason: str
    created_at: datetime
    summary: str
    customer: PacketCustomer
    orders: tuple[PacketOrder, ...] = ()
    products: tuple[PacketProduct, ...] = ()
    tried: tuple[PacketStep, ...] = ()
    transcript: tuple[PacketMessage, ...] = ()
    turns: int = 0

    def subject(self) -> str:
        """A ticket subject a support agent can triage from the queue."""
        who = self.customer.name or self.customer.email or "Shopper"
        about = f" (order #{self.orders[-1].number})" if self.orders else ""
        return _clip(f"{who}{about}: {self.reason}", 150)

    def last_shopper_text(self) -> str | None:
        """What the shopper said last, in their own words."""
        for message in reversed(self.transcript):
            if message.role == "shopper":
                return message.text
        return None


def build_packet(
    session: Session,
    conversation_id: str,
    reason: str,
    *,
    now: datetime | None = None,
    order_system: OrderSystem | None = None,
) -> HandoffPacket:
    """Read the stored conversation and assemble its context packet (raises conversation_not_found).

    A customer or order that is not in the local tables (a Shopify shop) is read through
    `order_system` when given; a read that fails leaves it out rather than failing the handoff.
    """
    stored = load_conversation(session, conversation_id)
    state = stored.state
    customer = _customer(session, state)
    orders = _orders(session, state.orders_referenced)
    if order_system is not None:
        customer, orders = _through_port(order_system, state, customer, orders, stored.row.channel)
    products = _products(session, state.products_referenced)
    traces = conversation_turns(session, conversation_id)
    tried = tuple(step for row in traces for step in _steps(row.seq, row.trace or {}))
    transcript = tuple(
        PacketMessage(seq=m.seq, role=m.role, text=m.text, at=m.created_at)
        for m in recent_messages(session, conversation_id, limit=TRANSCRIPT_MESSAGES)
    )
    domains = _domains(traces)
    summary = _summary(customer, reason, stored.row.channel, len(traces), domains, orders, tried, transcript)
    return HandoffPacket(
        conversation_id=conversation_id,
        channel=stored.row.channel,
        reason=reason,
        created_at=now or utcnow(),
        summary=summary,
        customer=customer,
        orders=orders,
        products=products,
        tried=tried,
        transcript=transcript,
        turns=len(traces),
    )


def _through_port(
    port: OrderSystem,
    state: ConversationState,
    customer: PacketCustomer,
    orders: tuple[PacketOrder, ...],
    channel: str,
) -> tuple[PacketCustomer, tuple[PacketOrder, ...]]:
    """Fill in, from the store's order system, the customer and orders the local tables don't hold."""
    if state.customer_id is None or customer.id is not None:
        # A local customer's orders are in the local tables too.
        return customer, orders
    try:
        if (found := port.customer(str(state.customer_id))) is not None:
            customer = PacketCustomer(
                id=found.id,
                name=found.full_name.strip() or None,
                email=found.email,
                phone=found.phone,
                verified=state.verified,
                verified_by=state.verified_by,
                claimed_email=state.claimed_email if state.claimed_email != found.email else None,
            )
        if not state.verified:
            # Orders are read as the shopper; an unverified one may not see them, and neither may we.
            return customer, orders
        actor = Actor(customer_id=str(state.customer_id), channel=channel, staff="handoff packet")
        known = {o.number for o in orders}
        more = [port.order(str(n), actor) for n in state.orders_referenced if n not in known]
    except OrderSystemError:
        return customer, orders
    read = {o.number: _packet_order(o) for o in more if isinstance(o, Order)}
    by_number = {o.number: o for o in orders} | read
    return customer, tuple(by_number[n] for n in state.orders_referenced if n in by_number)


def _packet_order(order: Order) -> PacketOrder:
    return PacketOrder(
        number=order.number,
        status=order.status,
        total=f"{order.total:.2f}",
        currency=order.currency,
        placed_on=order.placed_at.date().isoformat(),
    )


def _customer(session: Session, state: ConversationState) -> PacketCustomer:
    row = session.get(CustomerRow, state.customer_id) if state.customer_id is not None else None
    if row is None:
        return PacketCustomer(claimed_email=state.claimed_email)
    return PacketCustomer(
        id=row.id,
        name=f"{row.first_name} {row.last_name}".strip() or None,
        email=row.email,
        phone=row.phone,
        verified=state.verified,
        verified_by=state.verified_by,
        claimed_email=state.claimed_email if state.claimed_email != row.email else None,
    )


def _orders(session: Session, numbers: Sequence[int]) -> tuple[PacketOrder, ...]:
    if not numbers:
        return ()
    rows = {r.number: r for r in session.scalars(select(OrderRow).where(OrderRow.number.in_(numbers)))}
    return tuple(
        PacketOrder(
            number=n,
            status=rows[n].status,
            total=f"{rows[n].total:.2f}",
            currency=rows[n].currency,
            placed_on=rows[n].placed_at.date().isoformat(),
        )
        for n in numbers
        if n in rows
    )


def _products(session: Session, product_ids: Sequence[int]) -> tuple[PacketProduct, ...]:
    if not product_ids:
        return ()
    rows = {r.id: r for r in session.scalars(select(ProductRow).where(ProductRow.id.in_(product_ids)))}
    # The last ten referenced are the ones the conversation was about; older ones are noise.
    return tuple(PacketProduct(id=i, title=rows[i].title) for i in product_ids[-10:] if i in rows)


def _steps(turn: int, trace: dict[str, Any]) -> Iterable[PacketStep]:
    actions = [a for a in trace.get("actions") or [] if isinstance(a, dict)]
    for part in trace.get("parts") or []:
        if not isinstance(part, dict):
            continue
        agent = str(part.get("agent") or "?")
        intent = str(part.get("intent") or part.get("domain") or "?")
        yield PacketStep(turn=turn, agent=agent, intent=intent, result=_part_result(intent, trace))
    for action in actions:
        details = action.get("details") or {}
        why = details.get("reason") or details.get("message") if isinstance(details, dict) else None
        result = str(action.get("status")) + (f" ({why})" if why else "")
        yield PacketStep(turn=turn, agent="action", intent=str(action.get("name")), result=result)


def _part_result(intent: str, trace: dict[str, Any]) -> str:
    if trace.get("handoff"):
        return f"handed off to {trace['handoff']}"
    if intent.endswith((".unclear", ".misunderstood", ".unknown")):
        return "did not understand"
    if trace.get("awaiting_slot"):
        return f"asked the shopper for {trace['awaiting_slot']}"
    return "answered"


def _domains(traces: Sequence[TurnRow]) -> list[str]:
    seen: list[str] = []
    for row in traces:
        for part in (row.trace or {}).get("parts") or []:
            domain = part.get("domain") if isinstance(part, dict) else None
            if domain and domain not in seen and domain != "human":
                seen.append(str(domain))
    return seen


def _summary(
    customer: PacketCustomer,
    reason: str,
    channel: str,
    turns: int,
    domains: Sequence[str],
    orders: Sequence[PacketOrder],
    tried: Sequence[PacketStep],
    transcript: Sequence[PacketMessage],
) -> str:
    who = customer.name or customer.email or "An anonymous shopper"
    identity = f"verified by {customer.verified_by}" if customer.verified else "not verified"
    lines = [f"{who} ({identity}) needs a person: {reason}."]
    about = f" about {', '.join(d.replace('_', ' ') for d in domains)}" if domains else ""
    lines.append(f"{turns} turn{'s' if turns != 1 else ''} with the assistant on {channel}{about}.")
    if orders:
        lines.append("Orders: " + ", ".join(f"#{o.number} ({o.status})" for o in orders) + ".")
    refused = [f"{s.intent} {s.result}" for s in tried if s.agent == "action" and s.result != "done"]
    if refused:
        lines.append("Not completed: " + "; ".join(refused) + ".")
    last = next((m.text for m in reversed(transcript) if m.role == "shopper"), None)
    if last:
        lines.append(f"Last shopper message: “{_clip(last, 200)}”")
    return " ".join(lines)


def render_ticket_text(packet: HandoffPacket) -> str:
    """The packet as plain text with light markdown: summary first, then details, then the transcript."""
    c = packet.customer
    out = [*_heading("Summary"), packet.summary, "", *_heading("Customer")]
    out.append(f"- Name: {c.name or 'unknown'}")
    out.append(f"- Email: {c.email or 'unknown'}")
    if c.phone:
        out.append(f"- Phone: {c.phone}")
    if c.id is not None:
        out.append(f"- Customer id: {c.id}")
    out.append(f"- Identity: verified by {c.verified_by}" if c.verified else "- Identity: NOT verified")
    if c.claimed_email:
        out.append(f"- Claimed email (unproven): {c.claimed_email}")
    if packet.orders:
        out += ["", *_heading("Orders")]
        out += [
            f"- #{o.number}: {o.status}, {o.total} {o.currency}, placed {o.placed_on}" for o in packet.orders
        ]
    if packet.products:
        out += ["", *_heading("Products")]
        out += [f"- {p.title} (id {p.id})" for p in packet.products]
    if packet.tried:
        out += ["", *_heading("What the assistant tried")]
        out += [f"- Turn {s.turn}, {s.agent} / {s.intent}: {s.result}" for s in packet.tried]
    out += ["", *_heading("Reason for handoff"), packet.reason]
    out += ["", *_heading(f"Transcript (last {len(packet.transcript)} messages)")]
    for m in packet.transcript:
        out.append(f"[{m.at:%Y-%m-%d %H:%M} UTC] {m.role.capitalize()}: {m.text}")
    out += [
        "",
        f"Conversation {packet.conversation_id} on {packet.channel}, handed off "
        f"{packet.created_at:%Y-%m-%d %H:%M} UTC. Reply publicly on this ticket to answer the shopper "
        "in their chat; internal notes stay internal.",
    ]
    return "\n".join(out)


def _heading(title: str) -> list[str]:
    return [title, "-" * len(title)]


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
