"""The whole demo store as plain data, built without touching a database.

Each concern draws from its own `random.Random` stream derived from the seed, so
changing, say, the customer generator doesn't reshuffle the catalog.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from shopcrew.store.demo.catalog import build_catalog
from shopcrew.store.demo.fixtures import fixture_customers, fixture_subscriptions
from shopcrew.store.demo.order_book import build_orders
from shopcrew.store.demo.people import make_customers
from shopcrew.store.demo.plans import Catalog, CustomerPlan, OrderPlan, SubscriptionPlan
from shopcrew.store.demo.policy_documents import PolicyDocument, load_policies
from shopcrew.store.demo.subscriptions import build_subscriptions

GENERATED_CUSTOMERS = 220


@dataclass(frozen=True)
class DemoBlueprint:
    """Everything the demo store holds, ready to insert."""

    cutoff: datetime
    catalog: Catalog
    customers: list[CustomerPlan]
    orders: list[OrderPlan]
    subscriptions: list[SubscriptionPlan]
    policies: list[PolicyDocument]


def demo_cutoff(today: date) -> datetime:
    """The moment the demo data describes: midnight UTC at the start of `today`.

    Every generated timestamp lies before it, so nothing is in the future whenever on
    `today` the store is used.
    """
    return datetime.combine(today, time(0, 0), tzinfo=UTC)


def build_blueprint(seed: int, today: date) -> DemoBlueprint:
    """The deterministic demo store for (seed, today)."""
    cutoff = demo_cutoff(today)

    def stream(name: str) -> random.Random:
        return random.Random(f"shopcrew-demo:{seed}:{name}")

    catalog = build_catalog(stream("catalog"), cutoff)
    customers = fixture_customers(cutoff)
    emails = {customer.email for customer in customers}
    phones = {customer.phone for customer in customers if customer.phone}
    first_generated = len(customers)
    customers += make_customers(
        stream("customers"), GENERATED_CUSTOMERS, cutoff, taken_emails=emails, taken_phones=phones
    )
    orders = build_orders(stream("orders"), catalog.products, customers, first_generated, cutoff)
    subscriptions = fixture_subscriptions(catalog.products, cutoff)
    subscriptions += build_subscriptions(
        stream("subscriptions"), orders, catalog.products, cutoff, skip_customers=set(range(first_generated))
    )
    return DemoBlueprint(
        cutoff=cutoff,
        catalog=catalog,
        customers=customers,
        orders=orders,
        subscriptions=subscriptions,
        policies=load_policies(),
    )
