"""Returning delivered items within the window, refunded to the original payment or as store credit."""

from __future__ import annotations

from decimal import Decimal

from shopcrew.commerce.actions import PlannedLine, Refusal, ReturnItems
from shopcrew.commerce.order_actions.common import (
    ZERO,
    ActionContext,
    Applied,
    Draft,
    cents,
    final_sale_reason,
    find_line,
    line_label,
    line_refund,
    lines_refusal,
    next_rma,
    order_label,
    order_state_refusal,
    payment_method,
    record_detail,
    refund_money,
    returned_quantities,
    usd,
)
from shopcrew.store.catalog_tables import ProductRow
from shopcrew.store.commerce_tables import OrderLineRow, OrderRow, PaymentMethodRow, ReturnRow


def _window_refusal(ctx: ActionContext, order: OrderRow) -> Refusal | None:
    if order.delivered_at is None:
        return None
    days = (ctx.today - order.delivered_at.date()).days
    window = ctx.policy.return_window_days
    if days > window:
        return Refusal(
            "window_closed",
            f"order {order_label(order)} was delivered {days} days ago; returns close after {window} days",
        )
    return None


def _picked_lines(
    ctx: ActionContext, request: ReturnItems, order: OrderRow
) -> list[tuple[OrderLineRow, int]] | Refusal:
    refusal = lines_refusal(order, [(w.line_id, w.quantity) for w in request.lines])
    if refusal:
        return refusal
    taken = returned_quantities(order)
    picked = []
    for wanted in request.lines:
        line = find_line(order, wanted.line_id)
        assert line is not None  # lines_refusal checked it
        if line.status == "returned":
            return Refusal("already_done", f"line {line.id} ({line.title}) has already been returned")
        if line.status != "fulfilled":
            return Refusal(
                "wrong_state", f"line {line.id} ({line.title}) is {line.status}, not a delivered item"
            )
        product = ctx.session.get(ProductRow, line.product_id)
        why = final_sale_reason(product, ctx.policy) if product is not None else None
        if why:
            return Refusal("final_sale", f"{line.title} can't be returned: {why}")
        left = line.quantity - taken.get(line.id, 0)
        if left <= 0:
            return Refusal(
                "already_done", f"line {line.id} ({line.title}) is already being returned or exchanged"
            )
        if wanted.quantity > left:
            return Refusal(
                "quantity_too_high",
                f"line {line.id} ({line.title}) has {left} left to return, not {wanted.quantity}",
            )
        picked.append((line, wanted.quantity))
    return picked


def plan_return(ctx: ActionContext, request: ReturnItems, order: OrderRow) -> Draft | Refusal:
    """Open a return (RMA) for delivered lines and refund them, less any restocking fee."""
    allowed = ctx.policy.states_for("return_items")
    if order.status not in allowed:
        return order_state_refusal(
            order, allowed, "a return", "An order that hasn't shipped can be cancelled instead."
        )
    if request.refund_method not in ctx.policy.refund_methods:
        allowed_methods = " or ".join(m.replace("_", " ") for m in ctx.policy.refund_methods)
        return Refusal("bad_refund_method", f"refunds here go to {allowed_methods}")
    refusal = _window_refusal(ctx, order)
    if refusal:
        return refusal
    picked = _picked_lines(ctx, request, order)
    if isinstance(picked, Refusal):
        return picked
    method: PaymentMethodRow | None = None
    if request.refund_method == "original_payment" or request.payment_method_id is not None:
        found = payment_method(ctx, order, request.payment_method_id)
        if isinstance(found, Refusal):
            return found
        method = found
    if (
        method is not None
        and method.id != order.payment_method_id
        and "gift_card" in ctx.policy.refund_methods
        and method.kind != "gift_card"
    ):
        # A store listing "gift_card" refunds to the original payment or a gift card, nothing else.
        return Refusal(
            "bad_refund_method",
            f"a refund goes back to the original payment method or to one of your gift cards, not {method.label}",
        )
    later = ctx.policy.settle_returns_on == "receipt"
    gross = {line.id: line_refund(order, line, quantity) for line, quantity in picked}
    fee_percent = ctx.policy.restocking_fee_percent
    fee = restocking_fee(sum(gross.values(), ZERO), fee_percent)
    shipping = (
        order.shipping
        if ctx.policy.refund_shipping_on_return and _returns_everything(order, picked)
        else ZERO
    )
    refund = cents(sum(gross.values(), ZERO) - fee + shipping)
    to_words = method.label if method is not None else "store credit"
    planned = [
        PlannedLine(f"Return {line_label(line, quantity)}", gross[line.id]) for line, quantity in picked
    ]
    if fee > 0:
        planned.append(PlannedLine(f"Restocking fee ({fee_percent.normalize():f}%)", -fee))
    if shipping > 0:
        planned.append(PlannedLine("Shipping", shipping))
    label = order_label(order)
    items = ", ".join(line_label(line, quantity) for line, quantity in picked)
    notes = [
        "A free prepaid return label and the RMA number are emailed; drop the parcel off within 14 days.",
        "Original shipping charges are not refunded." if order.shipping > 0 and shipping == 0 else "",
    ]
    if method is not None and method.kind != "gift_card":
        notes.append("Card and PayPal refunds take up to 5 business days to appear.")

    def apply() -> Applied:
        rma = next_rma(ctx.session, order)
        entries = [
            {"line_id": line.id, "quantity": quantity, "reason": request.reason or "not_given"}
            for line, quantity in picked
        ]
        ctx.session.add(
            ReturnRow(
                order_id=order.id,
                rma=rma,
                status="label_sent",
                created_at=ctx.now,
                lines=entries,
                refund_method=request.refund_method,
            )
        )
        ctx.session.flush()
        ctx.session.refresh(order, ["returns"])
        taken = returned_quantities(order)
        for line, _ in picked:
            if taken.get(line.id, 0) >= line.quantity:
                line.status = "returned"
        if all(line.status in ("returned", "cancelled") for line in order.lines):
            order.status = "returned"
        target = None if method is None else (method.external_id or str(method.id))
        record_detail(
            order,
            "returns",
            {
                "rma": rma,
                "at": ctx.now.isoformat(),
                "items": entries,
                "fee": str(fee),
                "refund": str(refund),
                "payment_method_id": target,
                "settled": not later,
            },
        )
        if refund > 0 and not later:
            refund_money(ctx, order, refund, method, f"return {rma}")
        return Applied(order.status, reference=rma)

    return Draft(
        summary=f"Return {items} from order {label} and refund {usd(refund)} to {to_words}"
        + (" once the items are back." if later else "."),
        lines=planned,
        apply=apply,
        order=order,
        refund_total=refund,
        refund_method=to_words,
        notes=[n for n in notes if n],
    )


def _returns_everything(order: OrderRow, picked: list[tuple[OrderLineRow, int]]) -> bool:
    """True when this return takes back every unit of the order still with the shopper."""
    taken = returned_quantities(order)
    now = {line.id: quantity for line, quantity in picked}
    return all(
        taken.get(line.id, 0) + now.get(line.id, 0) >= line.quantity
        for line in order.lines
        if line.status not in ("cancelled", "returned")
    )


def restocking_fee(amount: Decimal, percent: Decimal) -> Decimal:
    """The fee kept on a refund of `amount` at `percent`."""
    return cents(amount * percent / 100)
