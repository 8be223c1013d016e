"""What every order action shares: the context it runs in, the draft it returns, money and wording helpers.

A planner reads the store and returns either a `Refusal` or a `Draft`: the plan's words and amounts
plus an `apply` function. `plan` discards `apply`; `execute` plans again inside the locked
transaction, checks the result is the plan the shopper confirmed, and only then calls `apply`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from sqlalchemy import CursorResult, Result, func, select, update
from sqlalchemy.orm import Session

from shopcrew.commerce.actions import Actor, PlannedLine, Refusal, allowed_state_words
from shopcrew.commerce.order_policy import OrderPolicy
from shopcrew.commerce.ownership import display_number
from shopcrew.store.action_tables import PaymentTransactionRow
from shopcrew.store.catalog_tables import ProductRow, VariantRow
from shopcrew.store.commerce_tables import (
    CustomerRow,
    OrderLineRow,
    OrderRow,
    PaymentMethodRow,
    RefundRow,
    ReturnRow,
)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass
class ActionContext:
    """What a planner may use: the session, the verified customer, the store's policy and the clock."""

    session: Session
    actor: Actor
    customer: CustomerRow
    policy: OrderPolicy
    now: datetime
    audit_id: str = ""  # set by execute before `apply` runs, so money movements point at their audit row

    @property
    def today(self) -> date:
        """The store's current date."""
        return self.now.date()


@dataclass(frozen=True)
class Applied:
    """What `apply` did: the order's (or subscription's) status after, and a reference such as an RMA."""

    status_after: str | None
    reference: str | None = None


@dataclass
class Draft:
    """A checked plan before its digest, with the function that carries it out."""

    summary: str
    lines: list[PlannedLine]
    apply: Callable[[], Applied]
    order: OrderRow | None = None
    refund_total: Decimal = ZERO
    charge_total: Decimal = ZERO
    refund_method: str | None = None
    notes: list[str] = field(default_factory=list)


def cents(amount: Decimal) -> Decimal:
    """An amount rounded to the cent, half up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def usd(amount: Decimal) -> str:
    """ "$1,234.50"."""
    return f"${cents(amount):,.2f}"


def day_words(moment: datetime | date) -> str:
    """ "12 June" — how a shopper reads a date."""
    return f"{moment.day} {moment.strftime('%B')}"


def order_label(order: OrderRow) -> str:
    """ "#1042", or the imported store's own id."""
    return display_number(order.external_id or str(order.number))


def line_label(line: OrderLineRow, quantity: int | None = None) -> str:
    """ "1 × Linen Wrap Midi Dress (M / Sage)"."""
    count = line.quantity if quantity is None else quantity
    return f"{count} × {line.title} ({line.variant_title})"


def find_line(order: OrderRow, line_id: str) -> OrderLineRow | None:
    """The order's line with this id (as the port passes it: a string)."""
    text = line_id.strip()
    if not text.isdigit():
        return None
    return next((line for line in order.lines if line.id == int(text)), None)


def split_line(ctx: ActionContext, order: OrderRow, line: OrderLineRow, quantity: int) -> OrderLineRow:
    """The line itself when all its units change, else a new line holding `quantity` units split off it."""
    if quantity == line.quantity:
        return line
    line.quantity -= quantity
    moved = OrderLineRow(
        order_id=order.id,
        product_id=line.product_id,
        variant_id=line.variant_id,
        title=line.title,
        variant_title=line.variant_title,
        sku=line.sku,
        quantity=quantity,
        unit_price=line.unit_price,
        status=line.status,
    )
    ctx.session.add(moved)
    ctx.session.flush()
    return moved


def lines_refusal(order: OrderRow, wanted: Sequence[tuple[str, int]]) -> Refusal | None:
    """A refusal when the request names no line, a line twice, a line not in the order, or a bad quantity."""
    if not wanted:
        return Refusal("no_items", f"which items of order {order_label(order)}? None was named")
    seen: set[str] = set()
    for line_id, quantity in wanted:
        if line_id in seen:
            return Refusal("duplicate_item", f"line {line_id} is named twice; name each item once")
        seen.add(line_id)
        if find_line(order, line_id) is None:
            return Refusal("item_not_in_order", f"order {order_label(order)} has no item with id {line_id}")
        if quantity < 1:
            return Refusal(
                "bad_quantity", f"the quantity for line {line_id} must be at least 1, not {quantity}"
            )
    return None


def line_refund(order: OrderRow, line: OrderLineRow, quantity: int) -> Decimal:
    """What `quantity` units of a line cost the shopper: price less their share of the discount, plus tax."""
    amount = line.unit_price * quantity
    if order.subtotal <= 0:
        return cents(amount)
    net = amount * (1 - order.discount / order.subtotal)
    taxable = order.subtotal - order.discount
    tax = net * order.tax / taxable if taxable > 0 else ZERO
    return cents(net + tax)


