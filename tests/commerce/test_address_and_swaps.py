"""Changing the address and swapping items before shipping: validated input, stock and price differences."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.commerce.conftest import JANE, JOHN, PRIYA, actor

from shopcrew.commerce.actions import (
    ActionOutcome,
    ActionPlan,
    ChangeCustomerAddress,
    ChangeShippingAddress,
    LineSwap,
    NewAddress,
    Refusal,
    SwapPendingItems,
)
from shopcrew.commerce.sql_orders import SqlOrderSystem
from shopcrew.domain.orders import Order
from shopcrew.store.action_tables import OrderActionAuditRow
from shopcrew.store.catalog_tables import VariantRow
from shopcrew.store.commerce_tables import AddressRow, OrderRow, PaymentMethodRow

HAWTHORNE = NewAddress("Jane Doe", "2400 SE Hawthorne Blvd", "Portland", "or", "97214", line2="Unit 2")


def _order(orders: SqlOrderSystem, number: str, who: str) -> Order:
    order = orders.order(number, actor(who))
    assert isinstance(order, Order)
    return order


def _variant(db: Session, product_id: int, title: str) -> VariantRow:
    variant = db.scalar(
        select(VariantRow).where(VariantRow.product_id == product_id, VariantRow.title == title)
    )
    assert variant is not None, title
    return variant


def test_the_address_of_an_unshipped_order_changes(orders: SqlOrderSystem) -> None:
    plan = orders.plan(ChangeShippingAddress(order="2076", address=HAWTHORNE), actor(JANE))
    assert isinstance(plan, ActionPlan)
    assert plan.summary.startswith(
        "Ship order #2076 to 2400 SE Hawthorne Blvd, Unit 2, Portland, OR 97214 instead of"
    )
    assert isinstance(orders.execute(plan, actor(JANE), idempotency_key="addr"), ActionOutcome)
    assert _order(orders, "2076", JANE).shipping_address.postal_code == "97214"
    again = orders.plan(ChangeShippingAddress(order="2076", address=HAWTHORNE), actor(JANE))
    assert isinstance(again, Refusal) and again.code == "already_done"


def test_an_address_without_a_zip_or_with_a_bad_one_is_refused(orders: SqlOrderSystem) -> None:
    no_zip = NewAddress("Jane Doe", "1120 NW Couch St", "Portland", "OR", "")
    refusal = orders.plan(ChangeShippingAddress(order="2076", address=no_zip), actor(JANE))
    assert isinstance(refusal, Refusal) and refusal.code == "invalid_address"
    assert refusal.reason == "the new address has no ZIP code; please add it"
    bad_zip = NewAddress("Jane Doe", "1120 NW Couch St", "Portland", "OR", "972")
    refusal = orders.plan(ChangeShippingAddress(order="2076", address=bad_zip), actor(JANE))
    assert isinstance(refusal, Refusal) and "'972' is not a US ZIP code" in refusal.reason
    no_street = NewAddress("Jane Doe", " ", "", "OR", "97209")
    refusal = orders.plan(ChangeShippingAddress(order="2076", address=no_street), actor(JANE))
    assert isinstance(refusal, Refusal) and "no street address and no city" in refusal.reason


def test_a_shipped_order_keeps_its_address(orders: SqlOrderSystem) -> None:
    refusal = orders.plan(ChangeShippingAddress(order="2035", address=HAWTHORNE), actor(JANE))
    assert isinstance(refusal, Refusal) and refusal.code == "wrong_state"
    partly = orders.plan(
        ChangeShippingAddress(order="2017", address=HAWTHORNE), actor(JOHN)
    )  # one parcel is on its way already
    assert isinstance(partly, Refusal)


def test_swapping_an_unshipped_item_for_another_size_moves_stock(orders: SqlOrderSystem, db: Session) -> None:
    runner = _order(orders, "2017", JOHN).lines[1]
    extra_wide = _variant(db, runner.product_id, "11 / Extra Wide / Black")
    assert extra_wide.inventory == 0
    sold_out = orders.plan(
        SwapPendingItems(order="2017", swaps=(LineSwap(str(runner.id), str(extra_wide.id)),)), actor(JOHN)
    )
    assert isinstance(sold_out, Refusal) and sold_out.code == "out_of_stock"
    assert sold_out.reason == "Men's Trail Runner GTX in 11 / Extra Wide / Black is out of stock"

    other = db.scalar(
        select(VariantRow).where(
            VariantRow.product_id == runner.product_id,
            VariantRow.inventory > 0,
            VariantRow.id != runner.variant_id,
        )
    )
    assert other is not None
    stock = other.inventory
    plan = orders.plan(
        SwapPendingItems(order="2017", swaps=(LineSwap(str(runner.id), str(other.id)),)), actor(JOHN)
    )
    assert isinstance(plan, ActionPlan) and plan.charge_total == 0 and plan.refund_total == 0
    assert "no price difference" in plan.summary
    assert isinstance(orders.execute(plan, actor(JOHN), idempotency_key="swap"), ActionOutcome)
    db.expire_all()
    assert db.get(VariantRow, other.id).inventory == stock - 1  # type: ignore[union-attr]
    assert _order(orders, "2017", JOHN).lines[1].variant_id == other.id


def test_a_swap_into_another_product_is_refused(orders: SqlOrderSystem) -> None:
    jeans, cream = _order(orders, "2076", JANE).lines
    refusal = orders.plan(
        SwapPendingItems(order="2076", swaps=(LineSwap(str(jeans.id), str(cream.variant_id)),)), actor(JANE)
    )
    assert isinstance(refusal, Refusal) and refusal.code == "different_product"


def test_a_dearer_size_is_charged_and_a_gift_card_must_cover_it(orders: SqlOrderSystem, db: Session) -> None:
    # Priya's pending order: nothing is captured, so the new total is simply taken later.
    serum = _order(orders, "2106", PRIYA).lines[0]
    bigger = db.scalar(
        select(VariantRow).where(
            VariantRow.product_id == serum.product_id,
            VariantRow.price > serum.unit_price,
            VariantRow.inventory > 0,
        )
    )
    if bigger is not None:
        plan = orders.plan(
            SwapPendingItems(order="2106", swaps=(LineSwap(str(serum.id), str(bigger.id)),)), actor(PRIYA)
        )
        assert isinstance(plan, ActionPlan) and plan.charge_total == 0
        assert "taken when payment is captured" in plan.summary
    # Jane's paid order: paid by gift card; a charge beyond its balance needs another method.
    _jeans, cream = _order(orders, "2076", JANE).lines
    dearer = db.scalar(
        select(VariantRow).where(
            VariantRow.product_id == cream.product_id,
            VariantRow.price > cream.unit_price,
            VariantRow.inventory > 0,
        )
    )
    assert dearer is not None
    card = db.get(PaymentMethodRow, 2)
    assert card is not None
    card.balance = Decimal("1.00")
    db.commit()
    swap = (LineSwap(str(cream.id), str(dearer.id)),)
    refusal = orders.plan(SwapPendingItems(order="2076", swaps=swap), actor(JANE))
    assert isinstance(refusal, Refusal) and refusal.code == "insufficient_balance"
    assert refusal.reason.startswith("Gift card ending 8812 has $1.00 left")
    plan = orders.plan(SwapPendingItems(order="2076", swaps=swap, payment_method_id="1"), actor(JANE))
    assert isinstance(plan, ActionPlan) and plan.charge_total > 0 and plan.refund_method == "Visa ending 4242"
    outcome = orders.execute(plan, actor(JANE), idempotency_key="dearer")
    assert isinstance(outcome, ActionOutcome)
    row = db.scalar(select(OrderRow).where(OrderRow.number == 2076))
    db.refresh(row)
    assert row is not None and row.total == Decimal("140.40") + plan.charge_total


def test_someone_elses_payment_method_is_refused(orders: SqlOrderSystem, db: Session) -> None:
    _jeans, cream = _order(orders, "2076", JANE).lines
    dearer = db.scalar(
        select(VariantRow).where(
            VariantRow.product_id == cream.product_id, VariantRow.price > cream.unit_price
        )
    )
    assert dearer is not None
    swap = (LineSwap(str(cream.id), str(dearer.id)),)
    refusal = orders.plan(SwapPendingItems(order="2076", swaps=swap, payment_method_id="3"), actor(JANE))
    assert isinstance(refusal, Refusal) and refusal.code == "invalid_payment_method"


def test_the_customers_own_address_changes_and_placed_orders_keep_theirs(
    orders: SqlOrderSystem, db: Session
) -> None:
    before = _order(orders, "2076", JANE).shipping_address
    plan = orders.plan(ChangeCustomerAddress(address=HAWTHORNE), actor(JANE))
    assert isinstance(plan, ActionPlan) and plan.order is None
    assert plan.summary.startswith(
        "Change your address to 2400 SE Hawthorne Blvd, Unit 2, Portland, OR 97214 instead of"
    )
    outcome = orders.execute(plan, actor(JANE), idempotency_key="home")
    assert isinstance(outcome, ActionOutcome)
    default = db.scalar(
        select(AddressRow)
        .where(AddressRow.customer_id == 1)
        .order_by(AddressRow.is_default.desc(), AddressRow.id)
    )
    assert default is not None and (default.line1, default.region, default.postal_code) == (
        "2400 SE Hawthorne Blvd",
        "OR",
        "97214",
    )
    assert _order(orders, "2076", JANE).shipping_address == before
    audit = db.get(OrderActionAuditRow, outcome.audit_id)
    assert (
        audit is not None
        and audit.after is not None
        and audit.after["addresses"][0]["postal_code"] == "97214"
    )
    again = orders.plan(ChangeCustomerAddress(address=HAWTHORNE), actor(JANE))
    assert isinstance(again, Refusal) and again.code == "already_done"
    no_zip = orders.plan(ChangeCustomerAddress(address=replace(HAWTHORNE, postal_code="")), actor(JANE))
    assert isinstance(no_zip, Refusal) and no_zip.code == "invalid_address"
