"""Safety in code: idempotency, stale plans, approval above the threshold, concurrency, audit, outages."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from tests.commerce.conftest import JANE, actor

from shopcrew.commerce.actions import (
    ActionOutcome,
    ActionPlan,
    CancelOrder,
    ChangeShippingAddress,
    NewAddress,
    Refusal,
)
from shopcrew.commerce.idempotency import idempotency_key
from shopcrew.commerce.order_policy import OrderPolicy
from shopcrew.commerce.order_system import OrderSystemError
from shopcrew.commerce.sql_orders import SqlOrderSystem
from shopcrew.store.action_tables import IdempotencyKeyRow, OrderActionAuditRow
from shopcrew.store.commerce_tables import OrderRow, PaymentMethodRow, RefundRow
from shopcrew.store.database import create_store_engine, session_factory

HAWTHORNE = NewAddress("Jane Doe", "2400 SE Hawthorne Blvd", "Portland", "OR", "97214")


def _plan(orders: SqlOrderSystem, request: CancelOrder | ChangeShippingAddress) -> ActionPlan:
    plan = orders.plan(request, actor(JANE))
    assert isinstance(plan, ActionPlan), plan
    return plan


def _refunds(db: Session, number: int) -> int:
    order_id = db.scalar(select(OrderRow.id).where(OrderRow.number == number))
    return int(
        db.scalar(select(func.count()).select_from(RefundRow).where(RefundRow.order_id == order_id)) or 0
    )


def test_a_double_yes_returns_the_first_outcome_and_refunds_once(orders: SqlOrderSystem, db: Session) -> None:
    plan = _plan(orders, CancelOrder(order="2076"))
    key = idempotency_key("conv-1", plan)
    first = orders.execute(plan, actor(JANE), idempotency_key=key)
    second = orders.execute(plan, actor(JANE), idempotency_key=key)
    assert isinstance(first, ActionOutcome) and isinstance(second, ActionOutcome)
    assert not first.replayed and second.replayed
    assert second.audit_id == first.audit_id and second.order_status_after == "cancelled"
    assert _refunds(db, 2076) == 1
    assert db.get(PaymentMethodRow, 2).balance == Decimal("165.40")  # type: ignore[union-attr]
    assert db.scalar(select(func.count()).select_from(OrderActionAuditRow)) == 1


def test_a_key_reused_for_another_plan_is_refused(orders: SqlOrderSystem) -> None:
    address = _plan(orders, ChangeShippingAddress(order="2076", address=HAWTHORNE))
    assert isinstance(orders.execute(address, actor(JANE), idempotency_key="same"), ActionOutcome)
    cancel = _plan(orders, CancelOrder(order="2076"))
    refusal = orders.execute(cancel, actor(JANE), idempotency_key="same")
    assert isinstance(refusal, Refusal) and refusal.code == "idempotency_conflict"


def test_a_plan_made_before_the_order_changed_is_stale(orders: SqlOrderSystem, db: Session) -> None:
    cancel = _plan(orders, CancelOrder(order="2076"))
    address = _plan(orders, ChangeShippingAddress(order="2076", address=HAWTHORNE))
    assert isinstance(orders.execute(address, actor(JANE), idempotency_key="addr"), ActionOutcome)
    stale = orders.execute(cancel, actor(JANE), idempotency_key="cancel")
    assert isinstance(stale, Refusal) and stale.code == "stale_plan"
    assert "changed since this was planned" in stale.reason and "Cancel order #2076" in stale.reason
    assert db.scalar(select(OrderRow.status).where(OrderRow.number == 2076)) == "paid"
    audit = db.scalar(select(OrderActionAuditRow).where(OrderActionAuditRow.outcome == "refused:stale_plan"))
    assert audit is not None and audit.before is not None and audit.after is None


def test_a_tampered_plan_is_stale(orders: SqlOrderSystem, db: Session) -> None:
    plan = _plan(orders, CancelOrder(order="2076"))
    forged = replace(plan, refund_total=Decimal("999.00"))
    assert isinstance(
        orders.execute(forged, actor(JANE), idempotency_key="x"), ActionOutcome
    )  # digest still right
    other = replace(plan, digest="0" * 64)
    refusal = orders.execute(other, actor(JANE), idempotency_key="y")
    assert isinstance(refusal, Refusal)
    assert _refunds(db, 2076) == 1
    refund = db.scalar(select(RefundRow.amount).where(RefundRow.reason.like("cancelled%")))
    assert refund == Decimal("140.40")  # what the store computed, not what the forged plan said


def test_above_the_threshold_a_person_must_approve(
    store_engine: Engine, clock: Callable[[], datetime]
) -> None:
    policy = replace(OrderPolicy(), approval_threshold=Decimal("100.00"))
    orders = SqlOrderSystem(session_factory(store_engine), policy=policy, clock=clock)
    plan = _plan(orders, CancelOrder(order="2076"))
    assert plan.needs_approval and plan.approval_reason.startswith("$140.40 is above $100.00")
    refusal = orders.execute(plan, actor(JANE), idempotency_key="shopper")
    assert isinstance(refusal, Refusal) and refusal.code == "needs_approval"
    approved = orders.execute(plan, actor(JANE, staff="maria@store"), idempotency_key="staff")
    assert isinstance(approved, ActionOutcome)
    with session_factory(store_engine)() as db:
        audit = db.get(OrderActionAuditRow, approved.audit_id)
        assert audit is not None and audit.staff == "maria@store" and audit.customer_id == JANE


def test_concurrent_actions_on_one_order_one_wins_the_other_is_refused(
    orders: SqlOrderSystem, db: Session
) -> None:
    cancel = _plan(orders, CancelOrder(order="2076"))
    address = _plan(orders, ChangeShippingAddress(order="2076", address=HAWTHORNE))
    barrier = threading.Barrier(2)
    results: dict[str, ActionOutcome | Refusal] = {}

    def run(name: str, plan: ActionPlan) -> None:
        barrier.wait()
        results[name] = orders.execute(plan, actor(JANE), idempotency_key=name)

    threads = [
        threading.Thread(target=run, args=(n, p)) for n, p in (("cancel", cancel), ("address", address))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    won = [n for n, r in results.items() if isinstance(r, ActionOutcome)]
    lost = [r for r in results.values() if isinstance(r, Refusal)]
    assert len(won) == 1 and len(lost) == 1, results
    assert lost[0].code in {"stale_plan", "already_done"} and "#2076" in lost[0].reason
    db.expire_all()
    row = db.scalar(select(OrderRow).where(OrderRow.number == 2076))
    assert row is not None
    if won == ["cancel"]:
        assert row.status == "cancelled" and row.shipping_address["postal_code"] != "97214"
    else:
        assert row.status == "paid" and row.shipping_address["postal_code"] == "97214"
    assert _refunds(db, 2076) == (1 if won == ["cancel"] else 0)
    assert db.scalar(select(func.count()).select_from(IdempotencyKeyRow)) == 1


def test_the_same_yes_sent_twice_at_once_acts_once(orders: SqlOrderSystem, db: Session) -> None:
    plan = _plan(orders, CancelOrder(order="2076"))
    barrier = threading.Barrier(2)
    results: list[ActionOutcome | Refusal] = []

    def run() -> None:
        barrier.wait()
        results.append(orders.execute(plan, actor(JANE), idempotency_key="double"))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(isinstance(r, ActionOutcome) for r in results)
    assert sorted(r.replayed for r in results if isinstance(r, ActionOutcome)) == [False, True]
    assert _refunds(db, 2076) == 1


def test_an_unreachable_database_is_an_outage_not_a_refusal(tmp_path: object) -> None:
    engine = create_store_engine("postgresql://nobody@127.0.0.1:1/none")
    orders = SqlOrderSystem(session_factory(engine))
    with pytest.raises(OrderSystemError, match="did not answer"):
        orders.order("2076", actor(JANE))
    plan = ActionPlan(request=CancelOrder(order="2076"), order="2076", summary="", lines=(), digest="d")
    with pytest.raises(OrderSystemError, match="nothing was changed"):
        orders.execute(plan, actor(JANE), idempotency_key="k")
