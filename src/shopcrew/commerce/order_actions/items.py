"""Swapping items for another variant of the same product: before shipping (order edit) or after delivery (exchange)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from shopcrew.commerce.actions import ExchangeItems, LineSwap, PlannedLine, Refusal, SwapPendingItems
from shopcrew.commerce.order_actions.common import (
    ZERO,
    ActionContext,
    Applied,
    Draft,
    adjust_stock,
    cents,
    charge_money,
    final_sale_reason,
    find_line,
    gift_card_refusal,
    is_captured,
    line_label,
    lines_refusal,
    next_rma,
    order_label,
    order_state_refusal,
    payment_method,
    record_detail,
    refund_money,
    returned_quantities,
    split_line,
    usd,
    variant_for,
)
from shopcrew.store.catalog_tables import ProductRow, VariantRow
from shopcrew.store.commerce_tables import OrderLineRow, OrderRow, PaymentMethodRow, ReturnRow


@dataclass(frozen=True)
class _Swap:
    line: OrderLineRow
    variant: VariantRow
    quantity: int
    difference: Decimal  # what the shopper pays (+) or gets back (-), tax included


def _tax_rate(order: OrderRow) -> Decimal:
    taxable = order.subtotal - order.discount
    return order.tax / taxable if taxable > 0 else ZERO


def _checked_swaps(ctx: ActionContext, order: OrderRow, swaps: Sequence[LineSwap]) -> list[_Swap] | Refusal:
    """Each swap: a line of this order, another in-stock variant of the same product, and the price difference."""
    refusal = lines_refusal(order, [(s.line_id, s.quantity) for s in swaps])
    if refusal:
        return refusal
    checked = []
    for swap in swaps:
        line = find_line(order, swap.line_id)
        assert line is not None  # lines_refusal checked it
        variant = variant_for(ctx.session, swap.new_variant_id)
        if variant is None:
            return Refusal("unknown_variant", f"there is no variant with id {swap.new_variant_id}")
        if variant.product_id != line.product_id:
            other = ctx.session.get(ProductRow, variant.product_id)
            name = other.title if other else "that item"
            return Refusal(
                "different_product",
                f"{name} is a different product from {line.title}; only another size or colour of the same "
                "product can be swapped. Return the item for a refund and order the new one instead",
            )
        if variant.id == line.variant_id:
            return Refusal("same_variant", f"line {line.id} already is {line.title} in {variant.title}")
        if variant.inventory < swap.quantity:
            left = f"only {variant.inventory} left" if variant.inventory else "out of stock"
            return Refusal("out_of_stock", f"{line.title} in {variant.title} is {left}")
        difference = cents((variant.price - line.unit_price) * swap.quantity * (1 + _tax_rate(order)))
        checked.append(_Swap(line, variant, swap.quantity, difference))
    return checked


def _settlement(
    ctx: ActionContext, order: OrderRow, method_id: str | None, net: Decimal
) -> PaymentMethodRow | Refusal | None:
    """The payment method that pays or receives the difference (None when nothing moves)."""
    if net == 0:
        return None
    method = payment_method(ctx, order, method_id)
    if isinstance(method, Refusal):
        return method
    if net > 0:
        return gift_card_refusal(method, net) or method
    return method


def _difference_words(net: Decimal, method: PaymentMethodRow | None) -> str:
    if method is None or net == 0:
        return "no price difference"
    if net > 0:
        return f"{usd(net)} charged to {method.label}"
    return f"{usd(-net)} refunded to {method.label}"


def plan_swap_items(ctx: ActionContext, request: SwapPendingItems, order: OrderRow) -> Draft | Refusal:
    """Change unshipped lines to another size or colour; the price difference is charged or refunded."""
    allowed = ctx.policy.states_for("swap_items")
    if order.status not in allowed:
        return order_state_refusal(
            order, allowed, "changing items", "Delivered items can be exchanged instead."
        )
    checked = _checked_swaps(ctx, order, request.swaps)
    if isinstance(checked, Refusal):
        return checked
    for swap in checked:
        if swap.line.status == "fulfilled":
            return Refusal("already_shipped", f"line {swap.line.id} ({swap.line.title}) has already shipped")
        if swap.line.status != "open":
            return Refusal("already_done", f"line {swap.line.id} ({swap.line.title}) was {swap.line.status}")
        if swap.quantity > swap.line.quantity:
            return Refusal(
                "quantity_too_high", f"line {swap.line.id} has {swap.line.quantity}, not {swap.quantity}"
            )
    net = cents(sum((s.difference for s in checked), ZERO))
    captured = is_captured(order)
    settled = _settlement(ctx, order, request.payment_method_id, net) if captured else None
    if isinstance(settled, Refusal):
        return settled
    label = order_label(order)
    items = "; ".join(f"{line_label(s.line, s.quantity)} → {s.variant.title}" for s in checked)
    money = _difference_words(net, settled) if captured else "the new total is taken when payment is captured"
    planned = [
        PlannedLine(f"Change {line_label(s.line, s.quantity)} to {s.variant.title}", s.difference)
        for s in checked
    ]

    def apply() -> Applied:
        for swap in checked:
            adjust_stock(ctx, swap.variant.id, -swap.quantity, f"{swap.line.title} in {swap.variant.title}")
            adjust_stock(ctx, swap.line.variant_id, swap.quantity)
            moved = split_line(ctx, order, swap.line, swap.quantity)
            price_change = (swap.variant.price - moved.unit_price) * swap.quantity
            moved.variant_id = swap.variant.id
            moved.variant_title = swap.variant.title
            moved.sku = swap.variant.sku
            moved.unit_price = swap.variant.price
            order.subtotal = cents(order.subtotal + price_change)
            order.total = cents(order.total + swap.difference)
            order.tax = cents(order.total - order.subtotal + order.discount - order.shipping)
        record_detail(
            order,
            "item_swaps",
            {"at": ctx.now.isoformat(), "swaps": [[s.line.id, s.variant.id, s.quantity] for s in checked]},
        )
        if settled is not None and net > 0:
            charge_money(ctx, order, net, settled)
        elif settled is not None and net < 0:
            refund_money(ctx, order, -net, settled, "items swapped for cheaper variants")
        return Applied(order.status)

    return Draft(
        summary=f"Change {items} on order {label}; {money}.",
        lines=planned,
        apply=apply,
        order=order,
        refund_total=-net if captured and net < 0 else ZERO,
        charge_total=net if captured and net > 0 else ZERO,
        refund_method=settled.label if settled is not None else None,
    )


def plan_exchange(ctx: ActionContext, request: ExchangeItems, order: OrderRow) -> Draft | Refusal:
    """Exchange delivered lines within the window for another in-stock variant; the replacement is reserved."""
    allowed = ctx.policy.states_for("exchange_items")
    if order.status not in allowed:
        return order_state_refusal(
            order, allowed, "an exchange", "Items can be exchanged once they are delivered."
        )
    if order.delivered_at is not None:
        days = (ctx.today - order.delivered_at.date()).days
        window = ctx.policy.exchange_window_days
        if days > window:
            return Refusal(
                "window_closed",
                f"order {order_label(order)} was delivered {days} days ago; exchanges close after {window} days",
            )
    checked = _checked_swaps(ctx, order, request.swaps)
    if isinstance(checked, Refusal):
        return checked
    taken = returned_quantities(order)
    for swap in checked:
        refusal = _exchangeable(ctx, swap, taken.get(swap.line.id, 0))
        if refusal:
            return refusal
    net = cents(sum((s.difference for s in checked), ZERO))
    settled = _settlement(ctx, order, request.payment_method_id, net)
    if isinstance(settled, Refusal):
        return settled
    later = ctx.policy.settle_returns_on == "receipt"
    named = payment_method(ctx, order, request.payment_method_id) if net == 0 else settled
    target = named.external_id or str(named.id) if isinstance(named, PaymentMethodRow) else None
    label = order_label(order)
    items = "; ".join(f"{line_label(s.line, s.quantity)} → {s.variant.title}" for s in checked)
    planned = [
        PlannedLine(f"Exchange {line_label(s.line, s.quantity)} for {s.variant.title}", s.difference)
        for s in checked
    ]
    notes = [
        "A free prepaid return label and the RMA number are emailed.",
        "The replacement ships as soon as the return parcel gets its first carrier scan.",
    ]

    def apply() -> Applied:
        for swap in checked:
            adjust_stock(ctx, swap.variant.id, -swap.quantity, f"{swap.line.title} in {swap.variant.title}")
        rma = next_rma(ctx.session, order)
        entries = [
            {
                "line_id": s.line.id,
                "quantity": s.quantity,
                "reason": "exchange",
                "new_variant_id": s.variant.id,
            }
            for s in checked
        ]
        ctx.session.add(
            ReturnRow(
                order_id=order.id,
                rma=rma,
                status="label_sent",
                created_at=ctx.now,
                lines=entries,
                refund_method="exchange",
            )
        )
        record_detail(
            order,
            "exchanges",
            {
                "rma": rma,
                "at": ctx.now.isoformat(),
                "items": entries,
                "difference": str(net),
                "payment_method_id": target,
                "settled": not later,
            },
        )
        if later:
            pass  # settled when the parcel is back (policy `settle_returns_on = "receipt"`)
        elif settled is not None and net > 0:
            charge_money(ctx, order, net, settled)
        elif settled is not None and net < 0:
            refund_money(ctx, order, -net, settled, f"exchange {rma}: cheaper variant")
        return Applied(order.status, reference=rma)

    return Draft(
        summary=f"Exchange {items} from order {label}; {_difference_words(net, settled)}"
        + (" once the items are back." if later and net != 0 else "."),
        lines=planned,
        apply=apply,
        order=order,
        refund_total=-net if net < 0 else ZERO,
        charge_total=net if net > 0 else ZERO,
        refund_method=settled.label if settled is not None else None,
        notes=notes,
    )


def _exchangeable(ctx: ActionContext, swap: _Swap, already: int) -> Refusal | None:
    line = swap.line
    if line.status == "returned":
        return Refusal("already_done", f"line {line.id} ({line.title}) has already been returned")
    if line.status != "fulfilled":
        return Refusal("wrong_state", f"line {line.id} ({line.title}) is {line.status}, not a delivered item")
    product = ctx.session.get(ProductRow, line.product_id)
    why = final_sale_reason(product, ctx.policy) if product is not None else None
    if why:
        return Refusal("final_sale", f"{line.title} can't be exchanged: {why}")
    left = line.quantity - already
    if left <= 0:
        return Refusal(
            "already_done", f"line {line.id} ({line.title}) is already being returned or exchanged"
        )
    if swap.quantity > left:
        return Refusal(
            "quantity_too_high",
            f"line {line.id} ({line.title}) has {left} left to exchange, not {swap.quantity}",
        )
    return None
