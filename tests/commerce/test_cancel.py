"""Cancelling orders and lines: refunds to the right place, stock back on the shelf, totals consistent."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.commerce.conftest import ANA, JANE, JOHN, PRIYA, actor

from shopcrew.commerce.actions import (
    ActionOutcome,
    ActionPlan,
    CancelLines,
    CancelOrder,
    LineQuantity,
    Refusal,
)
from shopcrew.commerce.sql_orders import SqlOrderSystem
from shopcrew.domain.orders import Order
from shopcrew.store.action_tables import OrderActionAuditRow, PaymentTransactionRow
from shopcrew.store.catalog_tables import VariantRow
from shopcrew.store.commerce_tables import OrderRow, PaymentMethodRow, RefundRow


def _plan(orders: SqlOrderSystem, request: object, who: str) -> ActionPlan:
    plan = orders.plan(request, actor(who))  # type: ignore[arg-type]
    assert isinstance(plan, ActionPlan), plan
    return plan


def _lines(orders: SqlOrderSystem, number: str, who: str) -> Order:
    order = orders.order(number, actor(who))
    assert isinstance(order, Order)
    return order


def test_cancelling_a_paid_order_refunds_the_gift_card_at_once_and_restocks(
    orders: SqlOrderSystem, db: Session
) -> None:
    order = _lines(orders, "2076", JANE)
    variant_ids = [line.variant_id for line in order.lines]
    stock_before = {v: db.get(VariantRow, v).inventory for v in variant_ids}  # type: ignore[union-attr]
    plan = _plan(orders, CancelOrder(order="#2076"), JANE)
    assert plan.refund_total == Decimal("140.40")
    assert plan.refund_method == "Gift card ending 8812"
    assert "Cancel order #2076 and refund $140.40 to Gift card ending 8812" in plan.summary
    assert (
        db.scalar(select(OrderRow.status).where(OrderRow.number == 2076)) == "paid"
    )  # planning wrote nothing

    outcome = orders.execute(plan, actor(JANE), idempotency_key="k-cancel-2076")
    assert isinstance(outcome, ActionOutcome) and outcome.order_status_after == "cancelled"
    db.expire_all()
    row = db.scalar(select(OrderRow).where(OrderRow.number == 2076))
    assert row is not None and row.status == "cancelled" and row.cancelled_at is not None
    assert {line.status for line in row.lines} == {"cancelled"}
    assert db.get(PaymentMethodRow, 2).balance == Decimal("165.40")  # type: ignore[union-attr]
    for variant_id in variant_ids:
        assert db.get(VariantRow, variant_id).inventory == stock_before[variant_id] + 1  # type: ignore[union-attr]
    refund = db.scalar(select(RefundRow).where(RefundRow.order_id == row.id))
    assert refund is not None and refund.status == "succeeded" and refund.amount == Decimal("140.40")
    audit = db.get(OrderActionAuditRow, outcome.audit_id)
    assert audit is not None and audit.outcome == "done" and audit.action == "cancel_order"
    assert audit.before is not None and audit.before["status"] == "paid"
    assert audit.after is not None and audit.after["status"] == "cancelled"
    assert audit.customer_id == JANE and audit.channel == "web" and audit.conversation_id == "conv-1"


def test_a_pending_order_is_cancelled_without_a_refund(orders: SqlOrderSystem, db: Session) -> None:
    plan = _plan(orders, CancelOrder(order="2106", reason="ordered_by_mistake"), PRIYA)
    assert plan.refund_total == 0 and "nothing is charged" in plan.summary
    outcome = orders.execute(plan, actor(PRIYA), idempotency_key="k-2106")
    assert isinstance(outcome, ActionOutcome)
    row = db.scalar(select(OrderRow).where(OrderRow.number == 2106))
    assert row is not None and row.status == "cancelled" and row.refunds == []
    assert row.details is not None and row.details["cancel_reason"] == "ordered_by_mistake"


def test_a_second_cancellation_is_refused_as_already_done_with_the_date(orders: SqlOrderSystem) -> None:
    plan = _plan(orders, CancelOrder(order="2076"), JANE)
    assert isinstance(orders.execute(plan, actor(JANE), idempotency_key="first"), ActionOutcome)
    again = orders.plan(CancelOrder(order="2076"), actor(JANE))
    assert isinstance(again, Refusal) and again.code == "already_done"
    assert again.reason == "order #2076 was cancelled on 15 June"
    # Executing the old plan under a new key (another conversation) finds the order changed.
    stale = orders.execute(plan, actor(JANE, conversation="conv-2"), idempotency_key="second")
    assert isinstance(stale, Refusal) and stale.code == "already_done"


def test_shipped_and_delivered_orders_cannot_be_cancelled(orders: SqlOrderSystem) -> None:
    shipped = orders.plan(CancelOrder(order="2035"), actor(JANE))
    assert isinstance(shipped, Refusal) and shipped.code == "wrong_state"
    assert "order #2035 already shipped on" in shipped.reason and "returned" in shipped.reason
    delivered = orders.plan(CancelOrder(order="1914"), actor(JANE))
    assert isinstance(delivered, Refusal) and "was delivered on 10 June" in delivered.reason


def test_unknown_and_foreign_orders_are_the_same_not_found(orders: SqlOrderSystem) -> None:
    for number in ("1042", "77777", "abc"):
        refusal = orders.plan(CancelOrder(order=number), actor(JANE))
        assert isinstance(refusal, Refusal) and refusal.code == "not_found"
    assert isinstance(
        orders.plan(CancelOrder(order="1042"), actor(ANA)), Refusal
    )  # delivered, not cancellable


def test_a_bad_reason_is_refused(orders: SqlOrderSystem) -> None:
    refusal = orders.plan(CancelOrder(order="2076", reason="bored"), actor(JANE))  # type: ignore[arg-type]
    assert isinstance(refusal, Refusal) and refusal.code == "bad_reason"


def test_cancelling_the_open_line_of_a_partly_shipped_order(orders: SqlOrderSystem, db: Session) -> None:
    order = _lines(orders, "2017", JOHN)
    _shirt, runner = order.lines
    plan = _plan(orders, CancelLines(order="2017", lines=(LineQuantity(str(runner.id)),)), JOHN)
    assert plan.refund_total == Decimal("178.20")  # $165.00 plus 8% tax
    assert plan.refund_method == "Mastercard ending 5100"
    outcome = orders.execute(plan, actor(JOHN), idempotency_key="k-2017")
    assert isinstance(outcome, ActionOutcome) and outcome.order_status_after == "shipped"
    after = _lines(orders, "2017", JOHN)
    assert after.total == Decimal("263.52") - Decimal("178.20")
    assert [line.status for line in after.lines] == ["fulfilled", "cancelled"]
    refund = db.scalar(select(RefundRow).where(RefundRow.order_id == after.id))
    assert refund is not None and refund.status == "pending"  # a card refund takes days
    transaction = db.scalar(select(PaymentTransactionRow).where(PaymentTransactionRow.order_id == after.id))
    assert (
        transaction is not None and transaction.kind == "refund" and transaction.audit_id == outcome.audit_id
    )


def test_a_shipped_line_cannot_be_cancelled(orders: SqlOrderSystem) -> None:
    shirt = _lines(orders, "2017", JOHN).lines[0]
    refusal = orders.plan(CancelLines(order="2017", lines=(LineQuantity(str(shirt.id)),)), actor(JOHN))
    assert isinstance(refusal, Refusal) and refusal.code == "already_shipped"
    assert refusal.reason.startswith(f"line {shirt.id} (Oxford Button-Down Shirt) has already shipped")


def test_items_not_in_the_order_and_too_many_units_are_refused(orders: SqlOrderSystem) -> None:
    jeans, _ = _lines(orders, "2076", JANE).lines
    other = _lines(orders, "2035", JANE).lines[0]
    missing = orders.plan(CancelLines(order="2076", lines=(LineQuantity(str(other.id)),)), actor(JANE))
    assert isinstance(missing, Refusal) and missing.code == "item_not_in_order"
    too_many = orders.plan(CancelLines(order="2076", lines=(LineQuantity(str(jeans.id), 3),)), actor(JANE))
    assert isinstance(too_many, Refusal) and too_many.code == "quantity_too_high"
    assert "has 1 left to cancel, not 3" in too_many.reason


def test_cancelling_one_line_of_two_keeps_the_order_and_its_totals_consistent(
    orders: SqlOrderSystem, db: Session
) -> None:
    _jeans, cream = _lines(orders, "2076", JANE).lines
    plan = _plan(orders, CancelLines(order="2076", lines=(LineQuantity(str(cream.id)),)), JANE)
    assert plan.refund_total == Decimal("34.56")
    outcome = orders.execute(plan, actor(JANE), idempotency_key="k-cream")
    assert isinstance(outcome, ActionOutcome) and outcome.order_status_after == "paid"
    row = db.scalar(select(OrderRow).where(OrderRow.number == 2076))
    assert row is not None
    assert row.subtotal == Decimal("98.00") and row.total == Decimal("105.84")
    assert row.total == row.subtotal - row.discount + row.shipping + row.tax


def test_cancelling_the_rest_after_one_line_refunds_what_is_still_paid_once(
    orders: SqlOrderSystem, db: Session
) -> None:
    _jeans, cream = _lines(orders, "2076", JANE).lines
    first = _plan(orders, CancelLines(order="2076", lines=(LineQuantity(str(cream.id)),)), JANE)
    assert isinstance(orders.execute(first, actor(JANE), idempotency_key="k-cream-1"), ActionOutcome)
    rest = _plan(orders, CancelOrder(order="2076"), JANE)
    # The cream's $34.56 already came off the total; the remaining $105.84 comes back, not $71.28.
    assert rest.refund_total == Decimal("105.84")
    assert isinstance(orders.execute(rest, actor(JANE), idempotency_key="k-rest"), ActionOutcome)
    db.expire_all()
    refunds = db.scalars(select(RefundRow.amount).join(OrderRow).where(OrderRow.number == 2076)).all()
    assert sum(refunds, Decimal("0")) == Decimal("140.40")


def test_cancelling_every_remaining_line_cancels_the_order(orders: SqlOrderSystem) -> None:
    lines = _lines(orders, "2076", JANE).lines
    plan = _plan(orders, CancelLines(order="2076", lines=tuple(LineQuantity(str(x.id)) for x in lines)), JANE)
    assert plan.request.kind == "cancel_lines" and plan.refund_total == Decimal("140.40")
    outcome = orders.execute(plan, actor(JANE), idempotency_key="k-all")
    assert isinstance(outcome, ActionOutcome) and outcome.order_status_after == "cancelled"
