"""Turning "cancel the socks", "return both for store credit" or "ship it to 55 Main St" into typed requests.

Each builder reads the message against the real order and returns either an `ActionRequest` for
the order system to plan, or an `AgentReply` with one short question when something is missing
(which item, which size, the ZIP). What was settled so far waits in `ConversationState.pending`.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any, get_args

from shopcrew.agents.order_actions import actor_for, plan_and_propose
from shopcrew.agents.order_address import FIELD_WORDS, ParsedAddress, parse_us_address
from shopcrew.agents.order_requests import (
    LineChoice,
    SubscriptionRequest,
    cancel_reason,
    choose_lines,
    choose_subscription,
    choose_variant,
    refund_method,
    return_reason,
    stated_cancel_reason,
    subscription_request,
)
from shopcrew.agents.types import AgentInput, AgentReply, TurnContext
from shopcrew.commerce.actions import (
    ActionRequest,
    CancelLines,
    CancelOrder,
    CancelReason,
    ChangeShippingAddress,
    ChangeSubscription,
    ExchangeItems,
    LineQuantity,
    LineSwap,
    NewAddress,
    Refusal,
    ReturnItems,
    SwapPendingItems,
)
from shopcrew.commerce.order_system import OrderSystem, OrderSystemError
from shopcrew.domain.orders import Order, OrderLine, Subscription

_CANCEL_REASONS: dict[str, CancelReason] = {reason: reason for reason in get_args(CancelReason)}
# Lines that can still be changed at all; the order system decides what each action allows.
_GONE = ("cancelled", "returned", "refunded")
UNSHIPPED = ("pending", "paid", "partially_fulfilled")
# "cancel an item from 2076", "one of the things": part of the order, not yet which part.
SOME_ITEMS = re.compile(
    r"\b(an item|one item|an article|a product|something|one of|some of|part of|a few|some (?:items|things))\b",
    re.IGNORECASE,
)


def change_order(
    ctx: TurnContext, orders: OrderSystem, request: AgentInput, domain: str, order: Order
) -> AgentReply:
    """Build the request for `domain` on `order` from the message and plan it, or ask what's missing."""
    builders = {
        "order_cancel": _cancel,
        "order_return": _return,
        "order_exchange": _exchange,
        "address_change": _address,
    }
    built = builders[domain](ctx, orders, request, order)
    if isinstance(built, AgentReply):
        return built
    reply = plan_and_propose(ctx, orders, built, order.number, items=[line.title for line in order.lines])
    if isinstance(built, CancelLines) and reply.intent == "orders.confirm_action":
        # Say what stays: the items that already shipped follow the returns policy.
        reply.facts["already_shipped"] = [line.title for line in order.lines if line.status == "fulfilled"]
    return reply


def _lines(
    ctx: TurnContext,
    request: AgentInput,
    order: Order,
    candidates: list[OrderLine],
    *,
    by_options: bool = True,
) -> LineChoice:
    """The lines the message names; else those named earlier in this task (kept across a question)."""
    choice = choose_lines(request.text, request.extraction, candidates, ctx.catalog, by_options=by_options)
    if choice.named:
        ctx.state.pending["line_ids"] = [line.id for line in choice.lines]
        ctx.state.pending["quantity"] = choice.quantity
        return choice
    earlier = [line for line in candidates if line.id in ctx.state.pending.get("line_ids", [])]
    if earlier:
        return LineChoice(tuple(earlier), named=True, quantity=ctx.state.pending.get("quantity"))
    return choice


def _quantities(choice: LineChoice) -> tuple[LineQuantity, ...]:
    """Each chosen line with the units asked for (all of them unless one line and fewer units were named)."""
    return tuple(
        LineQuantity(
            str(line.id),
            min(choice.quantity, line.quantity)
            if choice.quantity and len(choice.lines) == 1
            else line.quantity,
        )
        for line in choice.lines
    )


def _named_elsewhere(request: AgentInput, choice: LineChoice) -> str | None:
    """What the message names that is not in the order ("the sunscreen"), when it names nothing that is."""
    if choice.named:
        return None
    extraction = request.extraction
    if extraction.products:
        return extraction.products[0].matched_text
    return extraction.categories[0] if extraction.categories else None


def _which_items(order: Order, candidates: list[OrderLine], *, missing: str | None = None) -> AgentReply:
    return AgentReply(
        intent="orders.which_items",
        facts={
            "number": order.number,
            "lines": [{"title": line.title, "variant": line.variant_title} for line in candidates],
            "missing": missing,
        },
        awaiting_slot="order_items",
    )


