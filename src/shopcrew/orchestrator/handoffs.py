"""What every escalation to a person carries: the reason, the context packet, and (if configured) a ticket."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopcrew.agents.types import AgentReply
from shopcrew.commerce.order_system import OrderSystem
from shopcrew.handoff.outbox import queue_handoff
from shopcrew.handoff.packet import build_packet
from shopcrew.orchestrator.escalation import EscalationSignal
from shopcrew.store.conversation_tables import TurnRow

ASKED_FOR_PERSON = "asked_for_person"
MISUNDERSTOOD = "misunderstood"
APPROVAL = "approval"
MISUNDERSTOOD_REASON = "could not understand the shopper twice in a row"


def escalation_reply(signal: EscalationSignal) -> AgentReply:
    """The reply that hands the conversation to a person because of what the shopper said."""
    return AgentReply(
        intent="human.escalation",
        facts={"reason": signal.reason, "trigger": signal.trigger},
        handoff="human",
        handoff_reason=signal.reason,
    )


def misunderstood_reply(missed: AgentReply) -> AgentReply:
    """The reply that hands the conversation to a person after the second message in a row we did not get."""
    return AgentReply(
        intent="human.escalation",
        facts={"reason": MISUNDERSTOOD_REASON, "trigger": MISUNDERSTOOD},
        actions=missed.actions,
        handoff="human",
        handoff_reason=MISUNDERSTOOD_REASON,
        understood=False,
    )


def handoff_trigger(reply: AgentReply, agent: str) -> str:
    """Which of the escalation triggers handed this reply's conversation to a person."""
    if reply.intent == "human.escalation":
        return str(reply.facts.get("trigger") or "escalation")
    if agent == "human":
        return ASKED_FOR_PERSON
    if reply.intent.endswith("needs_approval"):
        return APPROVAL
    return reply.intent


def attach_packet(
    session: Session,
    conversation_id: str,
    turn_seq: int,
    reason: str,
    *,
    provider: str,
    now: datetime,
    order_system: OrderSystem | None = None,
) -> dict[str, Any]:
    """Build the context packet after the turn is saved, store it in that turn's trace, queue the ticket.

    Runs in the turn's transaction, so the owner change, the packet and the outbox row are committed
    together or not at all. Returns what was added to the trace.
    """
    packet = build_packet(session, conversation_id, reason, now=now, order_system=order_system)
    ticket = queue_handoff(session, conversation_id, reason, provider=provider, now=now, packet=packet)
    added: dict[str, Any] = {
        "handoff_packet": packet.model_dump(mode="json"),
        "helpdesk_ticket": (
            {"provider": provider, "outbox_id": ticket.id, "kind": ticket.kind}
            if ticket is not None
            else None
        ),
    }
    row = session.scalar(
        select(TurnRow).where(TurnRow.conversation_id == conversation_id, TurnRow.seq == turn_seq)
    )
    if row is not None:
        # A new dict, so the JSON column sees the change.
        row.trace = {**(row.trace or {}), **added}
        session.flush()
    return added