def order_state_refusal(order: OrderRow, allowed: Sequence[str], doing: str, instead: str = "") -> Refusal:
    """Why an action is not possible in the order's current state, in the shopper's words."""
    label = order_label(order)
    shipped = min((s.shipped_at for s in order.shipments), default=None)
    if order.status == "cancelled":
        when = f" on {day_words(order.cancelled_at)}" if order.cancelled_at else ""
        code, fact = "already_done", f"order {label} was cancelled{when}"
    elif order.status in ("returned", "refunded"):
        code, fact = "already_done", f"order {label} has already been {order.status}"
    elif order.status == "delivered":
        when = f" on {day_words(order.delivered_at)}" if order.delivered_at else ""
        code, fact = "wrong_state", f"order {label} was delivered{when}"
    elif order.status in ("shipped", "partially_fulfilled"):
        when = f" on {day_words(shipped)}" if shipped else ""
        part = "partly shipped" if order.status == "partially_fulfilled" else "already shipped"
        code, fact = "wrong_state", f"order {label} {part}{when}"
    else:
        code, fact = "wrong_state", f"order {label} hasn't shipped yet"
    if code == "already_done":
        return Refusal(code, fact)  # "order #2035 was cancelled on 12 June" says it all
    reason = f"{fact}; {doing} is possible only while an order is {allowed_state_words(allowed)}"
    return Refusal(code, f"{reason}. {instead}".strip() if instead else reason)


def payment_method(ctx: ActionContext, order: OrderRow, method_id: str | None) -> PaymentMethodRow | Refusal:
    """The named payment method (it must be the customer's), or the order's original one."""
    if method_id is None:
        if order.payment_method_id is None:
            return Refusal("no_payment_method", f"order {order_label(order)} has no payment method on file")
        row = ctx.session.get(PaymentMethodRow, order.payment_method_id)
    else:
        text = method_id.strip()
        query = select(PaymentMethodRow).where(PaymentMethodRow.customer_id == ctx.customer.id)
        if text.isdigit():
            row = ctx.session.scalar(query.where(PaymentMethodRow.id == int(text)))
        else:
            row = ctx.session.scalar(query.where(PaymentMethodRow.external_id == text))
    if row is None:
        return Refusal("invalid_payment_method", f"payment method {method_id} is not one of yours")
    return row


def is_captured(order: OrderRow) -> bool:
    """True when the order's payment was taken (a pending order only holds an authorisation)."""
    return order.paid_at is not None


def refund_money(
    ctx: ActionContext, order: OrderRow, amount: Decimal, to: PaymentMethodRow | None, reason: str
) -> RefundRow:
    """Send money back: a gift card or store credit at once, a card or PayPal as a pending refund."""
    amount = cents(amount)
    if to is None:
        ctx.session.execute(
            update(CustomerRow)
            .where(CustomerRow.id == ctx.customer.id)
            .values(store_credit=CustomerRow.store_credit + amount)
        )
        status, method = "succeeded", "store_credit"
    else:
        method = "original_payment" if to.id == order.payment_method_id else "payment_method"
        status = "pending"
        if to.kind == "gift_card":
            ctx.session.execute(
                update(PaymentMethodRow)
                .where(PaymentMethodRow.id == to.id)
                .values(balance=func.coalesce(PaymentMethodRow.balance, 0) + amount)
            )
            status = "succeeded"
    refund = RefundRow(
        order_id=order.id, amount=amount, method=method, status=status, created_at=ctx.now, reason=reason
    )
    ctx.session.add(refund)
    ctx.session.flush()
    _transaction(ctx, order, to, "refund", method, amount, status, refund.id)
    return refund


def charge_money(ctx: ActionContext, order: OrderRow, amount: Decimal, to: PaymentMethodRow) -> None:
    """Take a price difference: from a gift card's balance (checked again here), or charge a card."""
    amount = cents(amount)
    if to.kind == "gift_card":
        result = ctx.session.execute(
            update(PaymentMethodRow)
            .where(PaymentMethodRow.id == to.id, PaymentMethodRow.balance >= amount)
            .values(balance=PaymentMethodRow.balance - amount)
        )
        if _rowcount(result) != 1:  # the plan checked it; a concurrent spend may have changed it since
            raise ActionConflict(
                Refusal(
                    "insufficient_balance", f"{to.label} no longer has {usd(amount)} left for the difference"
                )
            )
    method = "original_payment" if to.id == order.payment_method_id else "payment_method"
    _transaction(ctx, order, to, "charge", method, amount, "succeeded", None)


def _transaction(
    ctx: ActionContext,
    order: OrderRow,
    to: PaymentMethodRow | None,
    kind: str,
    method: str,
    amount: Decimal,
    status: str,
    refund_id: int | None,
) -> None:
    ctx.session.add(
        PaymentTransactionRow(
            order_id=order.id,
            payment_method_id=None if to is None else to.id,
            kind=kind,
            method=method,
            amount=amount,
            status=status,
            created_at=ctx.now,
            refund_id=refund_id,
            audit_id=ctx.audit_id,
        )
    )