def _cancel(
    ctx: TurnContext, orders: OrderSystem, request: AgentInput, order: Order
) -> ActionRequest | AgentReply:
    open_lines = [line for line in order.lines if line.status == "open"]
    # A reason said earlier in the task (before identity was checked) counts unless this message gives one.
    earlier = ctx.state.pending.get("cancel_reason")
    said = stated_cancel_reason(request.text)
    reason: CancelReason
    if said is not None:
        reason = said
    elif isinstance(earlier, str) and earlier in _CANCEL_REASONS:
        reason = _CANCEL_REASONS[earlier]
    else:
        reason = cancel_reason(request.text)
    candidates = open_lines or [line for line in order.lines if line.status not in _GONE]
    choice = _lines(ctx, request, order, candidates)
    if (missing := _named_elsewhere(request, choice)) is not None and candidates:
        # "cancel the sunscreen from 2076" when 2076 has no sunscreen: never the whole order instead.
        return _which_items(order, candidates, missing=missing)
    if not choice.named and len(open_lines) > 1 and SOME_ITEMS.search(request.text):
        return _which_items(order, open_lines)
    whole = not choice.named or (
        set(choice.lines) == set(open_lines)
        and all(
            q.quantity == line.quantity for q, line in zip(_quantities(choice), choice.lines, strict=True)
        )
    )
    if whole and order.status != "partially_fulfilled":
        return CancelOrder(order=str(order.number), reason=reason)
    if not choice.named and open_lines:
        # "Cancel order 2017" when part of it shipped: the items that haven't shipped can still go.
        choice = LineChoice(tuple(open_lines), named=True)
    if not choice.lines:
        # Nothing is left to cancel: the order system says why.
        return CancelOrder(order=str(order.number), reason=reason)
    return CancelLines(order=str(order.number), lines=_quantities(choice), reason=reason)


def _return(
    ctx: TurnContext, orders: OrderSystem, request: AgentInput, order: Order
) -> ActionRequest | AgentReply:
    candidates = [line for line in order.lines if line.status not in _GONE]
    choice = _lines(ctx, request, order, candidates)
    method = refund_method(request.text)
    if method == "original_payment" and ctx.state.pending.get("refund_method") == "store_credit":
        method = "store_credit"
    ctx.state.pending["refund_method"] = method

    def returning(lines: tuple[OrderLine, ...], quantity: int | None = None) -> ReturnItems:
        return ReturnItems(
            order=str(order.number),
            lines=_quantities(LineChoice(lines, named=True, quantity=quantity)),
            refund_method=method,
            reason=return_reason(request.text),
        )

    if choice.named:
        return returning(choice.lines, choice.quantity)
    if (missing := _named_elsewhere(request, choice)) is not None and candidates:
        return _which_items(order, candidates, missing=missing)
    if len(candidates) == 1:
        return returning((candidates[0],))
    if not candidates:
        return _nothing_left(order)
    # Nothing named: ask which item, but check each one first, so a closed window is said straight
    # away and final-sale items are named as such instead of offered.
    refusals: list[tuple[OrderLine, Refusal]] = []
    eligible: list[OrderLine] = []
    for line in candidates:
        try:
            result = orders.plan(returning((line,)), actor_for(ctx))
        except OrderSystemError:
            return _which_items(order, candidates)
        if isinstance(result, Refusal):
            refusals.append((line, result))
        else:
            eligible.append(line)
    ctx.trace.tool(
        "check_returnable", {"order": order.number}, {"returnable": [line.id for line in eligible]}
    )
    if not eligible:
        return returning(tuple(candidates))
    if len(eligible) == 1 and not refusals:
        return returning((eligible[0],))
    reply = _which_items(order, eligible)
    reply.facts["not_returnable"] = [{"title": line.title, "reason": r.reason} for line, r in refusals]
    return reply


