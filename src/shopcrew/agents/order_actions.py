"""The order agent's write path: plan through the OrderSystem, ask for a yes, execute once.

Code decides and acts; the shopper's words only select what to ask for. `plan_and_propose` sends
a typed request to `OrderSystem.plan` (which checks ownership, state, policy and stock and writes
nothing), then either explains a refusal, hands a plan above the approval threshold to a person, or
lists exactly what will happen and waits for an explicit yes (guardrails/confirmation.py).
`execute_confirmed` runs a confirmed plan with its idempotency key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shopcrew.agents.types import AgentReply, TurnContext
from shopcrew.commerce.actions import ActionOutcome, ActionPlan, ActionRequest, Actor, Refusal
from shopcrew.commerce.order_system import OrderSystem, OrderSystemError
from shopcrew.domain.jsonable import to_jsonable
from shopcrew.domain.messages import ActionRecord
from shopcrew.guardrails import confirmation
from shopcrew.guardrails.confirmation import PendingConfirmation

# What a shopper can do instead, by refusal code: said after the concrete reason.
ALTERNATIVES = {
    "window_closed": ("If the item arrived damaged or faulty, a member of our team can still help",),
    "final_sale": (
        "Final-sale items can't be returned or exchanged, but if it arrived damaged a member of our team can help",
    ),
    "out_of_stock": (
        "You could return it for a refund or store credit instead, or pick another size or colour",
    ),
    "same_variant": ("Which other size or colour would you like?",),
    "unknown_variant": ("Which other size or colour would you like?",),
    "bad_frequency": (),
    "bad_pause": (),
    "wrong_state": ("A member of our team can look at what's still possible",),
    "different_product": ("To get a different product, return this one for a refund and place a new order",),
    "invalid_address": ("Please check the street, city, state and ZIP code and send it again",),
    "already_done": (),
}
# Refusals the shopper can fix in their next message: the task stays open, awaiting that answer.
RETRY_SLOTS = {
    "same_variant": "new_variant",
    "out_of_stock": "new_variant",
    "unknown_variant": "new_variant",
    "invalid_address": "new_address",
    "bad_frequency": "subscription",
    "bad_pause": "subscription",
}
# Refusals where a person can add something the shopper can't get from the assistant.
OFFER_PERSON = frozenset(
    {"window_closed", "final_sale", "wrong_state", "needs_approval", "insufficient_balance"}
)
# Refusals that must read like "no such order" whatever the cause, so nothing leaks about others' orders.
NOT_YOURS = frozenset({"not_found", "not_owner"})


def actor_for(ctx: TurnContext) -> Actor:
    """The verified shopper of this conversation, as the order system's actor."""
    return Actor(
        customer_id=str(ctx.state.customer_id),
        channel=ctx.channel,
        conversation_id=ctx.conversation_id,
    )


def plan_and_propose(
    ctx: TurnContext,
    orders: OrderSystem,
    request: ActionRequest,
    number: int | None,
    items: Sequence[str] = (),
) -> AgentReply:
    """Plan `request`; reply with the refusal, the hand-off for approval, or the plan to confirm.

    `items` are the titles of the products involved: facts of this turn for the grounding check.
    """
    state = ctx.state
    arguments = to_jsonable(_request_json(request))
    try:
        result = orders.plan(request, actor_for(ctx))
    except OrderSystemError as error:
        ctx.trace.tool("plan_action", arguments, f"order system error: {error}")
        return _unavailable(request, can_retry=False)
    if isinstance(result, Refusal):
        ctx.trace.tool("plan_action", arguments, {"refused": result.code, "reason": result.reason})
        return refusal_reply(ctx, request, result, number)
    plan_json = confirmation.plan_to_json(result)
    ctx.trace.tool("plan_action", arguments, {"summary": result.summary, "digest": result.digest})
    ctx.trace.facts.append({"kind": "action_plan", **plan_json})
    record = ActionRecord(
        name=request.kind,
        status="proposed",
        details=_record_details(result, number),
    )
    if result.needs_approval:
        # Nothing is executed: a person of the store approves (or not) with the plan in front of them.
        state.pending["approval"] = {"agent": "orders", "plan": plan_json}
        return AgentReply(
            intent="orders.action_needs_approval",
            facts={"number": number, "plan": plan_json, "items": list(items)},
            actions=[record],
            handoff="human",
            handoff_reason=f"needs approval: {result.summary} ({result.approval_reason})".strip(),
        )
    slot = confirmation.propose(state, result, agent="orders", context={"items": list(items)})
    return AgentReply(
        intent="orders.confirm_action",
        facts={"number": number, "plan": plan_json, "items": list(items)},
        actions=[record],
        awaiting_slot=slot,
    )


