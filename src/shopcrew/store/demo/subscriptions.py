"""Replenishment subscriptions, started by shoppers after a delivered beauty order.

Subscribers pay 10 % less than the one-off price. Active subscriptions charge next
within one cycle; paused ones resume (and charge) on `paused_until`; cancelled ones
have no next charge. Discontinued products only appear in cancelled subscriptions.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from shopcrew.store.demo.plans import OrderPlan, ProductPlan, SubscriptionPlan, money

FREQUENCIES = (30, 45, 60, 90)
SUBSCRIBER_DISCOUNT = Decimal("0.10")


def build_subscriptions(
    rng: random.Random,
    orders: list[OrderPlan],
    products: list[ProductPlan],
    cutoff: datetime,
    *,
    skip_customers: set[int],
) -> list[SubscriptionPlan]:
    """Subscriptions for about 40 % of shoppers who received a replenishable beauty product."""
    today = cutoff.date()
    seen: set[tuple[int, int, int]] = set()
    candidates: list[tuple[int, int, int, datetime]] = []
    for order in orders:
        if order.delivered_at is None or order.customer in skip_customers:
            continue
        for line in order.lines:
            product = products[line.product]
            key = (order.customer, line.product, line.variant)
            if product.attributes.get("replenishable") and line.status == "fulfilled" and key not in seen:
                seen.add(key)
                candidates.append((order.customer, line.product, line.variant, order.delivered_at))
    plans: list[SubscriptionPlan] = []
    for customer, product_index, variant_index, delivered_at in candidates:
        if rng.random() >= 0.4:
            continue
        product = products[product_index]
        started = delivered_at + timedelta(days=rng.randint(0, 10), hours=rng.randint(1, 9))
        created_at = min(started, cutoff - timedelta(hours=6))
        frequency = rng.choice(FREQUENCIES)
        roll = rng.random()
        status = "active" if roll < 0.6 else "paused" if roll < 0.8 else "cancelled"
        if product.status != "active":
            status = "cancelled"
        next_charge_on = paused_until = cancelled_at = None
        if status == "active":
            next_charge_on = today + timedelta(days=rng.randint(1, frequency))
        elif status == "paused":
            paused_until = today + timedelta(days=rng.randint(7, 60))
            next_charge_on = paused_until
        else:
            span = max((cutoff - created_at).days, 1)
            cancelled_at = created_at + timedelta(days=rng.randint(0, span), hours=rng.randint(0, 12))
            cancelled_at = min(cancelled_at, cutoff - timedelta(hours=1))
        price = product.variants[variant_index].price * (1 - SUBSCRIBER_DISCOUNT)
        plans.append(
            SubscriptionPlan(
                customer=customer,
                product=product_index,
                variant=variant_index,
                status=status,
                quantity=2 if rng.random() < 0.1 else 1,
                price=money(price),
                frequency_days=frequency,
                next_charge_on=next_charge_on,
                paused_until=paused_until,
                created_at=created_at,
                cancelled_at=cancelled_at,
            )
        )
    return plans