def adjust_stock(ctx: ActionContext, variant_id: int, delta: int, label: str = "") -> None:
    """Put units back on the shelf or take them off it; taking more than is left is an `ActionConflict`."""
    statement = update(VariantRow).where(VariantRow.id == variant_id)
    if delta < 0:
        statement = statement.where(VariantRow.inventory >= -delta)
    result = ctx.session.execute(statement.values(inventory=VariantRow.inventory + delta))
    if delta < 0 and _rowcount(result) != 1:
        raise ActionConflict(Refusal("out_of_stock", f"{label or 'that variant'} has just sold out"))


def _rowcount(result: Result[Any]) -> int:
    return int(cast(CursorResult[Any], result).rowcount)


class ActionConflict(Exception):
    """Something a plan relied on changed while it was applied (stock, a balance); everything is rolled back."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.reason)
        self.refusal = refusal


def gift_card_refusal(method: PaymentMethodRow, amount: Decimal) -> Refusal | None:
    """A refusal when a gift card can't cover a charge of `amount`."""
    balance = method.balance or ZERO
    if method.kind == "gift_card" and balance < amount:
        return Refusal(
            "insufficient_balance",
            f"{method.label} has {usd(balance)} left; the difference of {usd(amount)} needs another payment method",
        )
    return None


def returned_quantities(order: OrderRow) -> dict[int, int]:
    """Units of each line already in a return or an exchange (rejected returns don't count)."""
    counts: dict[int, int] = {}
    for rma in order.returns:
        if rma.status == "rejected":
            continue
        for entry in rma.lines:
            line_id = int(entry.get("line_id", 0))
            counts[line_id] = counts.get(line_id, 0) + int(entry.get("quantity", 1))
    return counts


def final_sale_reason(product: ProductRow, policy: OrderPolicy) -> str | None:
    """Why a product is final sale under the store's policy, or None."""
    tags = {str(t).lower() for t in product.tags}
    if tags & {t.lower() for t in policy.final_sale_tags}:
        return "it was bought as final sale"
    if product.category in policy.final_sale_categories:
        return f"{product.category.replace('_', ' ')} items are final sale"
    return None


def variant_for(session: Session, variant_id: str) -> VariantRow | None:
    """A variant by the store's id or an imported store's id."""
    text = variant_id.strip()
    if text.isdigit():
        return session.get(VariantRow, int(text))
    return session.scalar(select(VariantRow).where(VariantRow.external_id == text))


def next_rma(session: Session, order: OrderRow) -> str:
    """The next RMA number of an order: RMA-1042-1, RMA-1042-2, ..."""
    used = session.scalars(select(ReturnRow.rma).where(ReturnRow.order_id == order.id)).all()
    base = order.external_id.lstrip("#") if order.external_id else str(order.number)
    index = len(used) + 1
    while f"RMA-{base}-{index}" in used:
        index += 1
    return f"RMA-{base}-{index}"


def order_snapshot(order: OrderRow) -> dict[str, Any]:
    """The order as audit and staleness checks see it: status, money, address, lines, returns, refunds."""
    return {
        "number": order.number,
        "status": order.status,
        "subtotal": str(order.subtotal),
        "tax": str(order.tax),
        "total": str(order.total),
        "cancelled_at": order.cancelled_at.isoformat() if order.cancelled_at else None,
        "shipping_address": dict(order.shipping_address or {}),
        "lines": [
            {"id": line.id, "variant_id": line.variant_id, "quantity": line.quantity, "status": line.status}
            for line in order.lines
        ],
        "returns": [{"rma": r.rma, "status": r.status, "lines": list(r.lines)} for r in order.returns],
        "refunds": [{"amount": str(r.amount), "method": r.method, "status": r.status} for r in order.refunds],
        "details": dict(order.details or {}),
    }


def record_detail(order: OrderRow, key: str, entry: dict[str, Any]) -> None:
    """Append an entry to a list in the order's `details` (a new dict, so SQLAlchemy sees the change)."""
    details = dict(order.details or {})
    details[key] = [*details.get(key, []), entry]
    order.details = details


def status_from_lines(order: OrderRow) -> str:
    """The order's status that its lines imply after some were cancelled."""
    live = [line for line in order.lines if line.status != "cancelled"]
    if not live:
        return "cancelled"
    if any(line.status == "open" for line in live):
        fulfilled = any(line.status == "fulfilled" for line in live)
        return "partially_fulfilled" if fulfilled else ("paid" if is_captured(order) else "pending")
    if order.shipments and all(s.delivered_at is not None for s in order.shipments):
        return "delivered"
    return "shipped"
