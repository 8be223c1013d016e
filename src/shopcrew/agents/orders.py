"""Order Management: status and tracking for the verified owner, and order actions done safely.

Order data is shown only after the shopper is verified (guardrails/identity.py) and only for
orders of that customer. Changes (cancel, return, exchange, address, subscriptions) go through the
`OrderSystem` port: the agent works out exactly what the shopper wants (agents/order_changes.py),
the order system plans it against ownership, state, policy and stock, the shopper sees what will
happen and says yes in the next message (guardrails/confirmation.py), and only then is it executed,
once. Every read (who the shopper is, their orders, subscriptions, refunds) goes through the same
port, so on Shopify the status and tracking are Shopify's. Without an order system wired in, the
agent reads the embedded store and describes what the policy allows and offers a person.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from shopcrew.agents.common import asks_why_details, is_affirmative, is_negative
from shopcrew.agents.order_actions import actor_for, execute_confirmed
from shopcrew.agents.order_changes import change_order, change_subscription
from shopcrew.agents.order_choice import pick_from_choices, select_order
from shopcrew.agents.order_facts import order_facts, order_summary
from shopcrew.agents.order_refunds import asks_refund_status, refund_status_reply
from shopcrew.agents.order_requests import stated_cancel_reason
from shopcrew.agents.orders_templates import TEMPLATES
from shopcrew.agents.support import TOPICS, rules_answer
from shopcrew.agents.types import Agent, AgentInput, AgentReply, TurnContext
from shopcrew.commerce.order_system import OrderSystem, OrderSystemError
from shopcrew.commerce.ownership import display_number
from shopcrew.commerce.sql_orders import sql_order_system_on
from shopcrew.domain.orders import Order, Subscription
from shopcrew.guardrails import confirmation
from shopcrew.guardrails.identity import verify_from_message

NAME = "orders"
MAX_IDENTITY_ATTEMPTS = 3
# What each change needs before it is possible at all, per the demo store's policies.
CHANGE_ALLOWED_STATUSES = {
    "order_cancel": ("pending", "paid"),
    "address_change": ("pending", "paid"),
    "order_return": ("delivered",),
    "order_exchange": ("delivered",),
}
# The demo store's return window, for describing changes when no order system is wired in.
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
ORDER_DOMAINS = frozenset({*CHANGE_POLICY, "order_status"})
# "Where is my refund?" reads as any of these to the classifier.
REFUND_DOMAINS = frozenset({"order_status", "order_return", "order_cancel", "order_exchange"})
# Slot answers ("it's 62701", "the second one") often read as order_status; a change request doesn't.
NEW_TASK_DOMAINS = frozenset(CHANGE_POLICY)
_NO_ORDER_NUMBER = re.compile(
    r"\b(?:don'?t|do not|dont|can'?t|cannot|no|lost|forgot|deleted)\b[^.?!]{0,30}\b(?:order )?(?:number|confirmation|receipt)",
    re.IGNORECASE,
)
# "Why do you need my order number and email?": answered from this policy's verification rules.
ACCOUNT_POLICY = "account"
NEW_TASK_CONFIDENCE = 0.6
# What a task in progress remembers between its questions ("which item?", "what's the ZIP?").
TASK_KEYS = (
    "line_ids",
    "quantity",
    "address",
    "refund_method",
    "subscription_id",
    "subscription_change",
    "choices",
    "cancel_reason",
)


async def run(ctx: TurnContext, request: AgentInput) -> AgentReply:
    """Verify the shopper, find the order they mean, and answer (or act) for the task at hand."""
    reply = await _run(ctx, request)
    plan = reply.facts.get("plan")
    if "order" not in reply.facts and isinstance(plan, dict) and plan.get("order"):
        # A plan or outcome names the order as the store does ("#W2611340").
        reply.facts["order"] = _plan_label(str(plan["order"]))
    return reply


async def _run(ctx: TurnContext, request: AgentInput) -> AgentReply:
    state = ctx.state
    answering_plan = request.continuing and state.awaiting_slot == confirmation.CONFIRM_SLOT
    waiting = confirmation.awaiting_confirmation(state, continuing=request.continuing)
    dropped: dict[str, Any] | None = None
    if waiting is not None and ctx.orders is not None:
        answer = confirmation.consent(request.text)
        if answer == "yes":
            return execute_confirmed(ctx, ctx.orders, waiting)
        confirmation.drop(state)
        if answer == "no":
            state.pending = {}
            if waiting.executed:
                return AgentReply(intent="orders.declined_handoff")
            return AgentReply(
                intent="orders.action_dropped",
                facts={
                    "number": _order_number(waiting.plan.order),
                    "order": _plan_label(waiting.plan.order),
                    "summary": waiting.plan.summary,
                },
            )
        if not waiting.executed:
            # Not a yes: nothing is done, the shopper is told, and the message is handled as a new one.
            dropped = {
                "number": _order_number(waiting.plan.order),
                "order": _plan_label(waiting.plan.order),
                "summary": waiting.plan.summary,
                "items": waiting.context.get("items", []),
            }
    try:
        reply = await _answer(ctx, request, answering_plan)
    except OrderSystemError as error:
        # Shopify (or the database) didn't answer a read: say so and offer a person, nothing is guessed.
        ctx.trace.tool("read_orders", {}, f"order system error: {error}")
        reply = AgentReply(
            intent="orders.system_unavailable", facts={"can_retry": False}, awaiting_slot="handoff_offer"
        )
    plan = reply.facts.get("plan")
    same_again = isinstance(plan, dict) and dropped is not None and plan.get("summary") == dropped["summary"]
    if dropped and not same_again:
        # (A reason given instead of a yes, "it irritated my skin", proposes the same change again:
        # saying it was not made would only repeat it.)
        reply.facts["dropped_action"] = dropped
    return reply


def order_reads(ctx: TurnContext) -> OrderSystem:
    """Where this turn reads customers and orders: the wired order system, else the embedded store."""
    return ctx.orders if ctx.orders is not None else sql_order_system_on(ctx.session)


def _plan_label(order: str | None) -> str | None:
    return display_number(order) if order else None


def _order_number(order: str | None) -> int | None:
    digits = (order or "").lstrip("#")
    if digits.startswith("W") and len(digits) == 8:
        digits = digits[1:]  # an imported τ²-bench order ("#W2611340") is numbered by its digits
    return int(digits) if digits.isdigit() else None


async def _answer(ctx: TurnContext, request: AgentInput, answering_plan: bool) -> AgentReply:
    state = ctx.state
    if request.continuing and state.awaiting_slot == "handoff_offer":
        if is_affirmative(request.text):
            return AgentReply(
                intent="orders.to_human",
                handoff="human",
                handoff_reason=f"shopper accepted: {state.pending.get('refused') or state.pending.get('domain')}",
            )
        if is_negative(request.text):
            state.pending = {}
            return AgentReply(intent="orders.declined_handoff")
    domain = request.domain if not request.continuing else str(state.pending.get("domain", request.domain))
    if (
        request.continuing
        and request.domain in NEW_TASK_DOMAINS
        and request.confidence >= NEW_TASK_CONFIDENCE
    ):
        # A clear new order request ("cancel the moisturizer from 2076") while a question was open.
        domain = request.domain
    elif (
        answering_plan
        and request.domain == "order_status"
        and set(request.extraction.order_numbers) - {state.pending.get("order_number")}
    ):
        # Instead of a yes, a question about another order ("yes but where is 2035?").
        domain = "order_status"
    if domain not in ORDER_DOMAINS:
        domain = "order_status"
    refund_question = ctx.orders is not None and domain in REFUND_DOMAINS and asks_refund_status(request.text)
    if refund_question:
        domain = "order_status"
    pending_number = state.pending.get("order_number")
    if request.extraction.order_numbers:
        pending_number = request.extraction.order_numbers[0]
    elif request.continuing and state.awaiting_slot == "order_number":
        picked = pick_from_choices(request, list(state.pending.get("choices", [])))
        if picked is not None and request.extraction.ordinal is not None:
            # "the first one" chose the order; it does not also choose the order's first item.
            request = replace(request, extraction=request.extraction.model_copy(update={"ordinal": None}))
        pending_number = picked or pending_number
    same_task = (
        request.continuing
        and state.pending.get("domain") == domain
        and state.pending.get("order_number") in (None, pending_number)
    )
    kept = {k: v for k, v in state.pending.items() if k in TASK_KEYS} if same_task else {}
    state.pending = {"domain": domain, "order_number": pending_number, **kept}
    if domain == "order_cancel" and (reason := stated_cancel_reason(request.text)):
        # Said before identity or the order was settled ("I ordered it by mistake"): kept for the plan.
        state.pending["cancel_reason"] = reason

    reads = order_reads(ctx)
    check = verify_from_message(reads, state, request.extraction, pending_number, channel=ctx.channel)
    ctx.trace.tool(
        "verify_identity",
        {"method_tried": check.attempted},
        {"verified": check.verified, "method": check.method},
    )
    if not state.verified or state.customer_id is None:
        reply = _ask_identity(state.identity_attempts, pending_number, check.attempted)
        if reply.intent != "orders.ask_identity":
            return reply  # a hand-off after too many attempts
        if pending_number is None and state.claimed_email:
            reply.facts["have_email"] = True  # only the order number is missing
        if _NO_ORDER_NUMBER.search(request.text):
            reply.facts["no_number"] = True  # "I don't have the order number": name + ZIP instead
        asked_why = asks_why_details(request.text)
        if pending_number is None and not check.attempted and (asked_why or domain in CHANGE_POLICY):
            # A question about the rules ("is there a fee to cancel a subscription?", and "what about
            # opened makeup?" after one) is answered from the policy at once, as is why identity is
            # needed; identity is asked for only to act on the shopper's own.
            answer = (
                rules_answer(ctx, f"{request.text} to verify identity", ACCOUNT_POLICY)
                if asked_why
                else rules_answer(ctx, request.text, CHANGE_POLICY[domain])
            )
            if answer is not None:
                ctx.trace.facts.append({"kind": "policy", **answer})
                reply.facts["policy"] = answer
        return reply

    if domain == "subscription":
        subs = reads.subscriptions_for(actor_for(ctx))
        ctx.trace.tool("list_subscriptions", {"customer_id": state.customer_id}, len(subs))
        if ctx.orders is not None and subs:
            acted = change_subscription(ctx, ctx.orders, request, subs)
            if acted is not None:
                return acted
        return _subscriptions_reply(subs, can_change=ctx.orders is not None)

    order, choices = select_order(
        ctx, reads, pending_number, "refund_status" if refund_question else domain, request
    )
    if order is None and choices:
        state.pending["choices"] = [
            {"number": o.number, "items": [line.title for line in o.lines]} for o in choices
        ]
        return AgentReply(
            intent="orders.which_order",
            facts={"orders": [order_summary(o) for o in choices]},
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
    facts = order_facts(order)
    ctx.trace.facts.append({"kind": "order", **facts})
    if domain == "order_status":
        state.pending = {}
        if refund_question and ctx.orders is not None:
            return refund_status_reply(ctx, ctx.orders, order)
        return AgentReply(intent="orders.status", facts=facts)
    if ctx.orders is None:
        return _change_reply(ctx, domain, order, facts)
    return change_order(ctx, ctx.orders, request, domain, order)


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


def _subscriptions_reply(subs: list[Subscription], *, can_change: bool) -> AgentReply:
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
            "can_change": can_change,
        },
        awaiting_slot=None if not subs else "subscription" if can_change else "handoff_offer",
    )


AGENT = Agent(
    name=NAME,
    description="order status and tracking; cancellations, returns, exchanges, address and subscription changes",
    instructions=(
        "You are the order assistant. Only state order facts given to you; never guess a status, date or "
        "amount. Never reveal anything about an order the shopper has not been verified for. When a plan "
        "is given, list exactly its items, amounts and refund method and ask for an explicit yes; never say "
        "a change is done unless the facts hold its outcome."
    ),
    templates=TEMPLATES,
    run=run,
)
