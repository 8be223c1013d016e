"""Order action latency: `plan` and `execute` p50/p95 per action type, on SQLite and on PostgreSQL.

Each run starts from a fresh demo store. For every action type the benchmark takes the demo
orders (or subscriptions) the action applies to, plans it as the owner, and executes the plan
once with its own idempotency key; refused plans are counted, not timed. PostgreSQL runs when
a server answers at SHOPCREW_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).

    python benchmarks/order_actions.py [--per-action 40] [--no-postgres]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from shopcrew.commerce.actions import (
    ActionOutcome,
    ActionPlan,
    ActionRequest,
    Actor,
    CancelLines,
    CancelOrder,
    ChangeShippingAddress,
    ChangeSubscription,
    ExchangeItems,
    LineQuantity,
    LineSwap,
    NewAddress,
    ReturnItems,
    SwapPendingItems,
)
from shopcrew.commerce.idempotency import idempotency_key
from shopcrew.commerce.sql_orders import SqlOrderSystem
from shopcrew.settings import Settings
from shopcrew.store.catalog_tables import VariantRow
from shopcrew.store.commerce_tables import OrderRow, SubscriptionRow
from shopcrew.store.database import create_store_engine, fresh_demo_store, migrate, session_factory
from shopcrew.store.demo import seed_demo_store

TODAY = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)
ADDRESS = NewAddress("Benchmark Shopper", "2400 SE Hawthorne Blvd", "Portland", "OR", "97214")
PG_ADMIN = os.environ.get("SHOPCREW_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@dataclass
class Timings:
    """Milliseconds per call, and how many plans were refused."""

    plan_ms: list[float] = field(default_factory=list)
    execute_ms: list[float] = field(default_factory=list)
    refused: int = 0


Candidate = tuple[str, ActionRequest]  # (customer id, request)


def _alternative(session: Session, product_id: int, variant_id: int) -> int | None:
    return session.scalar(
        select(VariantRow.id)
        .where(VariantRow.product_id == product_id, VariantRow.id != variant_id, VariantRow.inventory > 2)
        .order_by(VariantRow.id)
    )


def candidates(session: Session) -> dict[str, list[Candidate]]:
    """Requests worth timing, per action type, drawn from the demo store (each order used once)."""
    found: dict[str, list[Candidate]] = {k: [] for k in ACTIONS}
    unshipped = session.scalars(
        select(OrderRow).where(OrderRow.status.in_(("pending", "paid"))).order_by(OrderRow.id)
    )
    kinds = ["cancel_order", "change_address", "cancel_lines", "swap_items"]
    for index, order in enumerate(unshipped):
        who, number = str(order.customer_id), str(order.number)
        kind = kinds[index % len(kinds)]
        first = order.lines[0]
        if kind == "cancel_order":
            found[kind].append((who, CancelOrder(order=number)))
        elif kind == "change_address":
            found[kind].append((who, ChangeShippingAddress(order=number, address=ADDRESS)))
        elif kind == "cancel_lines" and len(order.lines) > 1:
            found[kind].append((who, CancelLines(order=number, lines=(LineQuantity(str(first.id)),))))
        elif kind == "swap_items":
            other = _alternative(session, first.product_id, first.variant_id)
            if other is not None:
                swap = LineSwap(str(first.id), str(other), first.quantity)
                found[kind].append((who, SwapPendingItems(order=number, swaps=(swap,))))
    delivered = session.scalars(
        select(OrderRow)
        .where(OrderRow.status == "delivered", OrderRow.delivered_at.is_not(None))
        .order_by(OrderRow.id)
    )
    for index, order in enumerate(delivered):
        if order.delivered_at is None or (TODAY - order.delivered_at.date()).days > 30:
            continue
        who, number, first = str(order.customer_id), str(order.number), order.lines[0]
        if index % 2 == 0:
            lines = (LineQuantity(str(first.id), first.quantity),)
            found["return_items"].append(
                (who, ReturnItems(order=number, lines=lines, refund_method="store_credit"))
            )
        else:
            other = _alternative(session, first.product_id, first.variant_id)
            if other is not None:
                swap = LineSwap(str(first.id), str(other), first.quantity)
                found["exchange_items"].append((who, ExchangeItems(order=number, swaps=(swap,))))
    subs = session.scalars(
        select(SubscriptionRow).where(SubscriptionRow.status == "active").order_by(SubscriptionRow.id)
    )
    for index, sub in enumerate(subs):
        change = (
            ChangeSubscription(str(sub.id), "skip_next")
            if index % 2
            else ChangeSubscription(
                str(sub.id), "change_frequency", frequency_days=90 if sub.frequency_days != 90 else 30
            )
        )
        found["subscription"].append((str(sub.customer_id), change))
    return found


ACTIONS = (
    "cancel_order",
    "cancel_lines",
    "change_address",
    "swap_items",
    "return_items",
    "exchange_items",
    "subscription",
)


def run(engine: Engine, per_action: int) -> dict[str, Timings]:
    """Plan and execute up to `per_action` requests of each type; milliseconds per call."""
    orders = SqlOrderSystem(session_factory(engine), clock=lambda: NOW)
    with Session(engine) as session:
        work = candidates(session)
    results: dict[str, Timings] = {}
    for action in ACTIONS:
        timings = Timings()
        for who, request in work[action][:per_action]:
            actor = Actor(customer_id=who, channel="bench", conversation_id=f"bench-{uuid.uuid4().hex[:8]}")
            started = time.perf_counter()
            plan = orders.plan(request, actor)
            timings.plan_ms.append((time.perf_counter() - started) * 1000)
            if not isinstance(plan, ActionPlan):
                timings.refused += 1
                continue
            key = idempotency_key(actor.conversation_id or "", plan)
            started = time.perf_counter()
            outcome = orders.execute(
                plan, Actor(who, "bench", actor.conversation_id, staff="bench"), idempotency_key=key
            )
            timings.execute_ms.append((time.perf_counter() - started) * 1000)
            if not isinstance(outcome, ActionOutcome):
                raise SystemExit(f"{action}: a fresh plan was refused at execute: {outcome}")
        results[action] = timings
    return results


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(backend: str, results: dict[str, Timings]) -> None:
    """Print one row per action type."""
    print(f"\n{backend}")
    print(
        f"{'action':<16}{'n':>4}{'refused':>9}{'plan p50':>10}{'p95':>8}{'execute p50':>13}{'p95':>8}   (ms)"
    )
    for action, t in results.items():
        print(
            f"{action:<16}{len(t.execute_ms):>4}{t.refused:>9}"
            f"{_percentile(t.plan_ms, 50):>10.1f}{_percentile(t.plan_ms, 95):>8.1f}"
            f"{_percentile(t.execute_ms, 50):>13.1f}{_percentile(t.execute_ms, 95):>8.1f}"
        )


@contextmanager
def postgres_store() -> Iterator[Engine | None]:
    """A throwaway PostgreSQL database with the demo store, or None when no server answers."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=2, autocommit=True) as admin:
            name = f"shopcrew_bench_{uuid.uuid4().hex[:8]}"
            admin.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:  # no server: the SQLite figures still stand
        print(f"\nPostgreSQL skipped: {error}")
        yield None
        return
    engine = create_store_engine(f"{PG_ADMIN.rpartition('/')[0]}/{name}")
    try:
        migrate(engine)
        seed_demo_store(engine, seed=7, today=TODAY)
        yield engine
    finally:
        engine.dispose()
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark on SQLite, then PostgreSQL when reachable."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-action", type=int, default=40)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), demo_today=TODAY)
        engine = create_store_engine(fresh_demo_store(settings, Path(tmp) / "stores"))
        migrate(engine)
        try:
            report("SQLite (fresh demo store, one process)", run(engine, args.per_action))
        finally:
            engine.dispose()
    if not args.no_postgres:
        with postgres_store() as pg:
            if pg is not None:
                report("PostgreSQL (fresh demo store, local server)", run(pg, args.per_action))


if __name__ == "__main__":
    main()