def _exchange(
    ctx: TurnContext, orders: OrderSystem, request: AgentInput, order: Order
) -> ActionRequest | AgentReply:
    candidates = [line for line in order.lines if line.status not in _GONE]
    choice = _lines(ctx, request, order, candidates, by_options=False)
    if not choice.named:
        if len(candidates) != 1:
            return _which_items(order, candidates) if candidates else _nothing_left(order)
        choice = LineChoice((candidates[0],), named=True)
        ctx.state.pending["line_ids"] = [candidates[0].id]
    swaps = []
    for line in choice.lines:
        product = ctx.catalog.get(line.product_id)
        if product is None:
            return _nothing_left(order)
        wanted = choose_variant(request.text, request.extraction, line, product)
        item = {"title": line.title, "variant": line.variant_title}
        if wanted.variant is None:
            options = "size" if any("size" in v.options for v in product.variants) else "volume"
            return AgentReply(
                intent="orders.variant_unavailable" if wanted.asked else "orders.which_variant",
                facts={
                    "number": order.number,
                    "item": item,
                    "wanted": wanted.wanted,
                    "offered": list(wanted.offered or product.option_values(options)),
                },
                awaiting_slot="new_variant",
            )
        quantity = min(choice.quantity, line.quantity) if choice.quantity else line.quantity
        swaps.append(LineSwap(str(line.id), str(wanted.variant.id), quantity))
    if order.status in UNSHIPPED:
        return SwapPendingItems(order=str(order.number), swaps=tuple(swaps))
    return ExchangeItems(order=str(order.number), swaps=tuple(swaps))


def _address(
    ctx: TurnContext, orders: OrderSystem, request: AgentInput, order: Order
) -> ActionRequest | AgentReply:
    parsed = parse_us_address(request.text)
    earlier = ctx.state.pending.get("address")
    if isinstance(earlier, dict):
        parsed = ParsedAddress.from_json(earlier).merged_with(parsed)
    if parsed.missing:
        ctx.state.pending["address"] = parsed.to_json()
        return AgentReply(
            intent="orders.ask_address",
            facts={
                "number": order.number,
                "so_far": parsed.one_line() if parsed.line1 else "",
                "missing": [FIELD_WORDS[name] for name in parsed.missing],
            },
            awaiting_slot="zip_code" if parsed.missing == ("postal_code",) else "new_address",
        )
    ctx.state.pending.pop("address", None)
    return ChangeShippingAddress(
        order=str(order.number),
        address=NewAddress(
            name=order.shipping_address.name,
            line1=parsed.line1,
            line2=parsed.line2,
            city=parsed.city,
            region=parsed.region,
            postal_code=parsed.postal_code,
            country=order.shipping_address.country or "US",
        ),
    )


def _nothing_left(order: Order) -> AgentReply:
    return AgentReply(
        intent="orders.action_refused",
        facts={
            "number": order.number,
            "action": "",
            "code": "no_items",
            "reason": f"nothing on order {order.label} can be changed any more",
            "alternatives": [],
            "offer_person": True,
        },
        awaiting_slot="handoff_offer",
    )


def change_subscription(
    ctx: TurnContext, orders: OrderSystem, request: AgentInput, subs: list[Subscription]
) -> AgentReply | None:
    """Plan the subscription change the message asks for; None when it asks for none (list them)."""
    pending = ctx.state.pending
    wanted = subscription_request(request.text)
    stored = pending.get("subscription_change")
    if wanted is None and isinstance(stored, dict):
        wanted = SubscriptionRequest(**stored)  # asked earlier, before "which subscription?"
    earlier = next((s for s in subs if str(s.id) == str(pending.get("subscription_id"))), None)
    sub = choose_subscription(request.text, request.extraction, subs, None) or earlier
    if sub is None and wanted is not None:
        sub = choose_subscription(request.text, request.extraction, subs, wanted.change)
    if wanted is None and sub is None:
        return None
    if sub is None:
        pending["subscription_change"] = asdict(wanted) if wanted else None
        return AgentReply(
            intent="orders.which_subscription",
            facts={"subscriptions": [_subscription_fact(s) for s in subs]},
            awaiting_slot="subscription",
        )
    pending["subscription_id"] = sub.id
    if wanted is None:
        return AgentReply(
            intent="orders.subscription_options",
            facts={"subscription": _subscription_fact(sub)},
            awaiting_slot="subscription",
        )
    new_variant = None
    if wanted.change == "swap_variant" and wanted.volume:
        product = ctx.catalog.get(sub.product_id)
        matches = product.matching_variants(volume=wanted.volume) if product else []
        new_variant = str(matches[0].id) if matches else None
    pending.pop("subscription_id", None)
    pending.pop("subscription_change", None)
    return plan_and_propose(
        ctx,
        orders,
        ChangeSubscription(
            subscription_id=str(sub.id),
            change=wanted.change,
            pause_days=wanted.pause_days,
            frequency_days=wanted.frequency_days,
            new_variant_id=new_variant,
        ),
        None,
        items=[sub.title],
    )


def _subscription_fact(sub: Subscription) -> dict[str, Any]:
    return {
        "title": sub.title,
        "variant": sub.variant_title,
        "status": sub.status,
        "every_days": sub.frequency_days,
        "next_charge_on": sub.next_charge_on.isoformat() if sub.next_charge_on else None,
    }
