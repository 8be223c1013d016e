"""Subscription changes: pause, resume, skip, frequency, swap and cancel, within the store's rules."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.commerce.conftest import DEMO_NOW, JANE, JOHN, actor

from shopcrew.commerce.actions import ActionOutcome, ActionPlan, ChangeSubscription, Refusal
from shopcrew.commerce.sql_orders import SqlOrderSystem
from shopcrew.store.catalog_tables import VariantRow
from shopcrew.store.commerce_tables import SubscriptionRow

TODAY = DEMO_NOW.date()
CLEANSER, SUNSCREEN = "1", "2"  # Jane's: active (next charge today + 12), paused (until today + 21)


def _apply(orders: SqlOrderSystem, request: ChangeSubscription, key: str) -> ActionOutcome:
    plan = orders.plan(request, actor(JANE))
    assert isinstance(plan, ActionPlan), plan
    outcome = orders.execute(plan, actor(JANE), idempotency_key=key)
    assert isinstance(outcome, ActionOutcome), outcome
    return outcome


def _sub(db: Session, sub_id: str) -> SubscriptionRow:
    db.expire_all()
    row = db.get(SubscriptionRow, int(sub_id))
    assert row is not None
    return row


def test_pause_and_resume(orders: SqlOrderSystem, db: Session) -> None:
    outcome = _apply(orders, ChangeSubscription(CLEANSER, "pause", pause_days=30), "pause")
    assert outcome.order_status_after == "paused" and outcome.plan.order is None
    row = _sub(db, CLEANSER)
    assert row.paused_until == TODAY + timedelta(days=30) and row.next_charge_on == row.paused_until
    _apply(orders, ChangeSubscription(CLEANSER, "resume"), "resume")
    row = _sub(db, CLEANSER)
    assert (
        row.status == "active"
        and row.paused_until is None
        and row.next_charge_on == TODAY + timedelta(days=1)
    )
    again = orders.plan(ChangeSubscription(CLEANSER, "resume"), actor(JANE))
    assert isinstance(again, Refusal) and again.code == "already_done"


def test_a_pause_longer_than_the_policy_allows_is_refused(orders: SqlOrderSystem) -> None:
    refusal = orders.plan(ChangeSubscription(CLEANSER, "pause", pause_days=120), actor(JANE))
    assert (
        isinstance(refusal, Refusal)
        and refusal.reason == "a subscription can be paused for 1 to 90 days, not 120"
    )


def test_skipping_moves_the_next_charge_one_cycle(orders: SqlOrderSystem, db: Session) -> None:
    before = _sub(db, CLEANSER).next_charge_on
    assert before == TODAY + timedelta(days=12)
    outcome = _apply(orders, ChangeSubscription(CLEANSER, "skip_next"), "skip")
    assert "Skip the Gentle Milky Cleanser delivery of 27 June" in outcome.plan.summary
    assert _sub(db, CLEANSER).next_charge_on == before + timedelta(days=60)
    paused = orders.plan(ChangeSubscription(SUNSCREEN, "skip_next"), actor(JANE))
    assert isinstance(paused, Refusal) and paused.code == "wrong_state"


def test_skipping_too_close_to_the_charge_is_refused(orders: SqlOrderSystem, db: Session) -> None:
    row = _sub(db, CLEANSER)
    row.next_charge_on = TODAY + timedelta(days=1)
    db.commit()
    refusal = orders.plan(ChangeSubscription(CLEANSER, "skip_next"), actor(JANE))
    assert isinstance(refusal, Refusal) and refusal.code == "too_late"
    assert "can be skipped up to 2 days before" in refusal.reason


def test_frequency_only_from_the_allowed_values(orders: SqlOrderSystem, db: Session) -> None:
    refusal = orders.plan(ChangeSubscription(CLEANSER, "change_frequency", frequency_days=20), actor(JANE))
    assert (
        isinstance(refusal, Refusal)
        and refusal.reason == "deliveries can come every 30, 45, 60, 90 days, not every 20"
    )
    _apply(orders, ChangeSubscription(CLEANSER, "change_frequency", frequency_days=90), "freq")
    assert _sub(db, CLEANSER).frequency_days == 90


def test_swapping_to_another_size_of_the_same_product(orders: SqlOrderSystem, db: Session) -> None:
    row = _sub(db, CLEANSER)
    other = db.scalar(
        select(VariantRow).where(VariantRow.product_id == row.product_id, VariantRow.id != row.variant_id)
    )
    if other is None:
        other = VariantRow(
            product_id=row.product_id, sku="TEST-CLEANSER-300", title="300 ml", price=Decimal("30.00")
        )
        db.add(other)
    other.inventory = 5
    db.commit()
    outcome = _apply(
        orders, ChangeSubscription(CLEANSER, "swap_variant", new_variant_id=str(other.id)), "swap"
    )
    row = _sub(db, CLEANSER)
    assert row.variant_id == other.id and row.price == (other.price * Decimal("0.9")).quantize(
        Decimal("0.01")
    )
    assert outcome.plan.summary.endswith(f"at ${row.price} a delivery.")
    sunscreen = str(_sub(db, SUNSCREEN).variant_id)
    wrong = orders.plan(ChangeSubscription(CLEANSER, "swap_variant", new_variant_id=sunscreen), actor(JANE))
    assert isinstance(wrong, Refusal) and wrong.code == "different_product"


def test_cancel_then_nothing_else(orders: SqlOrderSystem, db: Session) -> None:
    _apply(orders, ChangeSubscription(SUNSCREEN, "cancel"), "cancel")
    assert _sub(db, SUNSCREEN).status == "cancelled"
    again = orders.plan(ChangeSubscription(SUNSCREEN, "pause", pause_days=10), actor(JANE))
    assert isinstance(again, Refusal) and again.code == "already_done"
    assert (
        again.reason == f"your Sheer Mineral Sunscreen SPF 50 subscription was cancelled on {TODAY.day} June"
    )


def test_someone_elses_subscription_is_not_found(orders: SqlOrderSystem) -> None:
    refusal = orders.plan(ChangeSubscription(CLEANSER, "cancel"), actor(JOHN))
    assert isinstance(refusal, Refusal) and refusal.code == "not_found"
    assert date(2026, 6, 15) == TODAY
