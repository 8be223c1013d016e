"""Plans for Shopify orders: ownership, order state, the store's `OrderPolicy` and stock, checked in code.

Each function takes the order as read from Shopify and returns an `ActionPlan` that lists exactly what
will happen, or a `Refusal` that says why not. Nothing here talks to Shopify; the adapter fetches
what a plan needs (the order, a variant) and executes the plan.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import datetime
from decimal import Decimal

from shopcrew.commerce.actions import (
    ActionPlan,
    ActionRequest,
    CancelLines,
    CancelOrder,
    ChangeShippingAddress,
    ExchangeItems,
    LineSwap,
    PlannedLine,
    Refusal,
    ReturnItems,
    SwapPendingItems,
    allowed_state_words,
)
from shopcrew.commerce.order_policy import OrderPolicy
from shopcrew.commerce.shopify.mapping import ShopifyOrder
from shopcrew.commerce.shopify.plan_common import (
    VariantLookup,
    is_paid,
    line_in_order,
    line_label,
    merged_lines,
    price_difference,
    priced_swaps,
    refund_target,
    usd,
)
from shopcrew.commerce.shopify.plan_returns import plan_exchange, plan_return
from shopcrew.domain.jsonable import to_jsonable
from shopcrew.domain.orders import OrderLine

_ZIP_US = re.compile(r"^\d{5}(-\d{4})?$")
_ACTION_WORDS = {
    "cancel_order": "cancelling the order",
    "cancel_lines": "cancelling items",
    "change_address": "changing the shipping address",
    "swap_items": "changing items",
    "return_items": "a return",
    "exchange_items": "an exchange",
}


def digest(request: ActionRequest, shopify: ShopifyOrder) -> str:
    """Fingerprint of the request and the order state it was checked against (statuses, lines, money)."""
    order = shopify.order
    state = {
        "request": to_jsonable(asdict(request)),
        "status": [order.status, shopify.financial_status, shopify.fulfillment_status],
        "lines": [[f.gid, f.current_quantity, f.unfulfilled_quantity] for f in shopify.lines.values()],
        "refunded": str(order.refunded_amount),
        "shipments": len(order.shipments),
        "address": to_jsonable(asdict(order.shipping_address)),
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def plan_action(
    request: ActionRequest,
    shopify: ShopifyOrder,
    policy: OrderPolicy,
    *,
    now: datetime,
    variant: VariantLookup,
) -> ActionPlan | Refusal:
    """Check `request` against the order's state and the store's policy; say exactly what would happen."""
    allowed = policy.states_for(request.kind)
    if shopify.order.status not in allowed:
        return _wrong_state(request.kind, shopify, allowed)
    if isinstance(request, CancelOrder):
        plan = _cancel_order(request, shopify, policy)
    elif isinstance(request, CancelLines):
        plan = _cancel_lines(request, shopify, policy)
    elif isinstance(request, ChangeShippingAddress):
        plan = _change_address(request, shopify)
    elif isinstance(request, SwapPendingItems):
        plan = _swap(request, shopify, variant)
    elif isinstance(request, ReturnItems):
        plan = plan_return(request, shopify, policy, now)
    elif isinstance(request, ExchangeItems):
        plan = plan_exchange(request, shopify, policy, now, variant)
    else:  # subscriptions are refused by the adapter before planning
        return Refusal("unsupported", "that change isn't possible on this store")
    if isinstance(plan, Refusal):
        return plan
    amount = max(plan.refund_total, plan.charge_total)
    if policy.needs_approval(amount):
        plan = replace(
            plan,
            needs_approval=True,
            approval_reason=f"{usd(amount)} is above {usd(policy.approval_threshold or Decimal(0))}; "
            "a person of the store approves it first",
        )
    return replace(plan, digest=digest(request, shopify))


def _wrong_state(kind: str, shopify: ShopifyOrder, allowed: Sequence[str]) -> Refusal:
    words = _ACTION_WORDS.get(kind, kind.replace("_", " "))
    status = shopify.order.status.replace("_", " ")
    if shopify.order.status in ("cancelled", "refunded"):
        # A second cancellation (or a change to a finished order) is "already done", not a mystery.
        return Refusal("already_done", f"order {shopify.name} has already been {status}")
    if not allowed:
        return Refusal("wrong_state", f"this store doesn't allow {words} by chat")
    return Refusal(
        "wrong_state",
        f"order {shopify.name} is {status}; {words} is possible only while it is {allowed_state_words(allowed)}",
    )


def _cancel_order(request: CancelOrder, shopify: ShopifyOrder, policy: OrderPolicy) -> ActionPlan | Refusal:
    if request.reason not in policy.cancel_reasons:
        return Refusal(
            "invalid_reason", f"'{request.reason}' isn't a reason this store accepts for cancelling"
        )
    order = shopify.order
    open_lines = [line for line in order.lines if line.status == "open"]
    refund = (order.total - order.refunded_amount) if is_paid(shopify) else Decimal("0")
    where = f" and refund {usd(refund)} to {refund_target(shopify)}" if refund > 0 else ""
    return ActionPlan(
        request=request,
        order=shopify.name,
        summary=f"Cancel order {shopify.name}{where}.",
        lines=tuple(
            PlannedLine(f"Cancel {line_label(line, line.quantity)}", line.unit_price * line.quantity)
            for line in open_lines
        ),
        refund_total=refund,
        refund_method=refund_target(shopify) if refund > 0 else None,
        notes=() if refund > 0 else ("Nothing was charged yet, so there is nothing to refund.",),
    )


def _cancel_lines(request: CancelLines, shopify: ShopifyOrder, policy: OrderPolicy) -> ActionPlan | Refusal:
    if request.reason not in policy.cancel_reasons:
        return Refusal(
            "invalid_reason", f"'{request.reason}' isn't a reason this store accepts for cancelling"
        )
    if not request.lines:
        return Refusal("no_items", "say which items to cancel")
    planned: list[PlannedLine] = []
    total = Decimal("0")
    left = sum(f.unfulfilled_quantity for f in shopify.lines.values())
    for wanted in merged_lines(request.lines):
        line = line_in_order(shopify, wanted.line_id)
        if line is None:
            return Refusal("item_not_in_order", f"order {shopify.name} has no item {wanted.line_id}")
        facts = shopify.lines[line.id]
        if wanted.quantity < 1:
            return Refusal("bad_quantity", "the number of items to cancel must be at least 1")
        if wanted.quantity > facts.unfulfilled_quantity:
            if facts.unfulfilled_quantity == 0:
                return Refusal("already_shipped", f"{line.title} on order {shopify.name} has already shipped")
            return Refusal(
                "already_shipped",
                f"only {facts.unfulfilled_quantity} × {line.title} on order {shopify.name} haven't shipped yet",
            )
        amount = line.unit_price * wanted.quantity
        planned.append(PlannedLine(f"Cancel {line_label(line, wanted.quantity)}", amount))
        total += amount
        left -= wanted.quantity
    if left <= 0 and not any(f.fulfillment_line_items for f in shopify.lines.values()):
        return Refusal(
            "use_cancel_order", f"that is every item on order {shopify.name}; cancel the whole order instead"
        )
    refund = total if is_paid(shopify) else Decimal("0")
    where = f" and refund {usd(refund)} to {refund_target(shopify)}" if refund > 0 else ""
    return ActionPlan(
        request=request,
        order=shopify.name,
        summary=f"Remove {len(planned)} item{'s' if len(planned) != 1 else ''} from order {shopify.name}{where}.",
        lines=tuple(planned),
        refund_total=refund,
        refund_method=refund_target(shopify) if refund > 0 else None,
    )


def _change_address(request: ChangeShippingAddress, shopify: ShopifyOrder) -> ActionPlan | Refusal:
    address = request.address
    missing = [
        label
        for label, value in (
            ("a name", address.name),
            ("a street", address.line1),
            ("a city", address.city),
            ("a ZIP code", address.postal_code),
        )
        if not value.strip()
    ]
    if missing:
        return Refusal("invalid_address", f"the new address needs {' and '.join(missing)}")
    if len(address.country.strip()) != 2:
        return Refusal("invalid_address", "the country must be a two-letter code such as US")
    if address.country.upper() == "US" and not _ZIP_US.match(address.postal_code.strip()):
        return Refusal("invalid_address", f"'{address.postal_code}' isn't a US ZIP code")
    street = f"{address.line1}, {address.line2}" if address.line2 else address.line1
    where = f"{street}, {address.city}, {address.region} {address.postal_code}".replace(" ,", ",")
    return ActionPlan(
        request=request,
        order=shopify.name,
        summary=f"Ship order {shopify.name} to {address.name}, {where}.",
        lines=(PlannedLine(f"New shipping address: {address.name}, {where}"),),
    )


def _swap(request: SwapPendingItems, shopify: ShopifyOrder, variant: VariantLookup) -> ActionPlan | Refusal:
    if request.payment_method_id is not None:
        return Refusal(
            "unsupported", "on this store a price difference is settled on the order's own payment"
        )

    def unshipped_line(swap: LineSwap) -> OrderLine | Refusal:
        line = line_in_order(shopify, swap.line_id)
        if line is None:
            return Refusal("item_not_in_order", f"order {shopify.name} has no item {swap.line_id}")
        if swap.quantity < 1 or swap.quantity > shopify.lines[line.id].unfulfilled_quantity:
            return Refusal("already_shipped", f"{line.title} on order {shopify.name} has already shipped")
        return line

    priced = priced_swaps(
        request.swaps,
        shopify,
        variant,
        unshipped_line,
        lambda line, quantity, found: f"Change {line_label(line, quantity)} to {found.title}",
    )
    if isinstance(priced, Refusal):
        return priced
    planned, difference = priced
    if not planned:
        return Refusal("no_items", "say which item to change and to what")
    refund, charge, money_words = price_difference(difference)
    notes = ("Shopify emails you an invoice for the difference.",) if charge > 0 else ()
    return ActionPlan(
        request=request,
        order=shopify.name,
        summary=f"Change {len(planned)} item{'s' if len(planned) != 1 else ''} on order {shopify.name}{money_words}.",
        lines=tuple(planned),
        refund_total=refund,
        charge_total=charge,
        refund_method=refund_target(shopify) if refund > 0 else None,
        notes=notes,
    )
