"""Shared fakes for helpdesk tests: a seeded handed-off conversation, a fake helpdesk, a settable clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopcrew.handoff.packet import (
    HandoffPacket,
    PacketCustomer,
    PacketMessage,
    PacketOrder,
    PacketProduct,
    PacketStep,
)
from shopcrew.orchestrator.memory import append_message, create_conversation, save_turn
from shopcrew.store.catalog_tables import ProductRow
from shopcrew.store.commerce_tables import CustomerRow, OrderRow

FIXTURES = Path(__file__).with_name("fixtures")
CONVERSATION_ID = "c_fixture0001"
HANDOFF_AT = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
LAST_WORDS = "I want to talk to a person"


def fixture_json(name: str) -> Any:
    """A committed JSON fixture."""
    return json.loads((FIXTURES / name).read_text())


@dataclass(frozen=True)
class SeededConversation:
    """What the seeded conversation is about."""

    id: str
    customer_id: int
    customer_name: str
    customer_email: str
    order_number: int
    order_status: str
    product_title: str


def seed_handed_off_conversation(
    session: Session, conversation_id: str = CONVERSATION_ID, *, messages: int = 12
) -> SeededConversation:
    """A web conversation of a verified customer about an order, ending in a request for a person."""
    order = session.scalars(select(OrderRow).order_by(OrderRow.number)).first()
    assert order is not None
    customer = session.get(CustomerRow, order.customer_id)
    product = session.scalars(select(ProductRow).order_by(ProductRow.id)).first()
    assert customer is not None and product is not None
    stored = create_conversation(session, "web", conversation_id)
    at = HANDOFF_AT - timedelta(minutes=30)
    ending = [f"can you cancel order #{order.number}?", "I can't cancel it: it has shipped.", LAST_WORDS]
    texts = [f"message {i}" for i in range(1, messages - len(ending) + 1)] + ending
    for index, text in enumerate(texts):
        # Alternate roles so that the last message is the shopper's.
        role = "shopper" if (len(texts) - 1 - index) % 2 == 0 else "assistant"
        row = append_message(session, stored.id, role, text)
        row.created_at = at + timedelta(minutes=index)
    state = stored.state
    state.customer_id, state.verified, state.verified_by = customer.id, True, "channel:web"
    state.remember_order(order.number)
    state.remember_products([product.id], shown=True)
    traces: list[dict[str, Any]] = [
        {"parts": [{"domain": "order_status", "agent": "orders", "intent": "orders.status", "reason": "r"}]},
        {
            "parts": [
                {"domain": "order_cancel", "agent": "orders", "intent": "orders.cancel", "reason": "r"}
            ],
            "actions": [
                {"name": "cancel_order", "status": "refused", "details": {"reason": "the order has shipped"}}
            ],
        },
        {"parts": [{"domain": "human", "agent": "human", "intent": "human.handoff"}], "handoff": "human"},
    ]
    state.change_owner("human", "shopper asked for a person", HANDOFF_AT)
    for trace in traces:
        save_turn(session, stored, trace, latency_ms=1.0, cost_usd=0.0)
    return SeededConversation(
        id=stored.id,
        customer_id=customer.id,
        customer_name=f"{customer.first_name} {customer.last_name}",
        customer_email=customer.email,
        order_number=order.number,
        order_status=order.status,
        product_title=product.title,
    )


class Clock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime = HANDOFF_AT) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += timedelta(seconds=seconds)


Responder = Callable[[httpx.Request], httpx.Response]


@dataclass
class FakeHelpdesk:
    """A helpdesk API behind httpx.MockTransport: answers from a script, records every request."""

    script: list[Responder | httpx.Response] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer with the next scripted response (a 500 when the script has run out)."""
        self.requests.append(request)
        if not self.script:
            return httpx.Response(500, text="script exhausted")
        step = self.script.pop(0)
        return step if isinstance(step, httpx.Response) else step(request)

    def client(self) -> httpx.AsyncClient:
        """An AsyncClient whose every request reaches this fake."""
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handle))

    def bodies(self, method: str | None = None) -> list[Any]:
        """JSON bodies of the recorded requests (optionally one method only)."""
        return [json.loads(r.content) for r in self.requests if method is None or r.method == method]

    def count(self, method: str, path_end: str) -> int:
        """How many requests of `method` hit a path ending in `path_end`."""
        return sum(1 for r in self.requests if r.method == method and r.url.path.endswith(path_end))


def timeout(request: httpx.Request) -> httpx.Response:
    """A responder that times out, as a helpdesk that stored the ticket but answered too late."""
    raise httpx.ReadTimeout("timed out", request=request)


def sample_packet(
    *, email: str | None = "jane.doe@example.com", name: str | None = "Jane Doe"
) -> HandoffPacket:
    """A fixed packet, independent of the demo store, for exact wire-format checks."""
    return HandoffPacket(
        conversation_id=CONVERSATION_ID,
        channel="web",
        reason="shopper asked for a person",
        created_at=HANDOFF_AT,
        summary="Jane Doe (verified by channel:web) needs a person: shopper asked for a person.",
        customer=PacketCustomer(
            id=7, name=name, email=email, verified=email is not None, verified_by="channel:web"
        ),
        orders=(
            PacketOrder(
                number=1042, status="delivered", total="59.00", currency="USD", placed_on="2026-06-01"
            ),
        ),
        products=(PacketProduct(id=3, title="Gentle Milky Cleanser"),),
        tried=(
            PacketStep(turn=1, agent="orders", intent="orders.cancel", result="answered"),
            PacketStep(
                turn=1, agent="action", intent="cancel_order", result="refused (the order was delivered)"
            ),
        ),
        transcript=(
            PacketMessage(
                seq=1, role="shopper", text="cancel order 1042", at=HANDOFF_AT - timedelta(minutes=2)
            ),
            PacketMessage(
                seq=2,
                role="assistant",
                text="It was delivered already.",
                at=HANDOFF_AT - timedelta(minutes=2),
            ),
            PacketMessage(seq=3, role="shopper", text=LAST_WORDS, at=HANDOFF_AT - timedelta(minutes=1)),
        ),
        turns=2,
    )
