"""Order Management: order status and tracking for the verified owner; honest limits on changes.

Order data is shown only after the shopper is verified (guardrails/identity.py) and only for
orders of that customer. Changes to orders (cancel, return, exchange, address, subscriptions)
are described against the policy, and offered to a person until the action tools land.
"""

from __future__ import annotations

from typing import Any

from shopcrew.agents.common import is_affirmative, is_negative
from shopcrew.agents.orders_templates import TEMPLATES
from shopcrew.agents.support import TOPICS
from shopcrew.agents.types import Agent, AgentInput, AgentReply, TurnContext
from shopcrew.catalog.text import tokens
from shopcrew.commerce import queries
from shopcrew.domain.orders import Order, Subscription
from shopcrew.guardrails.identity import verify_from_message

NAME = "orders"
OPEN_STATUSES = ("pending", "paid", "partially_fulfilled", "shipped")
MAX_IDENTITY_ATTEMPTS = 3
# What each change needs before it is possible at all, per the demo store's policies.
CHANGE_ALLOWED_STATUSES = {
    "order_cancel": ("pending", "paid"),
    "address_change": ("pending", "paid"),
    "order_return": ("delivered",),
    "order_exchange": ("delivered",),
}
# The demo store's return window (its returns policy); the order-actions issue moves this into store config.
RETURN_WINDOW_DAYS = 30
CHANGE_PHRASES = {
    "order_cancel": "an order can be cancelled",
    "address_change": "the delivery address can be changed",
    "order_return": "items can be returned",
    "order_exchange": "items can be exchanged",
    "subscription": "subscriptions can be changed",
}
CHANGE_POLICY = {
    "order_cancel": "cancellation",
    "address_change": "shipping",
    "order_return": "returns",
    "order_exchange": "exchanges",
    "subscription": "subscriptions",
}


async def run(ctx: TurnContext, request: AgentInput) -> AgentReply:
    """Verify the shopper, find the order they mean, and answer for the task at hand."""
    state = ctx.state
    if request.continuing and state.awaiting_slot == "handoff_offer":
        if is_affirmative(request.text):
            return AgentReply(
                intent="orders.to_human",
                handoff="human",
                handoff_reason=f"shopper accepted: {state.pending.get('domain')}",
            )
        if is_negative(request.text):
            state.pending = {}
            return AgentReply(intent="orders.declined_handoff")
    domain = request.domain if not request.continuing else str(state.pending.get("domain", request.domain))
    if domain not in CHANGE_POLICY and domain != "order_status":
        domain = "order_status"
    pending_number = state.pending.get("order_number")
    if request.extraction.order_numbers:
        pending_number = request.extraction.order_numbers[0]
    elif request.continuing and state.awaiting_slot == "order_number":
        pending_number = pick_from_choices(request, list(state.pending.get("choices", []))) or pending_number
    state.pending = {"domain": domain, "order_number": pending_number}

    check = verify_from_message(ctx.session, state, request.extraction, pending_number)
    ctx.trace.tool(
        "verify_identity",
        {"method_tried": check.attempted},
        {"verified": check.verified, "method": check.method},
    )
    if not state.verified or state.customer_id is None:
        return _ask_identity(state.identity_attempts, pending_number, check.attempted)

    if domain == "subscription":
        subs = queries.subscriptions_for_customer(ctx.session, state.customer_id)
        ctx.trace.tool("list_subscriptions", {"customer_id": state.customer_id}, len(subs))
        return _subscriptions_reply(subs)

    order, choices = _select_order(ctx, state.customer_id, pending_number, domain)
    if order is None and choices:
        state.pending["choices"] = [
            {"number": o.number, "items": [line.title for line in o.lines]} for o in choices
        ]
        return AgentReply(
            intent="orders.which_order",
            facts={"orders": [_order_summary(o) for o in choices]},
            awaiting_slot="order_number",
        )
    if order is None:
        if pending_number:
            # Not this customer's order, or no such order: the same words either way.
            state.pending = {"domain": domain, "order_number": None}
            return AgentReply(
                intent="orders.not_found",
                facts={"order_number": pending_number},
                awaiting_slot="order_number",
            )
        return AgentReply(intent="orders.no_orders")
    state.remember_order(order.number)
    state.remember_products([line.product_id for line in order.lines], shown=False)
    facts = _order_facts(order)
    ctx.trace.facts.append({"kind": "order", **facts})
    if domain == "order_status":
        state.pending = {}
        return AgentReply(intent="orders.status", facts=facts)
    return _change_reply(ctx, domain, order, facts)


def pick_from_choices(request: AgentInput, choices: list[dict[str, Any]]) -> int | None:
    """The order the shopper picked from a list: "the second one", or "the one with the sunscreen"."""
    if not choices:
        return None
    ordinal = request.extraction.ordinal
    if ordinal is not None:
        index = ordinal - 1 if ordinal > 0 else len(choices) + ordinal
        return int(choices[index]["number"]) if 0 <= index < len(choices) else None
    said = set(tokens(request.text))
    overlaps = [(len(said & set(tokens(" ".join(c["items"])))), int(c["number"])) for c in choices]
    best = max(overlaps)
    if best[0] and [n for n, _ in overlaps].count(best[0]) == 1:
        return best[1]
    return None


