"""Plans for delivered orders: returns and exchanges within the window, final sale refused."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from shopcrew.commerce.actions import ActionPlan, ExchangeItems, PlannedLine, Refusal, ReturnItems
from shopcrew.commerce.order_policy import OrderPolicy
from shopcrew.commerce.shopify.mapping import ShopifyOrder
from shopcrew.commerce.shopify.plan_common import (
    CENT,
    VariantLookup,
    line_in_order,
    line_label,
    merged_lines,
    price_difference,
    priced_swaps,
    refund_target,
    usd,
)
from shopcrew.domain.orders import OrderLine


def _returnable(shopify: ShopifyOrder, now: datetime, window_days: int, words: str) -> Refusal | None:
    delivered = shopify.order.delivered_at
    if delivered is None:
        return Refusal("wrong_state", f"order {shopify.name} hasn't been delivered yet")
    days = (now.date() - delivered.date()).days
    if days > window_days:
        return Refusal("window_closed", f"delivered {days} days ago; {words} close after {window_days} days")
    return None


def _final_sale(shopify: ShopifyOrder, line: OrderLine, policy: OrderPolicy) -> bool:
    facts = shopify.lines[line.id]
    tags = {t.strip().lower() for t in facts.tags}
    category = facts.product_type.strip().lower().replace(" ", "_")
    return (
        bool(tags & {t.lower() for t in policy.final_sale_tags}) or category in policy.final_sale_categories
    )


def _shippedline_in_order(
    shopify: ShopifyOrder, line_id: str, quantity: int, policy: OrderPolicy
) -> OrderLine | Refusal:
    line = line_in_order(shopify, line_id)
    if line is None:
        return Refusal("item_not_in_order", f"order {shopify.name} has no item {line_id}")
    shipped = sum(q for _, q in shopify.lines[line.id].fulfillment_line_items)
    if quantity < 1:
        return Refusal("bad_quantity", "the number of items to send back must be at least 1")
    if quantity > min(shipped, line.quantity):
        return Refusal(
            "quantity_too_high",
            f"order {shopify.name} has {min(shipped, line.quantity)} × {line.title} to send back",
        )
    if _final_sale(shopify, line, policy):
        return Refusal("final_sale", f"{line.title} was a final-sale item and can't be returned or exchanged")
    return line


def plan_return(
    request: ReturnItems, shopify: ShopifyOrder, policy: OrderPolicy, now: datetime
) -> ActionPlan | Refusal:
    """Return delivered lines within the window (not final sale); the refund is owed once they arrive."""
    closed = _returnable(shopify, now, policy.return_window_days, "returns")
    if closed:
        return closed
    if request.refund_method not in policy.refund_methods:
        return Refusal(
            "bad_refund_method", f"this store doesn't refund to {request.refund_method.replace('_', ' ')}"
        )
    if request.payment_method_id is not None:
        return Refusal(
            "unsupported", "on this store a refund goes to the original payment or to store credit"
        )
    planned, total = [], Decimal("0")
    for wanted in merged_lines(request.lines):
        line = _shippedline_in_order(shopify, wanted.line_id, wanted.quantity, policy)
        if isinstance(line, Refusal):
            return line
        amount = line.unit_price * wanted.quantity
        planned.append(PlannedLine(f"Return {line_label(line, wanted.quantity)}", amount))
        total += amount
    if not planned:
        return Refusal("no_items", "say which items to send back")
    fee = (total * policy.restocking_fee_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    if fee > 0:
        planned.append(PlannedLine(f"Restocking fee ({policy.restocking_fee_percent}%)", -fee))
    refund = total - fee
    if request.refund_method == "store_credit":
        method, when = "store credit", "as soon as the return is received"
    else:
        method, when = (
            refund_target(shopify),
            "within 5 business days after we receive and inspect the return",
        )
    return ActionPlan(
        request=request,
        order=shopify.name,
        summary=f"Return {len(planned) - (1 if fee > 0 else 0)} item(s) from order {shopify.name}; "
        f"{usd(refund)} back to {method} {when}.",
        lines=tuple(planned),
        refund_total=refund,
        refund_method=method,
        notes=("You get a return number and a prepaid label by email.",),
    )


def plan_exchange(
    request: ExchangeItems, shopify: ShopifyOrder, policy: OrderPolicy, now: datetime, variant: VariantLookup
) -> ActionPlan | Refusal:
    """Exchange delivered lines for in-stock variants of the same product; the price difference is settled."""
    closed = _returnable(shopify, now, policy.exchange_window_days, "exchanges")
    if closed:
        return closed
    if request.payment_method_id is not None:
        return Refusal(
            "unsupported", "on this store a price difference is settled on the order's own payment"
        )
    priced = priced_swaps(
        request.swaps,
        shopify,
        variant,
        lambda swap: _shippedline_in_order(shopify, swap.line_id, swap.quantity, policy),
        lambda line, quantity, found: f"Exchange {line_label(line, quantity)} for {found.title}",
    )
    if isinstance(priced, Refusal):
        return priced
    planned, difference = priced
    if not planned:
        return Refusal("no_items", "say which item to exchange and for what")
    refund, charge, money_words = price_difference(difference)
    return ActionPlan(
        request=request,
        order=shopify.name,
        summary=f"Exchange {len(planned)} item(s) from order {shopify.name}{money_words}.",
        lines=tuple(planned),
        refund_total=refund,
        charge_total=charge,
        refund_method=refund_target(shopify) if refund > 0 else None,
        notes=(
            "You get a return number and a prepaid label by email; the new item ships when yours is on its way back.",
        ),
    )
