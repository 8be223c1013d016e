"""Cancelling a whole order, or some of its lines, before they ship."""

from __future__ import annotations

from decimal import Decimal

from shopcrew.commerce.actions import CancelLines, CancelOrder, PlannedLine, Refusal
from shopcrew.commerce.order_actions.common import (
    ZERO,
    ActionContext,
    Applied,
    Draft,
    adjust_stock,
    cents,
    find_line,
    is_captured,
    line_label,
    line_refund,
    lines_refusal,
    order_label,
    order_state_refusal,
    payment_method,
    record_detail,
    refund_money,
    split_line,
    status_from_lines,
    usd,
)
from shopcrew.store.commerce_tables import OrderLineRow, OrderRow, PaymentMethodRow

_AFTER_SHIPPING = "Items already on their way can be returned within the return window after delivery."


def _reason_refusal(ctx: ActionContext, reason: str) -> Refusal | None:
    if reason not in ctx.policy.cancel_reasons:
        allowed = ", ".join(ctx.policy.cancel_reasons)
        return Refusal(
            "bad_reason", f"'{reason}' is not a cancellation reason this store accepts ({allowed})"
        )
    return None


def plan_cancel_order(ctx: ActionContext, request: CancelOrder, order: OrderRow) -> Draft | Refusal:
    """Cancel every line of an order that has not shipped; refund what was paid, restock the items."""
    refusal = _reason_refusal(ctx, request.reason)
    if refusal:
        return refusal
    allowed = ctx.policy.states_for("cancel_order")
    if order.status not in allowed:
        return order_state_refusal(order, allowed, "cancelling", _AFTER_SHIPPING)
    shipped = [line for line in order.lines if line.status == "fulfilled"]
    if shipped:
        return Refusal("already_shipped", f"{line_label(shipped[0])} has already shipped. {_AFTER_SHIPPING}")
    open_lines = [line for line in order.lines if line.status == "open"]
    captured = is_captured(order)
    # Line cancellations and swaps already moved `order.total` by what they refunded or charged, so
    # the total is what the shopper has paid and not yet had back.
    refund = cents(order.total) if captured else ZERO
    method: PaymentMethodRow | None = None
    if refund > 0:
        found = payment_method(ctx, order, None)
        if isinstance(found, Refusal):
            return found
        method = found
    label = order_label(order)
    planned = [
        PlannedLine(f"Cancel {line_label(line)}", line_refund(order, line, line.quantity))
        for line in open_lines
    ]
    if order.shipping > 0:
        planned.append(PlannedLine("Shipping", order.shipping))
    if method is not None:
        summary = f"Cancel order {label} and refund {usd(refund)} to {method.label}."
    else:
        summary = f"Cancel order {label}; the payment authorisation is released and nothing is charged."
    notes = []
    if method is not None and method.kind != "gift_card":
        notes.append("Card and PayPal refunds take up to 5 business days to appear.")

    def apply() -> Applied:
        for line in open_lines:
            line.status = "cancelled"
            adjust_stock(ctx, line.variant_id, line.quantity)
        order.status = "cancelled"
        order.cancelled_at = ctx.now
        record_detail(order, "cancellations", {"reason": request.reason, "at": ctx.now.isoformat()})
        order.details = {**(order.details or {}), "cancel_reason": request.reason}
        if method is not None:
            refund_money(ctx, order, refund, method, f"cancelled: {request.reason}")
        return Applied("cancelled")

    return Draft(
        summary=summary,
        lines=planned,
        apply=apply,
        order=order,
        refund_total=refund,
        refund_method=method.label if method else None,
        notes=notes,
    )