def _ask_identity(attempts: int, order_number: int | None, attempted: bool) -> AgentReply:
    if attempts >= MAX_IDENTITY_ATTEMPTS:
        return AgentReply(
            intent="orders.identity_failed",
            handoff="human",
            handoff_reason="could not verify the shopper's identity",
            understood=False,
        )
    return AgentReply(
        intent="orders.ask_identity",
        facts={"order_number": order_number, "retry": attempted},
        awaiting_slot="identity",
    )


def _select_order(
    ctx: TurnContext, customer_id: int, number: int | None, domain: str
) -> tuple[Order | None, list[Order]]:
    if number is not None:
        order = queries.order_by_number(ctx.session, int(number))
        ctx.trace.tool(
            "get_order",
            {"number": number},
            order.status if order and order.customer_id == customer_id else None,
        )
        if order is None or order.customer_id != customer_id:
            return None, []
        return order, []
    orders = queries.orders_for_customer(ctx.session, customer_id)
    ctx.trace.tool("list_orders", {"customer_id": customer_id}, [o.number for o in orders])
    if not orders:
        return None, []
    wanted = OPEN_STATUSES if domain in ("order_status", "order_cancel", "address_change") else ("delivered",)
    candidates = [o for o in orders if o.status in wanted]
    if len(candidates) == 1:
        return candidates[0], []
    if not candidates:
        return (orders[0], []) if domain == "order_status" else (None, orders[:5])
    return None, candidates[:5]


def _order_summary(order: Order) -> dict[str, Any]:
    return {
        "number": order.number,
        "status": order.status,
        "placed_on": order.placed_at.date().isoformat(),
        "items": [line.title for line in order.lines],
        "total": str(order.total),
    }


def _order_facts(order: Order) -> dict[str, Any]:
    shipments = []
    for shipment in order.shipments:
        latest = shipment.events[-1] if shipment.events else None
        shipments.append(
            {
                "carrier": shipment.carrier,
                "tracking_number": shipment.tracking_number,
                "tracking_url": shipment.tracking_url,
                "status": shipment.status,
                "estimated_delivery": shipment.estimated_delivery.isoformat()
                if shipment.estimated_delivery
                else None,
                "delivered_at": shipment.delivered_at.date().isoformat() if shipment.delivered_at else None,
                "latest_event": {
                    "description": latest.description,
                    "location": latest.location,
                    "at": latest.happened_at.strftime("%b %d, %H:%M"),
                }
                if latest
                else None,
                "items": [line.title for line in order.lines if line.id in shipment.line_ids],
            }
        )
    return {
        "number": order.number,
        "status": order.status,
        "placed_on": order.placed_at.date().isoformat(),
        "delivered_on": order.delivered_at.date().isoformat() if order.delivered_at else None,
        "cancelled_on": order.cancelled_at.date().isoformat() if order.cancelled_at else None,
        "total": str(order.total),
        "refunded": str(order.refunded_amount),
        "lines": [
            {
                "title": line.title,
                "variant": line.variant_title,
                "quantity": line.quantity,
                "status": line.status,
            }
            for line in order.lines
        ],
        "open_items": [line.title for line in order.lines if line.status == "open"],
        "shipments": shipments,
        "ship_to": order.shipping_address.one_line(),
    }


def _change_reply(ctx: TurnContext, domain: str, order: Order, facts: dict[str, Any]) -> AgentReply:
    allowed = CHANGE_ALLOWED_STATUSES.get(domain, ())
    policy = ctx.policies.get(CHANGE_POLICY[domain])
    window_note = None
    eligible = order.status in allowed
    if eligible and domain in ("order_return", "order_exchange") and order.delivered_at is not None:
        days = (ctx.now.date() - order.delivered_at.date()).days
        if days > RETURN_WINDOW_DAYS:
            eligible = False
            window_note = f"delivered {days} days ago; returns and exchanges close {RETURN_WINDOW_DAYS} days after delivery"
    return AgentReply(
        intent="orders.change_unavailable",
        facts={
            **facts,
            "topic": TOPICS.get(domain, domain),
            "change": CHANGE_PHRASES[domain],
            "policy_name": CHANGE_POLICY[domain],
            "window_note": window_note,
            "eligible_state": eligible,
            "allowed_states": list(allowed),
            "policy_title": policy.title if policy else None,
            "policy_link": f"{ctx.store_url.rstrip('/')}/policies/{CHANGE_POLICY[domain]}",
        },
        awaiting_slot="handoff_offer",
    )


def _subscriptions_reply(subs: list[Subscription]) -> AgentReply:
    return AgentReply(
        intent="orders.subscriptions",
        facts={
            "subscriptions": [
                {
                    "title": s.title,
                    "variant": s.variant_title,
                    "status": s.status,
                    "every_days": s.frequency_days,
                    "next_charge_on": s.next_charge_on.isoformat() if s.next_charge_on else None,
                    "paused_until": s.paused_until.isoformat() if s.paused_until else None,
                    "price": str(s.price),
                }
                for s in subs
            ],
            "topic": TOPICS["subscription"],
        },
        awaiting_slot="handoff_offer" if subs else None,
    )


AGENT = Agent(
    name=NAME,
    description="order status and tracking",
    instructions=(
        "You are the order assistant. Only state order facts given to you; never guess a status, date or "
        "amount. Never reveal anything about an order the shopper has not been verified for."
    ),
    templates=TEMPLATES,
    run=run,
)
