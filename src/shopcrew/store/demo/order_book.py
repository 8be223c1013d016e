"""The store's order history: ~1,100 orders over the nine months before `today`.

Orders are generated per state with dates that make the state true (a shipped order's
parcel is moving at the cutoff, a returned order's RMA is within 30 days of delivery),
then numbered from #1001 in the order they were placed.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from shopcrew.store.demo.fixtures import ORDER_1042_NUMBER, fixture_order_specs, order_1042_spec
from shopcrew.store.demo.order_lines import LinePicker
from shopcrew.store.demo.orders import OrderContext, OrderSpec, realize_order
from shopcrew.store.demo.plans import CustomerPlan, OrderPlan, ProductPlan

FIRST_ORDER_NUMBER = 1001
HISTORY_DAYS = 265
# How many generated orders of each state (fixtures come on top).
STATE_COUNTS = (
    ("delivered", 720),
    ("returned", 55),
    ("refunded", 85),
    ("cancelled", 65),
    ("shipped", 70),
    ("partially_fulfilled", 35),
    ("paid", 45),
    ("pending", 25),
)


def _random_spec(rng: random.Random, status: str, customer: int, cutoff: datetime) -> OrderSpec:
    today = cutoff.date()
    if status == "pending":
        return OrderSpec(customer, status, placed_at=cutoff - timedelta(hours=rng.uniform(1, 30)))
    if status == "paid":
        return OrderSpec(customer, status, placed_at=cutoff - timedelta(hours=rng.uniform(2, 60)))
    if status == "cancelled":
        placed = cutoff - timedelta(days=rng.uniform(1, HISTORY_DAYS))
        return OrderSpec(customer, status, placed_at=placed, paid=rng.random() < 0.75)
    if status == "shipped":
        stage = rng.choices(
            ("in_transit", "label_created", "out_for_delivery", "delayed"), weights=(65, 10, 15, 8)
        )[0]
        return OrderSpec(customer, status, stage=stage, split=rng.random() < 0.15)
    if status == "partially_fulfilled":
        stage = rng.choices(
            ("in_transit", "delivered", "label_created", "out_for_delivery"), weights=(50, 30, 10, 10)
        )[0]
        return OrderSpec(customer, status, stage=stage)
    if status == "delivered":
        days = int((HISTORY_DAYS - 8) * rng.random() ** 1.25) + 1
        return OrderSpec(
            customer, status, delivered_on=today - timedelta(days=days), split=rng.random() < 0.1
        )
    if status == "returned":
        return OrderSpec(customer, status, delivered_on=today - timedelta(days=rng.randint(6, 40)))
    # refunded: mostly after a return, some refunded without one (damaged on arrival)
    days = rng.randint(18, HISTORY_DAYS - 8)
    return OrderSpec(
        customer, status, delivered_on=today - timedelta(days=days), refund_without_return=rng.random() < 0.2
    )


def number_orders(orders: list[OrderPlan]) -> None:
    """Give orders consecutive numbers from #1001 and their RMAs matching names."""
    for offset, order in enumerate(orders):
        order.number = FIRST_ORDER_NUMBER + offset
        for index, rma in enumerate(order.returns, start=1):
            rma.rma = f"RMA-{order.number}-{index}"


def build_orders(
    rng: random.Random,
    products: list[ProductPlan],
    customers: list[CustomerPlan],
    first_generated: int,
    cutoff: datetime,
) -> list[OrderPlan]:
    """All orders, numbered; `customers[first_generated:]` are the generated shoppers."""
    ctx = OrderContext(
        products=products, customers=customers, picker=LinePicker(rng, products, cutoff), cutoff=cutoff
    )
    generated = range(first_generated, len(customers))
    # A few shoppers buy a lot, many buy once or twice, about a tenth never ordered.
    activity = [0.0 if rng.random() < 0.1 else min(rng.paretovariate(1.4), 12.0) for _ in generated]
    specs = fixture_order_specs(products, cutoff)
    for status, count in STATE_COUNTS:
        for _ in range(count):
            customer = rng.choices(list(generated), weights=activity)[0]
            specs.append(_random_spec(rng, status, customer, cutoff))
    orders = [realize_order(rng, spec, ctx) for spec in specs]
    orders.sort(key=lambda order: order.placed_at)
    # #1042 belongs to Ana Garcia: slot her order between the 41st and 42nd placed.
    slot = ORDER_1042_NUMBER - FIRST_ORDER_NUMBER
    before, after = orders[slot - 1].placed_at, orders[slot].placed_at
    orders.insert(slot, realize_order(rng, order_1042_spec(products, before + (after - before) / 2), ctx))
    number_orders(orders)
    _align_dates(orders, products, customers, rng)
    return orders


def _align_dates(
    orders: list[OrderPlan], products: list[ProductPlan], customers: list[CustomerPlan], rng: random.Random
) -> None:
    """Accounts exist before their first order; fixture products were listed before they sold."""
    first_order: dict[int, datetime] = {}
    for order in orders:
        first_order.setdefault(order.customer, order.placed_at)
        for line in order.lines:
            product = products[line.product]
            if product.created_at >= order.placed_at:
                product.created_at = order.placed_at - timedelta(days=30, hours=rng.randint(0, 23))
    for index, customer in enumerate(customers):
        if index in first_order:
            joined = first_order[index] - timedelta(days=rng.randint(0, 60), minutes=rng.randint(5, 600))
            customer.created_at = min(customer.created_at, joined)