def plan_cancel_lines(ctx: ActionContext, request: CancelLines, order: OrderRow) -> Draft | Refusal:
    """Cancel some units of open lines; refund those units (with their tax), keep the order's totals right."""
    refusal = _reason_refusal(ctx, request.reason) or lines_refusal(
        order, [(w.line_id, w.quantity) for w in request.lines]
    )
    if refusal:
        return refusal
    allowed = ctx.policy.states_for("cancel_lines")
    if order.status not in allowed:
        return order_state_refusal(order, allowed, "cancelling items", _AFTER_SHIPPING)
    picked: list[tuple[OrderLineRow, int]] = []
    for wanted in request.lines:
        line = find_line(order, wanted.line_id)
        assert line is not None  # lines_refusal checked it
        if line.status == "fulfilled":
            return Refusal(
                "already_shipped", f"line {line.id} ({line.title}) has already shipped. {_AFTER_SHIPPING}"
            )
        if line.status != "open":
            return Refusal("already_done", f"line {line.id} ({line.title}) was already {line.status}")
        if wanted.quantity > line.quantity:
            return Refusal(
                "quantity_too_high",
                f"line {line.id} ({line.title}) has {line.quantity} left to cancel, not {wanted.quantity}",
            )
        picked.append((line, wanted.quantity))
    cancelled_units = {line.id: quantity for line, quantity in picked}
    everything = all(
        cancelled_units.get(line.id, 0) == line.quantity for line in order.lines if line.status != "cancelled"
    )
    if everything:
        # Cancelling every remaining item is cancelling the order: shipping is refunded too.
        return plan_cancel_order(ctx, CancelOrder(order=request.order, reason=request.reason), order)
    captured = is_captured(order)
    refunds = {line.id: line_refund(order, line, quantity) for line, quantity in picked}
    refund = cents(sum(refunds.values(), ZERO)) if captured else ZERO
    method: PaymentMethodRow | None = None
    if refund > 0:
        found = payment_method(ctx, order, None)
        if isinstance(found, Refusal):
            return found
        method = found
    items = ", ".join(line_label(line, quantity) for line, quantity in picked)
    label = order_label(order)
    if method is not None:
        summary = f"Cancel {items} from order {label} and refund {usd(refund)} to {method.label}."
    else:
        summary = f"Cancel {items} from order {label}; nothing is charged for them."
    planned = [
        PlannedLine(f"Cancel {line_label(line, quantity)}", refunds[line.id]) for line, quantity in picked
    ]

    def apply() -> Applied:
        for line, quantity in picked:
            _reduce_totals(order, line, quantity, refunds[line.id])
            _cancel_units(ctx, order, line, quantity)
            adjust_stock(ctx, line.variant_id, quantity)
        record_detail(
            order,
            "cancellations",
            {"reason": request.reason, "at": ctx.now.isoformat(), "lines": [[ln.id, q] for ln, q in picked]},
        )
        order.status = status_from_lines(order)
        if method is not None:
            refund_money(ctx, order, refund, method, f"items cancelled: {request.reason}")
        return Applied(order.status)

    return Draft(
        summary=summary,
        lines=planned,
        apply=apply,
        order=order,
        refund_total=refund,
        refund_method=method.label if method else None,
    )


def _reduce_totals(order: OrderRow, line: OrderLineRow, quantity: int, paid: Decimal) -> None:
    """Take `quantity` units of a line (`paid` with their tax) out of the order's subtotal, discount, tax, total."""
    amount = line.unit_price * quantity
    discount = cents(amount * order.discount / order.subtotal) if order.subtotal > 0 else ZERO
    order.total = cents(order.total - paid)
    order.subtotal = cents(order.subtotal - amount)
    order.discount = cents(order.discount - discount)
    order.tax = cents(order.total - order.subtotal + order.discount - order.shipping)


def _cancel_units(ctx: ActionContext, order: OrderRow, line: OrderLineRow, quantity: int) -> None:
    """Mark a whole line cancelled, or split the cancelled units off into a line of their own."""
    cancelled = split_line(ctx, order, line, quantity)
    cancelled.status = "cancelled"
    if cancelled is not line:
        ctx.session.flush()
        ctx.session.refresh(order, ["lines"])