def execute_confirmed(ctx: TurnContext, orders: OrderSystem, pending: PendingConfirmation) -> AgentReply:
    """Execute the plan the shopper said yes to; a repeated yes gets the stored outcome, never a second action."""
    plan = pending.plan
    key = confirmation.idempotency_key(ctx.conversation_id, plan)
    number = _order_number(plan)
    arguments = {"kind": plan.request.kind, "digest": plan.digest, "idempotency_key": key}
    try:
        result = orders.execute(plan, actor_for(ctx), idempotency_key=key)
    except OrderSystemError as error:
        ctx.trace.tool("execute_action", arguments, f"order system error: {error}")
        # Nothing changed; the plan stays so another yes retries it under the same key.
        return _unavailable(plan.request, can_retry=True)
    items = list(pending.context.get("items", []))
    if isinstance(result, Refusal):
        ctx.trace.tool("execute_action", arguments, {"refused": result.code, "reason": result.reason})
        confirmation.drop(ctx.state)
        if result.code == "stale_plan":
            # The order changed between the question and the yes: nothing was done; ask again.
            reply = plan_and_propose(ctx, orders, plan.request, number, items)
            reply.facts["changed_since"] = reply.intent == "orders.confirm_action"
            return reply
        return refusal_reply(ctx, plan.request, result, number)
    ctx.trace.tool(
        "execute_action",
        arguments,
        {"audit_id": result.audit_id, "replayed": result.replayed, "status": result.order_status_after},
    )
    return done_reply(ctx, result, number, items=items)


def done_reply(
    ctx: TurnContext, outcome: ActionOutcome, number: int | None, *, items: Sequence[str] = ()
) -> AgentReply:
    """What the shopper hears after an action ran (or had already run under this key)."""
    plan_json = confirmation.plan_to_json(outcome.plan)
    facts: dict[str, Any] = {
        "number": number,
        "items": list(items),
        "plan": plan_json,
        "status": outcome.order_status_after,
        "reference": outcome.reference,
        "audit_id": outcome.audit_id,
    }
    ctx.trace.facts.append({"kind": "action_outcome", **to_jsonable(facts)})
    record = ActionRecord(
        name=outcome.plan.request.kind,
        status="done",
        details={
            **_record_details(outcome.plan, number),
            "audit_id": outcome.audit_id,
            "reference": outcome.reference,
        },
        audit_id=outcome.audit_id,
        replayed=outcome.replayed,
    )
    slot = confirmation.mark_executed(ctx.state)
    # The task is finished: only the executed plan stays, to answer a second yes with "already done".
    ctx.state.pending = {"confirm": ctx.state.pending["confirm"]} if "confirm" in ctx.state.pending else {}
    if number is not None:
        ctx.state.remember_order(number)
    return AgentReply(
        intent="orders.action_already_done" if outcome.replayed else "orders.action_done",
        facts=facts,
        actions=[record],
        awaiting_slot=slot,
    )


def refusal_reply(
    ctx: TurnContext, request: ActionRequest, refusal: Refusal, number: int | None
) -> AgentReply:
    """The concrete reason, what is possible instead, and a person where one can help."""
    record = ActionRecord(name=request.kind, status="refused", details={"code": refusal.code})
    if refusal.code in NOT_YOURS:
        # The same words whether the order doesn't exist or is someone else's.
        ctx.state.pending = {}
        return AgentReply(
            intent="orders.not_found",
            facts={"order_number": number},
            actions=[record],
            awaiting_slot="order_number",
        )
    # A person taking over sees what was asked and why it was refused.
    ctx.state.pending["refused"] = f"{request.kind} refused ({refusal.code}): {refusal.reason}"
    retry_slot = RETRY_SLOTS.get(refusal.code)
    offer_person = retry_slot is None and (refusal.code in OFFER_PERSON or refusal.code not in ALTERNATIVES)
    record.details["reason"] = refusal.reason
    return AgentReply(
        intent="orders.action_refused",
        facts={
            "number": number,
            "action": request.kind,
            "code": refusal.code,
            "reason": refusal.reason,
            "alternatives": list(ALTERNATIVES.get(refusal.code, ())),
            "offer_person": offer_person,
        },
        actions=[record],
        awaiting_slot="handoff_offer" if offer_person else retry_slot,
    )


def _unavailable(request: ActionRequest, *, can_retry: bool) -> AgentReply:
    return AgentReply(
        intent="orders.system_unavailable",
        facts={"can_retry": can_retry},
        actions=[
            ActionRecord(name=request.kind, status="failed", details={"error": "order system unavailable"})
        ],
        awaiting_slot=confirmation.CONFIRM_SLOT if can_retry else "handoff_offer",
    )


def _record_details(plan: ActionPlan, number: int | None) -> dict[str, Any]:
    details: dict[str, Any] = {
        "summary": plan.summary,
        "order": number,
        "refund_total": str(plan.refund_total),
        "charge_total": str(plan.charge_total),
        "refund_method": plan.refund_method,
        "digest": plan.digest,
    }
    if plan.needs_approval:
        details["needs_approval"] = plan.approval_reason or True
    return details


def _request_json(request: ActionRequest) -> dict[str, Any]:
    return {k: v for k, v in confirmation.request_to_json(request).items() if v not in (None, "", [])}


def _order_number(plan: ActionPlan) -> int | None:
    order = plan.order or getattr(plan.request, "order", None)
    if order is None:
        return None
    digits = str(order).lstrip("#")
    if digits.startswith("W") and len(digits) == 8:
        digits = digits[1:]  # an imported τ²-bench order ("#W2611340") is numbered by its digits
    return int(digits) if digits.isdigit() else None
